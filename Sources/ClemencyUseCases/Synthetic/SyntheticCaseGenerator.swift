import ClemencyRules

/// A small, fast, seedable pseudo-random generator (SplitMix64), so generated populations are
/// reproducible from their seed on every machine.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Generates synthetic federal drug cases for demonstrations, tests and benchmarks.
///
/// Every generated case is marked synthetic in its identifier (`SYN-…`). The mix is weighted toward
/// the cases the product exists for (crack and powder cocaine sentenced 1995–2014), with the other
/// drugs, criminal history categories and § 851 priors in proportions that follow the published
/// figures cited in `docs/synthetic-data.md`.
public struct SyntheticCaseGenerator: Sendable {
    private var random: SeededGenerator

    /// Creates a generator.
    public init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    private mutating func pick<T>(_ weighted: [(T, Int)]) -> T {
        let total = weighted.reduce(0) { $0 + $1.1 }
        var roll = Int.random(in: 0..<total, using: &random)
        for (value, weight) in weighted {
            if roll < weight { return value }
            roll -= weight
        }
        return weighted[weighted.count - 1].0
    }

    /// The next case, numbered `index`.
    public mutating func next(index: Int) -> CaseFacts {
        var facts = CaseFacts(caseID: "SYN-\(String(index + 1))")
        let drug = pick([("cocaine_base", 30), ("cocaine", 25), ("methamphetamine_actual", 15), ("heroin", 10),
                         ("marihuana", 12), ("methamphetamine_mixture", 8)])
        let grams: Int
        switch drug {
        case "cocaine_base": grams = pick([(6, 10), (20, 15), (35, 10), (55, 20), (150, 20), (300, 10), (600, 10), (2_000, 5)])
        case "cocaine": grams = pick([(400, 10), (600, 20), (2_500, 20), (5_500, 25), (20_000, 20), (60_000, 5)])
        case "heroin": grams = pick([(50, 15), (150, 30), (500, 20), (1_200, 25), (5_000, 10)])
        case "marihuana": grams = pick([(40_000, 20), (120_000, 40), (1_200_000, 30), (5_000_000, 10)])
        default: grams = pick([(8, 10), (60, 30), (200, 30), (600, 20), (2_000, 10)])
        }
        facts.drugs = [DrugQuantity(substance: drug, amount: Amount(whole: Int64(grams)), unit: .gram)]
        let year = Int.random(in: 1995...2016, using: &random)
        let month = Int.random(in: 1...12, using: &random)
        let day = Int.random(in: 1...28, using: &random)
        let sentencing = CalendarDate(year: year, month: month, day: day) ?? CalendarDate(dayNumber: 0)
        facts.sentencingDate = sentencing
        facts.offenseDate = sentencing.adding(days: -Int.random(in: 200...900, using: &random))
        facts.custodyStartDate = sentencing.adding(days: -Int.random(in: 0...400, using: &random))
        facts.district = pick([("Eastern District of Virginia", 3), ("Southern District of New York", 2),
                               ("Middle District of Florida", 3), ("Western District of Texas", 3),
                               ("Northern District of Illinois", 2), ("Eastern District of Tennessee", 1)])
        let tier: PenaltyTier = pick([(PenaltyTier.a, 45), (.b, 40), (.c, 15)])
        facts.statute = StatuteOfConviction(section: .section841, tier: tier)
        facts.prior851Count = pick([(0, 75), (1, 18), (2, 7)])
        facts.priorsQualifyToday = pick([(Answer.yes, 1), (.no, 1), (.unknown, 2)])
        facts.deathOrSeriousInjury = .no
        let points = pick([(0, 30), (1, 10), (2, 10), (3, 10), (5, 15), (8, 12), (11, 7), (15, 6)])
        facts.criminalHistoryPoints = points
        facts.recencyPoints = points >= 2 && year < 2010 ? pick([(0, 3), (1, 1), (2, 1)]) : 0
        facts.statusPoints = points >= 3 ? pick([(0, 2), (2, 1)]) : 0
        facts.careerOffender = points >= 8 ? pick([(Answer.yes, 1), (.no, 3)]) : .no
        facts.safetyValve = points <= 1 ? pick([(Answer.yes, 1), (.no, 2)]) : .no
        facts.substantialAssistance = pick([(Answer.yes, 1), (.no, 4)])
        facts.zeroPointCriteriaMet = .unknown
        facts.offenseLevelAdjustments = pick([(0, 50), (2, 30), (4, 15), (-2, 5)])
        facts.acceptanceReduction = pick([(3, 70), (2, 10), (0, 20)])
        facts.sentence = .months(pick([(60, 10), (120, 25), (151, 10), (188, 10), (240, 20), (292, 10), (360, 10)]))
        if facts.prior851Count == 2, tier == .a, year < 2019 { facts.sentence = .life }
        return facts
    }
}
