import ClemencyLawData
import ClemencyRules
import Foundation
import Testing

/// SplitMix64: a small deterministic generator, so every run sees the same "random" cases and a failure
/// can be replayed from its seed and index.
private struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private extension SeededGenerator {
    mutating func date(from: String, through: String) -> CalendarDate {
        CalendarDate(dayNumber: Int.random(in: day(from).dayNumber...day(through).dayNumber, using: &self))
    }

    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }

    mutating func answer() -> Answer { [Answer.yes, .no, .unknown].randomElement(using: &self)! }

    /// An amount spread over nine orders of magnitude: 1/1000 to 1,000,000 base units (1 mg to 1,000 kg).
    mutating func amount() -> Amount {
        let exponent = Double.random(in: -3...6, using: &self)
        return Amount(micros: Swift.max(1, Int64(pow(10, exponent) * Double(Amount.microsPerUnit))))
    }
}

/// Properties of the engine over generated inputs (at least several hundred cases each), each a consequence of
/// the law's structure: 21 U.S.C. § 841(b)(1) and USSG §2D1.1(c) are graded by quantity ("or more"), so more
/// drug never lowers the tier, the level or the range; time only accumulates (18 U.S.C. § 3585); USSG §5G1.1
/// and 21 U.S.C. § 841(b) bound any sentence by the statutory range unless 18 U.S.C. § 3553(e)/(f) lifts the
/// minimum; the priority policy rewards overservice.
@Suite("Engine properties over generated cases")
struct PropertyTests {
    static let asOfLimit = "2026-11-30"

    /// Every substance of the law data with its unit, in a stable order.
    static let substances: [(id: String, unit: QuantityUnit)] = law.substances.values.map { ($0.id, $0.unit) }.sorted { $0.id < $1.id }

    /// A pair of quantities of one substance, the second larger: random, or straddling a statutory threshold or a
    /// Drug Quantity Table band boundary of the substance (one microgram below, then exactly at it).
    fileprivate static func increasingPair(_ substance: String, unit: QuantityUnit, using generator: inout SeededGenerator) -> (Amount, Amount) {
        let boundaries = law.statutoryThresholds.filter { $0.substance == substance && $0.unit == unit }.map(\.atLeast)
            + law.drugQuantityTable.allBands.filter { $0.substance == substance && $0.atLeast.micros > 0 }.map(\.atLeast)
        if !boundaries.isEmpty, generator.chance(0.4) {
            let edge = boundaries.randomElement(using: &generator)!
            return (Amount(micros: edge.micros - 1), edge)
        }
        let low = generator.amount()
        let extra = generator.amount()
        return (low, low + extra)
    }

    // MARK: More drug never lowers the tier, the level or the range

    @Test("More of any drug on any date 1995–2026 never lowers the statutory tier or the Drug Quantity Table level (21 U.S.C. § 841(b)(1), § 960(b); USSG §2D1.1(c))")
    func moreDrugTierAndLevel() {
        var generator = SeededGenerator(seed: 0xC1E3_E7C4)
        let statutes = StatutoryRangeCalculator(law: law)
        let table = DrugQuantityCalculator(law: law)
        var tierComparisons = 0
        var levelComparisons = 0
        for index in 0..<3000 {
            let (substance, unit) = Self.substances.randomElement(using: &generator)!
            let date = generator.date(from: "1995-01-01", through: Self.asOfLimit)
            let section: PenaltySection = generator.chance(0.8) ? .section841 : .section960
            let (less, more) = Self.increasingPair(substance, unit: unit, using: &generator)
            let small = DrugQuantity(substance: substance, amount: less, unit: unit)
            let large = DrugQuantity(substance: substance, amount: more, unit: unit)
            let tierSmall = statutes.tier(for: [small], section: section, offenseDate: date, sentencingDate: date)?.tier
            let tierLarge = statutes.tier(for: [large], section: section, offenseDate: date, sentencingDate: date)?.tier
            if let tierSmall {
                tierComparisons += 1
                #expect(tierLarge.map { $0 >= tierSmall } == true, "case \(index): \(small.description) → \(tierSmall), \(large.description) → \(String(describing: tierLarge)) on \(date)")
            }
            var scratch = Explanation(recording: false)
            let levelSmall = table.level(for: [small], on: date, explanation: &scratch)?.level
            let levelLarge = table.level(for: [large], on: date, explanation: &scratch)?.level
            if let levelSmall {
                levelComparisons += 1
                #expect(levelLarge.map { $0 >= levelSmall } == true, "case \(index): \(small.description) → \(levelSmall), \(large.description) → \(String(describing: levelLarge)) on \(date)")
            }
        }
        #expect(tierComparisons >= 1000)
        #expect(levelComparisons >= 1000)
    }

    // Multi-drug cases convert each drug to its marihuana equivalent and add (USSG §2D1.1 comment. (n.8(B))).
    // Excluded: cocaine base with other drugs from 2007-11-01 to 2010-10-31, when Amendment 711's level-dependent
    // crack ratios (e.g. 19.9 g at 16 kg/g but 20 g at 5 kg/g) and Amendment 715's exceptions (no 2-level
    // reduction under 250 mg or at 4.5 kg) made the combined level non-monotone by their own terms (law.md §2.6).
    @Test("More of one drug in a two-drug case never lowers the combined Drug Quantity Table level (USSG §2D1.1 comment. (n.8(B)))")
    func moreDrugInMixture() {
        var generator = SeededGenerator(seed: 0x5EED_0002)
        let table = DrugQuantityCalculator(law: law)
        let crackRulesPeriod = EffectivePeriod(from: day("2007-11-01"), through: day("2010-10-31"))
        var comparisons = 0
        for index in 0..<2000 {
            let first = Self.substances.randomElement(using: &generator)!
            let second = Self.substances.randomElement(using: &generator)!
            guard first.id != second.id else { continue }
            let date = generator.date(from: "1995-01-01", through: Self.asOfLimit)
            if (first.id == "cocaine_base" || second.id == "cocaine_base"), crackRulesPeriod.contains(date) { continue }
            let (less, more) = Self.increasingPair(first.id, unit: first.unit, using: &generator)
            let other = DrugQuantity(substance: second.id, amount: generator.amount(), unit: second.unit)
            var scratch = Explanation(recording: false)
            guard let small = table.level(for: [DrugQuantity(substance: first.id, amount: less, unit: first.unit), other], on: date, explanation: &scratch)?.level
            else { continue }
            let large = table.level(for: [DrugQuantity(substance: first.id, amount: more, unit: first.unit), other], on: date, explanation: &scratch)?.level
            comparisons += 1
            #expect(large.map { $0 >= small } == true, "case \(index): \(first.id) \(less) → \(more) g with \(other.description) on \(date): \(small) → \(String(describing: large))")
        }
        #expect(comparisons >= 500)
    }

    // The exclusion above is the guideline's own arithmetic, not the engine's: Amendment 711 (2007-11-01) converted
    // 19.9 g of crack (level 24) at 16 kg of marihuana a gram but 20 g (level 26) at 5 kg; Amendment 715 (2008-05-01)
    // denied the 2-level reduction below 250 mg (law.md §2.6).
    @Test("The crack combination rules of 2007–2010 are not monotone by their terms (USSG App. C, Amendments 711 and 715)")
    func crackCombinationRulesNotMonotone() {
        // 19.9 g × 16 kg + 100 kg = 418.4 kg → level 28; 20 g × 5 kg + 100 kg = 200 kg → level 26.
        #expect(dqtLevel([drug("cocaine_base", "19.9"), drug("marihuana", "100000")], on: "2008-01-15") == 28)
        #expect(dqtLevel([drug("cocaine_base", "20"), drug("marihuana", "100000")], on: "2008-01-15") == 26)
        // 0.249 g × 20 kg + 1 g cocaine (200 g) = 5.18 kg → level 14, no reduction under 250 mg; 0.25 g: 5.2 kg → 14 − 2 = 12.
        #expect(dqtLevel([drug("cocaine_base", "0.249"), drug("cocaine", "1")], on: "2009-06-01") == 14)
        #expect(dqtLevel([drug("cocaine_base", "0.25"), drug("cocaine", "1")], on: "2009-06-01") == 12)
    }

    /// A random case whose drug quantity is the only thing varied by the caller.
    fileprivate static func randomCase(_ generator: inout SeededGenerator, drug: DrugQuantity, sentencing: CalendarDate) -> CaseFacts {
        var facts = CaseFacts(caseID: "PROPERTY")
        facts.drugs = [drug]
        facts.sentencingDate = sentencing
        facts.offenseDate = sentencing.adding(days: -Int.random(in: 30...1500, using: &generator))
        facts.statute = nil
        facts.prior851Count = Int.random(in: 0...2, using: &generator)
        facts.priorsQualifyToday = generator.answer()
        facts.deathOrSeriousInjury = generator.chance(0.1) ? .yes : .no
        let points = Int.random(in: 0...15, using: &generator)
        facts.criminalHistoryPoints = points
        facts.criminalHistoryCategory = law.category(forPoints: points)?.category
        facts.recencyPoints = Int.random(in: 0...Swift.min(2, points), using: &generator)
        facts.statusPoints = Int.random(in: 0...Swift.min(2, points - (facts.recencyPoints ?? 0)), using: &generator)
        facts.offenseLevelAdjustments = Int.random(in: -6...8, using: &generator)
        facts.acceptanceReduction = [0, 2, 3].randomElement(using: &generator)!
        facts.careerOffender = generator.chance(0.15) ? .yes : .no
        facts.safetyValve = generator.chance(0.15) ? .yes : .no
        facts.substantialAssistance = generator.chance(0.15) ? .yes : .no
        facts.zeroPointCriteriaMet = generator.answer()
        facts.sentence = generator.chance(0.1) ? .life : .months(Int.random(in: 12...480, using: &generator))
        return facts
    }

    static func atLeast(_ lhs: GuidelineRange?, _ rhs: GuidelineRange?) -> Bool? {
        guard let lhs, let rhs else { return nil }
        return lhs.min >= rhs.min && lhs.max >= rhs.max
    }

    @Test("More drug never lowers the guideline range SentenceAnalyzer computes, at sentencing or today (21 U.S.C. § 841(b)(1); USSG §§2D1.1(c), 4B1.1, 5G1.1)")
    func moreDrugRange() {
        var generator = SeededGenerator(seed: 0x5EED_0003)
        let analyzer = SentenceAnalyzer(law: law)
        let common = ["heroin", "cocaine", "cocaine_base", "methamphetamine_mixture", "methamphetamine_actual", "ice", "marihuana",
                      "marihuana_plants", "fentanyl", "fentanyl_analogue", "pcp_mixture", "lsd", "oxycodone_actual", "mdma", "schedule_iv"]
        var comparisons = 0
        for index in 0..<600 {
            let id = generator.chance(0.7) ? common.randomElement(using: &generator)! : Self.substances.randomElement(using: &generator)!.id
            let unit = law.substances[id]?.unit ?? .gram
            let sentencing = generator.date(from: "1995-01-01", through: "2025-12-31")
            let asOf = generator.date(from: sentencing.description, through: Self.asOfLimit)
            let (less, more) = Self.increasingPair(id, unit: unit, using: &generator)
            let small = Self.randomCase(&generator, drug: DrugQuantity(substance: id, amount: less, unit: unit), sentencing: sentencing)
            var large = small
            large.drugs = [DrugQuantity(substance: id, amount: more, unit: unit)]
            let before = analyzer.analyzeQuietly(small, asOf: asOf)
            let after = analyzer.analyzeQuietly(large, asOf: asOf)
            if let then = Self.atLeast(after.atSentencing.guidelineRange, before.atSentencing.guidelineRange) {
                comparisons += 1
                #expect(then, "case \(index): \(id) \(less) → \(more) sentenced \(sentencing): \(String(describing: before.atSentencing.guidelineRange)) → \(String(describing: after.atSentencing.guidelineRange))")
            }
            if let now = Self.atLeast(after.currentLaw.guidelineRange, before.currentLaw.guidelineRange) {
                comparisons += 1
                #expect(now, "case \(index): \(id) \(less) → \(more) as of \(asOf): \(String(describing: before.currentLaw.guidelineRange)) → \(String(describing: after.currentLaw.guidelineRange))")
            }
            if let tierBefore = before.atSentencing.statute, let tierAfter = after.atSentencing.statute {
                let minimumBefore = before.atSentencing.statutoryMinimum ?? .months(0)
                let minimumAfter = after.atSentencing.statutoryMinimum ?? .months(0)
                #expect(minimumAfter >= minimumBefore, "case \(index): \(tierBefore) → \(tierAfter)")
            }
        }
        #expect(comparisons >= 800)
    }

    // MARK: Time only accumulates

    fileprivate static func randomCustody(_ generator: inout SeededGenerator) -> CaseFacts {
        var facts = CaseFacts(caseID: "TIME-PROPERTY")
        let start = generator.date(from: "1990-01-01", through: "2024-12-31")
        facts.custodyStartDate = start
        facts.sentencingDate = start.adding(days: -Int.random(in: 0...60, using: &generator))
        facts.jailCreditDays = generator.chance(0.2) ? nil : Int.random(in: 0...700, using: &generator)
        facts.sentence = generator.chance(0.1) ? .life : .months(Int.random(in: 1...480, using: &generator))
        if generator.chance(0.2) { facts.releaseDate = start.adding(days: Int.random(in: 30...9000, using: &generator)) }
        return facts
    }

    /// Pairs of as-of dates for a random custody, the second later.
    fileprivate static func asOfPairs(_ generator: inout SeededGenerator, start: CalendarDate) -> (CalendarDate, CalendarDate) {
        let first = start.adding(days: Int.random(in: -100...9000, using: &generator))
        return (first, first.adding(days: Int.random(in: 0...4000, using: &generator)))
    }

    static let gctMethodChange = day("2019-07-19")

    @Test("A later as-of date never lowers time served, in days or months (18 U.S.C. § 3585); as-of pairs on one side of 2019-07-19")
    func timeOnlyAccumulates() throws {
        var generator = SeededGenerator(seed: 0x5EED_0004)
        let calculator = TimeServedCalculator(law: law)
        var comparisons = 0
        for index in 0..<2000 {
            let facts = Self.randomCustody(&generator)
            let (early, late) = Self.asOfPairs(&generator, start: try #require(facts.custodyStartDate))
            guard (early < Self.gctMethodChange) == (late < Self.gctMethodChange) else { continue }
            let countCredit = generator.chance(0.7)
            var scratch = Explanation(recording: false)
            guard let first = calculator.compute(facts, asOf: early, countJailCredit: countCredit, explanation: &scratch),
                let second = calculator.compute(facts, asOf: late, countJailCredit: countCredit, explanation: &scratch)
            else { Issue.record("case \(index): a custody start was given but no time served computed"); continue }
            comparisons += 1
            #expect(second.servedDays >= first.servedDays, "case \(index): \(early) \(first.servedDays) days, \(late) \(second.servedDays) days")
            #expect(second.servedMonths >= first.servedMonths, "case \(index)")
            // Once out, never back in.
            if !first.stillServing { #expect(!second.stillServing, "case \(index)") }
        }
        #expect(comparisons >= 800)
    }

    // The same property across 2019-07-19: a term that ended before the First Step Act's credit applied was served
    // under the old method (Barber v. Thomas, 560 U.S. 474 (2010)); re-projecting it with 54 days per year imposed
    // moves a past release date earlier and shrinks the time already served (see TimeServedTests).
    @Test("A later as-of date never lowers time served, across the 2019-07-19 change of good conduct time method (18 U.S.C. § 3585; First Step Act § 102(b)(1))")
    func timeOnlyAccumulatesAcrossMethodChange() throws {
        var generator = SeededGenerator(seed: 0x5EED_0005)
        let calculator = TimeServedCalculator(law: law)
        var comparisons = 0
        var counterexamples: [String] = []
        for _ in 0..<2000 {
            let facts = Self.randomCustody(&generator)
            let early = Self.gctMethodChange.adding(days: -Int.random(in: 1...3000, using: &generator))
            let late = Self.gctMethodChange.adding(days: Int.random(in: 0...3000, using: &generator))
            guard try #require(facts.custodyStartDate) < early else { continue }
            var scratch = Explanation(recording: false)
            guard let first = calculator.compute(facts, asOf: early, countJailCredit: true, explanation: &scratch),
                let second = calculator.compute(facts, asOf: late, countJailCredit: true, explanation: &scratch)
            else { continue }
            comparisons += 1
            if second.servedDays < first.servedDays {
                counterexamples.append("custody \(facts.custodyStartDate!) \(facts.sentence!) : \(early) \(first.servedDays) d, \(late) \(second.servedDays) d")
            }
        }
        #expect(comparisons >= 500)
        #expect(counterexamples.isEmpty, "\(counterexamples.count) counterexamples, e.g. \(counterexamples.prefix(3))")
    }

    // MARK: The estimate stays within the statutory range

    @Test("The estimated sentence today is never above the statutory maximum, nor below the minimum unless the safety valve or substantial assistance applies (21 U.S.C. § 841(b); 18 U.S.C. § 3553(e), (f); USSG §5G1.1)")
    func estimateWithinStatutoryRange() {
        var generator = SeededGenerator(seed: 0x5EED_0006)
        let analyzer = SentenceAnalyzer(law: law)
        let common = ["heroin", "cocaine", "cocaine_base", "methamphetamine_mixture", "methamphetamine_actual", "marihuana", "fentanyl", "pcp_mixture", "lsd"]
        var checked = 0
        var minimumChecked = 0
        for index in 0..<1500 {
            let id = common.randomElement(using: &generator)!
            let sentencing = generator.date(from: "1995-01-01", through: "2025-12-31")
            let asOf = generator.date(from: sentencing.description, through: Self.asOfLimit)
            var facts = Self.randomCase(&generator, drug: DrugQuantity(substance: id, amount: generator.amount(), unit: .gram), sentencing: sentencing)
            if generator.chance(0.5) {
                facts.statute = StatuteOfConviction(section: generator.chance(0.8) ? .section841 : .section960,
                                                    tier: [PenaltyTier.a, .b, .c, .d].randomElement(using: &generator)!)
            }
            let analysis = analyzer.analyzeQuietly(facts, asOf: asOf)
            guard let estimate = analysis.estimatedSentenceToday else { continue }
            checked += 1
            if let maximum = analysis.currentLaw.statutoryMaximum {
                #expect(estimate <= maximum, "case \(index): estimate \(estimate) above the maximum \(maximum)")
            }
            if facts.safetyValve != .yes, facts.substantialAssistance != .yes, let minimum = analysis.currentLaw.statutoryMinimum {
                minimumChecked += 1
                #expect(estimate >= minimum, "case \(index): estimate \(estimate) below the minimum \(minimum)")
            }
        }
        #expect(checked >= 1000)
        #expect(minimumChecked >= 500)
    }

    // MARK: Priority

    @Test("The priority score never drops when overserved months increase, everything else equal (default-policy.json priority weights)")
    func priorityRewardsOverservice() throws {
        var generator = SeededGenerator(seed: 0x5EED_0007)
        let policy = try PolicyData.loadDefault()
        // A screener prepares its what-if laws once; a few as-of dates across the eras serve every case.
        let screeners = ["2015-06-01", "2017-03-01", "2019-06-01", "2020-01-01", "2022-08-01", "2024-03-01", Self.asOfLimit].map {
            Screener(law: law, policy: policy, asOf: day($0))
        }
        var compared = 0
        var increased = 0
        for index in 0..<1500 {
            let sentencing = generator.date(from: "1995-01-01", through: "2012-12-31")
            let screener = screeners.randomElement(using: &generator)!
            let id = ["cocaine_base", "cocaine", "heroin", "methamphetamine_actual"].randomElement(using: &generator)!
            var facts = Self.randomCase(&generator, drug: DrugQuantity(substance: id, amount: generator.amount(), unit: .gram), sentencing: sentencing)
            // Long terms, so that most people are still serving on the as-of date.
            facts.sentence = generator.chance(0.4) ? .life : .months(Int.random(in: 240...480, using: &generator))
            facts.custodyStartDate = sentencing
            facts.jailCreditDays = Int.random(in: 0...200, using: &generator)
            facts.birthYear = Int.random(in: 1950...1990, using: &generator)
            facts.violentOffense = generator.answer()
            facts.goodPrisonConduct = generator.answer()
            facts.historyOfViolence = generator.answer()
            facts.organizationTies = generator.answer()
            facts.aggravatingRole = generator.answer()
            facts.sentenceReducedUnderFairSentencingAct = generator.answer()
            facts.prior404MotionDeniedOnMerits = generator.answer()
            // The same case with more prior custody credit: more time served, so more months overserved.
            var longer = facts
            longer.jailCreditDays = (facts.jailCreditDays ?? 0) + Int.random(in: 31...1500, using: &generator)
            let base = screener.screen(facts, detail: false)
            let more = screener.screen(longer, detail: false)
            guard base.timeServed?.stillServing == true, more.timeServed?.stillServing == true,
                let overservedBefore = base.overservedMonths, let overservedAfter = more.overservedMonths, overservedAfter >= overservedBefore
            else { continue }
            compared += 1
            if overservedAfter > overservedBefore { increased += 1 }
            #expect(more.priority.score >= base.priority.score,
                    "case \(index): overserved \(overservedBefore) → \(overservedAfter), score \(base.priority.score) → \(more.priority.score): \(base.priority.reasons) / \(more.priority.reasons)")
            if overservedBefore == 0, overservedAfter > 0 {
                #expect(more.priority.score - base.priority.score >= policy.priority.overservedBonus, "case \(index): the overservice bonus")
            }
        }
        #expect(compared >= 1000, "compared \(compared)")
        #expect(increased >= 150, "increased \(increased)")
    }
}
