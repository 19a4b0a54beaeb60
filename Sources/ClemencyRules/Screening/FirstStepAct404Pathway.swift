/// First Step Act of 2018, § 404: a reduced sentence for a "covered offense" as if sections 2 and 3 of
/// the Fair Sentencing Act of 2010 had been in effect.
///
/// Covered: a cocaine base count under 21 U.S.C. § 841(b)(1)(A) or (B) (or § 960(b)(1)–(2)) committed
/// before 2010-08-03 (Terry v. United States, 593 U.S. 486 (2021): a (b)(1)(C) count is never covered).
/// Barred (§ 404(c)): a sentence imposed or already reduced under the Fair Sentencing Act (a sentence
/// imposed on or after 2010-08-03, Dorsey v. United States, 567 U.S. 260 (2012)), or an earlier § 404
/// motion denied after a complete review on the merits. The court starts from the ranges recomputed as
/// if the Act applied (the § 851 enhancement as it then stood; § 401 is not applied) and may consider
/// later changes of law and fact (Concepcion v. United States, 597 U.S. 481 (2022)).
struct FirstStepAct404Pathway {
    let law: LawLibrary
    let analyzer: SentenceAnalyzer
    /// The Fair Sentencing Act's effective date (`fair_sentencing_act_effective`), looked up once.
    let fsaDate: KeyDate?
    /// The months a life sentence counts as (0 when the law data lacks the constant).
    let lifeMonths: Int

    init(law: LawLibrary, analyzer: SentenceAnalyzer) {
        self.law = law
        self.analyzer = analyzer
        fsaDate = law.keyDate("fair_sentencing_act_effective")
        lifeMonths = law.lifeSentenceMonths ?? 0
    }

    static let pathway = "first_step_act_404"
    private static let act = Citation("First Step Act of 2018, Pub. L. 115-391, § 404(a)")

    func evaluate(_ facts: CaseFacts, analysis: SentenceAnalysis, benchmark: AmendedRange?, time: TimeServedCalculator.TimeServed?,
                  asOf: CalendarDate, recording: Bool = true) -> PathwayDetermination {
        var tally = CriteriaTally(recording: recording)
        guard let fsaDate else {
            tally.unknown("the law data lacks the Fair Sentencing Act's effective date", Citation("law data"), missing: [])
            return tally.result(pathway: Self.pathway, variant: "")
        }
        // Covered offense: cocaine base.
        if let drugs = facts.drugs {
            if drugs.contains(where: { $0.substance == "cocaine_base" }) {
                tally.met("the offense involved cocaine base, whose penalties § 2 of the Fair Sentencing Act modified", Self.act)
            } else {
                tally.fail("no cocaine base: the Fair Sentencing Act did not modify the penalties for these drugs", Self.act)
            }
        } else {
            tally.unknown("the drugs are not known", Self.act,
                          missing: [MissingFact(fact: "drugs", question: "Did the conviction involve cocaine base (crack)?", affects: "whether the offense is covered")])
        }
        // Tier (A) or (B).
        if let statute = facts.statute {
            if statute.tier == .a || statute.tier == .b {
                tally.met("convicted under \(statute), a tier the Fair Sentencing Act changed", Citation("Terry v. United States, 593 U.S. 486 (2021)"))
            } else {
                tally.fail("convicted under \(statute): a count with no mandatory minimum is not a covered offense", Citation("Terry v. United States, 593 U.S. 486 (2021)"))
            }
        } else {
            tally.unknown("the statute of conviction is not known", Citation("Terry v. United States, 593 U.S. 486 (2021)"),
                          missing: [MissingFact(fact: "statute", question: "Was the crack count under 21 U.S.C. § 841(b)(1)(A) or (B) (or § 960(b)(1)–(2))?", affects: "whether the offense is covered")])
        }
        // Offense date.
        if let offense = facts.offenseDate {
            if offense < fsaDate.date {
                tally.met("committed on \(offense), before \(fsaDate.date)", fsaDate.citation)
            } else {
                tally.fail("committed on \(offense), not before \(fsaDate.date)", fsaDate.citation)
            }
        } else {
            tally.unknown("the offense date is not known", fsaDate.citation,
                          missing: [MissingFact(fact: "offense_date", question: "Was the offense committed before 2010-08-03?", affects: "whether the offense is covered")])
        }
        // § 404(c) bars.
        let limits = Citation("First Step Act of 2018, § 404(c); Dorsey v. United States, 567 U.S. 260 (2012)")
        var sentencedAfterAct = false
        if let sentenced = facts.sentencingDate, sentenced >= fsaDate.date {
            sentencedAfterAct = true
            // § 404(c) bars a sentence "imposed in accordance with" §§ 2–3. Between the Act and Dorsey (2012-06-21)
            // some courts still applied the old thresholds: a conviction tier above what the quantities reach under
            // the Act's thresholds is the sign of such a sentence, which is arguably not barred.
            let underOldThresholds = facts.statute.flatMap { statute in
                facts.drugs.flatMap { drugs in
                    StatutoryRangeCalculator(law: law).tier(for: drugs, section: statute.section, offenseDate: facts.offenseDate,
                                                            sentencingDate: sentenced).map { $0.tier < statute.tier }
                }
            } ?? false
            let preDorseyReading = Citation("First Step Act of 2018, § 404(c); Dorsey v. United States, 567 U.S. 260 (2012) [reading UNCONFIRMED]", confirmed: false)
            if underOldThresholds, facts.sentenceReducedUnderFairSentencingAct == .unknown {
                // The answer is recorded in `sentence_reduced_under_fair_sentencing_act`: "no" means the court
                // applied the pre-Act thresholds.
                tally.unknown("sentenced on \(sentenced), after the Act took effect, yet convicted under a tier the quantities reach only under the old thresholds: if the court applied the pre-Act thresholds (before Dorsey), § 404(c) arguably does not bar the motion", preDorseyReading,
                              missing: [MissingFact(fact: "sentence_reduced_under_fair_sentencing_act", question: "Although imposed after 2010-08-03, was the sentence imposed under the Fair Sentencing Act's thresholds? Answer no if the court applied the pre-2010 crack thresholds (as some did before Dorsey, 2012-06-21).", affects: "the § 404(c) bar")])
            } else if underOldThresholds, facts.sentenceReducedUnderFairSentencingAct == .no {
                tally.met("sentenced on \(sentenced) under the pre-Act thresholds (recorded): the sentence was not imposed in accordance with the Fair Sentencing Act, so § 404(c) arguably does not bar the motion", preDorseyReading)
            } else {
                tally.fail("sentenced on \(sentenced), when the Fair Sentencing Act already applied", limits)
            }
        }
        switch facts.sentenceReducedUnderFairSentencingAct {
        case .yes: tally.fail("the sentence was already imposed or reduced under the Fair Sentencing Act", limits)
        case .no: if !sentencedAfterAct { tally.met("the sentence was not already reduced under the Fair Sentencing Act", limits) }
        case .unknown:
            if !sentencedAfterAct {
                tally.unknown("whether the sentence was already reduced under the Fair Sentencing Act is not recorded", limits,
                              missing: [MissingFact(fact: "sentence_reduced_under_fair_sentencing_act", question: "Was the sentence already reduced under § 404 or imposed under the Fair Sentencing Act?", affects: "the § 404(c) bar")])
            }
        }
        switch facts.prior404MotionDeniedOnMerits {
        case .yes: tally.fail("an earlier § 404 motion was denied after a complete review on the merits", Citation("First Step Act of 2018, § 404(c) [wording UNCONFIRMED]", confirmed: false))
        case .no: tally.met("no earlier § 404 motion was denied on the merits", Citation("First Step Act of 2018, § 404(c)"))
        case .unknown:
            tally.unknown("whether an earlier § 404 motion was denied on the merits is not recorded", Citation("First Step Act of 2018, § 404(c)"),
                          missing: [MissingFact(fact: "prior_404_motion_denied_on_merits", question: "Was an earlier First Step Act § 404 motion denied after a complete review on the merits?", affects: "the § 404(c) bar")])
        }
        if let released = facts.releaseDate, released <= asOf {
            tally.fail("released on \(released); a fully served prison term cannot be reduced (supervised release still can)",
                       Citation("United States v. Martin, 974 F.3d 124 (2d Cir. 2020)"))
        } else if let time, !time.stillServing, let projected = time.projectedRelease {
            tally.fail("the projected release date (\(projected)) has passed: the prison term is probably served (supervised release can still be reduced); confirm",
                       Citation("United States v. Martin, 974 F.3d 124 (2d Cir. 2020)"))
        }
        // A covered offense whose as-if mandatory minimum is still not below the sentence imposed leaves the
        // court nothing to reduce, unless the minimum was waived (a § 3553(e) motion or the safety valve). A sentence
        // below that minimum is only possible with a waiver, so it counts only when both are known not to apply.
        let waiverKnownAbsent = facts.substantialAssistance == .no && facts.safetyValve == .no
        if tally.determination != .ineligible, let imposed = facts.sentence, let minimum = asIfLimits(facts)?.minimum,
            facts.substantialAssistance != .yes, facts.safetyValve != .yes,
            minimum == imposed || (minimum > imposed && waiverKnownAbsent)
        {
            tally.fail("as if the Fair Sentencing Act applied, the mandatory minimum would still be \(minimum), not below the \(imposed) imposed: no reduced sentence is possible",
                       Citation("First Step Act of 2018, § 404(b) (a reduced sentence as if §§ 2–3 of the Fair Sentencing Act were in effect; their mandatory minimums still bind)"))
        }
        // The ranges the court would start from.
        var estimate: SentenceTerm?
        if tally.determination != .ineligible, let benchmark,
            let asIf = asIfFairSentencingAct(facts, fsaDate: fsaDate.date, amended: benchmark, tally: &tally)
        {
            estimate = asIf
        }
        return tally.result(pathway: Self.pathway, variant: "", estimate: estimate)
    }

    /// The statutory range as if §§ 2–3 of the Fair Sentencing Act applied (the thresholds of 2010-08-03, the
    /// penalties and § 851 enhancement of the sentencing date), for recomputing the benchmark range.
    func asIfLimits(_ facts: CaseFacts) -> StatutoryLimits? {
        guard let fsaDate = fsaDate?.date, let sentenced = facts.sentencingDate,
            let statute = facts.statute, let drugs = facts.drugs
        else { return nil }
        let statutes = StatutoryRangeCalculator(law: law)
        let finding = statutes.tier(for: drugs, section: statute.section, offenseDate: facts.offenseDate, sentencingDate: Swift.max(sentenced, fsaDate))
        let tier = finding.map { Swift.min($0.tier, statute.tier) } ?? statute.tier
        let injury = facts.deathOrSeriousInjury == .yes
        guard let penalty = statutes.penalty(section: statute.section, tier: tier, priorConvictions: facts.prior851Count ?? 0,
                                             deathOrSeriousInjury: injury, sentencingDate: sentenced)
        else { return nil }
        let unenhanced = statutes.penalty(section: statute.section, tier: tier, priorConvictions: 0, deathOrSeriousInjury: injury, sentencingDate: sentenced)
        return StatutoryLimits(minimum: penalty.minimum, maximum: penalty.maximum, unenhancedMaximum: unenhanced?.maximum)
    }

    /// The statutory range and benchmark guideline range as if §§ 2–3 of the Fair Sentencing Act applied.
    private func asIfFairSentencingAct(_ facts: CaseFacts, fsaDate: CalendarDate, amended: AmendedRange, tally: inout CriteriaTally) -> SentenceTerm? {
        guard let sentenced = facts.sentencingDate, let statute = facts.statute, let drugs = facts.drugs, let imposed = facts.sentence else { return nil }
        let statutes = StatutoryRangeCalculator(law: law)
        // The thresholds as the Act set them (the sentencing-date rows of 2010-08-03 onward), the penalties of the sentencing date.
        let finding = statutes.tier(for: drugs, section: statute.section, offenseDate: facts.offenseDate, sentencingDate: Swift.max(sentenced, fsaDate))
        let tier = finding.map { Swift.min($0.tier, statute.tier) } ?? statute.tier
        let priors = facts.prior851Count ?? 0
        guard let penalty = statutes.penalty(section: statute.section, tier: tier, priorConvictions: priors,
                                             deathOrSeriousInjury: facts.deathOrSeriousInjury == .yes, sentencingDate: sentenced)
        else { return nil }
        let asIfStatute = StatuteOfConviction(section: statute.section, tier: tier)
        tally.note("As if the Fair Sentencing Act applied: \(asIfStatute), minimum \(penalty.minimum), maximum \(penalty.maximum) (the § 851 enhancement as it then stood; First Step Act § 401 not applied).", penalty.citation)
        // Benchmark guideline range: the current cocaine base table, other findings as at sentencing.
        // The Screener recomputes it with the as-if statutory range (`asIfLimits`), which restricts it (USSG §5G1.1)
        // and sets the career offender level (USSG §4B1.1(b); Concepcion).
        guard let original = amended.original, let benchmark = amended.amended else {
            tally.note("The benchmark guideline range needs the facts found at sentencing.", Citation("Concepcion v. United States, 597 U.S. 481 (2022)"))
            return nil
        }
        tally.note("Benchmark guideline range with the current cocaine base quantities: \(benchmark); the court may also weigh later changes of law and fact.",
                   Citation("First Step Act of 2018, § 404(b); Concepcion v. United States, 597 U.S. 481 (2022); United States v. Holloway, 956 F.3d 660 (2d Cir. 2020)"))
        let life = lifeMonths
        let estimate = SentenceEstimator.estimate(imposed: imposed, originalRange: original, newRange: benchmark, minimum: penalty.minimum,
                                                  maximum: penalty.maximum, minimumWaived: facts.safetyValve == .yes || facts.substantialAssistance == .yes,
                                                  lifeMonths: life)
        tally.note("A reduction keeping \(estimate.method) would give \(estimate.term).", Citation("Engine convention (law.md §4, same position in range: UNCONFIRMED as a rule)"))
        return estimate.term
    }
}
