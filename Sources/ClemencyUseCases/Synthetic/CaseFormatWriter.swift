import Foundation
import ClemencyRules

/// Writes `CaseFacts` as rows of the case format (`docs/case-format.md`), the inverse of `CaseRecordDecoder`.
public enum CaseFormatWriter {
    /// The header row: every case-format field, then `synthetic` when asked.
    public static func header(synthetic: Bool) -> String {
        (CaseRecordDecoder.fields + (synthetic ? ["synthetic"] : [])).joined(separator: ",")
    }

    /// One row for a case.
    ///
    /// - Parameters:
    ///   - facts: The case.
    ///   - synthetic: A note for the `synthetic` column (e.g. "yes: generated, seed 7"), or `nil` for none.
    public static func row(_ facts: CaseFacts, synthetic: String?) -> String {
        var values = values(facts)
        if let synthetic { values.append(synthetic) }
        return values.map(csvField).joined(separator: ",")
    }

    /// A case's facts as case-format field → text, every field present (empty when unknown).
    public static func fields(_ facts: CaseFacts) -> [String: String] {
        Dictionary(uniqueKeysWithValues: zip(CaseRecordDecoder.fields, values(facts)))
    }

    /// A case's facts as case-format texts, in the order of `CaseRecordDecoder.fields`.
    static func values(_ facts: CaseFacts) -> [String] {
        func answer(_ value: Answer) -> String { value == .unknown ? "" : value.rawValue }
        let drugs = facts.drugs?.map { drug -> String in
            switch drug.unit {
            case .gram: return "\(drug.substance):\(drug.amount)g"
            case .unit: return "\(drug.substance):\(drug.amount) units"
            case .milliliter: return "\(drug.substance):\(drug.amount)ml"
            case .plant: return "\(drug.substance):\(drug.amount) plants"
            }
        }.joined(separator: ";")
        return [
            facts.caseID, facts.district ?? "", facts.offenseDate?.description ?? "", facts.sentencingDate?.description ?? "",
            facts.sentencingYear.map(String.init) ?? "",
            facts.custodyStartDate?.description ?? "", facts.jailCreditDays.map(String.init) ?? "",
            facts.statute?.description ?? "", drugs ?? "", facts.prior851Count.map(String.init) ?? "",
            answer(facts.priorsQualifyToday), answer(facts.deathOrSeriousInjury), facts.baseOffenseLevel.map(String.init) ?? "",
            facts.offenseLevelAdjustments.map(String.init) ?? "", facts.acceptanceReduction.map(String.init) ?? "",
            facts.mitigatingRoleReduction.map(String.init) ?? "",
            facts.totalOffenseLevel.map(String.init) ?? "", facts.criminalHistoryPoints.map(String.init) ?? "",
            facts.recencyPoints.map(String.init) ?? "", facts.statusPoints.map(String.init) ?? "",
            facts.criminalHistoryCategory?.description ?? "", answer(facts.careerOffender), answer(facts.safetyValve),
            answer(facts.substantialAssistance), answer(facts.zeroPointCriteriaMet), facts.guidelineMinMonths.map(String.init) ?? "",
            facts.guidelineMax?.description.replacingOccurrences(of: " months", with: "") ?? "",
            facts.sentence.map { $0 == .life ? "life" : String($0.months ?? 0) } ?? "",
            facts.birthYear.map(String.init) ?? "", facts.race ?? "", answer(facts.violentOffense), answer(facts.historyOfViolence),
            answer(facts.organizationTies), answer(facts.aggravatingRole), answer(facts.goodPrisonConduct),
            answer(facts.threatToPublicSafety), answer(facts.sentenceReducedUnderFairSentencingAct),
            answer(facts.prior404MotionDeniedOnMerits), facts.reducedUnderAmendments.map { $0.isEmpty ? "none" : $0.joined(separator: ";") } ?? "",
            facts.releaseDate?.description ?? "", answer(facts.drugOffense),
        ]
    }
}
