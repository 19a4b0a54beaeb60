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

/// Generates synthetic federal drug cases (no real person) for demonstrations, tests and benchmarks.
///
/// Every case id starts with `SYN-`. The marginals follow the published figures listed, with their
/// sources, in `docs/synthetic-data.md`: the cocaine base share of drug cases by year (24.4% in FY2008,
/// 13.8% in FY2012, USSC), race of crack and of all drug offenders (USSC FY2012), the share convicted
/// of an offense carrying a mandatory minimum (47.9%, FY2015) and average sentences with and without
/// one (124 and 39 months, FY2015). Where no figure was found the weights are the product's own,
/// marked so in that document.
public struct SyntheticCaseGenerator: Sendable {
    private var random: SeededGenerator
    private let statutes: StatutoryRangeCalculator?

    /// Creates a generator.
    ///
    /// - Parameters:
    ///   - seed: The seed; the same seed gives the same population.
    ///   - law: When given, each case's statute is the tier its quantity reached under the law of its
    ///     sentencing date, so that the population is consistent with the law.
    public init(seed: UInt64, law: LawLibrary? = nil) {
        random = SeededGenerator(seed: seed)
        statutes = law.map(StatutoryRangeCalculator.init(law:))
    }

    private mutating func pick<T>(_ weighted: [(T, Int)]) -> T {
        let total = weighted.reduce(0) { $0 + $1.1 }
        var roll = Int.random(in: 0..<total, using: &random)
        for (value, weight) in weighted {
            if roll < weight { return value }
            roll -= weight
        }
        return weighted[weighted.count - 1].0
    }

    private mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    private mutating func answer(yes: Int, no: Int, unknown: Int) -> Answer { pick([(Answer.yes, yes), (.no, no), (.unknown, unknown)]) }

    /// The next case, numbered `index`.
    public mutating func next(index: Int) -> CaseFacts {
        var facts = CaseFacts(caseID: "SYN-\(String(index + 1))")
        let year = Int.random(in: 1995...2016, using: &random)
        // Cocaine base share of drug cases: 24.4% FY2008, 13.8% FY2012 (USSC); earlier years held at the FY2008 share.
        let crackShare = year <= 2008 ? 244 : (year >= 2012 ? 138 : 244 - (year - 2008) * 27)
        let rest = 1000 - crackShare
        let drug = pick([("cocaine_base", crackShare), ("cocaine", rest * 23 / 86), ("methamphetamine_actual", rest * 14 / 86),
                         ("methamphetamine_mixture", rest * 10 / 86), ("marihuana", rest * 26 / 86), ("heroin", rest * 9 / 86),
                         ("fentanyl", rest * 4 / 86)])
        let mandatoryMinimum = chance(48)  // 47.9% of drug offenders, FY2015 (USSC).
        let grams: Int
        switch drug {
        case "cocaine_base": grams = mandatoryMinimum ? pick([(6, 15), (28, 10), (55, 25), (150, 20), (300, 15), (900, 10), (3_000, 5)]) : pick([(2, 50), (4, 50)])
        case "cocaine": grams = mandatoryMinimum ? pick([(600, 30), (2_500, 25), (5_500, 25), (20_000, 15), (60_000, 5)]) : pick([(50, 40), (250, 60)])
        case "heroin": grams = mandatoryMinimum ? pick([(150, 40), (500, 20), (1_200, 30), (5_000, 10)]) : pick([(20, 50), (80, 50)])
        case "fentanyl": grams = mandatoryMinimum ? pick([(50, 50), (450, 50)]) : pick([(10, 50), (30, 50)])
        case "marihuana": grams = mandatoryMinimum ? pick([(120_000, 60), (1_200_000, 40)]) : pick([(20_000, 50), (60_000, 50)])
        case "methamphetamine_actual": grams = mandatoryMinimum ? pick([(8, 10), (60, 40), (200, 30), (1_500, 20)]) : pick([(2, 50), (4, 50)])
        default: grams = mandatoryMinimum ? pick([(60, 30), (600, 50), (2_000, 20)]) : pick([(20, 50), (40, 50)])
        }
        facts.drugs = [DrugQuantity(substance: drug, amount: Amount(whole: Int64(grams)), unit: .gram)]
        let sentencing = CalendarDate(year: year, month: Int.random(in: 1...12, using: &random), day: Int.random(in: 1...28, using: &random))
            ?? CalendarDate(dayNumber: 0)
        facts.sentencingDate = sentencing
        facts.offenseDate = sentencing.adding(days: -Int.random(in: 200...900, using: &random))
        facts.custodyStartDate = sentencing
        facts.jailCreditDays = Int.random(in: 0...400, using: &random)
        facts.district = pick([("Eastern District of Virginia", 3), ("Southern District of New York", 2), ("Middle District of Florida", 3),
                               ("Western District of Texas", 3), ("Northern District of Illinois", 2), ("Eastern District of Tennessee", 1),
                               ("District of South Carolina", 1), ("Western District of Missouri", 1)])
        // Race: crack offenders 82.6% Black; all drug offenders 46.2% Hispanic, 25.9% Black, 25.3% White (USSC FY2012).
        facts.race = drug == "cocaine_base"
            ? pick([("Black", 826), ("Hispanic", 95), ("White", 70), ("Other", 9)])
            : pick([("Hispanic", 462), ("Black", 259), ("White", 253), ("Other", 26)])
        facts.birthYear = year - Int.random(in: 19...55, using: &random)
        // Statute: the tier the quantity reached at sentencing is decided by the engine; the synthetic record states it.
        let tier: PenaltyTier = statutes?.tier(for: facts.drugs ?? [], section: .section841, offenseDate: facts.offenseDate,
                                               sentencingDate: sentencing)?.tier
            ?? (mandatoryMinimum ? pick([(PenaltyTier.a, 45), (.b, 55)]) : .c)
        facts.statute = StatuteOfConviction(section: .section841, tier: tier)
        facts.prior851Count = tier == .a || tier == .b ? pick([(0, 80), (1, 15), (2, 5)]) : 0
        facts.priorsQualifyToday = facts.prior851Count == 0 ? .unknown : answer(yes: 2, no: 1, unknown: 2)
        facts.deathOrSeriousInjury = .no
        let points = pick([(0, 30), (1, 10), (2, 9), (3, 9), (5, 14), (8, 12), (11, 8), (15, 8)])
        facts.criminalHistoryPoints = points
        facts.recencyPoints = points >= 2 && year < 2011 ? pick([(0, 3), (1, 1), (2, 1)]) : 0
        facts.statusPoints = points >= 3 ? pick([(0, 2), (2, 1)]) : 0
        facts.careerOffender = points >= 8 ? pick([(Answer.yes, 1), (.no, 3)]) : .no
        facts.safetyValve = points <= 1 && mandatoryMinimum ? pick([(Answer.yes, 1), (.no, 2)]) : .no
        facts.substantialAssistance = pick([(Answer.yes, 1), (.no, 4)])
        facts.zeroPointCriteriaMet = points == 0 ? answer(yes: 2, no: 1, unknown: 1) : .no
        facts.offenseLevelAdjustments = pick([(0, 50), (2, 30), (4, 15), (-2, 5)])
        facts.acceptanceReduction = pick([(3, 70), (2, 10), (0, 20)])
        // Synthetic assumption (no published marginal is bundled): the net −2 adjustments are minor-role
        // reductions (USSG §3B1.2(b)); every other case had none. Derived, so the random sequence is unchanged.
        facts.mitigatingRoleReduction = facts.offenseLevelAdjustments == -2 ? 2 : 0
        // Synthetic: no earlier § 3582(c)(2) reduction (derived, so the random sequence is unchanged).
        facts.reducedUnderAmendments = []
        // Average sentence 124 months with a mandatory minimum, 39 without (USSC FY2015).
        facts.sentence = .months(mandatoryMinimum ? pick([(60, 15), (120, 30), (151, 12), (188, 12), (240, 16), (292, 8), (360, 7)])
                                                  : pick([(12, 15), (24, 25), (37, 25), (57, 20), (78, 10), (97, 5)]))
        if facts.prior851Count == 2, tier == .a, year < 2019 { facts.sentence = .life }
        facts.violentOffense = answer(yes: 8, no: 70, unknown: 22)
        facts.historyOfViolence = answer(yes: 15, no: 55, unknown: 30)
        facts.organizationTies = answer(yes: 10, no: 55, unknown: 35)
        facts.aggravatingRole = answer(yes: 8, no: 80, unknown: 12)
        facts.goodPrisonConduct = answer(yes: 55, no: 15, unknown: 30)
        facts.threatToPublicSafety = answer(yes: 5, no: 45, unknown: 50)
        facts.sentenceReducedUnderFairSentencingAct = answer(yes: 10, no: 50, unknown: 40)
        facts.prior404MotionDeniedOnMerits = answer(yes: 5, no: 60, unknown: 35)
        return facts
    }
}
