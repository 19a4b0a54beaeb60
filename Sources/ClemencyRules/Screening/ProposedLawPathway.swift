/// A proposed law as a what-if: the sentence that law would give the same conduct on the as-of date.
///
/// "Eligible" here means the proposal, if it applied to this person, would give a lower sentence than
/// the one imposed; the reasons state whether the proposal as written would reach people already
/// sentenced.
struct ProposedLawPathway {
    let proposal: ProposedLaw
    /// The analyzer over the law with the proposal in force from the as-of date.
    let analyzer: SentenceAnalyzer
    /// The enacted law.
    let enacted: LawLibrary
    /// Whether the enacted law's computation at sentencing can stand for this law's, for a case sentenced (and
    /// whose offense was committed) before the as-of date: the proposal changes only rows in force from the
    /// as-of date, so every row in force earlier is the same row; the one lookup that reads a row whatever its
    /// dates (a substance's first equivalency row, for its schedule when no row is in force) is checked here.
    let reusesSentencing: Bool

    init(proposal: ProposedLaw, analyzer: SentenceAnalyzer, enacted: LawLibrary) {
        self.proposal = proposal
        self.analyzer = analyzer
        self.enacted = enacted
        let proposed = analyzer.law
        func firstGroups(_ law: LawLibrary) -> [String: String] {
            var groups: [String: String] = [:]
            for ratio in law.equivalencyRatios where groups[ratio.substance] == nil { groups[ratio.substance] = ratio.scheduleGroup }
            return groups
        }
        reusesSentencing = firstGroups(enacted) == firstGroups(proposed)
    }

    static let pathway = "proposed_law"

    /// - Parameters:
    ///   - currentLaw: The analysis under enacted law, reused when the proposal cannot change it.
    ///   - sentencing: That analysis's computation at sentencing (a quiet analysis's), when known.
    func evaluate(_ facts: CaseFacts, currentLaw: SentenceAnalysis, sentencing: SentencingComputation? = nil,
                  time: TimeServedCalculator.TimeServed?, asOf: CalendarDate, recording: Bool = true) -> PathwayDetermination {
        var tally = CriteriaTally(recording: recording)
        tally.note("\(proposal.name). \(proposal.status)", proposal.citation)
        let analysis: SentenceAnalysis
        if !proposal.canAffect(facts) {
            analysis = currentLaw
        } else if reusesSentencing, let sentencing, sentencing.date < asOf, (facts.offenseDate ?? sentencing.date) < asOf,
            analyzer.law.drugRegimeIndex(on: sentencing.date) == enacted.drugRegimeIndex(on: sentencing.date)
        {
            analysis = analyzer.analyzeQuietly(facts, asOf: asOf, reusing: sentencing)
        } else {
            analysis = analyzer.analyzeQuietly(facts, asOf: asOf)
        }
        if let released = facts.releaseDate, released <= asOf {
            tally.fail("released on \(released)", proposal.citation)
        } else if let time, !time.stillServing, let projected = time.projectedRelease {
            tally.fail("the projected release date (\(projected)) has passed; probably released", proposal.citation)
        }
        guard let estimate = analysis.estimatedSentenceToday, let imposed = facts.sentence, let reduction = analysis.reductionMonths else {
            tally.unknown("the sentence under the proposal cannot be estimated", proposal.citation, missing: Array(analysis.missingFacts.prefix(4)))
            return tally.result(pathway: Self.pathway, variant: proposal.id)
        }
        let statute = analysis.currentLaw.statute ?? "the statute"
        let minimum = analysis.currentLaw.statutoryMinimum?.description ?? "no minimum"
        if reduction > 0 {
            tally.met("under the proposal: \(statute), minimum \(minimum), range \(analysis.currentLaw.guidelineRange?.description ?? "unknown"); estimated \(estimate), \(reduction) months below \(imposed)", proposal.citation)
        } else {
            tally.fail("under the proposal the estimate (\(estimate)) is not below the sentence imposed (\(imposed))", proposal.citation)
        }
        return tally.result(pathway: Self.pathway, variant: proposal.id, estimate: estimate)
    }
}
