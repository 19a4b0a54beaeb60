/// A proposed law as a what-if: the sentence that law would give the same conduct on the as-of date.
///
/// "Eligible" here means the proposal, if it applied to this person, would give a lower sentence than
/// the one imposed; the reasons state whether the proposal as written would reach people already
/// sentenced.
struct ProposedLawPathway {
    let proposal: ProposedLaw
    let analyzer: SentenceAnalyzer

    static let pathway = "proposed_law"

    /// - Parameter currentLaw: The analysis under enacted law, reused when the proposal cannot change it.
    func evaluate(_ facts: CaseFacts, currentLaw: SentenceAnalysis, time: TimeServedCalculator.TimeServed?, asOf: CalendarDate,
                  recording: Bool = true) -> PathwayDetermination {
        var tally = CriteriaTally(recording: recording)
        tally.note("\(proposal.name). \(proposal.status)", proposal.citation)
        let analysis = proposal.canAffect(facts) ? analyzer.analyzeQuietly(facts, asOf: asOf) : currentLaw
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
