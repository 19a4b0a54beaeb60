/// The legal authority behind a rule, a table row or a step of an analysis.
///
/// Citations are data: every law-table row carries one, and every step of an analysis repeats the
/// citation of the rows it used, so the web app, the command line and the tests print the same text.
public struct Citation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The authority as a lawyer would write it, e.g. "21 U.S.C. § 841(b)(1)(A) (as amended by the Fair Sentencing Act of 2010, § 2)".
    public let text: String
    /// `false` when the reference material marks the fact as not confirmed from a retrieved source.
    public let confirmed: Bool

    /// Creates a citation.
    public init(_ text: String, confirmed: Bool = true) {
        self.text = text
        self.confirmed = confirmed
    }

    public var description: String { confirmed ? text : "\(text) [UNCONFIRMED]" }
}
