import CSV
import ClemencyLawData
import ClemencyRules
import Foundation
import Testing

/// The bundled law, loaded once for all tests.
let law: LawLibrary = {
    do { return try LawData.loadBundled() } catch { fatalError("bundled law data failed to load: \(error)") }
}()

/// A date from its ISO form; fails the test on a typo.
func day(_ text: String) -> CalendarDate {
    guard let date = CalendarDate(iso: text) else { fatalError("bad test date \(text)") }
    return date
}

/// Grams as an exact amount ("0.25" → 250 mg).
func grams(_ text: String) -> Amount {
    guard let amount = Amount(decimal: text) else { fatalError("bad test amount \(text)") }
    return amount
}

/// A drug quantity in grams.
func drug(_ substance: String, _ gramsText: String) -> DrugQuantity {
    DrugQuantity(substance: substance, amount: grams(gramsText), unit: .gram)
}

/// A drug quantity in units (pills, doses).
func units(_ substance: String, _ count: Int64) -> DrugQuantity {
    DrugQuantity(substance: substance, amount: Amount(whole: count), unit: .unit)
}

/// The Drug Quantity Table level for drugs on a date.
func dqtLevel(_ drugs: [DrugQuantity], on date: String) -> Int? {
    var explanation = Explanation()
    return DrugQuantityCalculator(law: law).level(for: drugs, on: day(date), explanation: &explanation)?.level
}

/// Reads a CSV fixture beside this file into rows of column → value.
func fixtureRows(_ name: String) throws -> [[String: String]] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
    let text = try String(contentsOf: url, encoding: .utf8)
    let reader = try CSVReader(string: text, hasHeaderRow: true)
    let header = reader.headerRow ?? []
    var rows: [[String: String]] = []
    while let fields = reader.next() {
        rows.append(Dictionary(zip(header, fields), uniquingKeysWith: { a, _ in a }))
    }
    return rows
}

extension CaseFacts {
    /// A complete case with valid defaults, so that each test states only what it is about: one drug, a
    /// statute, the dates, no § 851 prior, no injury, category I with 0 points (none recency or status),
    /// no adjustments, acceptance or mitigating role, no earlier § 3582(c)(2) reduction, not a career offender, no safety valve or substantial assistance,
    /// the zero-point criteria not met, custody from the sentencing date with no jail credit.
    static func complete(_ id: String, drug quantity: DrugQuantity, statute tier: PenaltyTier?, offense: String,
                         sentenced: String, sentence: SentenceTerm) -> CaseFacts {
        var facts = CaseFacts(caseID: id)
        facts.drugs = [quantity]
        facts.statute = tier.map { StatuteOfConviction(section: .section841, tier: $0) }
        facts.offenseDate = day(offense)
        facts.sentencingDate = day(sentenced)
        facts.custodyStartDate = day(sentenced)
        facts.jailCreditDays = 0
        facts.prior851Count = 0
        facts.deathOrSeriousInjury = .no
        facts.criminalHistoryCategory = .i
        facts.criminalHistoryPoints = 0
        facts.recencyPoints = 0
        facts.statusPoints = 0
        facts.offenseLevelAdjustments = 0
        facts.acceptanceReduction = 0
        facts.mitigatingRoleReduction = 0
        facts.reducedUnderAmendments = []
        facts.careerOffender = .no
        facts.safetyValve = .no
        facts.substantialAssistance = .no
        facts.zeroPointCriteriaMet = .no
        facts.sentence = sentence
        return facts
    }
}
