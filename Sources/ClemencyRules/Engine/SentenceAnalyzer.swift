/// The law engine's entry point: the law at sentencing, the law on an as-of date, the estimated
/// sentence under current law and the difference, with every step explained.
///
/// "Current law" means the same conduct, with the facts found at sentencing, sentenced on the as-of
/// date: the thresholds, penalties and Guidelines Manual in force then, keeping the court's other
/// findings. The estimate keeps the original sentence's position in the guideline range (or its
/// proportional distance below or above it) and never goes below a mandatory minimum unless the safety
/// valve or a substantial-assistance motion applied. The engine is pure: no clock, no I/O.
///
/// Authority: 21 U.S.C. §§ 841(b), 851, 960(b); Fair Sentencing Act of 2010, § 2; First Step Act of
/// 2018, § 401; USSG §§ 1B1.11, 2D1.1, 3E1.1, 4A1.1, 4B1.1, 4C1.1, 5G1.1 and Ch. 5 Pt. A.
public struct SentenceAnalyzer: Sendable {
    /// The law data.
    public let law: LawLibrary
    let drugs: DrugQuantityCalculator
    let statutes: StatutoryRangeCalculator
    let ranges: GuidelineRangeCalculator

    /// Creates an analyzer over the law data.
    public init(law: LawLibrary) {
        self.law = law
        drugs = DrugQuantityCalculator(law: law)
        statutes = StatutoryRangeCalculator(law: law)
        ranges = GuidelineRangeCalculator(law: law)
    }

    /// Analyzes one case.
    ///
    /// - Parameters:
    ///   - facts: The case facts; unknown facts are reported in `missingFacts`, never guessed silently.
    ///   - asOf: The date whose law is "current law".
    /// - Returns: The analysis.
    public func analyze(_ facts: CaseFacts, asOf: CalendarDate) -> SentenceAnalysis {
        analyze(facts, asOf: asOf, memo: DrugLevelMemo())
    }

    /// `analyze(_:asOf:)` sharing the Drug Quantity Table levels of the case's other computations under this law.
    func analyze(_ facts: CaseFacts, asOf: CalendarDate, memo: DrugLevelMemo) -> SentenceAnalysis {
        var work = CaseWork(facts: facts, asOf: asOf, analyzer: self, memo: memo)
        return work.run()
    }

    /// Analyzes one case without building the text of its steps (for what-if scenarios and other
    /// computations whose figures, missing facts and flags are needed but whose reasoning is not shown).
    public func analyzeQuietly(_ facts: CaseFacts, asOf: CalendarDate) -> SentenceAnalysis {
        analyzeQuietly(facts, asOf: asOf, memo: DrugLevelMemo())
    }

    /// `analyzeQuietly(_:asOf:)` sharing the Drug Quantity Table levels of the case's other computations under this law.
    func analyzeQuietly(_ facts: CaseFacts, asOf: CalendarDate, memo: DrugLevelMemo) -> SentenceAnalysis {
        analyzeQuietlyKeepingSentencing(facts, asOf: asOf, memo: memo).analysis
    }

    /// `analyzeQuietly(_:asOf:)` starting from a computation at sentencing made under another law (see
    /// `ProposedLawPathway`): the caller vouches that this law gives the same range at sentencing, with the same
    /// missing facts and flags, which holds for a law that differs only from a date after the sentencing date.
    func analyzeQuietly(_ facts: CaseFacts, asOf: CalendarDate, reusing sentencing: SentencingComputation) -> SentenceAnalysis {
        var work = CaseWork(facts: facts, asOf: asOf, analyzer: self, memo: DrugLevelMemo())
        work.explanation = Explanation(recording: false)
        work.reusedSentencing = sentencing
        return work.run()
    }

    /// `analyzeQuietly(_:asOf:memo:)` that also hands back its computation at sentencing, which
    /// `amendedRanges(_:variants:memo:sentencing:)` starts from instead of computing it again.
    func analyzeQuietlyKeepingSentencing(_ facts: CaseFacts, asOf: CalendarDate, memo: DrugLevelMemo)
        -> (analysis: SentenceAnalysis, sentencing: SentencingComputation?)
    {
        var work = CaseWork(facts: facts, asOf: asOf, analyzer: self, memo: memo)
        work.explanation = Explanation(recording: false)
        let analysis = work.run()
        return (analysis, work.sentencing)
    }
}

/// A guideline range recomputed with some amended provisions substituted, for 18 U.S.C. § 3582(c)(2).
public struct AmendedRange: Sendable, Hashable {
    /// The range at sentencing (after §5G1.1), as found or recomputed.
    public let original: GuidelineRange?
    /// The amended range after §5G1.1.
    public let amended: GuidelineRange?
    /// The amended Sentencing Table range before §5G1.1 (for substantial-assistance cases, §1B1.10(c)).
    public let amendedBeforeStatutoryLimits: GuidelineRange?
    /// The mandatory minimum at sentencing.
    public let statutoryMinimum: SentenceTerm?
    /// The steps of the recomputation.
    public let steps: [AnalysisStep]
    /// Facts that would complete it.
    public let missingFacts: [MissingFact]
}

extension SentenceAnalyzer {
    /// Recomputes the guideline range at sentencing, substituting only the Drug Quantity Table in force on
    /// `drugTableDate` and the criminal history rules in force on `criminalHistoryRulesDate`; every other
    /// decision and the statutory range at sentencing stay as they were.
    ///
    /// Authority: USSG §1B1.10(b)(1) (Nov. 1, 2016); 18 U.S.C. § 3582(c)(2).
    ///
    /// - Parameters:
    ///   - facts: The case facts.
    ///   - drugTableDate: The date whose Drug Quantity Table is substituted.
    ///   - criminalHistoryRulesDate: The date whose criminal history rules are substituted.
    /// - Returns: The original and amended ranges, or `nil` ranges when facts are missing.
    public func amendedRange(_ facts: CaseFacts, drugTableDate: CalendarDate, criminalHistoryRulesDate: CalendarDate) -> AmendedRange {
        amendedRanges(facts, variants: [AmendedRangeVariant(drugTableDate: drugTableDate, criminalHistoryRulesDate: criminalHistoryRulesDate)])[0]
    }

    /// Several recomputations of one case at once: the range at sentencing is computed once and each
    /// variant substitutes its own tables (see `amendedRange(_:drugTableDate:criminalHistoryRulesDate:)`).
    ///
    /// - Parameters:
    ///   - facts: The case facts.
    ///   - variants: The substitutions.
    /// - Returns: One result per variant, in order.
    public func amendedRanges(_ facts: CaseFacts, variants: [AmendedRangeVariant]) -> [AmendedRange] {
        amendedRanges(facts, variants: variants, memo: DrugLevelMemo())
    }

    /// `amendedRanges(_:variants:)` sharing the Drug Quantity Table levels of the case's other computations under this
    /// law, starting from the computation at sentencing of the case's quiet analysis when given (the same computation,
    /// with what it recorded: the range at sentencing does not depend on the as-of date).
    func amendedRanges(_ facts: CaseFacts, variants: [AmendedRangeVariant], memo: DrugLevelMemo,
                       sentencing: SentencingComputation? = nil) -> [AmendedRange] {
        guard let sentencingDate = facts.sentencingDate else {
            let missing = AmendedRange(original: nil, amended: nil, amendedBeforeStatutoryLimits: nil, statutoryMinimum: nil, steps: [],
                                       missingFacts: [MissingFact(fact: "sentencing_date", question: "On what date was the sentence imposed?",
                                                                  affects: "whether the amendment postdates the sentence")])
            return variants.map { _ in missing }
        }
        var work = CaseWork(facts: facts, asOf: sentencingDate, analyzer: self, memo: memo)
        work.explanation = Explanation(recording: false)
        let statutory: CaseWork.Statutory
        let original: CaseWork.Guidelines
        if let sentencing, sentencing.date == sentencingDate {
            work.explanation = sentencing.explanation
            work.context.restoreDrugLevels(sentencing.drugLevels)
            statutory = sentencing.statutory
            original = sentencing.guidelines
        } else {
            statutory = work.statutoryRange(on: sentencingDate, current: false)
            original = work.guidelines(on: sentencingDate, statutory: statutory, current: false, then: nil)
        }
        // Variants whose tables are the same (e.g. § 404's benchmark today and Amendment 782's range, the table
        // unchanged since 2014) are computed once (a case has a handful: a list is searched).
        var computed: [(variant: AmendedRangeVariant, range: AmendedRange)] = []
        computed.reserveCapacity(variants.count)
        return variants.map { requested in
            let variant = AmendedRangeVariant(
                drugTableDate: Swift.max(law.drugRegimeStart(on: requested.drugTableDate), Swift.min(requested.drugTableDate, sentencingDate)),
                criminalHistoryRulesDate: Swift.max(law.criminalHistoryRegimeStart(on: requested.criminalHistoryRulesDate),
                                                    Swift.min(requested.criminalHistoryRulesDate, sentencingDate)),
                statutoryLimits: requested.statutoryLimits)
            if let done = computed.first(where: { $0.variant == variant }) { return done.range }
            var copy = work
            copy.drugTableDate = variant.drugTableDate
            copy.criminalHistoryRulesDate = variant.criminalHistoryRulesDate
            var limits = statutory
            if let override = variant.statutoryLimits {
                limits.minimum = override.minimum
                limits.maximum = override.maximum
                limits.unenhancedMaximum = override.unenhancedMaximum
            }
            let amended = copy.guidelines(on: sentencingDate, statutory: limits, current: true, then: original)
            var open: GuidelineRange?
            if facts.substantialAssistance != .no {
                var unrestricted = limits
                unrestricted.minimum = nil
                unrestricted.maximum = nil
                var scratch = copy
                open = scratch.guidelines(on: sentencingDate, statutory: unrestricted, current: true, then: original).range
            }
            let result = AmendedRange(original: original.range, amended: amended.range, amendedBeforeStatutoryLimits: open ?? amended.range,
                                      statutoryMinimum: limits.minimum, steps: copy.explanation.steps,
                                      missingFacts: copy.explanation.missingFacts)
            computed.append((variant, result))
            return result
        }
    }
}

/// The statutory range and guidelines at sentencing of a quiet analysis, with what computing them recorded (in an
/// explanation of their own) and the drug levels memoized on the way: the starting point of every recomputation
/// at sentencing of the same case under the same law.
struct SentencingComputation {
    let date: CalendarDate
    let statutory: CaseWork.Statutory
    let guidelines: CaseWork.Guidelines
    let explanation: Explanation
    let drugLevels: [(regime: Int, level: Int?)]
}

/// A substitution for `SentenceAnalyzer.amendedRanges`: whose Drug Quantity Table and criminal history rules.
public struct AmendedRangeVariant: Sendable, Hashable {
    /// The date whose Drug Quantity Table is substituted.
    public let drugTableDate: CalendarDate
    /// The date whose criminal history rules are substituted.
    public let criminalHistoryRulesDate: CalendarDate
    /// A statutory range that replaces the range at sentencing (restricting the range and setting the career
    /// offender level), e.g. First Step Act § 404's range as if the Fair Sentencing Act applied; `nil` keeps it.
    public let statutoryLimits: StatutoryLimits?

    /// Creates a variant.
    public init(drugTableDate: CalendarDate, criminalHistoryRulesDate: CalendarDate, statutoryLimits: StatutoryLimits? = nil) {
        self.drugTableDate = drugTableDate
        self.criminalHistoryRulesDate = criminalHistoryRulesDate
        self.statutoryLimits = statutoryLimits
    }
}

/// A statutory range for a recomputation: minimum, maximum, and the maximum without § 851 increases.
public struct StatutoryLimits: Sendable, Hashable {
    public let minimum: SentenceTerm?
    public let maximum: SentenceTerm?
    public let unenhancedMaximum: SentenceTerm?

    public init(minimum: SentenceTerm?, maximum: SentenceTerm?, unenhancedMaximum: SentenceTerm?) {
        self.minimum = minimum
        self.maximum = maximum
        self.unenhancedMaximum = unenhancedMaximum
    }
}

/// The state of one analysis while it runs.
struct CaseWork {
    /// The facts, the analyzer and the per-case caches, shared by reference so that copies of the work
    /// (one per recomputation) stay cheap.
    let context: CaseContext
    let asOf: CalendarDate
    var explanation = Explanation()

    var law: LawLibrary { context.analyzer.law }
    /// When set, the Drug Quantity Table of this date is used in the current-law computation (a
    /// § 3582(c)(2) recomputation substitutes only the amended table).
    var drugTableDate: CalendarDate?
    /// The date whose criminal history rules the current-law computation applies (default: as-of).
    var criminalHistoryRulesDate: CalendarDate?
    /// The computation at sentencing of a quiet `run()`, once it is done.
    private(set) var sentencing: SentencingComputation?
    /// A computation at sentencing that a quiet `run()` takes instead of computing its own.
    var reusedSentencing: SentencingComputation?

    init(facts: CaseFacts, asOf: CalendarDate, analyzer: SentenceAnalyzer, memo: DrugLevelMemo = DrugLevelMemo()) {
        context = CaseContext(facts: facts, analyzer: analyzer, memo: memo)
        self.asOf = asOf
    }

    init(context: CaseContext, asOf: CalendarDate) {
        self.context = context
        self.asOf = asOf
    }

    /// What the statutory step found for one date.
    struct Statutory {
        var statute: StatuteOfConviction?
        var priors: Int?
        var minimum: SentenceTerm?
        var maximum: SentenceTerm?
        /// The maximum without § 851 increases (for career offender editions that exclude them).
        var unenhancedMaximum: SentenceTerm?
    }

    /// What the guideline step found for one date.
    struct Guidelines {
        var base: Int?
        var total: Int?
        var category: CriminalHistoryCategory?
        var range: GuidelineRange?
        var edition: String?
    }

    mutating func run() -> SentenceAnalysis {
        explanation.reserveSteps(24)
        noteMissingBasics()
        let sentencingDate = context.facts.sentencingDate
        // Dates after the as-of date cannot be facts of a sentence already imposed: say so rather than compute silently.
        for (name, date) in [("offense date", context.facts.offenseDate), ("sentencing date", sentencingDate),
                             ("custody start date", context.facts.custodyStartDate)] {
            if let date, date > asOf {
                explanation.flag("fact_after_as_of", "The \(name) (\(date)) is after the as-of date (\(asOf)): check the record; the figures treat it as given.")
            }
        }
        if let currentTo = law.currentTo, asOf > currentTo {
            explanation.flag("law_data_currency", "The law data is current to \(currentTo); any change in the law after that date is not known to this analysis as of \(asOf).")
        }
        var thenStatutory = Statutory()
        var thenGuidelines = Guidelines()
        if let sentencingDate {
            explanation.step("At sentencing (\(sentencingDate)):", Citation("18 U.S.C. § 3553(a)(4); USSG §1B1.11(a)"))
            if explanation.recording {
                thenStatutory = statutoryRange(on: sentencingDate, current: false)
                thenGuidelines = guidelines(on: sentencingDate, statutory: thenStatutory, current: false, then: nil)
            } else if let reused = reusedSentencing, reused.date == sentencingDate {
                context.restoreDrugLevels(reused.drugLevels)
                thenStatutory = reused.statutory
                thenGuidelines = reused.guidelines
                sentencing = reused
                explanation.absorb(reused.explanation)
            } else {
                // Computed in an explanation of its own, kept for the recomputations at sentencing, then added here
                // (what it records does not depend on what was recorded before).
                let saved = explanation
                explanation = Explanation(recording: false)
                thenStatutory = statutoryRange(on: sentencingDate, current: false)
                thenGuidelines = guidelines(on: sentencingDate, statutory: thenStatutory, current: false, then: nil)
                sentencing = SentencingComputation(date: sentencingDate, statutory: thenStatutory, guidelines: thenGuidelines,
                                                   explanation: explanation, drugLevels: context.drugLevelsSnapshot)
                let recorded = explanation
                explanation = saved
                explanation.absorb(recorded)
            }
        } else {
            // Without the date no Manual or statute can be chosen, but the court's findings are still facts.
            thenGuidelines.base = context.facts.baseOffenseLevel
            thenGuidelines.total = context.facts.totalOffenseLevel
            thenGuidelines.category = context.facts.criminalHistoryCategory
            thenGuidelines.range = foundRange()
            if thenGuidelines.total != nil || thenGuidelines.category != nil || thenGuidelines.range != nil {
                explanation.step("At sentencing (date unknown): the findings recorded are reported as found; no Manual or statute is chosen without the date.",
                                 Citation("USSG §1B1.11(a) (the Manual is chosen by the sentencing date)"))
            }
        }
        explanation.step("Under the law in force on \(asOf), for the same conduct and findings:",
                         Citation("Same conduct sentenced on the as-of date (engine convention)"))
        let nowStatutory = statutoryRange(on: asOf, current: true, original: thenStatutory)
        let nowGuidelines = guidelines(on: asOf, statutory: nowStatutory, current: true, then: thenGuidelines)
        if let imposed = context.facts.sentence, let minimum = thenStatutory.minimum, imposed < minimum,
            context.facts.safetyValve != .yes, context.facts.substantialAssistance != .yes
        {
            explanation.flag("fact_disagreement", "The sentence imposed (\(imposed)) is below the mandatory minimum at sentencing (\(minimum)) without the safety valve or a substantial-assistance motion recorded: check the statute, the § 851 priors or those facts.")
        }
        let estimate = estimateToday(then: thenGuidelines, now: nowGuidelines, nowStatutory: nowStatutory)
        let reduction = reductionMonths(estimate: estimate)
        return SentenceAnalysis(
            caseID: context.facts.caseID, asOf: asOf,
            atSentencing: computation(sentencingDate, thenStatutory, thenGuidelines),
            currentLaw: computation(asOf, nowStatutory, nowGuidelines),
            sentenceImposed: context.facts.sentence, estimatedSentenceToday: estimate, reductionMonths: reduction,
            steps: explanation.steps, missingFacts: explanation.missingFacts, flags: explanation.flags,
            ruleVersion: law.version)
    }

    private func computation(_ date: CalendarDate?, _ statutory: Statutory, _ guidelines: Guidelines) -> LawComputation {
        LawComputation(
            date: date, statute: statutory.statute?.description, priorConvictionsCounted: statutory.priors,
            statutoryMinimum: statutory.minimum, statutoryMaximum: statutory.maximum,
            baseOffenseLevel: guidelines.base, totalOffenseLevel: guidelines.total,
            criminalHistoryCategory: guidelines.category, guidelineRange: guidelines.range,
            manualEdition: guidelines.edition)
    }

    private mutating func noteMissingBasics() {
        if let sentenced = context.facts.sentencingDate, sentenced > asOf {
            explanation.flag("date_order", "The sentencing date (\(sentenced)) is after the as-of date (\(asOf)): check the date; current law is computed for a sentence not yet imposed.")
        }
        if context.facts.sentencingDate == nil, let year = context.facts.sentencingYear {
            if year > asOf.year {
                explanation.flag("fact_after_as_of", "The sentence was imposed in \(year), after the as-of date (\(asOf)): the person was not yet sentenced then; check the as-of date.")
            }
            explanation.missing("sentencing_date", "On what date in \(year) was the sentence imposed?",
                                affects: "which statute and Guidelines Manual applied at sentencing")
        } else if context.facts.sentencingDate == nil {
            explanation.missing("sentencing_date", "On what date was the sentence imposed?",
                                affects: "which statute and Guidelines Manual applied at sentencing")
        }
        if context.facts.offenseDate == nil {
            explanation.missing("offense_date", "On what date was the offense committed (for a conspiracy, its last day)?",
                                affects: "thresholds that apply by offense date; First Step Act § 404 coverage")
        }
        if context.facts.sentence == nil {
            explanation.missing("sentence_months", "What term of imprisonment was imposed on the drug counts (months or life)?",
                                affects: "the estimated sentence today and the difference")
        }
        if context.facts.drugs == nil {
            explanation.missing("drugs", "Which drugs and quantities were attributed at sentencing (e.g. cocaine_base:50g)?",
                                affects: "the offense level and penalty tier under current law")
        }
    }

    // MARK: Statutory range

    mutating func statutoryRange(on date: CalendarDate, current: Bool, original: Statutory? = nil) -> Statutory {
        var result = Statutory()
        let section = context.facts.statute?.section ?? original?.statute?.section ?? .section841
        var tier = current ? original?.statute?.tier : context.facts.statute?.tier
        if !current, let statuteTier = tier, let drugList = context.facts.drugs, !drugList.isEmpty,
            let finding = context.analyzer.statutes.tier(for: drugList, section: section, offenseDate: context.facts.offenseDate, sentencingDate: date),
            finding.tier < statuteTier
        {
            explanation.flag("fact_disagreement", "Convicted under \(StatuteOfConviction(section: section, tier: statuteTier)), but the quantities given reach only \(StatuteOfConviction(section: section, tier: finding.tier)) under the thresholds of the sentencing date: check the quantities (or the court applied other thresholds).")
        }
        if !current, tier == nil {
            if let drugList = context.facts.drugs, !drugList.isEmpty,
                let finding = context.analyzer.statutes.tier(for: drugList, section: section, offenseDate: context.facts.offenseDate, sentencingDate: date)
            {
                tier = finding.tier
                explanation.missing("statute", "Under which subsection of 21 U.S.C. § 841(b)(1) or § 960(b) was the defendant convicted?",
                                    affects: "the statutory range")
                explanation.flag("assumption", "The statute of conviction is not given; the penalty tier is inferred from the drug quantities.")
                explanation.step(
                    "No statute of conviction given: the quantities reach \(StatuteOfConviction(section: section, tier: finding.tier)).",
                    finding.threshold?.citation ?? finding.residual?.citation ?? Citation("21 U.S.C. § 841(b)(1)"))
            } else {
                explanation.missing("statute", "Under which subsection of 21 U.S.C. § 841(b)(1) or § 960(b) was the defendant convicted?",
                                    affects: "the statutory range")
                return result
            }
        }
        if current, let originalTier = tier {
            tier = currentTier(originalTier, section: section, on: date)
        }
        guard let tier else { return result }
        let statute = StatuteOfConviction(section: section, tier: tier)
        result.statute = statute
        // § 851 priors.
        let charged: Int
        if let count = context.facts.prior851Count {
            charged = count
        } else {
            charged = 0
            explanation.missing("prior_851_count", "How many prior convictions did the government charge in an information under 21 U.S.C. § 851?",
                                affects: "the mandatory minimum and statutory maximum")
            explanation.flag("assumption", "No § 851 information is recorded; the range assumes none was filed (an enhancement requires one, 21 U.S.C. § 851(a)).")
        }
        let injury = context.facts.deathOrSeriousInjury.bool ?? false
        if context.facts.deathOrSeriousInjury == .unknown {
            explanation.flag("assumption", "Whether death or serious bodily injury resulted is not recorded; assumed not.")
        }
        var counted = charged
        let statutes = context.analyzer.statutes
        if let penaltyNoPrior = statutes.penaltyRow(section: section, tier: tier, priorConvictions: 0,
                                                    deathOrSeriousInjury: injury, sentencingDate: date) {
            result.unenhancedMaximum = penaltyNoPrior.penalty.maximum
        }
        if current, charged > 0 {
            let definition = statutes.penaltyRow(section: section, tier: tier, priorConvictions: charged,
                                                 deathOrSeriousInjury: injury, sentencingDate: date)?.penalty.priorDefinition
            if definition == "serious_drug_felony" {
                switch context.facts.priorsQualifyToday {
                case .yes:
                    explanation.step("The § 851 priors would still be serious drug felonies today.",
                                     Citation("21 U.S.C. § 802(57); First Step Act of 2018, § 401(a)"))
                case .no:
                    counted = 0
                    explanation.step(
                        "The § 851 priors would not be serious drug felonies today (more than 12 months served, release within 15 years), so no enhancement applies.",
                        Citation("21 U.S.C. § 802(57); First Step Act of 2018, § 401(a)"))
                case .unknown:
                    explanation.missing(
                        "priors_qualify_today",
                        "Would each § 851 prior be a \"serious drug felony\" today: an offense under 18 U.S.C. § 924(e)(2) for which the defendant served more than 12 months and was released within 15 years of the instant offense?",
                        affects: "the mandatory minimum under current law")
                    explanation.flag("assumption", "Current law assumes the § 851 priors still qualify as serious drug felonies; if not, the minimum is lower.")
                }
            }
        }
        result.priors = counted
        guard let row = statutes.penaltyRow(section: section, tier: tier, priorConvictions: counted,
                                            deathOrSeriousInjury: injury, sentencingDate: date)
        else {
            explanation.flag("law_data_gap", "No statutory penalty in the law data for \(statute) on \(date).")
            return result
        }
        result.minimum = row.penalty.minimum
        result.maximum = row.penalty.maximum
        // The row's statute and injury finding are the case's (rows are looked up by them); the text was built with the law.
        explanation.step(row.stepTexts[counted == 0 ? 0 : (counted == 1 ? 1 : 2)], row.penalty.citation)
        return result
    }

    /// The tier the same conviction would carry on `date`: no higher than the tier of conviction, and
    /// lowered when the quantities no longer reach it.
    private mutating func currentTier(_ originalTier: PenaltyTier, section: PenaltySection, on date: CalendarDate) -> PenaltyTier {
        guard let drugList = context.facts.drugs, !drugList.isEmpty else {
            explanation.flag("assumption", "Without drug quantities, current law keeps the tier of conviction.")
            return originalTier
        }
        guard let finding = context.analyzer.statutes.tier(for: drugList, section: section, offenseDate: context.facts.offenseDate, sentencingDate: date)
        else {
            explanation.flag("law_data_gap", "The law data has no statutory threshold for one of the drugs; current law keeps the tier of conviction.")
            return originalTier
        }
        if finding.tier < originalTier {
            let quantity = drugList.first { $0.substance == finding.substance }?.description ?? finding.substance
            explanation.step(
                "Today \(quantity) reaches only \(StatuteOfConviction(section: section, tier: finding.tier)) (the same conviction, with today's thresholds).",
                finding.threshold?.citation ?? finding.residual?.citation ?? Citation("21 U.S.C. § 841(b)(1)"))
            explanation.flag("assumption", "The current tier is computed from the quantities in the case facts; courts differ on whether the quantity charged or the quantity found governs.")
            return finding.tier
        }
        return originalTier
    }

    // MARK: Guidelines

    mutating func guidelines(on date: CalendarDate, statutory: Statutory, current: Bool, then: Guidelines?) -> Guidelines {
        var result = Guidelines()
        guard let editionIndex = law.editionIndex(on: date) else {
            explanation.flag("law_data_gap", "The law data holds no Guidelines Manual for \(date); the facts found at sentencing are used as they are.")
            if !current {
                result.base = context.facts.baseOffenseLevel
                result.total = context.facts.totalOffenseLevel
                result.category = context.facts.criminalHistoryCategory
                result.range = foundRange()
            }
            return result
        }
        let law = self.law
        result.edition = law.manualEditions[editionIndex].name
        explanation.step(law.editionStepTexts[editionIndex], law.manualEditions[editionIndex].citation)

        // Base offense level.
        let computedBase = drugLevel(on: current ? (drugTableDate ?? date) : date)
        if current {
            result.base = currentBase(computedNow: computedBase, then: then)
        } else {
            result.base = context.facts.baseOffenseLevel ?? computedBase
            if let found = context.facts.baseOffenseLevel {
                if let computedBase, computedBase != found {
                    explanation.flag("fact_disagreement", "The base offense level found at sentencing (\(found)) differs from the level the quantities give under that Manual (\(computedBase)); the court's finding is used.")
                }
                explanation.step("Base offense level \(found), as found at sentencing.", Citation("USSG §2D1.1(a) (finding at sentencing)"))
            } else if computedBase == nil {
                explanation.missing("base_offense_level", "What base offense level did the court find?", affects: "the guideline range at sentencing")
            }
        }

        // Criminal history.
        result.category = criminalHistoryCategory(on: date, current: current)

        // Total offense level.
        result.total = totalOffenseLevel(base: result.base, on: date, statutory: statutory, current: current,
                                         thenTotal: then?.total, thenBase: then?.base)
        if result.total != nil, context.facts.careerOffender == .yes, result.category != .vi {
            result.category = .vi
        }

        // Range.
        guard let total = result.total, let category = result.category else {
            if !current { result.range = foundRange() }
            return result
        }
        let table = law.sentencingTable
        guard let cellIndex = table.cellIndex(level: total, category: category) else {
            explanation.flag("law_data_gap", "The Sentencing Table in the law data has no cell for level \(total), category \(category).")
            return result
        }
        // The cell is read in place (a copy would retain its citation).
        let cellRange = table.cells[cellIndex].range
        if explanation.recording {
            let cell = table.cells[cellIndex]
            if cell.offenseLevel == total {
                explanation.step(table.stepTexts[cellIndex], cell.citation)
            } else {
                explanation.step("Sentencing Table, level \(total), category \(category): \(cell.range).", cell.citation)
            }
        }
        let minimumBinds = context.facts.safetyValve != .yes
        if context.facts.safetyValve == .yes {
            explanation.step("The safety valve applied, so the mandatory minimum does not restrict the range.",
                             Citation("18 U.S.C. § 3553(f); USSG §5C1.2"))
        }
        let restricted = GuidelineRangeCalculator.restrict(cellRange, minimum: minimumBinds ? statutory.minimum : nil,
                                                           maximum: statutory.maximum)
        if let rule = restricted.rule {
            explanation.step("The statutory limits restrict the range to \(restricted.range).", Citation("USSG \(rule)"))
        }
        result.range = restricted.range
        if !current, let found = foundRange(), found != restricted.range {
            explanation.flag("fact_disagreement", "The guideline range found at sentencing (\(found)) differs from the recomputed range (\(restricted.range)); the court's finding is used.")
            result.range = found
        }
        return result
    }

    private func foundRange() -> GuidelineRange? {
        guard let low = context.facts.guidelineMinMonths, let high = context.facts.guidelineMax else { return nil }
        return GuidelineRange(min: .months(low), max: high)
    }

    /// The Drug Quantity Table level for the case's drugs under the Manual in force on `date`, applying
    /// the one-book rule of §1B1.11(b)(1) when the Manual at the offense date gives a lower level, and
    /// the §2D1.1(a) levels for death or serious bodily injury.
    private mutating func drugLevel(on date: CalendarDate) -> Int? {
        // The level depends only on the date's Manual: computed once per case and date (its steps are
        // recorded the first time, which is the recorded pass when the analysis records steps).
        // Dates in one regime of the tables give one level (see `LawLibrary.drugRegimeStart(on:)`).
        let key = law.drugRegimeIndex(on: date)
        if !explanation.recording, let cached = context.drugLevel(regime: key) { return cached }
        let level = computeDrugLevel(on: date)
        context.setDrugLevel(level, regime: key)
        return level
    }

    /// The level on a date without recording any step (from the cache when computed before).
    private mutating func levelQuietly(on date: CalendarDate) -> Int? {
        if let cached = context.drugLevel(regime: law.drugRegimeIndex(on: date)) { return cached }
        let saved = explanation
        explanation = Explanation(recording: false)
        let level = drugLevel(on: date)
        explanation = saved
        return level
    }

    private mutating func computeDrugLevel(on date: CalendarDate) -> Int? {
        guard let drugList = context.facts.drugs, !drugList.isEmpty else { return nil }
        // A base offense level found at sentencing settles that Manual's level (and so the role question for it).
        let settledByFinding = context.facts.baseOffenseLevel != nil
            && context.facts.sentencingDate.map { law.drugRegimeIndex(on: $0) == law.drugRegimeIndex(on: date) } == true
        var level: Int?
        if explanation.recording {
            level = context.analyzer.drugs.level(for: drugList, on: date, explanation: &explanation)?.level
        } else {
            var emitted = Explanation(recording: false)
            level = tableLevel(drugList, on: date, explanation: &emitted)
            explanation.absorb(emitted)
        }
        level = level.map { Self.mitigatingRoleCap($0, on: date, law: law, facts: context.facts, ask: !settledByFinding, explanation: &explanation) }
        if let offenseDate = context.facts.offenseDate, offenseDate < date, law.drugRegimeIndex(on: offenseDate) != law.drugRegimeIndex(on: date) {
            var scratch = Explanation(recording: false)
            if let earlier = tableLevel(drugList, on: offenseDate, explanation: &scratch)
                .map({ Self.mitigatingRoleCap($0, on: offenseDate, law: law, facts: context.facts, ask: false, explanation: &scratch) }),
                let current = level, earlier < current
            {
                explanation.step(
                    "The Manual in force on the offense date gives level \(earlier), lower than \(current); the earlier Manual is used (ex post facto).",
                    Citation("USSG §1B1.11(b)(1); Peugh v. United States, 569 U.S. 530 (2013)"))
                level = earlier
            }
        }
        if context.facts.deathOrSeriousInjury == .yes, let current = level {
            let condition: SpecialBaseOffenseLevel.Condition =
                (context.facts.prior851Count ?? 0) > 0 ? .deathOrSeriousInjuryWithPrior : .deathOrSeriousInjury
            if let special = law.specialBaseOffenseLevels.first(where: { $0.condition == condition && $0.period.contains(date) }),
                special.baseOffenseLevel > current
            {
                explanation.step("Death or serious bodily injury resulted: base offense level \(special.baseOffenseLevel).", special.citation)
                level = special.baseOffenseLevel
            }
        }
        return level
    }

    /// The Drug Quantity Table level after the mitigating-role cap of §2D1.1(a)(5) in force on `date`.
    ///
    /// When the reduction under §3B1.2 is unknown (and no aggravating role was found, which excludes
    /// one) and a rule covers the level, the level is kept as it is and, when `ask` is set (the level
    /// is not settled by a finding at sentencing), the question is asked and the assumption flagged.
    private static func mitigatingRoleCap(_ level: Int, on date: CalendarDate, law: LawLibrary, facts: CaseFacts, ask: Bool,
                                          explanation: inout Explanation) -> Int {
        let rules = law.mitigatingRoleCaps
        guard rules.contains(where: { $0.period.contains(date) && $0.covers(level) }) else { return level }
        let reduction: Int
        if let known = facts.mitigatingRoleReduction {
            reduction = known
        } else if facts.aggravatingRole == .yes {
            reduction = 0
        } else {
            guard ask else { return level }
            explanation.missing("mitigating_role_reduction",
                                "Did the court grant a mitigating-role reduction under USSG §3B1.2 (0 for none, 2 minor participant, 3, or 4 minimal participant)?",
                                affects: "the base offense level (the mitigating-role cap of §2D1.1(a)(5))")
            explanation.flag("assumption", "Whether the court granted a mitigating-role reduction (§3B1.2) is not known; the base offense level assumes none, and would be lower under the cap of §2D1.1(a)(5) if it did.")
            return level
        }
        var result = level
        for step in 1...2 {
            guard let rule = rules.first(where: {
                $0.step == step && $0.period.contains(date) && $0.appliesTo.applies(toReduction: reduction) && $0.covers(result)
            }) else { continue }
            let capped = rule.apply(to: result)
            guard capped != result else { continue }
            explanation.step("Mitigating-role reduction of \(reduction) levels: the Drug Quantity Table level \(result) becomes \(capped).",
                             rule.citation)
            result = capped
        }
        return result
    }

    /// The Drug Quantity Table level of `drugs` (the case's) on `date`, recording into a quiet `explanation`
    /// what the computation records; from the case's memo when an earlier computation in the same drug regime
    /// recorded nothing (its result depends only on the regime then, and computing it again would record nothing).
    private func tableLevel(_ drugs: [DrugQuantity], on date: CalendarDate, explanation: inout Explanation) -> Int? {
        let regime = law.drugRegimeIndex(on: date)
        if let known = context.memo.level(regime: regime) { return known }
        let wasEmpty = explanation.isEmpty
        let level = context.analyzer.drugs.level(for: drugs, on: date, explanation: &explanation)?.level
        if wasEmpty, explanation.isEmpty { context.memo.store(level, regime: regime) }
        return level
    }

    private mutating func currentBase(computedNow: Int?, then: Guidelines?) -> Int? {
        guard let computedNow else {
            if let found = then?.base {
                explanation.missing("drugs", "Which drugs and quantities were attributed at sentencing (e.g. cocaine_base:50g)?",
                                    affects: "the offense level under current law")
                explanation.flag("assumption", "Without drug quantities the current base offense level cannot be recomputed; the level found at sentencing (\(found)) is kept.")
                return found
            }
            return nil
        }
        guard let found = context.facts.baseOffenseLevel, let sentencingDate = context.facts.sentencingDate else { return computedNow }
        let computedThen = levelQuietly(on: sentencingDate)
        if let computedThen, computedThen != found {
            let adjusted = found + (computedNow - computedThen)
            explanation.step(
                "The court found level \(found) where the quantities give \(computedThen); current law keeps the court's finding and applies the change in the table (\(computedNow - computedThen) levels): level \(adjusted).",
                Citation("USSG §1B1.10(b)(1) (substitute only the amended provisions; by analogy)"))
            return adjusted
        }
        return computedNow
    }

    // MARK: Criminal history

    private mutating func criminalHistoryCategory(on date: CalendarDate, current: Bool) -> CriminalHistoryCategory? {
        let rulesDate = criminalHistoryRulesDate ?? asOf
        if context.facts.careerOffender == .yes {
            explanation.step("Career offender: criminal history category VI.", Citation("USSG §4B1.1(b)"))
            return .vi
        }
        guard current else {
            if let found = context.facts.criminalHistoryCategory {
                if let points = context.facts.criminalHistoryPoints, let band = law.category(forPoints: points), band.category != found {
                    explanation.flag("fact_disagreement", "\(criminalHistoryPointsText(points)) give category \(band.category), but category \(found) was found at sentencing; the finding is used.")
                }
                explanation.step(Self.foundCategoryText(found), Citation("USSG §4A1.1 (finding at sentencing)"))
                return found
            }
            if let points = context.facts.criminalHistoryPoints, let row = law.pointsRow(points) {
                explanation.step(row.atSentencingText, row.band.citation)
                return row.band.category
            }
            if let points = context.facts.criminalHistoryPoints, let band = law.category(forPoints: points) {
                explanation.step("\(criminalHistoryPointsText(points)): category \(band.category).", band.citation)
                return band.category
            }
            explanation.missing("criminal_history_category", "What criminal history category (I to VI) did the court find? (If only the points are known, correct criminal_history_points instead.)",
                                affects: "the guideline range")
            return nil
        }
        guard let points = context.facts.criminalHistoryPoints else {
            guard let found = context.facts.criminalHistoryCategory else { return nil }
            let sentencedBeforeRecencyRepeal = context.facts.sentencingDate.map { law.hasCriminalHistoryRule(.recencyPoints, on: $0) } ?? true
            let statusRuleChanged = law.criminalHistoryRuleIndex(.statusPoints, on: rulesDate).map { law.criminalHistoryRules[$0].threshold } ?? 0 > 0
            let recencyRepealed = !law.hasCriminalHistoryRule(.recencyPoints, on: rulesDate)
            if (sentencedBeforeRecencyRepeal && recencyRepealed) || statusRuleChanged {
                explanation.missing("criminal_history_points",
                                    "How many criminal history points were found, and how many of them were recency or status points?",
                                    affects: "the criminal history category under current law (recency points were repealed in 2010; status points cut in 2023)")
                explanation.flag("assumption", "Without the criminal history points, current law keeps category \(found).")
            }
            return found
        }
        var today = points
        let sentencedUnderRecency = context.facts.sentencingDate.map { law.hasCriminalHistoryRule(.recencyPoints, on: $0) } ?? false
        if sentencedUnderRecency, !law.hasCriminalHistoryRule(.recencyPoints, on: rulesDate) {
            if let recency = context.facts.recencyPoints {
                if recency > 0 {
                    today -= recency
                    explanation.step("Recency points no longer exist: \(recency) removed.",
                                     Citation("USSG App. C, Amendment 742 (eff. 2010-11-01)"))
                }
            } else {
                explanation.missing("recency_points", "How many of the criminal history points were recency points (former §4A1.1(e))?",
                                    affects: "the criminal history category under current law")
            }
        }
        if let rule = law.criminalHistoryRule(.statusPoints, on: rulesDate) {
            if let status = context.facts.statusPoints {
                if status > 0 {
                    let others = today - status
                    let newStatus = others >= rule.threshold ? rule.value : 0
                    if newStatus != status {
                        today = others + newStatus
                        explanation.step(
                            "Status points today: \(newStatus) (\(others) other points) instead of \(status).", rule.citation)
                    }
                }
            } else if rule.threshold > 0 {
                explanation.missing("status_points", "How many of the criminal history points were status points (offense committed under a criminal justice sentence)?",
                                    affects: "the criminal history category under current law")
            }
        }
        if let row = law.pointsRow(today) {
            explanation.step(row.currentText, row.band.citation)
            return row.band.category
        }
        guard let band = law.category(forPoints: Swift.max(today, 0)) else { return nil }
        explanation.step("\(criminalHistoryPointsText(today)) under current rules: category \(band.category).", band.citation)
        return band.category
    }

    // MARK: Offense level

    /// The net of specific offense characteristics, Chapter 3 adjustments and acceptance (levels).
    private mutating func netAdjustment(base: Int?, thenTotal: Int?, careerOffender: Bool) -> Int? {
        if let adjustments = context.facts.offenseLevelAdjustments, let acceptance = context.facts.acceptanceReduction {
            return adjustments - acceptance
        }
        if let found = context.facts.totalOffenseLevel, let base = context.facts.baseOffenseLevel ?? base, !careerOffender {
            return found - base
        }
        if let adjustments = context.facts.offenseLevelAdjustments {
            explanation.missing("acceptance_reduction", "Did the defendant receive 0, 2 or 3 levels for acceptance of responsibility?",
                                affects: "the total offense level")
            return adjustments
        }
        return nil
    }

    private mutating func totalOffenseLevel(base: Int?, on date: CalendarDate, statutory: Statutory, current: Bool,
                                            thenTotal: Int?, thenBase: Int?) -> Int? {
        let careerOffender = context.facts.careerOffender == .yes
        let net = netAdjustment(base: current ? thenBase : base, thenTotal: thenTotal, careerOffender: careerOffender)
        var chapterTwoThree: Int?
        if let base, let net {
            chapterTwoThree = base + net
            explanation.step(
                "Base offense level \(base) with net adjustments of \(net >= 0 ? "+" : "")\(net) (offense characteristics, role, acceptance): level \(base + net).",
                Citation("USSG §§1B1.1(a), 2D1.1(b), Ch. 3, 3E1.1"))
        }
        if !current, let found = context.facts.totalOffenseLevel {
            if let chapterTwoThree, !careerOffender, chapterTwoThree != found {
                explanation.flag("fact_disagreement", "The total offense level found at sentencing (\(found)) differs from the recomputed level (\(chapterTwoThree)); the finding is used.")
            }
            explanation.step("Total offense level \(found), as found at sentencing.", Citation("USSG §1B1.1 (finding at sentencing)"))
            return found
        }
        if current, var level = chapterTwoThree {
            if context.facts.criminalHistoryPoints == 0, !careerOffender,
                let rule = law.criminalHistoryRule(.zeroPointOffender, on: criminalHistoryRulesDate ?? date)
            {
                switch context.facts.zeroPointCriteriaMet {
                case .yes:
                    level += rule.value
                    explanation.step("Zero-point offender: \(rule.value) levels, to level \(level).", rule.citation)
                case .unknown:
                    explanation.missing("zero_point_criteria_met",
                                        "With zero criminal history points, does the defendant meet every criterion of USSG §4C1.1 (no violence, firearm, aggravating role, death or serious bodily injury, and the rest)?",
                                        affects: "a two-level reduction under current law")
                case .no: break
                }
            }
            chapterTwoThree = level
        }
        if careerOffender {
            return careerOffenderLevel(chapterTwoThree: chapterTwoThree, on: date, statutory: statutory, current: current)
        }
        if chapterTwoThree == nil {
            if current, let thenTotal, let thenBase, let base {
                // Adjustments unknown: carry the change in the base level through the total found at sentencing.
                let level = thenTotal + (base - thenBase)
                explanation.step("Total offense level \(thenTotal) found at sentencing, changed by the change in the base offense level: \(level).",
                                 Citation("USSG §1B1.10(b)(1) (by analogy)"))
                return level
            }
            explanation.missing("offense_level_adjustments",
                                "What net change in levels did the specific offense characteristics and Chapter 3 adjustments make, not counting acceptance of responsibility (e.g. +2 for a weapon, -2 for a minor role; 0 for none)? (If only the total offense level is known, correct total_offense_level instead.)",
                                affects: "the total offense level")
        }
        return chapterTwoThree
    }

    private mutating func careerOffenderLevel(chapterTwoThree: Int?, on date: CalendarDate, statutory: Statutory, current: Bool) -> Int? {
        // The rows of the edition in force, read in place: the first decides whether § 851 increases count; the
        // highest level whose statutory maximum is reached applies (the first of equal levels).
        let table = law.careerOffenderTable
        guard let first = table.indices.first(where: { table[$0].period.contains(date) }) else {
            explanation.flag("law_data_gap", "The law data has no career offender table for \(date).")
            return current ? nil : context.facts.totalOffenseLevel
        }
        let maximum = table[first].includesRecidivistIncrease ? statutory.maximum : statutory.unenhancedMaximum
        guard let maximum else { return current ? nil : context.facts.totalOffenseLevel }
        var best: Int?
        for index in first..<table.endIndex where table[index].period.contains(date) && maximum >= table[index].statutoryMaximumAtLeast {
            if best.map({ table[$0].offenseLevel < table[index].offenseLevel }) ?? true { best = index }
        }
        guard let best else {
            return chapterTwoThree
        }
        let row = table[best]
        guard let acceptance = context.facts.acceptanceReduction else {
            explanation.missing("acceptance_reduction", "Did the defendant receive 0, 2 or 3 levels for acceptance of responsibility?",
                                affects: "the career offender offense level")
            if !current { return context.facts.totalOffenseLevel }
            return nil
        }
        let tableLevel = row.offenseLevel - acceptance
        explanation.step(
            "Career offender, statutory maximum \(maximum): level \(row.offenseLevel), less \(acceptance) for acceptance: \(tableLevel).",
            row.citation)
        if !current, let found = context.facts.totalOffenseLevel { return found }
        guard let chapterTwoThree else {
            if current {
                explanation.missing("offense_level_adjustments",
                                    "What was the offense level from Chapters Two and Three before the career offender table (base plus adjustments)?",
                                    affects: "whether the career offender table or the drug table sets the level today")
                explanation.flag("assumption", "The career offender table level is used; the Chapter Two and Three level is not known.")
            }
            return tableLevel
        }
        let level = Swift.max(tableLevel, chapterTwoThree)
        explanation.step("The greater of the career offender level and the otherwise applicable level: \(level).", Citation("USSG §4B1.1(b)"))
        return level
    }

    // MARK: Estimate

    private var lifeMonths: Int? { law.lifeSentenceMonths }

    /// "Criminal history category <c>, as found at sentencing." (literals: one per category).
    private static func foundCategoryText(_ category: CriminalHistoryCategory) -> String {
        switch category {
        case .i: return "Criminal history category I, as found at sentencing."
        case .ii: return "Criminal history category II, as found at sentencing."
        case .iii: return "Criminal history category III, as found at sentencing."
        case .iv: return "Criminal history category IV, as found at sentencing."
        case .v: return "Criminal history category V, as found at sentencing."
        case .vi: return "Criminal history category VI, as found at sentencing."
        }
    }

    private mutating func estimateToday(then: Guidelines, now: Guidelines, nowStatutory: Statutory) -> SentenceTerm? {
        guard let imposed = context.facts.sentence else { return nil }
        guard let oldRange = then.range, let newRange = now.range else {
            explanation.flag("incomplete", "The estimate needs the guideline range both at sentencing and today.")
            return nil
        }
        guard let life = lifeMonths else { return nil }
        let estimate = SentenceEstimator.estimate(
            imposed: imposed, originalRange: oldRange, newRange: newRange, minimum: nowStatutory.minimum,
            maximum: nowStatutory.maximum, minimumWaived: context.facts.safetyValve == .yes || context.facts.substantialAssistance == .yes,
            lifeMonths: life)
        explanation.step("Estimated sentence today: \(estimate.term), keeping \(estimate.method).",
                         Citation("Engine convention: the original position in the range and any departure or variance are kept (USSG §1B1.10 comment. (n.3) by analogy)"))
        explanation.flag("assumption", "The estimate keeps the sentence's original position in the guideline range and its departure or variance; a court could impose anything within the statutory range.")
        if let limit = estimate.limitedBy {
            explanation.step(limit.text, limit.citation)
        }
        return estimate.term
    }

    private mutating func reductionMonths(estimate: SentenceTerm?) -> Int? {
        guard let imposed = context.facts.sentence, let estimate, let life = lifeMonths else { return nil }
        if imposed == .life || estimate == .life {
            if imposed == estimate { return 0 }
            let source = law.constant("life_sentence_months")?.citation.text ?? ""
            explanation.flag("life_counted_as_months", "A life sentence is counted as \(life) months to state the difference (\(source)).")
        }
        let difference = (imposed.months ?? life) - (estimate.months ?? life)
        explanation.step(
            difference > 0 ? "The estimate is \(difference) months below the sentence imposed." : "The estimate is not below the sentence imposed.",
            Citation("Difference of the sentence imposed and the estimate"))
        return difference
    }
}

/// `numerator / denominator` rounded half up (both non-negative).
/// "1 criminal history point", "3 criminal history points".
func criminalHistoryPointsText(_ points: Int) -> String {
    points == 1 ? "1 criminal history point" : "\(points) criminal history points"
}

func roundedDivision(_ numerator: Int, _ denominator: Int) -> Int {
    guard denominator != 0 else { return 0 }
    return (2 * numerator + denominator) / (2 * denominator)
}

/// The Drug Quantity Table levels (before the one-book rule and §2D1.1(a)) of one case's drugs under one
/// law, by drug regime, kept only for computations that recorded no missing fact or flag: shared by the
/// case's analyses and recomputations under that law, which meet the same regimes again and again.
final class DrugLevelMemo: @unchecked Sendable {
    private var entries: [(regime: Int, level: Int?)] = []

    init() { entries.reserveCapacity(8) }

    /// The level of a regime (`.some(nil)` when the table gives none), or `nil` when not known.
    func level(regime: Int) -> Int?? {
        for entry in entries where entry.regime == regime { return .some(entry.level) }
        return nil
    }

    /// Keeps the level of a regime.
    func store(_ level: Int?, regime: Int) {
        if self.level(regime: regime) == nil { entries.append((regime, level)) }
    }
}

/// What one case's computations share: its facts, the analyzer, and memoized Drug Quantity Table levels.
final class CaseContext: @unchecked Sendable {
    let facts: CaseFacts
    let analyzer: SentenceAnalyzer
    /// Table levels shared with the case's other computations under the same law.
    let memo: DrugLevelMemo
    /// Drug Quantity Table levels (after the one-book rule and §2D1.1(a)) by drug regime
    /// (`LawLibrary.drugRegimeIndex(on:)`): a case meets a handful of regimes, so a short list is searched.
    private var drugLevels: [(regime: Int, level: Int?)] = []

    init(facts: CaseFacts, analyzer: SentenceAnalyzer, memo: DrugLevelMemo) {
        self.facts = facts
        self.analyzer = analyzer
        self.memo = memo
    }

    /// The memoized level of a regime (`.some(nil)` when it was computed and is unknown), or `nil` when not computed.
    func drugLevel(regime: Int) -> Int?? {
        for entry in drugLevels where entry.regime == regime { return .some(entry.level) }
        return nil
    }

    /// The memoized levels, to start another computation of the case from the same point.
    var drugLevelsSnapshot: [(regime: Int, level: Int?)] { drugLevels }

    /// Replaces the memoized levels with a snapshot.
    func restoreDrugLevels(_ snapshot: [(regime: Int, level: Int?)]) { drugLevels = snapshot }

    /// Memoizes the level of a regime (replacing an earlier one).
    func setDrugLevel(_ level: Int?, regime: Int) {
        if let index = drugLevels.firstIndex(where: { $0.regime == regime }) {
            drugLevels[index].level = level
        } else {
            drugLevels.append((regime, level))
        }
    }
}
