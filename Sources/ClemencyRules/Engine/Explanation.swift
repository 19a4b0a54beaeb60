/// Collects the steps, missing facts and flags of an analysis as the engine works.
///
/// A step citing law data that the reference material marks unconfirmed raises an
/// `unconfirmed_law` flag automatically, so no unconfirmed row is used silently.
public struct Explanation: Sendable, Hashable {
    /// The steps so far, in order.
    public private(set) var steps: [AnalysisStep] = []
    /// The missing facts so far, without repeats.
    public private(set) var missingFacts: [MissingFact] = []
    /// The flags so far, without repeats.
    public private(set) var flags: [AnalysisFlag] = []

    /// Creates an empty explanation.
    public init() {}

    /// Records a step and its authority.
    public mutating func step(_ text: String, _ citation: Citation) {
        steps.append(AnalysisStep(text: text, citation: citation.description))
        if !citation.confirmed {
            flag("unconfirmed_law", "Relies on law data not confirmed from a retrieved source: \(citation.text).")
        }
    }

    /// Records a missing fact once (the first question asked for a field is kept).
    public mutating func missing(_ fact: String, _ question: String, affects: String) {
        guard !missingFacts.contains(where: { $0.fact == fact }) else { return }
        missingFacts.append(MissingFact(fact: fact, question: question, affects: affects))
    }

    /// Records a flag once.
    public mutating func flag(_ code: String, _ text: String) {
        let flag = AnalysisFlag(code: code, text: text)
        if !flags.contains(flag) { flags.append(flag) }
    }
}
