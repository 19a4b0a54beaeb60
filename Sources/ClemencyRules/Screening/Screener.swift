/// A case's place in the queue and why.
public struct Priority: Sendable, Hashable, Codable {
    /// The rank in the run (1 = first), set once every case is scored; `nil` before.
    public var rank: Int?
    /// The score: higher comes first.
    public let score: Int
    /// Each component of the score in words, e.g. "overserved by 34 months: +10340".
    public let reasons: [String]
}

/// The screening answer for one case: the law engine's analysis, time served, every pathway's
/// determination and the priority score.
public struct ScreeningResult: Sendable, Hashable, Codable {
    /// The law engine's analysis.
    public let analysis: SentenceAnalysis
    /// Time served and the projected release date, when the custody dates allow.
    public let timeServed: TimeServedCalculator.TimeServed?
    /// Months already served beyond the estimated sentence under current law (0 when none), or `nil` when unknown.
    public let overservedMonths: Int?
    /// Every pathway's determination.
    public let pathways: [PathwayDetermination]
    /// The priority.
    public var priority: Priority
    /// The policy version used.
    public let policyVersion: String
    /// The district, for reports.
    public let district: String?

    enum CodingKeys: String, CodingKey {
        case timeServed = "time_served"
        case overservedMonths = "overserved_months"
        case pathways, priority
        case policyVersion = "policy_version"
        case district
    }

    public init(analysis: SentenceAnalysis, timeServed: TimeServedCalculator.TimeServed?, overservedMonths: Int?,
                pathways: [PathwayDetermination], priority: Priority, policyVersion: String, district: String?) {
        self.analysis = analysis
        self.timeServed = timeServed
        self.overservedMonths = overservedMonths
        self.pathways = pathways
        self.priority = priority
        self.policyVersion = policyVersion
        self.district = district
    }

    /// The analysis's fields at the top level, then the screening fields.
    public func encode(to encoder: any Encoder) throws {
        try analysis.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(district, forKey: .district)
        try container.encode(timeServed, forKey: .timeServed)
        try container.encode(overservedMonths, forKey: .overservedMonths)
        try container.encode(pathways, forKey: .pathways)
        try container.encode(priority, forKey: .priority)
        try container.encode(policyVersion, forKey: .policyVersion)
    }

    public init(from decoder: any Decoder) throws {
        analysis = try SentenceAnalysis(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        district = try container.decodeIfPresent(String.self, forKey: .district)
        timeServed = try container.decodeIfPresent(TimeServedCalculator.TimeServed.self, forKey: .timeServed)
        overservedMonths = try container.decodeIfPresent(Int.self, forKey: .overservedMonths)
        pathways = try container.decode([PathwayDetermination].self, forKey: .pathways)
        priority = try container.decode(Priority.self, forKey: .priority)
        policyVersion = try container.decode(String.self, forKey: .policyVersion)
    }

    /// The determination of a pathway (and variant, if given), or `nil`.
    public func determination(of pathway: String, variant: String? = nil) -> Determination? {
        pathways.first { $0.pathway == pathway && (variant == nil || $0.variant == variant) }?.determination
    }
}

/// Screens cases for every relief pathway on one as-of date under one policy. Pure and reusable:
/// build it once per run (it prepares the proposed-law scenarios) and call `screen` per case.
public struct Screener: Sendable {
    /// The law data.
    public let law: LawLibrary
    /// The policy.
    public let policy: ScreeningPolicy
    /// The as-of date.
    public let asOf: CalendarDate
    let analyzer: SentenceAnalyzer
    let clemency: ClemencyCriteriaPathway
    let section404: FirstStepAct404Pathway
    let reductions: GuidelineReductionPathway
    let proposals: [ProposedLawPathway]
    let time: TimeServedCalculator
    /// Whether the First Step Act (and so § 404) was law on the as-of date.
    let section404Enacted: Bool

    /// Prepares a screener.
    ///
    /// - Parameters:
    ///   - law: The law data.
    ///   - policy: The screening policy.
    ///   - asOf: The date whose law is current law and to which time served is counted.
    public init(law: LawLibrary, policy: ScreeningPolicy, asOf: CalendarDate) {
        self.law = law
        self.policy = policy
        self.asOf = asOf
        analyzer = SentenceAnalyzer(law: law)
        clemency = ClemencyCriteriaPathway(law: law, policy: policy)
        section404 = FirstStepAct404Pathway(law: law, analyzer: analyzer)
        reductions = GuidelineReductionPathway(law: law, analyzer: analyzer)
        proposals = policy.proposedLaws.compactMap { id in
            law.proposedLaws.first { $0.id == id }.map {
                ProposedLawPathway(proposal: $0, analyzer: SentenceAnalyzer(law: $0.applied(to: law, from: asOf)), enacted: law)
            }
        }
        time = TimeServedCalculator(law: law)
        section404Enacted = law.keyDate("first_step_act_enacted").map { asOf >= $0.date } ?? true
    }

    /// Screens one case.
    ///
    /// - Parameters:
    ///   - facts: The case.
    ///   - detail: `false` to skip building the text of the steps and reasons (the determinations,
    ///     figures, missing facts, flags and priority are the same); used for ranked lists of many cases,
    ///     whose full explanations are rebuilt for the cases shown.
    public func screen(_ facts: CaseFacts, detail: Bool = true) -> ScreeningResult {
        // The analysis and the recomputations at sentencing share the case's Drug Quantity Table levels.
        let memo = DrugLevelMemo()
        let (analysis, sentencing) = detail
            ? (analyzer.analyze(facts, asOf: asOf, memo: memo), nil)
            : analyzer.analyzeQuietlyKeepingSentencing(facts, asOf: asOf, memo: memo)
        var timeExplanation = Explanation(recording: detail)
        let served = time.compute(facts, asOf: asOf, countJailCredit: policy.jailCreditCountsTowardTimeServed, explanation: &timeExplanation)
        var overserved: Int?
        if let served, let estimate = analysis.estimatedSentenceToday {
            // Only people still in prison can be overserved now; for the released it is history.
            overserved = served.stillServing ? (estimate.months.map { Swift.max(0, served.servedMonths - $0) } ?? 0) : 0
        }
        // One recomputation of the range at sentencing serves every retroactive amendment and § 404's benchmark.
        let amendments = reductions.variants(facts, asOf: asOf)
        var variants: [AmendedRangeVariant] = []
        for entry in amendments {
            if let after = entry.after { variants.append(after) }
            if let before = entry.before { variants.append(before) }
        }
        let benchmarkVariant = facts.sentencingDate.map {
            AmendedRangeVariant(drugTableDate: asOf, criminalHistoryRulesDate: $0, statutoryLimits: section404.asIfLimits(facts))
        }
        if let benchmarkVariant { variants.append(benchmarkVariant) }
        let ranges = variants.isEmpty ? [] : analyzer.amendedRanges(facts, variants: variants, memo: memo, sentencing: sentencing)
        var next = 0
        func take(_ variant: AmendedRangeVariant?) -> AmendedRange? {
            guard variant != nil else { return nil }
            defer { next += 1 }
            return ranges[next]
        }
        var pathways = [clemency.evaluate(facts, analysis: analysis, time: served, asOf: asOf, recording: detail)]
        var reductionResults: [PathwayDetermination] = []
        for entry in amendments {
            let after = take(entry.after)
            let before = take(entry.before)
            reductionResults.append(reductions.evaluate(facts, amendment: entry.amendment, recomputed: after, before: before,
                                                        unaffected: entry.unaffected, time: served,
                                                        asOf: asOf, recording: detail))
        }
        // § 404 exists from the First Step Act's enactment: before it, nothing to screen.
        if section404Enacted { pathways.append(section404.evaluate(facts, analysis: analysis, benchmark: benchmarkVariant == nil ? nil : ranges.last, time: served, asOf: asOf,
                                            recording: detail)) }
        pathways += reductionResults
        pathways += proposals.map { $0.evaluate(facts, currentLaw: analysis, sentencing: sentencing, time: served, asOf: asOf, recording: detail) }
        let priority = score(facts, analysis: analysis, served: served, overserved: overserved, pathways: pathways)
        let merged = SentenceAnalysis(
            caseID: analysis.caseID, asOf: analysis.asOf, atSentencing: analysis.atSentencing, currentLaw: analysis.currentLaw,
            sentenceImposed: analysis.sentenceImposed, estimatedSentenceToday: analysis.estimatedSentenceToday,
            reductionMonths: analysis.reductionMonths, steps: analysis.steps + timeExplanation.steps,
            missingFacts: analysis.missingFacts + timeExplanation.missingFacts.filter { fact in !analysis.missingFacts.contains { $0.fact == fact.fact } },
            flags: analysis.flags + timeExplanation.flags.filter { !analysis.flags.contains($0) }, ruleVersion: analysis.ruleVersion)
        return ScreeningResult(analysis: merged, timeServed: served, overservedMonths: overserved, pathways: pathways,
                               priority: priority, policyVersion: policy.version, district: facts.district)
    }

    private func score(_ facts: CaseFacts, analysis: SentenceAnalysis, served: TimeServedCalculator.TimeServed?, overserved: Int?,
                       pathways: [PathwayDetermination]) -> Priority {
        let weights = policy.priority
        var score = 0
        var reasons: [String] = []
        if let overserved, overserved > 0 {
            let points = weights.overservedBonus + weights.perMonthOverserved * overserved
            score += points
            reasons.append("already served \(overserved) months beyond the estimated sentence today: +\(points)")
        }
        let serving = served?.stillServing ?? (facts.releaseDate.map { $0 > asOf } ?? true)
        if !serving {
            reasons.append("probably no longer in prison: no priority for reduction or eligibility")
        }
        if serving, let reduction = analysis.reductionMonths, reduction > 0 {
            let points = weights.perMonthOfReduction * reduction
            score += points
            reasons.append("estimated reduction of \(reduction) months: +\(points)")
        }
        if let birthYear = facts.birthYear {
            let age = asOf.year - birthYear
            let points = weights.perYearOfAge * age
            score += points
            reasons.append("about \(age) years old: +\(points)")
        }
        if let served {
            let points = weights.perMonthServed * served.servedMonths
            score += points
            reasons.append("\(served.servedMonths) months served: +\(points)")
        }
        let eligible = pathways.filter { $0.determination == .eligible && $0.pathway != ProposedLawPathway.pathway }
        if serving, !eligible.isEmpty {
            let points = weights.perEligiblePathway * eligible.count
            score += points
            reasons.append("eligible for \(eligible.map { $0.variant.isEmpty ? $0.pathway : "\($0.pathway) (\($0.variant))" }.joined(separator: ", ")): +\(points)")
        }
        if reasons.isEmpty { reasons.append("no reduction, overservice or eligibility established yet") }
        return Priority(rank: nil, score: score, reasons: reasons)
    }
}
