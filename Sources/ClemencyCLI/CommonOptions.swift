import ArgumentParser
import ClemencyRules
import Foundation

/// Options shared by the commands that apply the law on a date.
struct AsOfOption: ParsableArguments {
    @Option(name: .customLong("as-of"), help: "The date whose law is current law, as YYYY-MM-DD (default: today).")
    var asOfText: String?

    /// The as-of date; the only place the clock is read.
    func asOf() throws -> CalendarDate {
        if let asOfText {
            guard let date = CalendarDate(iso: asOfText) else {
                throw ValidationError("--as-of expects a date as YYYY-MM-DD, found \"\(asOfText)\"")
            }
            return date
        }
        return CalendarDate.today()
    }
}

extension CalendarDate {
    /// Today's date in UTC. Read only at the command-line edge.
    static func today() -> CalendarDate {
        CalendarDate(dayNumber: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}

/// A failure while running a command, as opposed to a mistake on the command line: printed as
/// "Error: …" without the usage, with exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    /// What went wrong, in words the person can act on.
    let description: String

    /// Creates a failure.
    init(_ description: String) { self.description = description }
}

/// Writes to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
