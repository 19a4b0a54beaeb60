/// The lowest term a court may impose when it reduces a sentence under 18 U.S.C. § 3582(c)(2) after a
/// retroactive guideline amendment.
///
/// The floor is the bottom of the amended guideline range, even when the original sentence was below
/// the original range by departure or variance (§1B1.10(b)(2)(A), since Amendment 759, 2011-11-01).
/// When the original sentence was below the range on a government substantial-assistance motion, a
/// reduction "comparably less" than the amended range is allowed (§1B1.10(b)(2)(B)): the engine keeps
/// the same proportion below the bottom of the range, as the Commission's examples do; and when the
/// court could go below a mandatory minimum on that motion, the amended range is taken before §5G1.1
/// restricts it (§1B1.10(c)). A term may never be reduced below time served (§1B1.10(b)(2)(C)).
///
/// Authority: 18 U.S.C. § 3582(c)(2); USSG §1B1.10(b)(2), (c) and comment. (n.3, n.4) (Nov. 1, 2016).
public enum ReductionFloorCalculator {
    /// The result: the lowest term and why.
    public struct Floor: Sendable, Hashable {
        /// The lowest term the court may impose (months).
        public let months: Int
        /// `true` when the floor is a comparable reduction after substantial assistance.
        public let comparableReduction: Bool
        /// The explanation.
        public let reason: String
        /// The authority.
        public let citation: Citation
    }

    /// The floor of a § 3582(c)(2) reduction.
    ///
    /// - Parameters:
    ///   - originalRangeMinimum: The bottom of the original guideline range, before any departure (months).
    ///   - imposed: The term imposed (months).
    ///   - amendedRangeMinimum: The bottom of the amended range (months); for a substantial-assistance case
    ///     that could go below a mandatory minimum, the Sentencing Table range before §5G1.1.
    ///   - substantialAssistance: Whether the original sentence was reduced on a government motion for
    ///     substantial assistance (§5K1.1, 18 U.S.C. § 3553(e), Rule 35(b)).
    /// - Returns: The floor (never above the term imposed).
    public static func floor(originalRangeMinimum: Int, imposed: Int, amendedRangeMinimum: Int,
                             substantialAssistance: Bool) -> Floor {
        if substantialAssistance, imposed < originalRangeMinimum, originalRangeMinimum > 0 {
            let comparable = roundedDivision(amendedRangeMinimum * imposed, originalRangeMinimum)
            let percent = roundedDivision(100 * (originalRangeMinimum - imposed), originalRangeMinimum)
            return Floor(
                months: Swift.min(comparable, imposed), comparableReduction: true,
                reason: "The original \(imposed) months was about \(percent)% below the bottom of the range (\(originalRangeMinimum)) on a substantial-assistance motion; a comparable reduction is \(comparable) months, the same proportion below the amended minimum of \(amendedRangeMinimum).",
                citation: Citation("USSG §1B1.10(b)(2)(B), (c) and comment. (n.3, n.4(A)) (Nov. 1, 2016)"))
        }
        return Floor(
            months: Swift.min(amendedRangeMinimum, imposed), comparableReduction: false,
            reason: "No reduction below the minimum of the amended guideline range, \(amendedRangeMinimum) months.",
            citation: Citation("USSG §1B1.10(b)(2)(A) and comment. (n.3) (Nov. 1, 2016); Dillon v. United States, 560 U.S. 817 (2010)"))
    }
}
