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
        discussion: "FILE is a CSV, JSON Lines or JSON file in the case format (docs/case-format.md). Rejected records are reported on standard error with file, line, field and the expected form; the exit status is 1 when any record was rejected."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "Case files (CSV, JSON Lines or JSON).")
    var files: [String]

    @OptionGroup var asOf: AsOfOption

    @Option(help: "Output format: text (a memo per case) or json (one object per line).")
    var format: Format = .text

    func run() throws {
        let law = try LawData.loadBundled()
        let analyzer = SentenceAnalyzer(law: law)
        let date = try asOf.asOf()
        let source = CaseInputSource(law: law)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var rejected = 0
        var first = true
        for file in files {
            try source.forEachRecord(in: file) { record in
                switch record {
                case .facts(let facts, _):
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
        if rejected > 0 {
            printError("\(rejected) record(s) rejected; the others were analyzed.")
            throw ExitCode(1)
        }
    }
}
