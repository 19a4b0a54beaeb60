import ClemencyLawData
import ClemencyRules
import ClemencyStore
import ClemencyUseCases
import Foundation
import SnapshotTesting
import Testing

/// The main job end to end: golden files on the real records and a generated population, rejects,
/// exit conditions, and the run recorded (or not) in the store.
@Suite("clemency screen (ScreenCases)")
struct ScreenCasesTests {
    static let law: LawLibrary = {
        do { return try LawData.loadBundled() } catch { fatalError("law data: \(error)") }
    }()

    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
    }

    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("clemency-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func request(_ inputs: [String], asOf: String, out: URL, writeJSON: Bool = false) throws -> ScreeningRequest {
        ScreeningRequest(inputs: inputs, asOf: CalendarDate(iso: asOf)!, policy: try PolicyData.loadDefault(), outputDirectory: out,
                         writeJSON: writeJSON, htmlExplanationLimit: 50, runID: "test-run", createdAt: "2026-11-30T00:00:00Z")
    }

    static func text(_ url: URL?) throws -> String {
        try String(contentsOf: try #require(url), encoding: .utf8)
    }

    // Golden file: the pardon office's published commutations (89 real grants, names removed), screened as of
    // the day the Clemency Initiative was announced (2014-04-23). A change here is a change in legal output.
    @Test("Golden: the real grant list as of 2014-04-23")
    func goldenGrantList() throws {
        let out = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let outcome = try ScreenCases(law: Self.law, store: nil).run(Self.request([Self.fixture("obama_commutations_sample.csv")], asOf: "2014-04-23", out: out))
        #expect(outcome.summary.total.cases == 89)
        #expect(outcome.summary.rejected == 0)
        assertSnapshot(of: try Self.text(outcome.files["ranked_csv"]), as: .lines, named: "grant-list-ranked")
        assertSnapshot(of: outcome.summary.text, as: .lines, named: "grant-list-summary")
    }

    // Golden file: the Sentencing Commission's FY2015 S.D.N.Y. records (no drug data: most pathways need information).
    @Test("Golden: the USSC FY2015 S.D.N.Y. records as of 2026-11-30")
    func goldenUSSC() throws {
        let out = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let outcome = try ScreenCases(law: Self.law, store: nil).run(Self.request([Self.fixture("ussc_fy2015_sdny_individual_records.csv")], asOf: "2026-11-30", out: out))
        // 795 records: the drug cases are screened; the other offenses are listed as outside the product's scope.
        #expect(outcome.summary.total.cases + outcome.summary.outOfScope == 795)
        #expect(outcome.summary.outOfScope > 0 && outcome.summary.rejected == 0)
        assertSnapshot(of: outcome.summary.text, as: .lines, named: "ussc-summary")
    }

    // Golden file: a generated population (seed 7), whose facts are complete enough to decide most pathways.
    @Test("Golden: a generated population of 300 cases as of 2026-11-30")
    func goldenGenerated() throws {
        let out = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let input = out.appendingPathComponent("generated.csv")
        var generator = SyntheticCaseGenerator(seed: 7, law: Self.law)
        let rows = (0..<300).map { CaseFormatWriter.row(generator.next(index: $0), synthetic: "yes") }
        try ([CaseFormatWriter.header(synthetic: true)] + rows).joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        let outcome = try ScreenCases(law: Self.law, store: nil).run(Self.request([input.path], asOf: "2026-11-30", out: out.appendingPathComponent("out")))
        #expect(outcome.summary.total.cases == 300)
        #expect(outcome.summary.total.peopleWithReduction > 0)
        assertSnapshot(of: try Self.text(outcome.files["ranked_csv"]), as: .lines, named: "generated-ranked")
        assertSnapshot(of: outcome.summary.text, as: .lines, named: "generated-summary")
    }

    @Test("Rejected records are reported with file, line, field, value and expected form, and kept; the others are screened")
    func rejects() throws {
        let out = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let input = out.appendingPathComponent("cases.csv")
        try """
            case_id,sentencing_date,statute,drugs,sentence_months
            A1,2005-06-01,21 U.S.C. 841(b)(1)(A),cocaine_base:60g,240
            A2,2005-13-01,21 U.S.C. 841(b)(1)(A),cocaine_base:60g,240
            A3,2005-06-01,21 U.S.C. 841(b)(1)(A),crack:sixty grams,240
            A1,2006-06-01,21 U.S.C. 841(b)(1)(B),cocaine_base:6g,120
            A4,2005-06-01,21 U.S.C. 841(b)(1)(B),cocaine:600g,life
            """.write(to: input, atomically: true, encoding: .utf8)
        let store = InMemoryStore()
        let outcome = try ScreenCases(law: Self.law, store: store).run(Self.request([input.path], asOf: "2014-04-23", out: out))
        #expect(outcome.summary.total.cases == 2)
        #expect(outcome.summary.rejected == 3)
        let rejects = try Self.text(outcome.files["rejects_csv"])
        #expect(rejects.contains("\(input.path),3,sentencing_date,2005-13-01,a date as YYYY-MM-DD"))
        #expect(rejects.contains("\(input.path),4,drugs,crack:sixty grams"))
        #expect(rejects.contains("\(input.path),5,case_id,A1,a case identifier not used earlier in this run"))
        // Nothing lost: the rejected record's values are kept beside the problem.
        #expect(rejects.contains("case_id=A2"))
        let runs = try store.runs()
        #expect(runs.count == 1)
        #expect(runs.first?.casesRejected == 3)
        #expect(try store.results(runID: "test-run").map(\.caseID).sorted() == ["A1", "A4"])
    }

    @Test("A run that fails leaves nothing in the store")
    func failedRunRecordsNothing() throws {
        let out = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let store = InMemoryStore()
        #expect(throws: InputProblem.self) {
            try ScreenCases(law: Self.law, store: store).run(Self.request([out.appendingPathComponent("missing.csv").path], asOf: "2014-04-23", out: out))
        }
        #expect(try store.runs().isEmpty)
    }

    @Test("A header that fits no format is refused with the forms expected")
    func unknownHeader() throws {
        let out = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let input = out.appendingPathComponent("other.csv")
        try "name,age\nx,3\n".write(to: input, atomically: true, encoding: .utf8)
        do {
            _ = try ScreenCases(law: Self.law, store: nil).run(Self.request([input.path], asOf: "2014-04-23", out: out))
            Issue.record("expected an InputProblem")
        } catch let problem as InputProblem {
            #expect(problem.field == "(header)")
            #expect(problem.expected.contains("case_id"))
        }
    }

    @Test("The JSON ranked list carries the analysis, the pathways and the priority with its rank")
    func jsonOutput() throws {
        let out = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let outcome = try ScreenCases(law: Self.law, store: nil).run(
            Self.request([Self.fixture("obama_commutations_sample.csv")], asOf: "2014-04-23", out: out, writeJSON: true))
        let lines = try Self.text(outcome.files["ranked_json"]).split(separator: "\n")
        #expect(lines.count == 89)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["case_id"] != nil)
        #expect(first["at_sentencing"] != nil && first["current_law"] != nil && first["steps"] != nil)
        let priority = try #require(first["priority"] as? [String: Any])
        #expect(priority["rank"] as? Int == 1)
        let pathways = try #require(first["pathways"] as? [[String: Any]])
        // As of 2014-04-23 the First Step Act (§ 404) did not yet exist.
        #expect(Set(pathways.compactMap { $0["pathway"] as? String }) == ["clemency_initiative_2014", "guideline_reduction_3582c2", "proposed_law"])
        #expect(pathways.allSatisfy { ["eligible", "ineligible", "needs_information"].contains($0["determination"] as? String ?? "") })
    }

    @Test("The HTML report is self-contained and escapes what it shows")
    func htmlReport() throws {
        let out = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let input = out.appendingPathComponent("cases.csv")
        try """
            case_id,district,sentencing_date,statute,drugs,sentence_months
            X<script>alert(1)</script>,"Eastern District of ""Test"" <b>",2005-06-01,21 U.S.C. 841(b)(1)(A),cocaine_base:60g,240
            """.write(to: input, atomically: true, encoding: .utf8)
        let outcome = try ScreenCases(law: Self.law, store: nil).run(Self.request([input.path], asOf: "2014-04-23", out: out))
        let html = try Self.text(outcome.files["report_html"])
        #expect(!html.contains("<script>alert(1)</script>"))
        #expect(html.contains("X&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("<link ") && !html.contains("src=\"http"))
    }
}

@Suite("Grant list district names")
struct DistrictNameTests {
    @Test("District names are put in one form", arguments: [
        ("Eastern Tennessee", "Eastern District of Tennessee"), ("Eastern District of Tennessee", "Eastern District of Tennessee"),
        ("Middle Florida", "Middle District of Florida"), ("Oregon", "District of Oregon"), ("District of Columbia", "District of Columbia"),
        ("Central Illinois", "Central District of Illinois"),
    ])
    func canonical(published: String, expected: String) {
        #expect(GrantListImporter.canonicalDistrict(published) == expected)
    }
}

@Suite("Reopening and comparing runs")
struct CompareRunsTests {
    @Test("Two runs of one input at two dates: same cases, determinations that changed are listed")
    func compareTwoDates() throws {
        let out = ScreenCasesTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let input = out.appendingPathComponent("cases.csv")
        // Sentenced 2009 on 60 g of crack: before 2014-11-01 Amendment 782 is not yet in force; by 2016 it is.
        try """
            case_id,sentencing_date,custody_start_date,jail_credit_days,statute,drugs,prior_851_count,criminal_history_category,criminal_history_points,offense_level_adjustments,acceptance_reduction,career_offender,safety_valve,substantial_assistance,sentence_months,reduced_under_amendments
            C1,2009-06-01,2009-06-01,0,21 U.S.C. 841(b)(1)(A),cocaine_base:600g,0,I,0,0,0,no,no,no,188,none
            """.write(to: input, atomically: true, encoding: .utf8)
        let store = InMemoryStore()
        let screen = ScreenCases(law: ScreenCasesTests.law, store: store)
        var first = try ScreenCasesTests.request([input.path], asOf: "2014-04-23", out: out.appendingPathComponent("a"))
        first.runID = "run-a"
        var second = try ScreenCasesTests.request([input.path], asOf: "2016-06-01", out: out.appendingPathComponent("b"))
        second.runID = "run-b"
        _ = try screen.run(first)
        _ = try screen.run(second)
        let comparison = try CompareRuns(store: store).compare("run-a", "run-b")
        #expect(comparison.added.isEmpty && comparison.removed.isEmpty)
        let change = try #require(comparison.changed.first { $0.caseID == "C1" })
        let amendment782 = try #require(change.determinations["guideline_reduction_3582c2/782"])
        #expect(amendment782.0 == nil)
        #expect(amendment782.1 == .eligible)
        #expect(throws: StoreError.runNotFound("nope")) { try CompareRuns(store: store).compare("run-a", "nope") }
    }
}
