/// One cell of the Sentencing Table.
///
/// Authority: USSG Ch. 5 Pt. A (Sentencing Table); unchanged for offense levels 9 and above since 1987
/// and in every cell since Amendment 462 (1992-11-01).
public struct SentencingTableCell: Sendable, Hashable {
    /// The total offense level, 1–43.
    public let offenseLevel: Int
    /// The criminal history category.
    public let category: CriminalHistoryCategory
    /// The guideline range of the cell (level 43 is life at both ends).
    public let range: GuidelineRange
    /// Where the row was transcribed from.
    public let citation: Citation

    /// Creates a cell.
    public init(offenseLevel: Int, category: CriminalHistoryCategory, range: GuidelineRange, citation: Citation) {
        self.offenseLevel = offenseLevel
        self.category = category
        self.range = range
        self.citation = citation
    }
}

/// The Sentencing Table: offense level × criminal history category → guideline range.
public struct SentencingTable: Sendable {
    /// The cells by level, then category (see `cellIndex(level:category:)`).
    let cells: [SentencingTableCell]
    /// The lowest and highest offense levels in the table (levels outside are treated as these,
    /// USSG Ch. 5 Pt. A comment. (n.2)).
    public let levels: ClosedRange<Int>

    /// Builds the table; `cells` must hold every level × category.
    public init(cells: [SentencingTableCell]) {
        let sorted = cells.sorted { ($0.offenseLevel, $0.category.rawValue) < ($1.offenseLevel, $1.category.rawValue) }
        self.cells = sorted
        let low = sorted.first?.offenseLevel ?? 1
        self.levels = low...(sorted.last?.offenseLevel ?? low)
        stepTexts = sorted.map { "Sentencing Table, level \($0.offenseLevel), category \($0.category): \($0.range)." }
    }

    /// "Sentencing Table, level <n>, category <c>: <range>." for each cell, in the order of `cells`
    /// (the step text of a level inside the table, built once).
    let stepTexts: [String]

    /// The cell for a level (clamped to the table's levels) and category, or `nil` if the table is incomplete.
    public func cell(level: Int, category: CriminalHistoryCategory) -> SentencingTableCell? {
        cellIndex(level: level, category: category).map { cells[$0] }
    }

    /// The index of the cell for a level (clamped) and category, or `nil` if the table is incomplete.
    func cellIndex(level: Int, category: CriminalHistoryCategory) -> Int? {
        let clamped = Swift.min(Swift.max(level, levels.lowerBound), levels.upperBound)
        let index = (clamped - levels.lowerBound) * 6 + (category.rawValue - 1)
        guard index >= 0, index < cells.count else { return nil }
        return cells[index].offenseLevel == clamped && cells[index].category == category ? index : nil
    }

    /// The cell at an index from `cellIndex(level:category:)`.
    func cell(at index: Int) -> SentencingTableCell { cells[index] }

    /// Every cell, for listings and checks.
    public var allCells: [SentencingTableCell] { cells }
}

/// A band of criminal history points and its category.
///
/// Authority: USSG Ch. 5 Pt. A (Sentencing Table column headings).
public struct CriminalHistoryBand: Sendable, Hashable {
    /// The fewest points in the category.
    public let minimumPoints: Int
    /// The most points in the category, or `nil` for "or more".
    public let maximumPoints: Int?
    /// The category.
    public let category: CriminalHistoryCategory
    /// Where the row was transcribed from.
    public let citation: Citation

    /// Creates a band.
    public init(minimumPoints: Int, maximumPoints: Int?, category: CriminalHistoryCategory, citation: Citation) {
        self.minimumPoints = minimumPoints
        self.maximumPoints = maximumPoints
        self.category = category
        self.citation = citation
    }
}

/// A dated rule of Chapter Four, Part A or C that changed how criminal history is scored.
public struct CriminalHistoryRule: Sendable, Hashable {
    /// The rule.
    public enum Kind: String, Sendable, Hashable {
        /// Recency points (former §4A1.1(e)) were part of the score while this row is in force.
        case recencyPoints = "recency_points"
        /// Status points: `value` points when the defendant has at least `threshold` other points.
        case statusPoints = "status_points"
        /// Zero-point offender adjustment (§4C1.1): `value` levels (negative) for 0 points.
        case zeroPointOffender = "zero_point_offender"
    }
    /// When the rule was in the Manual.
    public let period: EffectivePeriod
    /// The rule.
    public let kind: Kind
    /// Points (or levels) the rule gives.
    public let value: Int
    /// For status points: the fewest other points for them to be added (0 = always).
    public let threshold: Int
    /// Where the row was transcribed from.
    public let citation: Citation

    /// Creates a rule row.
    public init(period: EffectivePeriod, kind: Kind, value: Int, threshold: Int, citation: Citation) {
        self.period = period
        self.kind = kind
        self.value = value
        self.threshold = threshold
        self.citation = citation
    }
}

/// A row of the career offender table: the offense statutory maximum → offense level.
///
/// Authority: USSG §4B1.1(b).
public struct CareerOffenderRow: Sendable, Hashable {
    /// When the row was in the Manual.
    public let period: EffectivePeriod
    /// The least statutory maximum for the row (months; life for the top row).
    public let statutoryMaximumAtLeast: SentenceTerm
    /// The offense level.
    public let offenseLevel: Int
    /// Whether the "offense statutory maximum" counts § 851 recidivist increases in this edition
    /// (excluded by Amendment 506 from 1994-11-01, included again by Amendment 567 from 1997-11-01).
    public let includesRecidivistIncrease: Bool
    /// Where the row was transcribed from.
    public let citation: Citation

    /// Creates a row.
    public init(period: EffectivePeriod, statutoryMaximumAtLeast: SentenceTerm, offenseLevel: Int,
                includesRecidivistIncrease: Bool, citation: Citation) {
        self.period = period
        self.statutoryMaximumAtLeast = statutoryMaximumAtLeast
        self.offenseLevel = offenseLevel
        self.includesRecidivistIncrease = includesRecidivistIncrease
        self.citation = citation
    }
}

/// A Guidelines Manual edition: the Manual in force from a date.
public struct ManualEdition: Sendable, Hashable {
    /// The edition's name, e.g. "November 1, 2014 Guidelines Manual".
    public let name: String
    /// When the edition was in force.
    public let period: EffectivePeriod
    /// The amendments that took effect with it that matter to drug cases.
    public let amendments: String
    /// Where the row was transcribed from.
    public let citation: Citation

    /// Creates an edition row.
    public init(name: String, period: EffectivePeriod, amendments: String, citation: Citation) {
        self.name = name
        self.period = period
        self.amendments = amendments
        self.citation = citation
    }
}

/// A guideline amendment the Commission made retroactive under USSG §1B1.10(d).
public struct RetroactiveAmendment: Sendable, Hashable {
    /// The amendment number, e.g. "782".
    public let amendment: String
    /// The parts made retroactive, e.g. "A and C", or empty for all.
    public let parts: String
    /// The date the amendment took effect.
    public let effectiveDate: CalendarDate
    /// The earliest date a reduction order based on it may take effect.
    public let earliestOrderDate: CalendarDate
    /// What it changed.
    public let subject: String
    /// Where the row was transcribed from.
    public let citation: Citation

    /// Creates a row.
    public init(amendment: String, parts: String, effectiveDate: CalendarDate, earliestOrderDate: CalendarDate,
                subject: String, citation: Citation) {
        self.amendment = amendment
        self.parts = parts
        self.effectiveDate = effectiveDate
        self.earliestOrderDate = earliestOrderDate
        self.subject = subject
        self.citation = citation
    }
}

/// A named value the engine uses that is a convention or a measurement, not a rule
/// (e.g. the months the Sentencing Commission counts a life sentence as, grams in a pound).
public struct LawConstant: Sendable, Hashable {
    /// The constant's name, e.g. `life_sentence_months`.
    public let name: String
    /// The value, in the constant's unit (months, grams).
    public let value: Amount
    /// Where it comes from.
    public let citation: Citation

    /// Creates a constant.
    public init(name: String, value: Amount, citation: Citation) {
        self.name = name
        self.value = value
        self.citation = citation
    }
}
