import ClemencyLawData
import ClemencyRules
import ClemencyUseCases
import Testing

/// The case format's `mitigating_role_reduction` field (USSG §3B1.2: 4 levels minimal participant,
/// 2 minor, 3 in between, 0 none; docs/case-format.md).
@Suite("Case format: mitigating_role_reduction")
struct CaseRecordDecoderTests {
    let decoder = CaseRecordDecoder(law: ImporterFixtures.law)

    @Test("0, 2, 3 and 4 are read as levels; empty is unknown", arguments: [("0", 0), ("2", 2), ("3", 3), ("4", 4)])
    func accepted(text: String, levels: Int) throws {
        let facts = try decoder.decode(["case_id": "R1", "mitigating_role_reduction": text], file: "cases.csv", line: 2).get()
        #expect(facts.mitigatingRoleReduction == levels)
        let unknown = try decoder.decode(["case_id": "R1", "mitigating_role_reduction": ""], file: "cases.csv", line: 2).get()
        #expect(unknown.mitigatingRoleReduction == nil)
    }

    @Test("Any other value is rejected naming the file, line, field, value and expected form", arguments: ["1", "5", "-2", "minor"])
    func rejected(text: String) {
        guard case .failure(let rejection) = decoder.decode(["case_id": "R1", "mitigating_role_reduction": text], file: "cases.csv", line: 7) else {
            Issue.record("\(text) was accepted")
            return
        }
        #expect(rejection.problems.count == 1)
        #expect(rejection.problems.first?.file == "cases.csv")
        #expect(rejection.problems.first?.line == 7)
        #expect(rejection.problems.first?.field == "mitigating_role_reduction")
        #expect(rejection.problems.first?.value == text)
        #expect(rejection.problems.first?.expected == "0 (none), 2 (minor), 3 or 4 (minimal participant) levels")
    }

    @Test("The writer writes it back in its column")
    func roundTrip() throws {
        var facts = CaseFacts(caseID: "R2")
        facts.mitigatingRoleReduction = 3
        #expect(CaseFormatWriter.fields(facts)["mitigating_role_reduction"] == "3")
        let values = CaseFormatWriter.fields(facts).filter { !$0.value.isEmpty }
        #expect(try decoder.decode(values, file: "round-trip", line: 1).get().mitigatingRoleReduction == 3)
    }

    @Test("A quantity written with an exponent is refused as such, not as a missing unit")
    func exponent() {
        guard case .failure(let rejection) = decoder.decode(["case_id": "R3", "drugs": "cocaine:1e308g"], file: "cases.csv", line: 4) else {
            Issue.record("1e308g was accepted")
            return
        }
        #expect(rejection.problems.first?.expected == "a plain decimal quantity without an exponent, such as 50g or 2.5kg")
    }
}
