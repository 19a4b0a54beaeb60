import ClemencyLawData
import ClemencyRules
import Foundation
import Testing

/// Policy files (`--policy`): a file may change one setting and keep the bundled defaults for the rest;
/// a misspelt key is refused, never ignored.
@Suite("Policy files")
struct PolicyFileTests {
    func write(_ json: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("policy-\(UUID().uuidString).json")
        try json.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test("One key, even one nested priority weight, overrides the default; the rest are the default's")
    func partialFile() throws {
        let defaults = try PolicyData.loadDefault()
        let url = try write(#"{"substantially_lower_minimum_months": 60, "priority": {"per_year_of_age": 5}}"#)
        defer { try? FileManager.default.removeItem(at: url) }
        let policy = try PolicyData.load(from: url, law: try LawData.loadBundled())
        #expect(policy.substantiallyLowerMinimumMonths == 60)
        #expect(policy.priority.perYearOfAge == 5)
        #expect(policy.priority.overservedBonus == defaults.priority.overservedBonus)
        #expect(policy.minimumServedMonths == defaults.minimumServedMonths)
        #expect(policy.clemencyCriteriaSet == defaults.clemencyCriteriaSet)
        #expect(policy.version.hasPrefix("custom (sha256 "))
    }

    @Test("A key the default does not have is refused with the keys allowed; so is a file that is not a JSON object")
    func unknownKey() throws {
        let url = try write(#"{"priority": {"per_year_of_agee": 5}}"#)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect {
            try PolicyData.load(from: url)
        } throws: { error in
            String(describing: error).contains("unknown key \"priority.per_year_of_agee\"")
                && String(describing: error).contains("priority.per_year_of_age")
        }
        let array = try write("[1, 2]")
        defer { try? FileManager.default.removeItem(at: array) }
        #expect {
            try PolicyData.load(from: array)
        } throws: { error in
            (error as? PolicyError)?.problem == "not a JSON object with the keys of default-policy.json"
        }
    }
}
