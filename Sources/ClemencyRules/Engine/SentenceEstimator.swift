/// Estimates the sentence a court would impose under a new guideline range by keeping the original
/// sentence's place: its position within the range, or its proportional distance below or above it.
///
/// This is a screening convention, not a rule of law (law.md §4: "same position in range" is
/// UNCONFIRMED as a rule); it mirrors the proportional method of USSG §1B1.10 comment. (n.3). The
/// estimate never goes below the mandatory minimum unless the safety valve or a substantial-assistance
/// motion applied, nor above the statutory maximum.
public enum SentenceEstimator {
    /// The estimate and how it was reached.
    public struct Estimate: Sendable, Hashable {
        /// The estimated term.
        public let term: SentenceTerm
        /// How the position was kept, in words.
        public let method: String
        /// When a statutory limit moved the estimate: the statement and its authority.
        public let limitedBy: (text: String, citation: Citation)?

        public static func == (lhs: Estimate, rhs: Estimate) -> Bool { lhs.term == rhs.term && lhs.method == rhs.method }
        public func hash(into hasher: inout Hasher) {
            hasher.combine(term)
            hasher.combine(method)
        }
    }

    /// Estimates the term under `newRange`.
    ///
    /// - Parameters:
    ///   - imposed: The sentence imposed.
    ///   - originalRange: The guideline range at sentencing (after §5G1.1).
    ///   - newRange: The new guideline range (after §5G1.1).
    ///   - minimum: The mandatory minimum that applies to the new sentence.
    ///   - maximum: The statutory maximum that applies to the new sentence.
    ///   - minimumWaived: Whether the safety valve or a substantial-assistance motion lets the court go below the minimum.
    ///   - lifeMonths: The months a life term counts as inside a range whose top is life.
    /// - Returns: The estimate.
    public static func estimate(imposed: SentenceTerm, originalRange: GuidelineRange, newRange: GuidelineRange,
                                minimum: SentenceTerm?, maximum: SentenceTerm?, minimumWaived: Bool,
                                lifeMonths life: Int) -> Estimate {
        func number(_ term: SentenceTerm) -> Int { term.months ?? life }
        let low = number(originalRange.min), high = number(originalRange.max), sentence = number(imposed)
        let newLow = number(newRange.min), newHigh = number(newRange.max)
        let months: Int
        let method: String
        if sentence < low {
            months = low == 0 ? newLow : roundedDivision(newLow * sentence, low)
            method = "the same proportion below the bottom of the range (\(sentence) of \(low) months)"
        } else if sentence > high {
            months = roundedDivision(newHigh * sentence, high)
            method = "the same proportion above the top of the range"
        } else if high == low {
            months = imposed == .life && newRange.min == .life ? life : newLow
            method = "the bottom of the range (the original range was a single point)"
        } else {
            months = newLow + roundedDivision((sentence - low) * (newHigh - newLow), high - low)
            method = "the same position within the range"
        }
        let reachesLife = newRange.max == .life && (months >= life || (imposed == .life && months >= newHigh))
        var term: SentenceTerm = reachesLife ? .life : .months(months)
        var limit: (String, Citation)?
        if let minimum, !minimumWaived, term < minimum {
            term = minimum
            limit = ("Not below the mandatory minimum: \(minimum).", Citation("21 U.S.C. § 841(b)(1); USSG §5G1.1(b)"))
        }
        if let maximum, term > maximum {
            term = maximum
            limit = ("Not above the statutory maximum: \(maximum).", Citation("USSG §5G1.1(a)"))
        }
        return Estimate(term: term, method: method, limitedBy: limit)
    }
}
