import Foundation

/// Every law table the engine uses, as one immutable value: the law as data.
///
/// The engine never holds a legal number in code; it reads them from a `LawLibrary`, which
/// `ClemencyLawData` builds from the versioned CSV tables bundled with the product. Each row
/// carries its effective dates and citation. `version` names the data set, so each analysis can
/// say which law it applied.
public final class LawLibrary: Sendable {
    /// The law-data version and content digest, e.g. "2026.11.30 (sha256 1a2b3c4d5e6f)".
    public let version: String
    /// Substances by identifier.
    public let substances: [String: Substance]
    /// Lower-cased names and aliases → substance identifier.
    public let substanceAliases: [String: String]
    /// The Drug Quantity Table, every edition.
    public let drugQuantityTable: DrugQuantityTable
    /// Marihuana-equivalency ratios.
    public let equivalencyRatios: [EquivalencyRatio]
    /// Caps and minimum levels of the equivalency tables.
    public let equivalencyProvisos: [EquivalencyProviso]
    /// The 2007–2010 rules for cocaine base with other drugs.
    public let crackCombinationRules: [CrackCombinationRule]
    /// How marihuana plants convert to weight.
    public let plantConversions: [PlantConversion]
    /// §2D1.1(a) base offense levels for death or serious bodily injury.
    public let specialBaseOffenseLevels: [SpecialBaseOffenseLevel]
    /// The mitigating-role cap rules of §2D1.1(a)(5), in file order.
    public let mitigatingRoleCaps: [MitigatingRoleCap]
    /// The last day whose law the tables were checked against (their release date), or `nil` when not stated.
    public let currentTo: CalendarDate?
    /// Statutory quantity thresholds.
    public let statutoryThresholds: [StatutoryThreshold]
    /// Residual penalty tiers by schedule group.
    public let residualTiers: [ResidualTier]
    /// Statutory penalty ranges.
    public let statutoryPenalties: [StatutoryPenalty]
    /// The Sentencing Table.
    public let sentencingTable: SentencingTable
    /// Criminal history points → category.
    public let criminalHistoryBands: [CriminalHistoryBand]
    /// Dated criminal history scoring rules.
    public let criminalHistoryRules: [CriminalHistoryRule]
    /// The career offender table, every edition.
    public let careerOffenderTable: [CareerOffenderRow]
    /// Manual editions.
    public let manualEditions: [ManualEdition]
    /// Retroactive guideline amendments (§1B1.10(d)).
    public let retroactiveAmendments: [RetroactiveAmendment]
    /// Named constants (conventions and measures).
    public let constants: [String: LawConstant]
    /// Named dates of law (effective dates the relief pathways use).
    public let keyDates: [String: KeyDate]
    /// Good conduct time methods.
    public let goodConductTimeRules: [GoodConductTimeRule]
    /// Clemency criteria sets.
    public let clemencyCriteria: [ClemencyCriterion]
    /// Proposed laws available as what-if scenarios.
    public let proposedLaws: [ProposedLaw]
    /// The BOP cost-of-incarceration fee by fiscal year.
    public let incarcerationCosts: [IncarcerationCost]

    /// Lookup indexes, built once (the engine analyzes hundreds of thousands of cases a second).
    struct PenaltyKey: Hashable {
        let section: PenaltySection
        let tier: PenaltyTier
        let injury: Bool
    }
    struct ThresholdKey: Hashable {
        let section: PenaltySection
        let substance: String
    }
    let penaltiesByKey: [PenaltyKey: [StatutoryPenalty]]
    let thresholdsByKey: [ThresholdKey: [StatutoryThreshold]]
    let ratiosBySubstance: [String: [EquivalencyRatio]]
    let editionStarts: [Int]
    /// Day numbers on which anything the Drug Quantity Table level depends on changed (bands, ratios,
    /// provisos, crack rules, plant rules, §2D1.1(a) levels), sorted.
    let drugRegimeChanges: [Int]
    /// Day numbers on which a criminal history rule changed, sorted.
    let criminalHistoryRegimeChanges: [Int]
    /// "Guidelines Manual: <name>." for each of `manualEditions`, in order (the step text, built once).
    let editionStepTexts: [String]
    /// Penalty rows with their step texts, by `penaltySlot(section:tier:injury:)`.
    let penaltyRowsBySlot: [[PenaltyRow]]
    /// Drug Quantity Table bands with their step texts, by substance and then by drug regime (the index
    /// from `drugRegimeIndex(on:)`): the bands of the substance in force throughout that regime, in table order.
    let bandRowsBySubstance: [String: [RegimeBands]]
    /// The criminal history band and step texts for 0, 1, 2… points (up to the first uncovered count
    /// or `pointsTextLimit`).
    let pointsRows: [PointsRow]
    /// `life_sentence_months`, in whole months, or `nil` when the constant is missing.
    let lifeSentenceMonths: Int?

    /// Creates a library from its tables.
    public init(
        version: String, substances: [Substance], substanceAliases: [String: String],
        drugQuantityTable: DrugQuantityTable, equivalencyRatios: [EquivalencyRatio],
        equivalencyProvisos: [EquivalencyProviso], crackCombinationRules: [CrackCombinationRule],
        plantConversions: [PlantConversion], specialBaseOffenseLevels: [SpecialBaseOffenseLevel],
        statutoryThresholds: [StatutoryThreshold], residualTiers: [ResidualTier],
        statutoryPenalties: [StatutoryPenalty], sentencingTable: SentencingTable,
        criminalHistoryBands: [CriminalHistoryBand], criminalHistoryRules: [CriminalHistoryRule],
        careerOffenderTable: [CareerOffenderRow], manualEditions: [ManualEdition],
        retroactiveAmendments: [RetroactiveAmendment], constants: [LawConstant], keyDates: [KeyDate] = [],
        goodConductTimeRules: [GoodConductTimeRule] = [], clemencyCriteria: [ClemencyCriterion] = [],
        proposedLaws: [ProposedLaw] = [], incarcerationCosts: [IncarcerationCost] = [],
        mitigatingRoleCaps: [MitigatingRoleCap] = [], currentTo: CalendarDate? = nil
    ) {
        self.version = version
        self.substances = Dictionary(substances.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var aliases = substanceAliases
        for substance in substances {
            aliases[substance.id] = substance.id
            aliases[substance.displayName.lowercased()] = aliases[substance.displayName.lowercased()] ?? substance.id
        }
        self.substanceAliases = aliases
        self.drugQuantityTable = drugQuantityTable
        self.equivalencyRatios = equivalencyRatios
        self.equivalencyProvisos = equivalencyProvisos
        self.crackCombinationRules = crackCombinationRules
        self.plantConversions = plantConversions
        self.specialBaseOffenseLevels = specialBaseOffenseLevels
        self.mitigatingRoleCaps = mitigatingRoleCaps
        self.currentTo = currentTo
        self.statutoryThresholds = statutoryThresholds
        self.residualTiers = residualTiers
        self.statutoryPenalties = statutoryPenalties
        self.sentencingTable = sentencingTable
        self.criminalHistoryBands = criminalHistoryBands
        self.criminalHistoryRules = criminalHistoryRules
        self.careerOffenderTable = careerOffenderTable
        self.manualEditions = manualEditions
        self.retroactiveAmendments = retroactiveAmendments
        self.constants = Dictionary(constants.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.keyDates = Dictionary(keyDates.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.goodConductTimeRules = goodConductTimeRules
        self.clemencyCriteria = clemencyCriteria
        self.proposedLaws = proposedLaws
        self.incarcerationCosts = incarcerationCosts.sorted { $0.fiscalYear < $1.fiscalYear }
        penaltiesByKey = Dictionary(grouping: statutoryPenalties) {
            PenaltyKey(section: $0.section, tier: $0.tier, injury: $0.deathOrSeriousInjury)
        }
        thresholdsByKey = Dictionary(grouping: statutoryThresholds) { ThresholdKey(section: $0.section, substance: $0.substance) }
        ratiosBySubstance = Dictionary(grouping: equivalencyRatios, by: \.substance)
        editionStarts = manualEditions.map { $0.period.from?.dayNumber ?? Int.min }
        func changes(_ periods: [EffectivePeriod]) -> [Int] {
            Array(Set(periods.flatMap { period -> [Int] in
                [period.from?.dayNumber, period.through.map { $0.dayNumber + 1 }].compactMap { $0 }
            })).sorted()
        }
        drugRegimeChanges = changes(drugQuantityTable.allBands.map(\.period) + equivalencyRatios.map(\.period)
            + equivalencyProvisos.map(\.period) + crackCombinationRules.map(\.period) + plantConversions.map(\.period)
            + specialBaseOffenseLevels.map(\.period) + mitigatingRoleCaps.map(\.period))
        criminalHistoryRegimeChanges = changes(criminalHistoryRules.map(\.period))

        // Step texts that depend only on a table row, built once here instead of once per case.
        editionStepTexts = manualEditions.map { "Guidelines Manual: \($0.name)." }
        var penaltySlots = [[PenaltyRow]](repeating: [], count: Self.penaltySlotCount)
        for penalty in statutoryPenalties {
            penaltySlots[Self.penaltySlot(section: penalty.section, tier: penalty.tier, injury: penalty.deathOrSeriousInjury)]
                .append(PenaltyRow(penalty))
        }
        penaltyRowsBySlot = penaltySlots
        let substanceTable = self.substances
        func displayName(_ id: String) -> String { id == "marihuana" ? "marihuana" : substanceTable[id]?.displayName ?? id }
        // A regime is a span between two changes, so a band is in force throughout a regime or not at all:
        // one day of each regime tells which.
        let regimeDays = Self.regimeDays(drugRegimeChanges)
        bandRowsBySubstance = drugQuantityTable.bandsBySubstance.mapValues { bands in
            let rows = bands.map { BandRow(band: $0, displayName: displayName($0.substance)) }
            return regimeDays.map { day in
                let date = CalendarDate(dayNumber: day)
                return RegimeBands(rows.filter { $0.band.period.contains(date) })
            }
        }
        var points: [PointsRow] = []
        while points.count < Self.pointsTextLimit,
            let band = criminalHistoryBands.first(where: { [count = points.count] in
                count >= $0.minimumPoints && ($0.maximumPoints.map { count <= $0 } ?? true)
            })
        {
            points.append(PointsRow(points: points.count, band: band))
        }
        pointsRows = points
        lifeSentenceMonths = self.constants["life_sentence_months"].map { Int($0.value.micros / Amount.microsPerUnit) }
    }

    /// How many point counts `pointsRows` covers at most.
    static let pointsTextLimit = 64

    /// The number of penalty slots (section × tier × injury).
    static let penaltySlotCount = 16

    /// The index of a section, tier and injury finding in `penaltyRowsBySlot`.
    static func penaltySlot(section: PenaltySection, tier: PenaltyTier, injury: Bool) -> Int {
        (section == .section841 ? 0 : 8) + (tier.severity - 1) * 2 + (injury ? 1 : 0)
    }

    /// The first day of the period, containing `date`, in which no table behind the Drug Quantity Table
    /// level changed: two dates with the same regime start give the same level for any drugs.
    public func drugRegimeStart(on date: CalendarDate) -> CalendarDate {
        CalendarDate(dayNumber: Self.lastChange(drugRegimeChanges, onOrBefore: date.dayNumber) ?? Int.min / 2)
    }

    /// The first day of the period, containing `date`, in which no criminal history rule changed.
    public func criminalHistoryRegimeStart(on date: CalendarDate) -> CalendarDate {
        CalendarDate(dayNumber: Self.lastChange(criminalHistoryRegimeChanges, onOrBefore: date.dayNumber) ?? Int.min / 2)
    }

    private static func lastChange(_ changes: [Int], onOrBefore day: Int) -> Int? {
        let count = changesOnOrBefore(changes, day: day)
        return count > 0 ? changes[count - 1] : nil
    }

    /// How many of the sorted `changes` fall on or before `day`.
    private static func changesOnOrBefore(_ changes: [Int], day: Int) -> Int {
        var low = 0, high = changes.count
        while low < high {
            let middle = (low + high) / 2
            if changes[middle] <= day { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// One day of each regime delimited by sorted `changes` (regime `i` starts at `changes[i - 1]`; regime 0
    /// is every day before the first change).
    private static func regimeDays(_ changes: [Int]) -> [Int] {
        [(changes.first ?? 1) - 1] + changes
    }

    /// The drug regime holding `date`, numbered from 0 (before any change) to `drugRegimeChanges.count`: two
    /// dates with the same number have the same `drugRegimeStart(on:)` and so the same Drug Quantity Table level.
    func drugRegimeIndex(on date: CalendarDate) -> Int {
        Self.changesOnOrBefore(drugRegimeChanges, day: date.dayNumber)
    }

    /// The penalty rows of a section, tier and injury finding.
    func penalties(section: PenaltySection, tier: PenaltyTier, injury: Bool) -> [StatutoryPenalty] {
        penaltiesByKey[PenaltyKey(section: section, tier: tier, injury: injury)] ?? []
    }

    /// The penalty rows, with their step texts, of a section, tier and injury finding.
    func penaltyRows(section: PenaltySection, tier: PenaltyTier, injury: Bool) -> [PenaltyRow] {
        penaltyRowsBySlot[Self.penaltySlot(section: section, tier: tier, injury: injury)]
    }

    /// The Drug Quantity Table band, with its step text, holding `amount` of `substance` in the Manual
    /// in force on `date` (the same band as `drugQuantityTable.band(for:amount:on:)`).
    func bandRow(for substance: String, amount: Amount, on date: CalendarDate) -> BandRow? {
        bandRow(for: substance, amount: amount, regime: drugRegimeIndex(on: date))
    }

    /// `bandRow(for:amount:on:)` for a date of a drug regime (`drugRegimeIndex(on:)`).
    func bandRow(for substance: String, amount: Amount, regime: Int) -> BandRow? {
        bandRowsBySubstance[substance]?[regime].row(holding: amount)
    }

    /// Whether the Drug Quantity Table has a line for `substance` in a drug regime (`drugRegimeIndex(on:)`).
    func hasBandLine(for substance: String, regime: Int) -> Bool {
        !(bandRowsBySubstance[substance]?[regime].rows.isEmpty ?? true)
    }

    /// The criminal history band and step texts for a number of points, or `nil` when outside the
    /// precomputed counts.
    func pointsRow(_ points: Int) -> PointsRow? {
        points >= 0 && points < pointsRows.count ? pointsRows[points] : nil
    }

    /// The threshold rows of a section and substance.
    func thresholds(section: PenaltySection, substance: String) -> [StatutoryThreshold] {
        thresholdsByKey[ThresholdKey(section: section, substance: substance)] ?? []
    }

    /// A copy with some tables replaced (for what-if scenarios of proposed law).
    ///
    /// - Parameters:
    ///   - version: The version of the copy.
    ///   - statutoryPenalties: Replacement penalty rows, or `nil` to keep.
    ///   - statutoryThresholds: Replacement threshold rows, or `nil` to keep.
    ///   - drugQuantityTable: A replacement table, or `nil` to keep.
    ///   - equivalencyRatios: Replacement ratios, or `nil` to keep.
    public func replacing(version: String, statutoryPenalties: [StatutoryPenalty]? = nil,
                          statutoryThresholds: [StatutoryThreshold]? = nil, drugQuantityTable: DrugQuantityTable? = nil,
                          equivalencyRatios: [EquivalencyRatio]? = nil) -> LawLibrary {
        LawLibrary(
            version: version, substances: Array(substances.values), substanceAliases: substanceAliases,
            drugQuantityTable: drugQuantityTable ?? self.drugQuantityTable,
            equivalencyRatios: equivalencyRatios ?? self.equivalencyRatios, equivalencyProvisos: equivalencyProvisos,
            crackCombinationRules: crackCombinationRules, plantConversions: plantConversions,
            specialBaseOffenseLevels: specialBaseOffenseLevels,
            statutoryThresholds: statutoryThresholds ?? self.statutoryThresholds, residualTiers: residualTiers,
            statutoryPenalties: statutoryPenalties ?? self.statutoryPenalties, sentencingTable: sentencingTable,
            criminalHistoryBands: criminalHistoryBands, criminalHistoryRules: criminalHistoryRules,
            careerOffenderTable: careerOffenderTable, manualEditions: manualEditions,
            retroactiveAmendments: retroactiveAmendments, constants: Array(constants.values),
            keyDates: Array(keyDates.values), goodConductTimeRules: goodConductTimeRules, clemencyCriteria: clemencyCriteria,
            proposedLaws: proposedLaws, incarcerationCosts: incarcerationCosts, mitigatingRoleCaps: mitigatingRoleCaps,
            currentTo: currentTo)
    }

    /// The cost-of-incarceration fee for the fiscal year holding `date`, or the latest published before it.
    public func incarcerationCost(on date: CalendarDate) -> IncarcerationCost? {
        let fiscalYear = date.month >= 10 ? date.year + 1 : date.year
        return incarcerationCosts.last { $0.fiscalYear <= fiscalYear } ?? incarcerationCosts.first
    }

    /// The key date with a name, or `nil`.
    public func keyDate(_ name: String) -> KeyDate? { keyDates[name] }

    /// The substance identifier for a name, identifier or alias (case-insensitive), or `nil`.
    public func substanceID(named name: String) -> String? {
        if let exact = substanceAliases[name] { return exact }
        let key = name.trimmed.lowercased()
        return substanceAliases[key] ?? substanceAliases[String(key.map { $0 == " " ? "_" : $0 })]
    }

    /// The equivalency ratio of a substance on a date, or `nil` when the data has none.
    public func equivalency(of substance: String, on date: CalendarDate) -> EquivalencyRatio? {
        guard let rows = ratiosBySubstance[substance] else { return nil }
        for index in rows.indices where rows[index].period.contains(date) { return rows[index] }
        return nil
    }

    /// The Manual edition in force on a date, or `nil` before the data begins.
    public func edition(on date: CalendarDate) -> ManualEdition? {
        editionIndex(on: date).map { manualEditions[$0] }
    }

    /// The index in `manualEditions` (and `editionStepTexts`) of the edition in force on a date, or `nil`.
    func editionIndex(on date: CalendarDate) -> Int? {
        // Editions are contiguous and in order: the last one starting on or before the date, if it is still in force.
        let day = date.dayNumber
        var low = 0, high = editionStarts.count
        while low < high {
            let middle = (low + high) / 2
            if editionStarts[middle] <= day { low = middle + 1 } else { high = middle }
        }
        guard low > 0, manualEditions[low - 1].period.contains(date) else { return nil }
        return low - 1
    }

    /// The criminal history category for a number of points, or `nil` if the bands do not cover it.
    public func category(forPoints points: Int) -> CriminalHistoryBand? {
        if let row = pointsRow(points) { return row.band }
        return criminalHistoryBands.first { points >= $0.minimumPoints && ($0.maximumPoints.map { points <= $0 } ?? true) }
    }

    /// The criminal history rule of a kind in force on a date, or `nil`.
    public func criminalHistoryRule(_ kind: CriminalHistoryRule.Kind, on date: CalendarDate) -> CriminalHistoryRule? {
        criminalHistoryRuleIndex(kind, on: date).map { criminalHistoryRules[$0] }
    }

    /// The index in `criminalHistoryRules` of `criminalHistoryRule(_:on:)`, or `nil` (no row is copied).
    func criminalHistoryRuleIndex(_ kind: CriminalHistoryRule.Kind, on date: CalendarDate) -> Int? {
        let rules = criminalHistoryRules
        for index in rules.indices where rules[index].kind == kind && rules[index].period.contains(date) { return index }
        return nil
    }

    /// Whether a criminal history rule of a kind is in force on a date.
    func hasCriminalHistoryRule(_ kind: CriminalHistoryRule.Kind, on date: CalendarDate) -> Bool {
        criminalHistoryRuleIndex(kind, on: date) != nil
    }

    /// The constant with a name, or `nil`.
    public func constant(_ name: String) -> LawConstant? { constants[name] }
}

/// A statutory penalty row with the texts of its step, built when the law is loaded.
final class PenaltyRow: Sendable {
    /// The row.
    let penalty: StatutoryPenalty
    /// The step stating the range, for no, one, and two or more § 851 priors counted (index: priors, at most 2).
    let stepTexts: [String]

    init(_ penalty: StatutoryPenalty) {
        self.penalty = penalty
        let statute = StatuteOfConviction(section: penalty.section, tier: penalty.tier)
        let injury = penalty.deathOrSeriousInjury ? " and death or serious bodily injury" : ""
        let minimumText = penalty.minimum == .life ? "mandatory life" : "a mandatory minimum of \(penalty.minimum)"
        stepTexts = ["no § 851 prior", "one § 851 prior", "two or more § 851 priors"].map { priorText in
            "\(statute) with \(priorText)\(injury): \(minimumText) and a maximum of \(penalty.maximum)."
        }
    }
}

/// The bands of one substance in force in one drug regime, in table order, with their bounds side by side
/// (one contiguous array is searched instead of one object per band).
struct RegimeBands: Sendable {
    /// The bands, with their step texts.
    let rows: [BandRow]
    /// `rows[i]`'s least quantity (inclusive) and the quantity where it ends (exclusive; unbounded when `open`), in micros.
    private let bounds: [(atLeast: Int64, lessThan: Int64, open: Bool)]

    init(_ rows: [BandRow]) {
        self.rows = rows
        bounds = rows.map { ($0.band.atLeast.micros, $0.band.lessThan?.micros ?? 0, $0.band.lessThan == nil) }
    }

    /// The first band holding `amount` (as `QuantityBand.contains(_:)` decides), or `nil`.
    func row(holding amount: Amount) -> BandRow? {
        let micros = amount.micros
        for index in bounds.indices where micros >= bounds[index].atLeast && (bounds[index].open || micros < bounds[index].lessThan) {
            return rows[index]
        }
        return nil
    }
}

/// A Drug Quantity Table band with the end of its step text, built when the law is loaded.
final class BandRow: Sendable {
    /// The band.
    let band: QuantityBand
    /// The substance's name as steps print it.
    let displayName: String
    /// What follows the quantity in the band's step: " of <substance> falls in <band>: level <n>."
    let stepSuffix: String

    init(band: QuantityBand, displayName: String) {
        self.band = band
        self.displayName = displayName
        stepSuffix = " of \(displayName) falls in \(band.label): level \(band.baseOffenseLevel)."
    }
}

/// A number of criminal history points, its band and the texts of its steps, built when the law is loaded.
final class PointsRow: Sendable {
    /// The band holding the points.
    let band: CriminalHistoryBand
    /// "<n> criminal history points: category <c>."
    let atSentencingText: String
    /// "<n> criminal history points under current rules: category <c>."
    let currentText: String

    init(points: Int, band: CriminalHistoryBand) {
        self.band = band
        atSentencingText = "\(criminalHistoryPointsText(points)): category \(band.category)."
        currentText = "\(criminalHistoryPointsText(points)) under current rules: category \(band.category)."
    }
}
