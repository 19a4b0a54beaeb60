/// The Department of Justice's 2014 clemency criteria: the six factors of the Clemency Initiative
/// (announced 2014-04-23) or the January 2014 criteria, as the policy selects.
///
/// The Department never defined "substantially lower", "low-level" or "significant criminal history"
/// (law.md §6); the policy file sets those readings and the determination names the policy used.
///
/// Authority: DOJ press release, "Announcing New Clemency Initiative" (2014-04-23); Deputy Attorney
/// General Cole, remarks to the New York State Bar Association (2014-01-30).
struct ClemencyCriteriaPathway {
    let law: LawLibrary
    let policy: ScreeningPolicy
    /// The criteria of the policy's set, in their announced order (selected once, not per case).
    let criteria: [ClemencyCriterion]
    /// The months a life sentence counts as (0 when the law data lacks the constant).
    let lifeMonths: Int

    init(law: LawLibrary, policy: ScreeningPolicy) {
        self.law = law
        self.policy = policy
        criteria = law.clemencyCriteria.filter { $0.criteriaSet == policy.clemencyCriteriaSet }.sorted { $0.number < $1.number }
        lifeMonths = law.lifeSentenceMonths ?? 0
    }

    static let pathway = "clemency_initiative_2014"

    func evaluate(_ facts: CaseFacts, analysis: SentenceAnalysis, time: TimeServedCalculator.TimeServed?,
                  asOf: CalendarDate, recording: Bool = true) -> PathwayDetermination {
        var tally = CriteriaTally(recording: recording)
        if criteria.isEmpty {
            tally.unknown("The law data has no criteria set named \(policy.clemencyCriteriaSet).", Citation("policy"), missing: [])
        }
        for criterion in criteria {
            let citation = criterion.citation
            switch criterion.id {
            case "serving_substantially_lower_today", "outsized_sentence":
                substantiallyLower(facts, analysis: analysis, time: time, asOf: asOf, citation: citation, tally: &tally)
            case "nonviolent_low_level_no_organization_ties":
                answers(facts, [(facts.violentOffense, "violent_offense", "the offense involved violence, a threat or a weapon", "Did the offense involve violence, a credible threat of violence, or a weapon?", true),
                                (facts.aggravatingRole, "aggravating_role", "an aggravating role (organizer, leader, manager, supervisor)", "Did the court apply an aggravating-role adjustment (organizer, leader, manager or supervisor; USSG §3B1.1)?", true),
                                (facts.organizationTies, "organization_ties", "significant ties to large-scale criminal organizations, gangs or cartels", "Does the person have significant ties to large-scale criminal organizations, gangs or cartels?", true)],
                        criterion: criterion, tally: &tally)
            case "nonviolent":
                answers(facts, [(facts.violentOffense, "violent_offense", "the offense involved violence, a threat or a weapon", "Did the offense involve violence, a credible threat of violence, or a weapon?", true),
                                (facts.aggravatingRole, "aggravating_role", "an aggravating role (organizer, leader, manager, supervisor)", "Did the court apply an aggravating-role adjustment (organizer, leader, manager or supervisor; USSG §3B1.1)?", true)],
                        criterion: criterion, tally: &tally)
            case "no_gang_or_cartel_ties":
                answers(facts, [(facts.organizationTies, "organization_ties", "ties to gangs or cartels", "Does the person have ties to gangs or cartels?", true)], criterion: criterion, tally: &tally)
            case "no_threat_to_public_safety":
                answers(facts, [(facts.threatToPublicSafety, "threat_to_public_safety", "release would threaten public safety", "Would release pose a threat to public safety?", true)],
                        criterion: criterion, tally: &tally)
            case "good_prison_conduct", "clean_prison_record":
                answers(facts, [(facts.goodPrisonConduct, "good_prison_conduct", "good conduct in prison", "Has the person's conduct in prison been good (no serious disciplinary infractions)?", false)], criterion: criterion, tally: &tally)
            case "no_history_of_violence":
                answers(facts, [(facts.historyOfViolence, "history_of_violence", "a history of violence before or during this term", "Is there a history of violence before or during this prison term?", true)],
                        criterion: criterion, tally: &tally)
            case "served_ten_years":
                if let time {
                    let needed = policy.minimumServedMonths
                    if time.servedMonths >= needed {
                        tally.met("served \(time.servedMonths) months, at least \(needed) (\(criterion.text))", citation)
                    } else {
                        // Counted from where time served is counted: the credited start only when jail credit counts.
                        let countedFrom = policy.jailCreditCountsTowardTimeServed
                            ? time.creditedStart : (facts.custodyStartDate ?? facts.sentencingDate ?? time.creditedStart)
                        let reaches = countedFrom.adding(months: needed)
                        tally.fail("served \(time.servedMonths) months of the \(needed) required; reaches \(needed) months on \(reaches) (\(criterion.text))", citation)
                    }
                } else {
                    tally.unknown("time served cannot be computed (\(criterion.text))", citation,
                                  missing: [MissingFact(fact: "custody_start_date", question: "On what date did the sentence commence?", affects: "time served")])
                }
            case "no_significant_criminal_history":
                if facts.careerOffender == .yes {
                    tally.fail("a career offender has a significant criminal history (\(criterion.text))", citation)
                } else if let category = analysis.atSentencing.criminalHistoryCategory ?? facts.criminalHistoryCategory {
                    if category <= policy.maximumCriminalHistoryCategory {
                        tally.met("criminal history category \(category), not above \(policy.maximumCriminalHistoryCategory) (policy \(policy.version))", citation)
                    } else {
                        tally.fail("criminal history category \(category) is above \(policy.maximumCriminalHistoryCategory) (policy \(policy.version))", citation)
                    }
                } else {
                    tally.unknown("the criminal history category is unknown (\(criterion.text))", citation,
                                  missing: [MissingFact(fact: "criminal_history_category", question: "What criminal history category did the court find?", affects: "the criminal history criterion")])
                }
            default:
                tally.unknown("criterion \(criterion.id) has no rule in this version", citation, missing: [])
            }
        }
        return tally.result(pathway: Self.pathway, variant: policy.clemencyCriteriaSet, estimate: analysis.estimatedSentenceToday)
    }

    /// Checks yes/no facts: `badWhenYes` says which answer fails the criterion.
    private func answers(_ facts: CaseFacts, _ items: [(Answer, String, String, String, Bool)], criterion: ClemencyCriterion,
                         tally: inout CriteriaTally) {
        var unknowns: [MissingFact] = []
        var unknownDescriptions: [String] = []
        for (answer, field, description, question, badWhenYes) in items {
            switch (answer, badWhenYes) {
            case (.yes, true), (.no, false):
                tally.fail("\(badWhenYes ? "" : "no ")\(description) (\(criterion.text))", criterion.citation)
                return
            case (.unknown, _):
                unknowns.append(MissingFact(fact: field, question: "\(question) (yes or no)", affects: "clemency criterion \(criterion.number)"))
                unknownDescriptions.append(description)
            default: break
            }
        }
        if unknowns.isEmpty {
            tally.met(criterion.text, criterion.citation)
        } else {
            tally.unknown("not known: \(unknownDescriptions.joined(separator: "; ")) (\(criterion.text))", criterion.citation, missing: unknowns)
        }
    }

    private func substantiallyLower(_ facts: CaseFacts, analysis: SentenceAnalysis, time: TimeServedCalculator.TimeServed?,
                                    asOf: CalendarDate, citation: Citation, tally: inout CriteriaTally) {
        if let released = facts.releaseDate, released <= asOf {
            tally.fail("released on \(released); no longer serving a sentence in prison", citation)
            return
        }
        if let time, !time.stillServing, let projected = time.projectedRelease {
            tally.fail("the projected release date with good conduct time (\(projected)) has passed; no release date is recorded, so confirm", citation)
            return
        }
        guard let reduction = analysis.reductionMonths, let imposed = analysis.sentenceImposed else {
            tally.unknown("the sentence under current law cannot yet be estimated", citation, missing: Array(analysis.missingFacts.prefix(4)))
            return
        }
        let imposedMonths = imposed.months ?? lifeMonths
        let percentNeeded = roundedDivision(imposedMonths * policy.substantiallyLowerMinimumPercent, 100)
        let needed = Swift.max(policy.substantiallyLowerMinimumMonths, percentNeeded)
        let estimate = analysis.estimatedSentenceToday?.description ?? "unknown"
        if reduction >= needed {
            tally.met("the estimated sentence today (\(estimate)) is \(reduction) months lower than \(imposed), at least \(needed) months (policy \(policy.version): \(policy.substantiallyLowerMinimumMonths) months and \(policy.substantiallyLowerMinimumPercent)%)", citation)
        } else {
            let comparison = reduction > 0 ? "only \(reduction) months lower than" : (reduction == 0 ? "the same as" : "\(-reduction) months longer than")
            tally.fail("the estimated sentence today (\(estimate)) is \(comparison) \(imposed); substantially lower means at least \(needed) months lower (policy \(policy.version))", citation)
        }
    }
}
