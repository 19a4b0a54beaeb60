/// 18 U.S.C. § 3582(c)(2): a reduction when a retroactive guideline amendment lowers the applicable
/// guideline range, one determination per amendment listed in USSG §1B1.10(d).
///
/// Only the amended provisions are substituted (§1B1.10(b)(1)); an amendment that does not lower the
/// range because a mandatory minimum or the career offender table set it gives no relief (n.1(A)); the
/// floor is the bottom of the amended range, or a comparable reduction after substantial assistance
/// (§1B1.10(b)(2)); no order may take effect before the amendment's earliest date (§1B1.10(e)).
struct GuidelineReductionPathway {
    let law: LawLibrary
    let analyzer: SentenceAnalyzer
    /// For each amendment that changed the Drug Quantity Table, the substances whose bands it changed
    /// (found by comparing the table the day before and the day it took effect).
    let changedSubstances: [String: Set<String>]
    /// What each of `law.retroactiveAmendments` (same order) substitutes and which range comes just before it,
    /// worked out once from the law.
    private let amendmentFacts: [AmendmentFacts]

    /// Per amendment: the facts of law `variants(_:asOf:)` needs, independent of the case.
    private struct AmendmentFacts {
        /// Whether the amendment changed the criminal history rules (a rule row starts on its effective date).
        let changesCriminalHistory: Bool
        /// `previousRetroactiveDate(_:law:)`.
        let previous: CalendarDate?
        /// The substances whose bands it changed (see `changedSubstances`), or `nil` when unknown.
        let changed: Set<String>?
    }

    init(law: LawLibrary, analyzer: SentenceAnalyzer) {
        self.law = law
        self.analyzer = analyzer
        var changed: [String: Set<String>] = [:]
        let bands = law.drugQuantityTable.allBands
        let substances = Set(bands.map(\.substance))
        for amendment in law.retroactiveAmendments {
            let before = Self.previousRetroactiveDate(amendment, law: law) ?? amendment.effectiveDate.adding(days: -1)
            var set = Set<String>()
            for substance in substances {
                func key(_ band: QuantityBand) -> String { "\(band.baseOffenseLevel):\(band.atLeast.micros):\(band.lessThan?.micros ?? -1)" }
                let old = Set(bands.filter { $0.substance == substance && $0.period.contains(before) }.map(key))
                let new = Set(bands.filter { $0.substance == substance && $0.period.contains(amendment.effectiveDate) }.map(key))
                if old != new { set.insert(substance) }
            }
            // Amendments that change how drugs combine (e.g. 715) change no band: they can touch any case with several drugs.
            let rulesChanged = law.crackCombinationRules.contains { $0.period.from == amendment.effectiveDate || $0.period.through == before }
            if rulesChanged { set.insert("*combination") }
            changed[amendment.amendment] = set
        }
        changedSubstances = changed
        amendmentFacts = law.retroactiveAmendments.map { amendment in
            AmendmentFacts(changesCriminalHistory: law.criminalHistoryRules.contains { $0.period.from == amendment.effectiveDate },
                           previous: Self.previousRetroactiveDate(amendment, law: law), changed: changed[amendment.amendment])
        }
    }

    /// The effective date of the latest retroactive amendment before this one, or `nil`. Only retroactive
    /// amendments can reach a sentence already imposed: the range "just before" an amendment is the range
    /// with the earlier retroactive amendments, not the Manual of the day before (which may hold a
    /// non-retroactive amendment such as 748).
    static func previousRetroactiveDate(_ amendment: RetroactiveAmendment, law: LawLibrary) -> CalendarDate? {
        law.retroactiveAmendments.map(\.effectiveDate).filter { $0 < amendment.effectiveDate }.max()
    }

    /// Whether an amendment that changes the drug table can change this case's level: one of its drugs'
    /// bands changed, or the combination rules changed and the case has several drugs, or the drugs are unknown.
    func drugTableChangeCanAffect(_ facts: CaseFacts, amendment: RetroactiveAmendment) -> Bool {
        Self.drugTableChangeCanAffect(facts, changed: changedSubstances[amendment.amendment])
    }

    private static func drugTableChangeCanAffect(_ facts: CaseFacts, changed: Set<String>?) -> Bool {
        guard let changed, let drugs = facts.drugs, !drugs.isEmpty else { return true }
        if changed.contains("*combination"), drugs.contains(where: { $0.substance != drugs[0].substance }) { return true }
        return drugs.contains { changed.contains($0.substance) || ($0.substance == "marihuana_plants" && changed.contains("marihuana")) }
    }

    static let pathway = "guideline_reduction_3582c2"

    /// What an amendment needs recomputed for a case: the range with the amendment, and the range just
    /// before it (when earlier retroactive amendments already changed the table since sentencing).
    struct Variants {
        let amendment: RetroactiveAmendment
        /// With the amendment; `nil` when the case was sentenced after it or the date is unknown.
        let after: AmendedRangeVariant?
        /// Just before the amendment; `nil` when that is the range at sentencing.
        let before: AmendedRangeVariant?
        /// `true` when the amendment did not change the table for any of the case's drugs.
        var unaffected = false
    }

    /// The amendments in force on the as-of date, and the recomputations each needs for a case.
    ///
    /// Each amendment is judged on its own: it must lower the range that applied just before it took
    /// effect (the earlier retroactive amendments included), as §1B1.10(a)(2)(B) asks of "an amendment".
    func variants(_ facts: CaseFacts, asOf: CalendarDate) -> [Variants] {
        let amendments = law.retroactiveAmendments
        var result: [Variants] = []
        result.reserveCapacity(amendments.count)
        for index in amendments.indices where amendments[index].effectiveDate <= asOf {
            let amendment = amendments[index]
            let known = amendmentFacts[index]
            guard let sentenced = facts.sentencingDate, sentenced < amendment.effectiveDate else {
                result.append(Variants(amendment: amendment, after: nil, before: nil, unaffected: false))
                continue
            }
            // Substitute the amendment: the criminal history rules of its date when it changed them, else the drug table.
            if known.changesCriminalHistory {
                result.append(Variants(amendment: amendment,
                                       after: AmendedRangeVariant(drugTableDate: sentenced, criminalHistoryRulesDate: amendment.effectiveDate),
                                       before: nil, unaffected: false))
                continue
            }
            if !Self.drugTableChangeCanAffect(facts, changed: known.changed) {
                result.append(Variants(amendment: amendment, after: nil, before: nil, unaffected: true))
                continue
            }
            result.append(Variants(amendment: amendment,
                                   after: AmendedRangeVariant(drugTableDate: amendment.effectiveDate, criminalHistoryRulesDate: sentenced),
                                   before: known.previous.flatMap { $0 > sentenced ? AmendedRangeVariant(drugTableDate: $0, criminalHistoryRulesDate: sentenced) : nil },
                                   unaffected: false))
        }
        return result
    }

    func evaluate(_ facts: CaseFacts, amendment: RetroactiveAmendment, recomputed: AmendedRange?, before: AmendedRange?,
                  unaffected: Bool = false, time: TimeServedCalculator.TimeServed?, asOf: CalendarDate,
                  recording: Bool = true) -> PathwayDetermination {
        var tally = CriteriaTally(recording: recording)
        if unaffected {
            let drugs = (facts.drugs ?? []).map(\.substance).joined(separator: ", ")
            tally.fail("Amendment \(amendment.amendment) did not change the Drug Quantity Table for \(drugs), so it does not lower the range",
                       Citation("USSG §1B1.10(a)(2)(B) (Nov. 1, 2016); \(amendment.citation.text)"))
            return tally.result(pathway: Self.pathway, variant: amendment.amendment)
        }
        let statute = Citation("18 U.S.C. § 3582(c)(2); USSG §1B1.10(a), (d) (Amendment \(amendment.amendment)\(amendment.parts.isEmpty ? "" : ", parts \(amendment.parts)"))")
        guard let sentenced = facts.sentencingDate else {
            tally.unknown("the sentencing date is not known", statute,
                          missing: [MissingFact(fact: "sentencing_date", question: "On what date was the sentence imposed?", affects: "whether Amendment \(amendment.amendment) postdates the sentence")])
            return tally.result(pathway: Self.pathway, variant: amendment.amendment)
        }
        if sentenced >= amendment.effectiveDate {
            tally.fail("sentenced on \(sentenced), after Amendment \(amendment.amendment) took effect (\(amendment.effectiveDate)): the sentence already reflects it", amendment.citation)
            return tally.result(pathway: Self.pathway, variant: amendment.amendment)
        }
        tally.met("sentenced on \(sentenced), before Amendment \(amendment.amendment) (\(amendment.subject)) took effect on \(amendment.effectiveDate)", amendment.citation)
        if let released = facts.releaseDate, released <= asOf {
            tally.fail("released on \(released): there is no term of imprisonment left to reduce", statute)
        } else if let time, !time.stillServing, let projected = time.projectedRelease {
            tally.fail("the projected release date (\(projected)) has passed: there is probably no term left to reduce; confirm", statute)
        }
        if facts.reducedUnderAmendments?.contains(amendment.amendment) == true {
            tally.fail("the sentence was already reduced under Amendment \(amendment.amendment)", statute)
            return tally.result(pathway: Self.pathway, variant: amendment.amendment)
        }
        guard let recomputed, let original = before?.amended ?? recomputed.original, let amended = recomputed.amended else {
            tally.unknown("the original and amended guideline ranges cannot both be computed", statute, missing: recomputed?.missingFacts ?? [])
            return tally.result(pathway: Self.pathway, variant: amendment.amendment)
        }
        let lowered = amended.max < original.max || amended.min < original.min
        if !lowered {
            let cause: String
            if facts.careerOffender == .yes {
                cause = "the career offender guideline sets the range"
            } else if let minimum = recomputed.statutoryMinimum, amended.min == minimum {
                cause = "the mandatory minimum (\(minimum)) sets the range"
            } else {
                cause = "the amended provisions give the same range"
            }
            tally.fail("Amendment \(amendment.amendment) does not lower the applicable range (\(original) before and after it): \(cause)",
                       Citation("USSG §1B1.10(a)(2)(B) and comment. (n.1(A)) (Nov. 1, 2016)"))
            return tally.result(pathway: Self.pathway, variant: amendment.amendment)
        }
        tally.met("the applicable range falls from \(original) to \(amended)", statute)
        // A reduction under this amendment may already have been ordered once orders could take effect; unknown is asked, not assumed.
        if facts.reducedUnderAmendments == nil, asOf >= amendment.earliestOrderDate {
            tally.unknown("whether the sentence was already reduced under Amendment \(amendment.amendment) is not known", statute,
                          missing: [MissingFact(fact: "reduced_under_amendments",
                                                question: "Under which guideline amendments, if any, was the sentence already reduced by a § 3582(c)(2) order (e.g. 706;750, or none)?",
                                                affects: "whether a reduction under Amendment \(amendment.amendment) is still available")])
        }
        guard let imposed = facts.sentence else {
            tally.unknown("the sentence imposed is not known", statute,
                          missing: [MissingFact(fact: "sentence_months", question: "What term was imposed?", affects: "whether there is room to reduce")])
            return tally.result(pathway: Self.pathway, variant: amendment.amendment)
        }
        let earliest = Swift.max(amendment.earliestOrderDate, asOf)
        guard case .months(let imposedMonths) = imposed, let sentencingRange = recomputed.original,
            case .months(let originalMinimum) = sentencingRange.min
        else {
            tally.note("A life sentence or a life range: the floor is the bottom of the amended range, \(amended.min).", statute)
            return tally.result(pathway: Self.pathway, variant: amendment.amendment, estimate: amended.min, earliest: earliest)
        }
        let sentenceBelowMinimumAllowed = facts.substantialAssistance == .yes
        let amendedBottom = sentenceBelowMinimumAllowed ? (recomputed.amendedBeforeStatutoryLimits?.min ?? amended.min) : amended.min
        guard case .months(let amendedMinimum) = amendedBottom else {
            return tally.result(pathway: Self.pathway, variant: amendment.amendment, earliest: earliest)
        }
        let floor = ReductionFloorCalculator.floor(originalRangeMinimum: originalMinimum, imposed: imposedMonths,
                                                   amendedRangeMinimum: amendedMinimum, substantialAssistance: sentenceBelowMinimumAllowed)
        if facts.substantialAssistance == .unknown, imposedMonths < originalMinimum {
            tally.unknown("the sentence was below the range; whether on a substantial-assistance motion decides the floor", floor.citation,
                          missing: [MissingFact(fact: "substantial_assistance", question: "Was the sentence below the range on a government substantial-assistance motion?", affects: "the floor of a § 3582(c)(2) reduction")])
        }
        if floor.months >= imposedMonths {
            // With substantial assistance unknown, a motion would allow a comparable reduction: undecided, not a failure.
            if facts.substantialAssistance == .unknown, imposedMonths < originalMinimum,
                case .months(let openMinimum)? = recomputed.amendedBeforeStatutoryLimits?.min,
                ReductionFloorCalculator.floor(originalRangeMinimum: originalMinimum, imposed: imposedMonths,
                                               amendedRangeMinimum: openMinimum, substantialAssistance: true).months < imposedMonths
            {
                tally.note("Without a substantial-assistance motion the sentence is already at the floor (\(floor.months) months); with one a comparable reduction is possible.", floor.citation)
                return tally.result(pathway: Self.pathway, variant: amendment.amendment, earliest: earliest)
            }
            tally.fail("the sentence imposed (\(imposed)) is already at or below the floor (\(floor.months) months): \(floor.reason)", floor.citation)
            return tally.result(pathway: Self.pathway, variant: amendment.amendment)
        }
        tally.met("the court may reduce to as low as \(floor.months) months. \(floor.reason)", floor.citation)
        tally.note("No reduction order may take effect before \(amendment.earliestOrderDate).", amendment.citation)
        return tally.result(pathway: Self.pathway, variant: amendment.amendment, estimate: .months(floor.months), earliest: earliest)
    }
}
