/// The three outcomes of a relief pathway.
public enum Determination: String, Sendable, Hashable, Codable, CaseIterable {
    /// Every criterion is met on the facts given.
    case eligible
    /// At least one criterion is not met.
    case ineligible
    /// No criterion fails, but some cannot be decided without more facts.
    case needsInformation = "needs_information"
}

/// A pathway's answer for one case.
public struct PathwayDetermination: Sendable, Hashable, Codable {
    /// The pathway: `clemency_initiative_2014`, `first_step_act_404`, `guideline_reduction_3582c2`, `proposed_law`.
    public let pathway: String
    /// The variant: the criteria set, the amendment number or the proposed law; empty when none.
    public let variant: String

    /// The pathway key used in lists and stores: `pathway`, or `pathway/variant` when there is a variant.
    public var key: String { variant.isEmpty ? pathway : "\(pathway)/\(variant)" }
    /// The determination.
    public let determination: Determination
    /// Why, criterion by criterion, each with its authority.
    public let reasons: [AnalysisStep]
    /// The facts that would decide a `needs_information` determination, each with its question.
    public let missingFacts: [MissingFact]
    /// The sentence this pathway would lead to, when it computes one (months or life).
    public let estimatedSentence: SentenceTerm?
    /// The earliest date relief could take effect, when the pathway has one.
    public let earliestDate: CalendarDate?

    /// Creates a determination.
    public init(pathway: String, variant: String, determination: Determination, reasons: [AnalysisStep],
                missingFacts: [MissingFact], estimatedSentence: SentenceTerm? = nil, earliestDate: CalendarDate? = nil) {
        self.pathway = pathway
        self.variant = variant
        self.determination = determination
        self.reasons = reasons
        self.missingFacts = missingFacts
        self.estimatedSentence = estimatedSentence
        self.earliestDate = earliestDate
    }

    enum CodingKeys: String, CodingKey {
        case pathway, variant, determination, reasons
        case missingFacts = "missing_facts"
        case estimatedSentence = "estimated_sentence_months"
        case earliestDate = "earliest_date"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(pathway, forKey: .pathway)
        try container.encode(variant, forKey: .variant)
        try container.encode(determination, forKey: .determination)
        try container.encode(reasons, forKey: .reasons)
        try container.encode(missingFacts, forKey: .missingFacts)
        try container.encode(estimatedSentence, forKey: .estimatedSentence)
        try container.encode(earliestDate, forKey: .earliestDate)
    }
}

/// Collects criterion outcomes and folds them into a determination: any failure makes the case
/// ineligible; otherwise any unknown makes it need information; otherwise it is eligible.
struct CriteriaTally {
    /// Whether reason texts are built (a quiet screening keeps only the determinations and missing facts).
    var recording = true
    private(set) var reasons: [AnalysisStep] = []
    private(set) var missing: [MissingFact] = []
    private(set) var failed = false
    private(set) var unknown = false

    mutating func met(_ text: @autoclosure () -> String, _ citation: Citation) {
        if recording { reasons.append(AnalysisStep(text: "Met: \(text())", citation: citation.description)) }
    }

    mutating func fail(_ text: @autoclosure () -> String, _ citation: Citation) {
        failed = true
        if recording { reasons.append(AnalysisStep(text: "Not met: \(text())", citation: citation.description)) }
    }

    mutating func unknown(_ text: @autoclosure () -> String, _ citation: Citation, missing facts: [MissingFact]) {
        unknown = true
        if recording { reasons.append(AnalysisStep(text: "Undecided: \(text())", citation: citation.description)) }
        for fact in facts where !missing.contains(where: { $0.fact == fact.fact }) { missing.append(fact) }
    }

    mutating func note(_ text: @autoclosure () -> String, _ citation: Citation) {
        if recording { reasons.append(AnalysisStep(text: text(), citation: citation.description)) }
    }

    var determination: Determination { failed ? .ineligible : (unknown ? .needsInformation : .eligible) }

    func result(pathway: String, variant: String, estimate: SentenceTerm? = nil, earliest: CalendarDate? = nil) -> PathwayDetermination {
        PathwayDetermination(pathway: pathway, variant: variant, determination: determination, reasons: reasons,
                             missingFacts: failed ? [] : missing, estimatedSentence: estimate, earliestDate: earliest)
    }
}

extension Answer {
    /// The missing-fact entry for an unknown answer to a field.
    static func question(_ field: String, _ question: String, affects: String) -> MissingFact {
        MissingFact(fact: field, question: question, affects: affects)
    }
}
