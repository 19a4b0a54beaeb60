/// One step of an explanation: a plain-language statement and the authority for it.
public struct AnalysisStep: Sendable, Hashable, Codable {
    /// What the engine did or found, in plain language.
    public let text: String
    /// The statute, guideline, case or data row that governs the step.
    public let citation: String

    /// Creates a step.
    public init(text: String, citation: String) {
        self.text = text
        self.citation = citation
    }
}

/// A fact the engine needed and did not have, with the question that would settle it.
public struct MissingFact: Sendable, Hashable, Codable {
    /// The case-format field, e.g. `criminal_history_points`.
    public let fact: String
    /// The question for a screener or lawyer, e.g. "How many criminal history points were found at sentencing?"
    public let question: String
    /// What the answer would decide.
    public let affects: String

    /// Creates a missing fact.
    public init(fact: String, question: String, affects: String) {
        self.fact = fact
        self.question = question
        self.affects = affects
    }
}

/// A warning the reader must see: a disagreement between facts, an assumption, or law data
/// that the reference material marks as unconfirmed.
public struct AnalysisFlag: Sendable, Hashable, Codable {
    /// A stable code, e.g. `fact_disagreement`, `assumption`, `unconfirmed_law`.
    public let code: String
    /// The warning.
    public let text: String

    /// Creates a flag.
    public init(code: String, text: String) {
        self.code = code
        self.text = text
    }
}

/// A guideline range in months; the top (and, at level 43, the bottom) may be life.
public struct GuidelineRange: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The bottom of the range (months, or life at offense level 43).
    public let min: SentenceTerm
    /// The top of the range (months or life).
    public let max: SentenceTerm

    /// Creates a range.
    public init(min: SentenceTerm, max: SentenceTerm) {
        self.min = min
        self.max = max
    }

    /// Creates a range of whole months.
    public init(minMonths: Int, maxMonths: Int) {
        self.init(min: .months(minMonths), max: .months(maxMonths))
    }

    /// "97–121 months", "360 months–life", "life", "120 months".
    public var description: String {
        switch (min, max) {
        case (.life, _): return "life"
        case let (.months(bottom), .months(top)): return bottom == top ? "\(top) months" : "\(bottom)–\(top) months"
        case let (.months(bottom), .life): return "\(bottom) months–life"
        }
    }

    enum CodingKeys: String, CodingKey {
        case min = "min_months"
        case max = "max_months"
    }
}

/// The law applied to a case on one date: the statutory range and the guideline range.
public struct LawComputation: Sendable, Hashable, Codable {
    /// The date whose law was applied (the sentencing date, or the as-of date for current law).
    public let date: CalendarDate?
    /// The penalty statute, e.g. 21 U.S.C. § 841(b)(1)(B).
    public let statute: String?
    /// § 851 prior convictions counted toward the penalty.
    public let priorConvictionsCounted: Int?
    /// The mandatory minimum (months, or life when life is mandatory).
    public let statutoryMinimum: SentenceTerm?
    /// The statutory maximum (months or life).
    public let statutoryMaximum: SentenceTerm?
    /// The base offense level (USSG §2D1.1(a)).
    public let baseOffenseLevel: Int?
    /// The total offense level.
    public let totalOffenseLevel: Int?
    /// The criminal history category.
    public let criminalHistoryCategory: CriminalHistoryCategory?
    /// The guideline range after §5G1.1.
    public let guidelineRange: GuidelineRange?
    /// The Guidelines Manual edition applied.
    public let manualEdition: String?

    /// Creates a computation.
    public init(date: CalendarDate?, statute: String?, priorConvictionsCounted: Int?, statutoryMinimum: SentenceTerm?,
                statutoryMaximum: SentenceTerm?, baseOffenseLevel: Int?, totalOffenseLevel: Int?,
                criminalHistoryCategory: CriminalHistoryCategory?, guidelineRange: GuidelineRange?,
                manualEdition: String?) {
        self.date = date
        self.statute = statute
        self.priorConvictionsCounted = priorConvictionsCounted
        self.statutoryMinimum = statutoryMinimum
        self.statutoryMaximum = statutoryMaximum
        self.baseOffenseLevel = baseOffenseLevel
        self.totalOffenseLevel = totalOffenseLevel
        self.criminalHistoryCategory = criminalHistoryCategory
        self.guidelineRange = guidelineRange
        self.manualEdition = manualEdition
    }

    enum CodingKeys: String, CodingKey {
        case date, statute
        case priorConvictionsCounted = "prior_convictions_counted"
        case statutoryMinimum = "statutory_minimum_months"
        case statutoryMaximum = "statutory_maximum_months"
        case baseOffenseLevel = "base_offense_level"
        case totalOffenseLevel = "total_offense_level"
        case criminalHistoryCategory = "criminal_history_category"
        case guidelineRange = "guideline_range"
        case manualEdition = "manual_edition"
    }

    public func encode(to encoder: any Encoder) throws {
        // Unknown values are written as JSON null, so every key is always present.
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(date, forKey: .date)
        try container.encode(statute, forKey: .statute)
        try container.encode(priorConvictionsCounted, forKey: .priorConvictionsCounted)
        try container.encode(statutoryMinimum, forKey: .statutoryMinimum)
        try container.encode(statutoryMaximum, forKey: .statutoryMaximum)
        try container.encode(baseOffenseLevel, forKey: .baseOffenseLevel)
        try container.encode(totalOffenseLevel, forKey: .totalOffenseLevel)
        try container.encode(criminalHistoryCategory, forKey: .criminalHistoryCategory)
        try container.encode(guidelineRange, forKey: .guidelineRange)
        try container.encode(manualEdition, forKey: .manualEdition)
    }
}

/// The engine's answer for one case: the law then, the law now, the estimated sentence today and
/// the difference, with every step explained.
public struct SentenceAnalysis: Sendable, Hashable, Codable {
    /// The case's identifier.
    public let caseID: String
    /// The date "current law" refers to.
    public let asOf: CalendarDate
    /// The law applied at sentencing.
    public let atSentencing: LawComputation
    /// The law that would apply to the same conduct sentenced on `asOf`.
    public let currentLaw: LawComputation
    /// The sentence imposed (months or life).
    public let sentenceImposed: SentenceTerm?
    /// The estimated sentence under current law (months or life).
    public let estimatedSentenceToday: SentenceTerm?
    /// Months by which the estimate is lower than the sentence imposed (negative if higher). A life
    /// sentence counts as the `life_sentence_months` convention, flagged.
    public let reductionMonths: Int?
    /// The explanation, in order.
    public let steps: [AnalysisStep]
    /// Facts that were missing and would change or complete the result.
    public let missingFacts: [MissingFact]
    /// Assumptions made and warnings.
    public let flags: [AnalysisFlag]
    /// The law-data version used.
    public let ruleVersion: String

    /// Creates an analysis.
    public init(caseID: String, asOf: CalendarDate, atSentencing: LawComputation, currentLaw: LawComputation,
                sentenceImposed: SentenceTerm?, estimatedSentenceToday: SentenceTerm?, reductionMonths: Int?,
                steps: [AnalysisStep], missingFacts: [MissingFact], flags: [AnalysisFlag], ruleVersion: String) {
        self.caseID = caseID
        self.asOf = asOf
        self.atSentencing = atSentencing
        self.currentLaw = currentLaw
        self.sentenceImposed = sentenceImposed
        self.estimatedSentenceToday = estimatedSentenceToday
        self.reductionMonths = reductionMonths
        self.steps = steps
        self.missingFacts = missingFacts
        self.flags = flags
        self.ruleVersion = ruleVersion
    }

    enum CodingKeys: String, CodingKey {
        case caseID = "case_id"
        case asOf = "as_of"
        case atSentencing = "at_sentencing"
        case currentLaw = "current_law"
        case sentenceImposed = "sentence_imposed_months"
        case estimatedSentenceToday = "estimated_sentence_today_months"
        case reductionMonths = "reduction_months"
        case steps
        case missingFacts = "missing_facts"
        case flags
        case ruleVersion = "rule_version"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(caseID, forKey: .caseID)
        try container.encode(asOf, forKey: .asOf)
        try container.encode(atSentencing, forKey: .atSentencing)
        try container.encode(currentLaw, forKey: .currentLaw)
        try container.encode(sentenceImposed, forKey: .sentenceImposed)
        try container.encode(estimatedSentenceToday, forKey: .estimatedSentenceToday)
        try container.encode(reductionMonths, forKey: .reductionMonths)
        try container.encode(steps, forKey: .steps)
        try container.encode(missingFacts, forKey: .missingFacts)
        try container.encode(flags, forKey: .flags)
        try container.encode(ruleVersion, forKey: .ruleVersion)
    }
}
