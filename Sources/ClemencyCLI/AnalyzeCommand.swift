import ArgumentParser
import ClemencyLawData
import ClemencyRules
import ClemencyUseCases
import Foundation

/// `clemency analyze`: the sentence then and under current law, for each case in the files.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Compute the statutory and guideline ranges at sentencing and under current law, the estimated sentence today and the difference.",
        discussion: "FILE is a CSV, JSON Lines or JSON file in the case format (docs/case-format.md). Rejected records are reported on standard error with file, line, field and the expected form; the exit status is 3 when any record was rejected, 1 on any other failure."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "Case files (CSV, JSON Lines or JSON).")
    var files: [String]

    @OptionGroup var asOf: AsOfOption

    @Option(help: "Output format: text (a memo per case) or json (one object per line).")
    var format: Format = .text

    @Option(name: .customLong("input-format"), help: "The record format, when the header does not tell: case, ussc or grant-list.")
    var inputFormat: String?

    func validate() throws {
        if let inputFormat, InputFormat(rawValue: inputFormat) == nil {
            throw ValidationError("--input-format expects case, ussc or grant-list, found \"\(inputFormat)\"")
        }
    }

    func run() throws {
        let law = try LawData.loadBundled()
        let analyzer = SentenceAnalyzer(law: law)
        let date = try asOf.asOf()
        let source = CaseInputSource(law: law)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var rejected = 0
        var first = true
        var seen = Set<String>()
        for file in files {
            try source.forEachRecord(in: file, format: inputFormat.flatMap(InputFormat.init(rawValue:))) { record in
                switch record {
                case .facts(let facts, let line):
                    guard seen.insert(facts.caseID).inserted else {
                        rejected += 1
                        printError("rejected: \(file), line \(line), field case_id: found \"\(facts.caseID)\", expected a case identifier not used earlier")
                        return
                    }
                    let analysis = analyzer.analyze(facts, asOf: date)
                    switch format {
                    case .text:
                        if !first { print(String(repeating: "-", count: 72)) }
                        print(AnalysisMemo.text(analysis), terminator: "")
                    case .json:
                        print(String(decoding: try encoder.encode(analysis), as: UTF8.self))
                    }
                    first = false
                case .rejected(let rejection, _):
                    rejected += 1
                    for problem in rejection.problems { printError("rejected: \(problem)") }
                }
            }
        }
        if first && rejected == 0 { printError("No records in \(files.joined(separator: ", ")): nothing was analyzed.") }
        if rejected > 0 {
            printError("\(rejected) record(s) rejected; the others were analyzed.")
            throw ExitCode(3)
        }
    }
}
