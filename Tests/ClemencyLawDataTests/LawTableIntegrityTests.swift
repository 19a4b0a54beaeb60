import ClemencyLawData
import ClemencyRules
import Foundation
import Testing

/// Structural checks of the bundled law tables: they load, every row cites its authority, dated rows
/// of one key never overlap, the Drug Quantity Table bands of each edition tile the quantity line,
/// the Manual editions follow each other day after day, and the Sentencing Table is complete.
///
/// A failure here means a table in `Sources/ClemencyLawData/Law/` is malformed, whatever the law says.
@Suite("Law table integrity")
struct LawTableIntegrityTests {
    /// The bundled law, loaded once for the suite.
    static let law: LawLibrary = {
        do { return try LawData.loadBundled() } catch { fatalError("bundled law data failed to load: \(error)") }
    }()

    var law: LawLibrary { Self.law }

    // MARK: Loading

    @Test("The bundled tables load, and every table has rows")
    func bundledTablesLoad() throws {
        let loaded = try LawData.loadBundled()
        #expect(loaded.version.hasPrefix("2026.11.30 (sha256 "))
        for table in LawTable.allCases {
            #expect(!table.citations(in: loaded).isEmpty, "\(table) is empty")
        }
        #expect(!loaded.substances.isEmpty)
    }

    @Test("Loading twice gives the same version and content digest")
    func loadingIsDeterministic() throws {
        #expect(try LawData.loadBundled().version == law.version)
    }

    // MARK: Citations

    /// Every table of `LawLibrary` whose rows carry a citation.
    enum LawTable: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case drugQuantityTable, equivalencyRatios, equivalencyProvisos, crackCombinationRules, plantConversions
        case specialBaseOffenseLevels, statutoryThresholds, residualTiers, statutoryPenalties, sentencingTable
        case criminalHistoryBands, criminalHistoryRules, careerOffenderTable, manualEditions, retroactiveAmendments
        case constants, keyDates, goodConductTimeRules, clemencyCriteria, proposedLaws, proposedLawPenalties

        var testDescription: String { rawValue }

        func citations(in law: LawLibrary) -> [Citation] {
            switch self {
            case .drugQuantityTable: return law.drugQuantityTable.allBands.map(\.citation)
            case .equivalencyRatios: return law.equivalencyRatios.map(\.citation)
            case .equivalencyProvisos: return law.equivalencyProvisos.map(\.citation)
            case .crackCombinationRules: return law.crackCombinationRules.map(\.citation)
            case .plantConversions: return law.plantConversions.map(\.citation)
            case .specialBaseOffenseLevels: return law.specialBaseOffenseLevels.map(\.citation)
            case .statutoryThresholds: return law.statutoryThresholds.map(\.citation)
            case .residualTiers: return law.residualTiers.map(\.citation)
            case .statutoryPenalties: return law.statutoryPenalties.map(\.citation)
            case .sentencingTable: return law.sentencingTable.allCells.map(\.citation)
            case .criminalHistoryBands: return law.criminalHistoryBands.map(\.citation)
            case .criminalHistoryRules: return law.criminalHistoryRules.map(\.citation)
            case .careerOffenderTable: return law.careerOffenderTable.map(\.citation)
            case .manualEditions: return law.manualEditions.map(\.citation)
            case .retroactiveAmendments: return law.retroactiveAmendments.map(\.citation)
            case .constants: return law.constants.values.map(\.citation)
            case .keyDates: return law.keyDates.values.map(\.citation)
            case .goodConductTimeRules: return law.goodConductTimeRules.map(\.citation)
            case .clemencyCriteria: return law.clemencyCriteria.map(\.citation)
            case .proposedLaws: return law.proposedLaws.map(\.citation)
            case .proposedLawPenalties: return law.proposedLaws.flatMap(\.penalties).map(\.citation)
            }
        }
    }

    @Test("Every row of every table has a non-empty citation", arguments: LawTable.allCases)
    func everyRowCitesItsSource(_ table: LawTable) {
        let citations = table.citations(in: law)
        #expect(!citations.isEmpty)
        let blank = citations.filter { $0.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        #expect(blank.isEmpty, "\(blank.count) row(s) of \(table) have no citation")
    }

    // MARK: Drug Quantity Table (USSG §2D1.1(c))

    /// Every substance with a line in the Drug Quantity Table.
    static let dqtSubstances: [String] = Array(Set(law.drugQuantityTable.allBands.map(\.substance))).sorted()

    /// The bands of one substance grouped by edition (period), oldest first.
    func editions(of substance: String) -> [(period: EffectivePeriod, bands: [QuantityBand])] {
        let bands = law.drugQuantityTable.allBands.filter { $0.substance == substance }
        let grouped = Dictionary(grouping: bands, by: \.period)
        return grouped.keys.sorted { dayNumber($0.from, ifNil: Int.min) < dayNumber($1.from, ifNil: Int.min) }
            .map { ($0, grouped[$0]!.sorted { $0.baseOffenseLevel < $1.baseOffenseLevel }) }
    }

    // USSG §2D1.1(c) (every edition since Amdt 505, 1994-11-01): each line of the table runs from "less
    // than" the lowest quantity up to an open-ended top band ("X or more"), with each level's "at least"
    // equal to the "less than" of the level below and levels two apart (law.md §2.2–§2.5).
    @Test("Drug Quantity Table bands of each edition are contiguous, open at both ends, and step by 2 levels",
          arguments: dqtSubstances)
    func bandsTileTheQuantityLine(_ substance: String) {
        let byEdition = editions(of: substance)
        #expect(!byEdition.isEmpty)
        for (period, bands) in byEdition {
            let label = "\(substance) \(period.description)"
            #expect(bands.count >= 2, "\(label): fewer than two bands")
            guard let lowest = bands.first, let highest = bands.last else { continue }
            #expect(lowest.atLeast == .zero, "\(label): the lowest band (level \(lowest.baseOffenseLevel)) starts at \(lowest.atLeast), not 0")
            #expect(highest.lessThan == nil, "\(label): the top band (level \(highest.baseOffenseLevel)) is not open-ended")
            for (lower, upper) in zip(bands, bands.dropFirst()) {
                #expect(upper.baseOffenseLevel - lower.baseOffenseLevel == 2,
                        "\(label): level \(lower.baseOffenseLevel) is followed by \(upper.baseOffenseLevel)")
                #expect(lower.lessThan == upper.atLeast,
                        "\(label): level \(lower.baseOffenseLevel) ends below \(lower.lessThan.map(\.description) ?? "nothing") but level \(upper.baseOffenseLevel) starts at \(upper.atLeast)")
                if let end = lower.lessThan { #expect(lower.atLeast < end, "\(label): level \(lower.baseOffenseLevel) is empty") }
            }
            // Every band of one edition carries one amendment number.
            #expect(Set(bands.map(\.amendment)).count == 1, "\(label): bands cite different amendments")
        }
    }

    // Only one edition of the table is in force on any day (USSG §1B1.11(a): one Manual applies).
    @Test("The editions of one substance's Drug Quantity Table line do not overlap and leave no gap",
          arguments: dqtSubstances)
    func substanceEditionsDoNotOverlap(_ substance: String) {
        let periods = editions(of: substance).map(\.period)
        for (index, first) in periods.enumerated() {
            for second in periods[(index + 1)...] {
                #expect(!overlaps(first, second), "\(substance): \(first.description) overlaps \(second.description)")
            }
        }
        for (earlier, later) in zip(periods, periods.dropFirst()) {
            #expect(earlier.through.map { $0.adding(days: 1) } == later.from,
                    "\(substance): \(earlier.description) is not followed the next day by \(later.description)")
        }
        #expect(periods.last?.through == nil, "\(substance): the newest edition of the line should still be in force")
    }

    // MARK: Statutory tables (21 U.S.C. § 841(b), § 960(b))

    // One penalty range per section, tier, prior count and injury finding on any sentencing date
    // (law.md §1.2: Era I before 2018-12-21, Era II from then).
    @Test("Statutory penalty rows do not overlap for the same section, tier, priors and injury finding")
    func penaltyRowsDoNotOverlap() {
        let grouped = Dictionary(grouping: law.statutoryPenalties) {
            "\($0.section.rawValue) \($0.tier.rawValue) priors=\($0.priorConvictions) death=\($0.deathOrSeriousInjury)"
        }
        // § 841: (A) 0, 1, 2 priors and death/SBI 0, 1 = 5 keys; (B) and (C) 4 each; (D) 2 = 15. § 960: the same but
        // (b)(1) has no two-prior tier in either era (law.md §1.2) = 14. Together 29.
        #expect(grouped.count == 29)
        for (key, rows) in grouped {
            for (index, first) in rows.enumerated() {
                for second in rows[(index + 1)...] {
                    #expect(!overlaps(first.period, second.period), "\(key): \(first.period.description) overlaps \(second.period.description)")
                }
            }
        }
    }

    // Each key's rows cover every sentencing date from the start of the data on (no date without a penalty).
    @Test("Every penalty key without an injury finding has a row on each side of the First Step Act (2018-12-21)")
    func penaltyRowsCoverBothEras() {
        let calculator = StatutoryRangeCalculator(law: law)
        for section in PenaltySection.allCases {
            for tier in PenaltyTier.allCases {
                for date in ["2018-12-20", "2018-12-21"] {
                    #expect(calculator.penalty(section: section, tier: tier, priorConvictions: 0, deathOrSeriousInjury: false,
                                               sentencingDate: CalendarDate(iso: date)!) != nil,
                            "no penalty row for § \(section.rawValue) (\(tier.rawValue)) on \(date)")
                }
            }
        }
    }

    // One quantity threshold per section, tier, substance and unit on any date (law.md §1.1).
    @Test("Statutory threshold rows do not overlap for the same section, tier, substance and unit")
    func thresholdRowsDoNotOverlap() {
        let grouped = Dictionary(grouping: law.statutoryThresholds) {
            "\($0.section.rawValue) \($0.tier.rawValue) \($0.substance) \($0.unit.rawValue)"
        }
        for (key, rows) in grouped {
            #expect(Set(rows.map(\.dateBasis)).count == 1, "\(key): rows compare different dates")
            for (index, first) in rows.enumerated() {
                for second in rows[(index + 1)...] {
                    #expect(!overlaps(first.period, second.period), "\(key): \(first.period.description) overlaps \(second.period.description)")
                }
            }
        }
    }

    // §841(b)(1)(A) quantities are ten times the (B) quantities for every substance (law.md §1.1), so
    // on any date the (A) threshold must exceed the (B) threshold of the same substance.
    @Test("On any date the (A) threshold of a substance is above its (B) threshold, and (B) above (C)")
    func thresholdsRiseWithTier() {
        let dates = ["1998-10-20", "1998-10-21", "2010-08-02", "2010-08-03", "2020-01-01"].compactMap { CalendarDate(iso: $0) }
        for date in dates {
            let inForce = law.statutoryThresholds.filter { $0.period.contains(date) }
            let grouped = Dictionary(grouping: inForce) { "\($0.section.rawValue) \($0.substance) \($0.unit.rawValue)" }
            for (key, rows) in grouped {
                let byTier = Dictionary(grouping: rows, by: \.tier).mapValues { $0.map(\.atLeast) }
                for (higher, lower) in [(PenaltyTier.a, PenaltyTier.b), (.b, .c)] {
                    guard let high = byTier[higher]?.first, let low = byTier[lower]?.first else { continue }
                    #expect(high > low, "\(key) on \(date): (\(higher.rawValue)) at \(high) is not above (\(lower.rawValue)) at \(low)")
                }
            }
        }
    }

    // MARK: Other dated tables

    @Test("Equivalency ratios, career offender rows, criminal history rules and crack rules do not overlap per key")
    func otherDatedRowsDoNotOverlap() {
        func check<Row>(_ name: String, _ rows: [Row], key: (Row) -> String, period: (Row) -> EffectivePeriod) {
            for (key, group) in Dictionary(grouping: rows, by: key) {
                for (index, first) in group.enumerated() {
                    for second in group[(index + 1)...] {
                        #expect(!overlaps(period(first), period(second)),
                                "\(name) \(key): \(period(first).description) overlaps \(period(second).description)")
                    }
                }
            }
        }
        check("equivalency", law.equivalencyRatios, key: { "\($0.substance) \($0.unit.rawValue)" }, period: \.period)
        check("career offender", law.careerOffenderTable, key: { "\($0.statutoryMaximumAtLeast)" }, period: \.period)
        check("criminal history rule", law.criminalHistoryRules, key: { $0.kind.rawValue }, period: \.period)
        check("crack rule", law.crackCombinationRules, key: { "\($0.method.rawValue) \($0.crackBaseOffenseLevel ?? -1)" }, period: \.period)
        check("plant conversion", law.plantConversions, key: { "\($0.minimumPlants)" }, period: \.period)
        check("special base level", law.specialBaseOffenseLevels, key: { $0.condition.rawValue }, period: \.period)
        check("proviso", law.equivalencyProvisos, key: { "\($0.rule.rawValue) \($0.scheduleGroups.sorted())" }, period: \.period)
    }

    // USSG Ch. 5 Pt. A column headings: 0–1, 2–3, 4–6, 7–9, 10–12, 13 or more points (law.md §3.2).
    @Test("Criminal history point bands run from 0 without gaps to an open-ended Category VI")
    func criminalHistoryBandsAreContiguous() {
        let bands = law.criminalHistoryBands.sorted { $0.minimumPoints < $1.minimumPoints }
        #expect(bands.map(\.category) == CriminalHistoryCategory.allCases)
        #expect(bands.first?.minimumPoints == 0)
        #expect(bands.last?.maximumPoints == nil)
        for (lower, upper) in zip(bands, bands.dropFirst()) {
            #expect(lower.maximumPoints.map { $0 + 1 } == upper.minimumPoints)
        }
    }

    // MARK: Manual editions

    // A new Guidelines Manual takes effect each November 1 (law.md §2.1); the May 1, 2008 amendment
    // (Amdt 715) makes a mid-year edition. Every day from 1994-11-01 on falls in exactly one edition.
    @Test("Manual editions are contiguous day to day, from 1994-11-01, with the newest still in force")
    func manualEditionsAreContiguous() {
        let editions = law.manualEditions.sorted { dayNumber($0.period.from, ifNil: Int.min) < dayNumber($1.period.from, ifNil: Int.min) }
        #expect(editions.count >= 30)
        #expect(editions.first?.period.from == CalendarDate(iso: "1994-11-01"))
        #expect(editions.last?.period.through == nil)
        for (earlier, later) in zip(editions, editions.dropFirst()) {
            #expect(earlier.period.through != nil, "\(earlier.name) is open-ended but is not the newest")
            #expect(earlier.period.through.map { $0.adding(days: 1) } == later.period.from,
                    "\(earlier.name) ends \(earlier.period.through.map(\.description) ?? "never"); \(later.name) starts \(later.period.from.map(\.description) ?? "-")")
            if let from = earlier.period.from, let through = earlier.period.through { #expect(from <= through) }
        }
        #expect(Set(editions.map(\.name)).count == editions.count, "edition names repeat")
    }

    @Test("Every day from 1994-11-01 to 2026-10-31 has exactly one Manual edition in force")
    func exactlyOneEditionPerDay() {
        guard let first = CalendarDate(iso: "1994-11-01"), let last = CalendarDate(iso: "2026-10-31") else {
            Issue.record("bad dates")
            return
        }
        var missing: [CalendarDate] = []
        var doubled: [CalendarDate] = []
        for number in first.dayNumber...last.dayNumber {
            let date = CalendarDate(dayNumber: number)
            let count = law.manualEditions.filter { $0.period.contains(date) }.count
            if count == 0 { missing.append(date) }
            if count > 1 { doubled.append(date) }
        }
        #expect(missing.isEmpty, "no edition on \(missing.prefix(3).map(\.description))")
        #expect(doubled.isEmpty, "several editions on \(doubled.prefix(3).map(\.description))")
    }

    // MARK: Sentencing Table (USSG Ch. 5 Pt. A)

    @Test("The Sentencing Table has 43 offense levels × 6 criminal history categories = 258 cells, each once")
    func sentencingTableIsComplete() {
        let cells = law.sentencingTable.allCells
        #expect(cells.count == 43 * 6)
        #expect(law.sentencingTable.levels == 1...43)
        let keys = Set(cells.map { "\($0.offenseLevel)/\($0.category)" })
        #expect(keys.count == 258)
        let calculator = GuidelineRangeCalculator(law: law)
        for level in 1...43 {
            for category in CriminalHistoryCategory.allCases {
                let cell = calculator.cell(level: level, category: category)
                #expect(cell?.offenseLevel == level && cell?.category == category, "no cell for \(level)/\(category)")
            }
        }
    }

    // Ranges never fall as the offense level or the criminal history category rises (USSG Ch. 5 Pt. A),
    // and each range obeys 28 U.S.C. § 994(b)(2): the top may exceed the bottom by no more than the
    // greater of 25 percent or 6 months (life tops excepted).
    @Test("Sentencing Table ranges rise with level and category and obey the 25%-or-6-months rule of 28 U.S.C. § 994(b)(2)")
    func sentencingTableIsMonotoneAndNarrow() {
        let calculator = GuidelineRangeCalculator(law: law)
        for level in 1...43 {
            for category in CriminalHistoryCategory.allCases {
                guard let cell = calculator.cell(level: level, category: category) else {
                    Issue.record("missing \(level)/\(category)")
                    continue
                }
                #expect(cell.range.min <= cell.range.max, "\(level)/\(category)")
                if level < 43, let above = calculator.cell(level: level + 1, category: category) {
                    #expect(cell.range.min <= above.range.min && cell.range.max <= above.range.max, "\(level)/\(category) vs level \(level + 1)")
                }
                if category < .vi, let right = calculator.cell(level: level, category: CriminalHistoryCategory(rawValue: category.rawValue + 1)!) {
                    #expect(cell.range.min <= right.range.min && cell.range.max <= right.range.max, "\(level)/\(category) vs next category")
                }
                if case .months(let bottom) = cell.range.min, case .months(let top) = cell.range.max {
                    #expect(top * 4 <= bottom * 5 || top <= bottom + 6, "\(level)/\(category): \(bottom)–\(top) is wider than § 994(b)(2) allows")
                }
            }
        }
    }

    // MARK: Helpers

    func dayNumber(_ date: CalendarDate?, ifNil value: Int) -> Int { date?.dayNumber ?? value }

    /// `true` when two periods share at least one day (open ends are unbounded).
    func overlaps(_ first: EffectivePeriod, _ second: EffectivePeriod) -> Bool {
        dayNumber(first.from, ifNil: Int.min) <= dayNumber(second.through, ifNil: Int.max)
            && dayNumber(second.from, ifNil: Int.min) <= dayNumber(first.through, ifNil: Int.max)
    }
}
