import ArgumentParser
import ClemencyRules
import ClemencySQLite
import ClemencyStore
import ClemencyUseCases
import Foundation

/// `clemency runs`: reopen recorded screening runs and compare two.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List, reopen and compare the screening runs recorded in the database.",
        subcommands: [List.self, Show.self, Compare.self],
        defaultSubcommand: List.self
    )

    struct DatabaseOption: ParsableArguments {
        @Option(help: "The SQLite file that records runs.")
        var db = "clemency.sqlite"

        func open() throws -> SQLiteStore {
            guard FileManager.default.fileExists(atPath: db) else {
                throw CommandFailure("no database at \(db); run `clemency screen` first or give --db")
            }
            return try SQLiteStore(path: db)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the recorded runs, newest first.")
        @OptionGroup var database: DatabaseOption

        func run() throws {
            let runs = try database.open().runs()
            if runs.isEmpty { print("No runs recorded in \(database.db).") }
            for run in runs {
                print("\(run.id)  \(run.createdAt)  as of \(run.asOf)  \(run.casesScreened) cases, \(run.casesRejected) rejected  policy \(run.policyVersion)  inputs: \(run.inputFiles.joined(separator: ", "))")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a run's ranked list as CSV.")
        @OptionGroup var database: DatabaseOption
        @Argument(help: "The run's id.") var id: String
        @Option(help: "How many ranks to print (0 = all).") var top = 0

        func run() throws {
            let store = try database.open()
            guard let run = try store.fetchRun(id: id) else { throw CommandFailure("no run with id \(id) in \(database.db)") }
            let results = try store.results(runID: run.id)
            let keys = Array(Set(results.flatMap { $0.determinations.keys })).sorted()
            print((["rank", "case_id", "district", "score", "sentence_imposed", "estimated_sentence_today", "reduction_months", "overserved_months"] + keys)
                .joined(separator: ","))
            for result in top > 0 ? Array(results.prefix(top)) : results {
                var fields: [String] = [String(result.rank), result.caseID, result.district ?? "", String(result.score)]
                fields.append(result.sentenceImposed ?? "")
                fields.append(result.estimatedSentenceToday ?? "")
                fields.append(result.reductionMonths.map { String($0) } ?? "")
                fields.append(result.overservedMonths.map { String($0) } ?? "")
                for key in keys { fields.append(result.determinations[key]?.rawValue ?? "") }
                print(fields.map { $0.contains(",") ? "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\"" : $0 }.joined(separator: ","))
            }
        }
    }

    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Compare two runs: cases added and removed, determinations and ranks changed.")
        @OptionGroup var database: DatabaseOption
        @Argument(help: "The first run's id.") var first: String
        @Argument(help: "The second run's id.") var second: String

        func run() throws {
            print(try CompareRuns(store: try database.open()).compare(first, second).text, terminator: "")
        }
    }
}
