import ArgumentParser
@testable import ClemencyCLI
import ClemencyRules
import Foundation
import SnapshotTesting
import Testing

/// The command line: parsing, validation, help text, and the commands run against real files.
@Suite("clemency command line")
struct CommandTests {
    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("clemency-cli-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs the built `clemency` executable and returns its exit status, standard output and standard error.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        // Beside the test runner (whatever the build folder, e.g. `swift test --scratch-path DIR`), else .build/debug.
        let besideTests = Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("clemency")
        let executable = besideTests.flatMap { FileManager.default.isExecutableFile(atPath: $0.path) ? $0 : nil }
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(".build/debug/clemency")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    static let sampleCase = """
        case_id,district,offense_date,sentencing_date,statute,drugs,prior_851_count,priors_qualify_today,base_offense_level,offense_level_adjustments,acceptance_reduction,total_offense_level,criminal_history_points,recency_points,status_points,criminal_history_category,career_offender,safety_valve,substantial_assistance,sentence_months
        T1,Eastern District of Tennessee,2005-03-01,2006-07-10,21 U.S.C. 841(b)(1)(A),cocaine_base:55g,1,unknown,32,2,3,31,5,2,0,III,no,no,no,240
        """

    @Test("Exit status: 64 with the usage for a command-line mistake; 1 without it for a failure while running (README)")
    func exitStatuses() throws {
        let folder = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let usage = try Self.run(["screen", folder.appendingPathComponent("missing.csv").path, "--out", folder.path])
        #expect(usage.status == 64)
        #expect(usage.error.contains("cannot read input file") && usage.error.contains("Usage:"))
        let failure = try Self.run(["runs", "show", "nope", "--db", folder.appendingPathComponent("none.sqlite").path])
        #expect(failure.status == 1)
        #expect(failure.error.contains("Error: no database at") && !failure.error.contains("Usage:"))
        let input = folder.appendingPathComponent("case.csv")
        try Self.sampleCase.write(to: input, atomically: true, encoding: .utf8)
        let unwritable = try Self.run(["screen", input.path, "--no-db", "--out", "/proc/clemency-test/out"])
        #expect(unwritable.status == 1)
        #expect(unwritable.error.contains("Error: cannot create the report folder /proc/clemency-test/out"))
    }

    @Test("screen parses its options")
    func parseScreen() throws {
        let folder = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent("a.csv").path, b = folder.appendingPathComponent("b.csv").path
        for path in [a, b] { FileManager.default.createFile(atPath: path, contents: Data("case_id\n".utf8)) }
        let command = try ScreenCommand.parse([a, b, "--as-of", "2014-04-23", "--format", "csv", "--out", "x", "--db", "y.sqlite"])
        #expect(command.inputs == [a, b])
        #expect(throws: (any Error).self) { _ = try ScreenCommand.parse([folder.appendingPathComponent("missing.csv").path]) }
        #expect(command.format == .csv)
        #expect(command.out == "x")
        #expect(command.db == "y.sqlite")
        #expect(try command.asOf.asOf().description == "2014-04-23")
    }

    @Test("A malformed --as-of is refused with the form expected")
    func badAsOf() throws {
        let command = try AnalyzeCommand.parse(["a.csv", "--as-of", "2014-13-01"])
        #expect(throws: ValidationError.self) { try command.asOf.asOf() }
    }

    @Test("An unknown --input-format is refused")
    func badInputFormat() throws {
        #expect(throws: (any Error).self) { _ = try ScreenCommand.parseAsRoot(["a.csv", "--input-format", "xml"]) }
    }

    @Test("Help text of the root command")
    func rootHelp() {
        assertSnapshot(of: ClemencyCommand.helpMessage(columns: 100), as: .lines, named: "root-help")
    }

    @Test("Help text of screen")
    func screenHelp() {
        assertSnapshot(of: ClemencyCommand.helpMessage(for: ScreenCommand.self, columns: 100), as: .lines, named: "screen-help")
    }

    @Test("analyze prints the memo: the sentence then and now and the difference")
    func analyzeMemo() throws {
        let folder = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("case.csv")
        try Self.sampleCase.write(to: input, atomically: true, encoding: .utf8)
        let result = try Self.run(["analyze", input.path, "--as-of", "2026-11-30"])
        #expect(result.status == 0)
        // 55 g crack with one § 851 prior, sentenced 2006: (A) 240-month minimum then; (B) 120 months today.
        #expect(result.output.contains("Mandatory minimum         240 months               120 months"))
        #expect(result.output.contains("Estimated sentence today:  120 months"))
        #expect(result.output.contains("Difference:                120 months"))
        assertSnapshot(of: result.output.replacingOccurrences(of: #"sha256 [0-9a-f]{12}"#, with: "sha256 …", options: .regularExpression),
                       as: .lines, named: "analyze-memo")
    }

    @Test("analyze --format json gives one object per case with the documented keys")
    func analyzeJSON() throws {
        let folder = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("case.csv")
        try Self.sampleCase.write(to: input, atomically: true, encoding: .utf8)
        let result = try Self.run(["analyze", input.path, "--as-of", "2026-11-30", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        for key in ["case_id", "at_sentencing", "current_law", "estimated_sentence_today_months", "reduction_months", "steps", "missing_facts", "rule_version"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let now = try #require(object["current_law"] as? [String: Any])
        for key in ["statutory_minimum_months", "statutory_maximum_months", "base_offense_level", "total_offense_level",
                    "criminal_history_category", "guideline_range", "manual_edition"] {
            #expect(now.keys.contains(key), "missing current_law.\(key)")
        }
        #expect(now["statutory_maximum_months"] as? String == "life")
        #expect(object["reduction_months"] as? Int == 120)
    }

    @Test("screen exits 3 when records were rejected, reports them, and still writes the report")
    func screenWithRejects() throws {
        let folder = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("cases.csv")
        try (Self.sampleCase + "\nT2,,2005-03-01,2006-02-30,21 U.S.C. 841(b)(1)(A),cocaine_base:55g,1,,,,,,,,,,,,,240\n")
            .write(to: input, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let db = folder.appendingPathComponent("runs.sqlite")
        let result = try Self.run(["screen", input.path, "--as-of", "2014-04-23", "--out", out.path, "--db", db.path])
        #expect(result.status == 3)
        #expect(result.error.contains("1 record(s) rejected"))
        #expect(result.output.contains("Screened 1 cases as of 2014-04-23; 1 records rejected"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("report.html").path))
        let rejects = try String(contentsOf: out.appendingPathComponent("rejects.csv"), encoding: .utf8)
        #expect(rejects.contains("sentencing_date,2006-02-30,a date as YYYY-MM-DD"))
        #expect(FileManager.default.fileExists(atPath: db.path))
    }

    @Test("user add makes accounts (bcrypt, the email checked), user list shows them, user password replaces the hash")
    func userAccounts() throws {
        let db = Self.temporaryDirectory().appendingPathComponent("users.sqlite").path
        let added = try Self.run(["user", "add", "--role", "attorney", "--caseload", "3", "Lawyer@Example.org", "--db", db])
        #expect(added.status == 0)
        #expect(added.output.contains("Created attorney lawyer@example.org (caseload limit 3)."))
        #expect(added.output.contains("Password (shown once): "))
        let bad = try Self.run(["user", "add", "--role", "screener", "not-an-email", "--db", db])
        #expect(bad.status != 0)
        #expect(bad.error.contains("email: expected an address such as name@example.org"))
        let list = try Self.run(["user", "list", "--db", db])
        #expect(list.output == "lawyer@example.org\tattorney\tlawyer\tcaseload 3\n")
        let reset = try Self.run(["user", "password", "lawyer@example.org", "--db", db])
        #expect(reset.status == 0)
        #expect(reset.output.contains("New password set for lawyer@example.org; open sessions ended and API tokens revoked."))
        let token = try Self.run(["user", "token", "lawyer@example.org", "--db", db])
        #expect(token.output.trimmingCharacters(in: .whitespacesAndNewlines).count == 43)
        let disabled = try Self.run(["user", "disable", "lawyer@example.org", "--db", db])
        #expect(disabled.status == 0)
        #expect(disabled.output.contains("Disabled lawyer@example.org: sessions ended, API tokens revoked."))
        let listed = try Self.run(["user", "list", "--db", db])
        #expect(listed.output.hasPrefix("lawyer@example.org\tattorney\tlawyer\tcaseload 3\tdisabled 20"))
        let enabled = try Self.run(["user", "password", "lawyer@example.org", "--db", db])
        #expect(enabled.output.contains("New password set for lawyer@example.org, and the account enabled again;"))
        #expect(try Self.run(["user", "list", "--db", db]).output == "lawyer@example.org\tattorney\tlawyer\tcaseload 3\n")
    }
}
