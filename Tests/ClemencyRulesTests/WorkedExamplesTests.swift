import ClemencyRules
import Foundation
import Testing

/// Every worked example the Sentencing Commission states in the Guidelines Manual (Nov. 1, 2016) and
/// Appendix C (`Fixtures/guideline_worked_examples.csv`), run under the edition it names. The stated
/// answers are the Commission's: when the engine disagrees, the engine is wrong.
@Suite("Sentencing Commission worked examples")
struct WorkedExamplesTests {
    /// What the engine must compute for an example, and the number the Commission states.
    struct Expectation: Sendable, CustomTestStringConvertible {
        let oracleID: String
        /// The value the engine computes for the example.
        let compute: @Sendable () -> String?
        /// The value as the Commission states it (checked to appear in `stated_result`).
        let stated: String
        var testDescription: String { oracleID }
    }

    static let expectations: [Expectation] = [
        // USSG §2D1.1 comment. (n.8(A)) (Nov. 2016): 100 g oxymorphone = 500 kg marihuana → level 26.
        Expectation(oracleID: "G2016-2D1.1-n8A", compute: { dqtLevel([drug("oxymorphone", "100")], on: "2016-11-01").map(String.init) }, stated: "26"),
        // n.8(C)(i): 70 g PCP (mixture) + 250 mg LSD = 95 kg → level 22.
        Expectation(oracleID: "G2016-2D1.1-n8C-i", compute: { dqtLevel([drug("pcp_mixture", "70"), drug("lsd", "0.25")], on: "2016-11-01").map(String.init) }, stated: "22"),
        // n.8(C)(ii): 500 g marihuana + 10,000 units diazepam (Schedule IV) = 1.125 kg → level 8.
        Expectation(oracleID: "G2016-2D1.1-n8C-ii", compute: { dqtLevel([drug("marihuana", "500"), units("schedule_iv", 10_000)], on: "2016-11-01").map(String.init) }, stated: "8"),
        // n.8(C)(iv): Schedule III 76,000 + IV 200,000 + V 600,000 units: combined equivalent capped at 79.99 kg.
        Expectation(oracleID: "G2016-2D1.1-n8C-iv", compute: {
            var explanation = Explanation()
            let result = DrugQuantityCalculator(law: law).level(
                for: [units("schedule_iii", 76_000), units("schedule_iv", 200_000), units("schedule_v", 600_000)],
                on: day("2016-11-01"), explanation: &explanation)
            return result?.marihuanaEquivalent.map { "\(Amount(micros: $0.micros / 1000)) kg" }
        }, stated: "79.99 kg"),
        // §1B1.10 comment. (n.3): within-range original sentence → floor is the amended minimum.
        Expectation(oracleID: "G2016-1B1.10-n3-a", compute: {
            "\(ReductionFloorCalculator.floor(originalRangeMinimum: 70, imposed: 70, amendedRangeMinimum: 51, substantialAssistance: false).months) months"
        }, stated: "51 months"),
        // n.3: below-range by departure or variance (not substantial assistance) → still the amended minimum.
        Expectation(oracleID: "G2016-1B1.10-n3-b", compute: {
            "\(ReductionFloorCalculator.floor(originalRangeMinimum: 70, imposed: 56, amendedRangeMinimum: 51, substantialAssistance: false).months) months"
        }, stated: "51 months"),
        // n.3: 56 months on a substantial-assistance motion (20% below 70) → 41 months is comparable.
        Expectation(oracleID: "G2016-1B1.10-n3-c", compute: {
            "\(ReductionFloorCalculator.floor(originalRangeMinimum: 70, imposed: 56, amendedRangeMinimum: 51, substantialAssistance: true).months) months"
        }, stated: "41 months"),
        // n.4(A), Defendant A: minimum 120, range 135–168, 101 on a substantial-assistance motion; the amended
        // range stays 108–135 (not restricted to 120–135); 81 months is comparable.
        Expectation(oracleID: "G2016-1B1.10-n4A", compute: {
            guard let cell = GuidelineRangeCalculator(law: law).cell(level: 30, category: .ii), cell.range == GuidelineRange(minMonths: 108, maxMonths: 135),
                case .months(let amendedMinimum) = cell.range.min
            else { return nil }
            return "\(ReductionFloorCalculator.floor(originalRangeMinimum: 135, imposed: 101, amendedRangeMinimum: amendedMinimum, substantialAssistance: true).months) months"
        }, stated: "81 months"),
        // §5G1.1 comment.: range 51–63, statutory maximum 48 → 48.
        Expectation(oracleID: "G2016-5G1.1-a", compute: {
            GuidelineRangeCalculator.restrict(GuidelineRange(minMonths: 51, maxMonths: 63), minimum: nil, maximum: .months(48)).range.description
        }, stated: "48 months"),
        // §5G1.1 comment.: range 41–51, statutory minimum 60 → 60.
        Expectation(oracleID: "G2016-5G1.1-b", compute: {
            GuidelineRangeCalculator.restrict(GuidelineRange(minMonths: 41, maxMonths: 51), minimum: .months(60), maximum: nil).range.description
        }, stated: "60 months"),
        // §5G1.1 comment.: range 51–63, statutory maximum 60 → 51–60.
        Expectation(oracleID: "G2016-5G1.1-c", compute: {
            GuidelineRangeCalculator.restrict(GuidelineRange(minMonths: 51, maxMonths: 63), minimum: nil, maximum: .months(60)).range.description
        }, stated: "51-60 months"),
        // App. C Amend. 750 (reason): 5 g cocaine base, 2007–2010 table → level 24, 51–63 months (CHC I).
        Expectation(oracleID: "A750-ex-5g-old", compute: { levelAndRange(drug("cocaine_base", "5"), on: "2009-06-01") }, stated: "24; 51 to 63"),
        // App. C Amend. 750 (reason): 5 g cocaine base under the FSA table → level 16, 21–27 months (CHC I).
        Expectation(oracleID: "A750-ex-5g-new", compute: { levelAndRange(drug("cocaine_base", "5"), on: "2011-11-01") }, stated: "16; 21 to 27"),
        // App. C Amend. 706 (n.10(D)(ii) as inserted, Nov. 1, 2007): 1.5 kg cocaine + 10 kg marihuana + 20 g crack → 28.
        Expectation(oracleID: "A706-ex", compute: {
            dqtLevel([drug("cocaine", "1500"), drug("marihuana", "10000"), drug("cocaine_base", "20")], on: "2007-11-01").map(String.init)
        }, stated: "28"),
        // App. C Amend. 748 (deleted n.10(D)(iii)(I), the Amendment 715 rule, 2008–2010 Manuals): same drugs → 28.
        Expectation(oracleID: "A711-ex-I", compute: {
            dqtLevel([drug("cocaine_base", "20"), drug("cocaine", "1500"), drug("marihuana", "10000")], on: "2009-06-01").map(String.init)
        }, stated: "28"),
    ]

    static func levelAndRange(_ quantity: DrugQuantity, on date: String) -> String? {
        guard let level = dqtLevel([quantity], on: date), let cell = GuidelineRangeCalculator(law: law).cell(level: level, category: .i),
            case .months(let low) = cell.range.min, case .months(let high) = cell.range.max
        else { return nil }
        return "\(level); \(low) to \(high)"
    }

    @Test("The engine reproduces the Commission's stated result", arguments: expectations)
    func reproducesStatedResult(_ expectation: Expectation) throws {
        let row = try #require(try fixtureRows("guideline_worked_examples.csv").first { $0["oracle_id"] == expectation.oracleID })
        let stated = try #require(row["stated_result"]).replacingOccurrences(of: "–", with: "-")
        // The expected value is the Commission's own words: every number of it appears in stated_result.
        for number in expectation.stated.split(whereSeparator: { !$0.isNumber && $0 != "." }) {
            #expect(stated.contains(number), "\(expectation.oracleID): \(number) is not in \"\(stated)\"")
        }
        #expect(expectation.compute()?.replacingOccurrences(of: "–", with: "-") == expectation.stated, "\(expectation.oracleID) (\(row["citation"] ?? "")): \(row["stated_result"] ?? "")")
    }

    @Test("Every worked example in the fixture has a test")
    func everyRowCovered() throws {
        let ids = try fixtureRows("guideline_worked_examples.csv").compactMap { $0["oracle_id"] }
        #expect(ids.count == 15)
        #expect(Set(ids) == Set(Self.expectations.map(\.oracleID)))
    }
}
