/// Reads the Sentencing Table and restricts a range by the statutory minimum and maximum.
///
/// Authority: USSG Ch. 5 Pt. A; USSG §5G1.1 (sentencing on a single count).
public struct GuidelineRangeCalculator: Sendable {
    /// The law data.
    public let law: LawLibrary

    /// Creates a calculator over the law data.
    public init(law: LawLibrary) { self.law = law }

    /// The Sentencing Table cell for a total offense level and category (levels below 1 count as 1,
    /// above 43 as 43), or `nil` when the table in the law data is incomplete.
    public func cell(level: Int, category: CriminalHistoryCategory) -> SentencingTableCell? {
        law.sentencingTable.cell(level: level, category: category)
    }

    /// Applies USSG §5G1.1 to a range.
    ///
    /// (a) a statutory maximum below the range becomes the guideline sentence; (b) a statutory minimum
    /// above the range becomes the guideline sentence; (c) otherwise the range is cut at the minimum
    /// and maximum.
    ///
    /// - Parameters:
    ///   - range: The Sentencing Table range.
    ///   - minimum: The mandatory minimum, or `nil` when it does not bind (safety valve).
    ///   - maximum: The statutory maximum.
    /// - Returns: The restricted range and, when it changed, the subsection applied.
    public static func restrict(_ range: GuidelineRange, minimum: SentenceTerm?, maximum: SentenceTerm?)
        -> (range: GuidelineRange, rule: String?)
    {
        if let maximum, maximum < range.min {
            return (GuidelineRange(min: maximum, max: maximum), "§5G1.1(a)")
        }
        if let minimum, minimum > range.max {
            return (GuidelineRange(min: minimum, max: minimum), "§5G1.1(b)")
        }
        var low = range.min
        var high = range.max
        if let minimum, minimum > low { low = minimum }
        if let maximum, maximum < high { high = maximum }
        let restricted = GuidelineRange(min: low, max: high)
        return (restricted, restricted == range ? nil : "§5G1.1(c)")
    }
}
