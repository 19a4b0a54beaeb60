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

    /// Whether steps are recorded; a scratch explanation for a side computation skips building their text
    /// (missing facts and flags are always kept).
    public let recording: Bool

    /// Creates an empty explanation.
    ///
    /// - Parameter recording: `false` for a scratch computation whose steps nobody reads.
    public init(recording: Bool = true) { self.recording = recording }

    /// Reserves room for `count` steps when recording (a full analysis records about twenty; growing the
    /// array from empty would copy it four times).
    mutating func reserveSteps(_ count: Int) {
        if recording { steps.reserveCapacity(count) }
    }

    /// Records a step and its authority (the text is built only when recording).
    public mutating func step(_ text: @autoclosure () -> String, _ citation: Citation) {
        guard recording else { return }
        steps.append(AnalysisStep(text: text(), citation: citation.description))
        if !citation.confirmed {
            flag("unconfirmed_law", "Relies on law data not confirmed from a retrieved source: \(citation.text).")
        }
    }

    /// Records a missing fact once (the first question asked for a field is kept).
    public mutating func missing(_ fact: String, _ question: @autoclosure () -> String, affects: @autoclosure () -> String) {
        guard !missingFacts.contains(where: { $0.fact == fact }) else { return }
        missingFacts.append(MissingFact(fact: fact, question: question(), affects: affects()))
    }

    /// Records a flag once.
    public mutating func flag(_ code: String, _ text: @autoclosure () -> String) {
        let flag = AnalysisFlag(code: code, text: text())
        if !flags.contains(flag) { flags.append(flag) }
    }

    /// Adds what a side computation recorded in its own explanation, as if it had recorded it here: its
    /// steps, then its missing facts and flags not recorded yet (each list keeps the first of repeats, so
    /// adding them in order gives what recording them one by one would have given).
    mutating func absorb(_ other: Explanation) {
        if recording { steps += other.steps }
        for fact in other.missingFacts where !missingFacts.contains(where: { $0.fact == fact.fact }) { missingFacts.append(fact) }
        for flag in other.flags where !flags.contains(flag) { flags.append(flag) }
    }

    /// `true` when nothing was recorded: no step, missing fact or flag.
    var isEmpty: Bool { steps.isEmpty && missingFacts.isEmpty && flags.isEmpty }
}
