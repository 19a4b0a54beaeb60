import ArgumentParser
import ClemencyLawData
import ClemencyRules
import ClemencySQLite
import ClemencyStore
import ClemencyUseCases
import Foundation

/// `clemency screen`: the main job. Who qualifies for which relief, why, what is missing, and who first.
struct ScreenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "Screen case records for every relief pathway, rank them, and write the report.",
        discussion: """
            INPUT files may be in the case format (docs/case-format.md), the USSC Individual Offender Datafile layout, or the \
            pardon office's published grant list; CSV, JSON Lines or JSON. The format is detected from the header.

            Writes to --out: ranked.csv, report.html (self-contained), summary.json, ranked.jsonl (with --format json), and \
            rejects.csv when records were rejected. Records the run in the SQLite file --db.

            Exit status: 0 when every record was screened; 3 when some records were rejected (the others were screened and \
            reported); 1 on any other failure (then nothing of the run is recorded in the database).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, csv, json, html
    }

    @Argument(help: "Input files.")
    var inputs: [String]

    @OptionGroup var asOf: AsOfOption

    @Option(help: "A JSON policy file (default: the bundled default policy).")
    var policy: String?

    @Option(help: "What to print on standard output: text (the summary), csv (the ranked list), json (ranked JSON Lines), html (the report).")
    var format: Format = .text

    @Option(help: "The folder for the report files.")
    var out = "out"

    @Option(help: "The SQLite file that records runs.")
    var db = "clemency.sqlite"

    @Flag(help: "Do not record the run in a database.")
    var noDB = false

    @Option(name: .customLong("input-format"), help: "The record format, when the header does not tell: case, ussc or grant-list.")
    var inputFormat: String?

    @Option(name: .customLong("html-limit"), help: "How many top-ranked people get a full explanation in report.html.")
    var htmlLimit = 1_000

    func validate() throws {
        if let inputFormat, InputFormat(rawValue: inputFormat) == nil {
            throw ValidationError("--input-format expects case, ussc or grant-list, found \"\(inputFormat)\"")
        }
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory), !isDirectory.boolValue,
                FileManager.default.isReadableFile(atPath: input)
            else { throw ValidationError("cannot read input file \(input) (expected a CSV, JSON Lines or JSON file)") }
        }
        var outIsDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &outIsDirectory), !outIsDirectory.boolValue {
            throw ValidationError("--out \(out) is a file; give a folder for the report files")
        }
    }

    func run() throws {
        let law = try LawData.loadBundled()
        let policyValue = try policy.map { try PolicyData.load(from: URL(fileURLWithPath: $0), law: law) } ?? PolicyData.loadDefault()
        let store: (any ScreeningRunStore)? = noDB ? nil : try SQLiteStore(path: db)
        let request = ScreeningRequest(
            inputs: inputs, format: inputFormat.flatMap(InputFormat.init(rawValue:)), asOf: try asOf.asOf(), policy: policyValue,
            outputDirectory: URL(fileURLWithPath: out), writeJSON: format == .json, htmlExplanationLimit: htmlLimit,
            runID: UUID().uuidString.lowercased(), createdAt: ISO8601DateFormatter().string(from: Date()))
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure("cannot create the report folder \(out): \((error as NSError).localizedFailureReason ?? error.localizedDescription)")
        }
        let outcome = try ScreenCases(law: law, store: store).run(request)
        if outcome.summary.total.cases == 0 && outcome.rejectedProblems == 0 {
            printError("No records in \(inputs.joined(separator: ", ")): nothing was screened.")
        }
        switch format {
        case .text:
            print(outcome.summary.text, terminator: "")
            print("\nRun \(outcome.run.id) recorded\(noDB ? " nowhere (--no-db)" : " in \(db)"). Files:")
            for (kind, url) in outcome.files.sorted(by: { $0.key < $1.key }) { print("  \(kind): \(url.path)") }
        case .csv, .json, .html:
            printError("Run \(outcome.run.id) recorded\(noDB ? " nowhere (--no-db)" : " in \(db)").")
            let key = format == .csv ? "ranked_csv" : (format == .json ? "ranked_json" : "report_html")
            if let url = outcome.files[key], let data = FileManager.default.contents(atPath: url.path) {
                FileHandle.standardOutput.write(data)
            }
        }
        if outcome.rejectedProblems > 0 {
            printError("\(outcome.rejectedProblems) record(s) rejected; see \(outcome.files["rejects_csv"]?.path ?? "rejects.csv").")
            throw ExitCode(3)
        }
    }
}
