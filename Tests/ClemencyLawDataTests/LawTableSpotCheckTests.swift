import ClemencyLawData
import ClemencyRules
import Foundation
import Testing

/// Spot checks of every bundled law table against the project's legal reference,
/// `/work/shared/reference/law.md` (cited below as "law.md §n"), run through the engine's public API.
///
/// Each expected value is transcribed from law.md, which cites the statute, the Guidelines Manual
/// edition or the Appendix C amendment it comes from; the test names repeat that authority. When a
/// test here fails, the law data (or the engine reading it) disagrees with the reference.
@Suite("Law table spot checks against law.md")
struct LawTableSpotCheckTests {
    static let law: LawLibrary = {
        do { return try LawData.loadBundled() } catch { fatalError("bundled law data failed to load: \(error)") }
    }()

    var law: LawLibrary { Self.law }

    // MARK: Helpers

    static func date(_ text: String) -> CalendarDate {
        guard let date = CalendarDate(iso: text) else { fatalError("bad test date \(text)") }
        return date
    }

    static func amount(_ text: String) -> Amount {
        guard let amount = Amount(decimal: text) else { fatalError("bad test amount \(text)") }
        return amount
    }

    /// The statutory tier `amount` of `substance` triggers.
    func tier(_ substance: String, _ quantity: String, unit: QuantityUnit = .gram, section: PenaltySection = .section841,
              offense: String?, sentenced: String) -> PenaltyTier? {
        StatutoryRangeCalculator(law: law).tier(
            for: [DrugQuantity(substance: substance, amount: Self.amount(quantity), unit: unit)], section: section,
            offenseDate: offense.map(Self.date), sentencingDate: Self.date(sentenced))?.tier
    }

    /// The penalty range "min–max" for a tier and prior count on a sentencing date.
    func penalty(_ tier: PenaltyTier, priors: Int, death: Bool = false, section: PenaltySection = .section841,
                 sentenced: String) -> String? {
        StatutoryRangeCalculator(law: law).penalty(
            section: section, tier: tier, priorConvictions: priors, deathOrSeriousInjury: death,
            sentencingDate: Self.date(sentenced)).map { "\($0.minimum)–\($0.maximum)" }
    }

    /// The Drug Quantity Table level computed by the engine for drugs on a date.
    func level(_ drugs: [DrugQuantity], on date: String) -> Int? {
        var explanation = Explanation()
        return DrugQuantityCalculator(law: law).level(for: drugs, on: Self.date(date), explanation: &explanation)?.level
    }

    func grams(_ substance: String, _ quantity: String) -> DrugQuantity {
        DrugQuantity(substance: substance, amount: Self.amount(quantity), unit: .gram)
    }

    // MARK: 1. Statutory thresholds, cocaine base (law.md §1.1, §1.4, §8)

    struct ThresholdCase: Sendable, CustomTestStringConvertible {
        let grams: String
        let sentenced: String
        let expected: PenaltyTier
        var testDescription: String { "\(grams) g cocaine base sentenced \(sentenced) → (\(expected.rawValue))" }
    }

    // 21 U.S.C. § 841(b)(1)(A)(iii), (B)(iii): 50 g / 5 g for sentences imposed before 2010-08-03; 280 g / 28 g
    // from then, by the Fair Sentencing Act of 2010, § 2 (Pub. L. 111-220), applied to every sentencing on or
    // after 2010-08-03 whatever the offense date (Dorsey v. United States, 567 U.S. 260 (2012)). law.md §1.1, §1.4.
    static let crackThresholdCases: [ThresholdCase] = [
        // Sentenced 2010-08-02: the old 100:1 thresholds (Terry v. United States, 593 U.S. ___ (2021), syllabus).
        .init(grams: "5", sentenced: "2010-08-02", expected: .b),
        .init(grams: "4.999", sentenced: "2010-08-02", expected: .c),
        .init(grams: "50", sentenced: "2010-08-02", expected: .a),
        .init(grams: "49.999", sentenced: "2010-08-02", expected: .b),
        .init(grams: "28", sentenced: "2010-08-02", expected: .b),
        .init(grams: "27.999", sentenced: "2010-08-02", expected: .b),
        .init(grams: "280", sentenced: "2010-08-02", expected: .a),
        // Sentenced 2010-08-03: FSA § 2 thresholds (Dorsey).
        .init(grams: "5", sentenced: "2010-08-03", expected: .c),
        .init(grams: "4.999", sentenced: "2010-08-03", expected: .c),
        .init(grams: "50", sentenced: "2010-08-03", expected: .b),
        .init(grams: "28", sentenced: "2010-08-03", expected: .b),
        .init(grams: "27.999", sentenced: "2010-08-03", expected: .c),
        .init(grams: "280", sentenced: "2010-08-03", expected: .a),
        .init(grams: "279.999", sentenced: "2010-08-03", expected: .b),
    ]

    @Test("Cocaine base § 841(b)(1) tier by sentencing date: 5 g/50 g before 2010-08-03, 28 g/280 g from then (FSA 2010 § 2; Dorsey, 567 U.S. 260)",
          arguments: crackThresholdCases)
    func crackThresholds(_ example: ThresholdCase) {
        // The offense predates the FSA in every case: under Dorsey only the sentencing date matters.
        #expect(tier("cocaine_base", example.grams, offense: "2009-06-01", sentenced: example.sentenced) == example.expected)
        // § 960(b)(1)(C), (b)(2)(C) carry the same quantities (law.md §1.1 table header).
        #expect(tier("cocaine_base", example.grams, section: .section960, offense: "2009-06-01", sentenced: example.sentenced) == example.expected)
    }

    @Test("Cocaine base thresholds follow the sentencing date, not the offense date (Dorsey v. United States, 567 U.S. 260 (2012); law.md §1.4)")
    func crackThresholdsIgnoreOffenseDate() {
        for offense in ["1999-01-01", "2010-08-02", "2010-08-03", "2011-01-01"] {
            #expect(tier("cocaine_base", "50", offense: offense, sentenced: "2010-08-02") == .a)
            #expect(tier("cocaine_base", "50", offense: offense, sentenced: "2010-08-03") == .b)
        }
        let threshold = StatutoryRangeCalculator(law: law).threshold(
            section: .section841, tier: .b, substance: "cocaine_base", offenseDate: Self.date("2005-01-01"), sentencingDate: Self.date("2012-01-01"))
        #expect(threshold?.atLeast == Self.amount("28"))
        #expect(threshold?.dateBasis == .sentencingDate)
    }

    // MARK: Methamphetamine thresholds (law.md §1.1)

    struct MethCase: Sendable, CustomTestStringConvertible {
        let substance: String
        let grams: String
        let offense: String
        let expected: PenaltyTier
        var testDescription: String { "\(grams) g \(substance), offense \(offense) → (\(expected.rawValue))" }
    }

    // 21 U.S.C. § 841(b)(1)(A)(viii), (B)(viii): 50 g actual / 500 g mixture and 5 g / 50 g since the
    // Methamphetamine Trafficking Penalty Enhancement Act of 1998 (Pub. L. 105-277, enacted 1998-10-21), by
    // offense date; before it 100 g / 10 g pure (confirmed, ONDCP) and 1 kg / 100 g mixture (law.md marks the
    // mixture figures UNCONFIRMED).
    static let methCases: [MethCase] = [
        .init(substance: "methamphetamine_actual", grams: "100", offense: "1998-10-20", expected: .a),
        .init(substance: "methamphetamine_actual", grams: "99.999", offense: "1998-10-20", expected: .b),
        .init(substance: "methamphetamine_actual", grams: "50", offense: "1998-10-20", expected: .b),
        .init(substance: "methamphetamine_actual", grams: "10", offense: "1998-10-20", expected: .b),
        .init(substance: "methamphetamine_actual", grams: "9.999", offense: "1998-10-20", expected: .c),
        .init(substance: "methamphetamine_actual", grams: "5", offense: "1998-10-20", expected: .c),
        .init(substance: "methamphetamine_actual", grams: "50", offense: "1998-10-21", expected: .a),
        .init(substance: "methamphetamine_actual", grams: "49.999", offense: "1998-10-21", expected: .b),
        .init(substance: "methamphetamine_actual", grams: "5", offense: "1998-10-21", expected: .b),
        .init(substance: "methamphetamine_actual", grams: "4.999", offense: "1998-10-21", expected: .c),
        .init(substance: "methamphetamine_mixture", grams: "1000", offense: "1998-10-20", expected: .a),
        .init(substance: "methamphetamine_mixture", grams: "999.999", offense: "1998-10-20", expected: .b),
        .init(substance: "methamphetamine_mixture", grams: "500", offense: "1998-10-20", expected: .b),
        .init(substance: "methamphetamine_mixture", grams: "100", offense: "1998-10-20", expected: .b),
        .init(substance: "methamphetamine_mixture", grams: "99.999", offense: "1998-10-20", expected: .c),
        .init(substance: "methamphetamine_mixture", grams: "50", offense: "1998-10-20", expected: .c),
        .init(substance: "methamphetamine_mixture", grams: "500", offense: "1998-10-21", expected: .a),
        .init(substance: "methamphetamine_mixture", grams: "499.999", offense: "1998-10-21", expected: .b),
        .init(substance: "methamphetamine_mixture", grams: "50", offense: "1998-10-21", expected: .b),
        .init(substance: "methamphetamine_mixture", grams: "49.999", offense: "1998-10-21", expected: .c),
    ]

    @Test("Methamphetamine § 841(b)(1) tier by offense date around the 1998 Act (Pub. L. 105-277, 1998-10-21; law.md §1.1)",
          arguments: methCases)
    func methThresholds(_ example: MethCase) {
        // Sentenced after the Act in every case: for methamphetamine the offense date decides.
        #expect(tier(example.substance, example.grams, offense: example.offense, sentenced: "1999-06-01") == example.expected)
    }

    // Ice is "a mixture or substance containing a detectable amount of methamphetamine" under § 841(b)(1)(A)(viii),
    // so at least the mixture quantities apply to it (the law data's own convention from 1998-10-21: ice counts as
    // mixture). Before the 1998 Act the mixture trigger for (A) was 1 kg (law.md §1.1, UNCONFIRMED figure), so
    // 1 kg of ice with a 1998-10-20 offense is an (A) offense and 100 g a (B) offense — never (C).
    @Test("Ice before the 1998 Act reaches the pre-1998 mixture thresholds (21 U.S.C. § 841(b)(1)(A)(viii) before Pub. L. 105-277; law.md §1.1)")
    func iceBeforeThe1998Act() {
        #expect(tier("ice", "500", offense: "1998-10-21", sentenced: "1999-06-01") == .a)
        #expect(tier("ice", "1000", offense: "1998-10-20", sentenced: "1999-06-01") == .a)
        #expect(tier("ice", "100", offense: "1998-10-20", sentenced: "1999-06-01") == .b)
        #expect(tier("ice", "99.999", offense: "1998-10-20", sentenced: "1999-06-01") == .c)
    }

    // MARK: Marihuana thresholds (law.md §1.1)

    struct PlantCase: Sendable, CustomTestStringConvertible {
        let quantity: String
        let unit: QuantityUnit
        let expected: PenaltyTier
        var testDescription: String { "\(quantity) \(unit == .plant ? "plants" : "g marihuana") → (\(expected.rawValue))" }
    }

    // 21 U.S.C. § 841(b)(1)(A)(vii): 1,000 kg or 1,000 plants; (B)(vii): 100 kg or 100 plants; (D): less than
    // 50 kg "except in the case of 50 or more marihuana plants", so 50–99 plants and 50–<100 kg fall in (C).
    static let marihuanaCases: [PlantCase] = [
        .init(quantity: "1000", unit: .plant, expected: .a),
        .init(quantity: "999", unit: .plant, expected: .b),
        .init(quantity: "100", unit: .plant, expected: .b),
        .init(quantity: "99", unit: .plant, expected: .c),
        .init(quantity: "50", unit: .plant, expected: .c),
        .init(quantity: "49", unit: .plant, expected: .d),
        .init(quantity: "1000000", unit: .gram, expected: .a),
        .init(quantity: "999999.999", unit: .gram, expected: .b),
        .init(quantity: "100000", unit: .gram, expected: .b),
        .init(quantity: "99999.999", unit: .gram, expected: .c),
        .init(quantity: "50000", unit: .gram, expected: .c),
        .init(quantity: "49999.999", unit: .gram, expected: .d),
    ]

    @Test("Marihuana § 841(b)(1) tier by weight and plant count (21 U.S.C. § 841(b)(1)(A)(vii), (B)(vii), (D); law.md §1.1)",
          arguments: marihuanaCases)
    func marihuanaThresholds(_ example: PlantCase) {
        let substance = example.unit == .plant ? "marihuana_plants" : "marihuana"
        #expect(tier(substance, example.quantity, unit: example.unit, offense: "2016-01-01", sentenced: "2016-06-01") == example.expected)
    }

    @Test("Other § 841(b)(1) thresholds: heroin 1 kg/100 g, cocaine 5 kg/500 g, fentanyl 400 g/40 g, LSD 10 g/1 g, PCP (law.md §1.1)")
    func otherThresholds() {
        let cases: [(String, String, PenaltyTier)] = [
            ("heroin", "1000", .a), ("heroin", "999.999", .b), ("heroin", "100", .b), ("heroin", "99.999", .c),
            ("cocaine", "5000", .a), ("cocaine", "4999.999", .b), ("cocaine", "500", .b), ("cocaine", "499.999", .c),
            ("fentanyl", "400", .a), ("fentanyl", "40", .b), ("fentanyl", "39.999", .c),
            ("fentanyl_analogue", "100", .a), ("fentanyl_analogue", "10", .b), ("fentanyl_analogue", "9.999", .c),
            ("lsd", "10", .a), ("lsd", "1", .b), ("lsd", "0.999", .c),
            ("pcp_actual", "100", .a), ("pcp_actual", "10", .b), ("pcp_mixture", "1000", .a), ("pcp_mixture", "100", .b),
            ("pcp_mixture", "99.999", .c),
        ]
        for (substance, grams, expected) in cases {
            #expect(tier(substance, grams, offense: "2016-01-01", sentenced: "2016-06-01") == expected, "\(grams) g \(substance)")
        }
    }

    // 21 U.S.C. § 841(b)(1)(C) covers "any" quantity of a Schedule II substance such as cocaine base below the (B)
    // quantity (law.md §1.1). The residual tier must not depend on whether the Manual in force that day prints a
    // marihuana equivalent for the drug: the Nov. 1, 2007 Manual (Amdt 706, until Amdt 715 on 2008-05-01) replaced
    // the 20 kg crack equivalent with level-dependent rates (law.md §2.6).
    @Test("Cocaine base below the (B) threshold is a § 841(b)(1)(C) offense on every sentencing date (law.md §1.1)",
          arguments: ["2006-01-01", "2007-10-31", "2007-11-01", "2008-01-15", "2008-04-30", "2008-05-01", "2012-01-01"])
    func crackBelowThresholdIsTierC(_ sentenced: String) {
        #expect(tier("cocaine_base", "1", offense: "2005-01-01", sentenced: sentenced) == .c)
    }

    // MARK: 2. Penalty ranges (law.md §1.2)

    struct PenaltyCase: Sendable, CustomTestStringConvertible {
        let tier: PenaltyTier
        let priors: Int
        let death: Bool
        let sentenced: String
        let expected: String
        var testDescription: String {
            "§ 841(b)(1)(\(tier.rawValue)), \(priors) prior(s)\(death ? ", death/SBI" : ""), sentenced \(sentenced) → \(expected)"
        }
    }

    // Era I (before 2018-12-21): USSC First Step Act training material (law.md S3); United States v. Johnson,
    // 850 F.3d 515 (2d Cir. 2017). Era II: 21 U.S.C. § 841(b)(1) as amended by the First Step Act of 2018, § 401
    // (Pub. L. 115-391), applied by sentencing date. law.md §1.2 tables.
    static let penaltyCases: [PenaltyCase] = [
        .init(tier: .a, priors: 0, death: false, sentenced: "2018-12-20", expected: "120 months–life"),
        .init(tier: .a, priors: 1, death: false, sentenced: "2018-12-20", expected: "240 months–life"),
        .init(tier: .a, priors: 2, death: false, sentenced: "2018-12-20", expected: "life–life"),
        .init(tier: .a, priors: 3, death: false, sentenced: "2018-12-20", expected: "life–life"),
        .init(tier: .a, priors: 0, death: false, sentenced: "2018-12-21", expected: "120 months–life"),
        .init(tier: .a, priors: 1, death: false, sentenced: "2018-12-21", expected: "180 months–life"),
        .init(tier: .a, priors: 2, death: false, sentenced: "2018-12-21", expected: "300 months–life"),
        .init(tier: .a, priors: 0, death: true, sentenced: "2018-12-20", expected: "240 months–life"),
        .init(tier: .a, priors: 1, death: true, sentenced: "2018-12-20", expected: "life–life"),
        .init(tier: .a, priors: 0, death: true, sentenced: "2018-12-21", expected: "240 months–life"),
        .init(tier: .b, priors: 0, death: false, sentenced: "2018-12-20", expected: "60 months–480 months"),
        .init(tier: .b, priors: 1, death: false, sentenced: "2018-12-20", expected: "120 months–life"),
        .init(tier: .b, priors: 2, death: false, sentenced: "2018-12-20", expected: "120 months–life"),
        .init(tier: .b, priors: 1, death: false, sentenced: "2018-12-21", expected: "120 months–life"),
        .init(tier: .b, priors: 0, death: true, sentenced: "2010-01-01", expected: "240 months–life"),
        .init(tier: .b, priors: 1, death: true, sentenced: "2010-01-01", expected: "life–life"),
        .init(tier: .c, priors: 0, death: false, sentenced: "2018-12-20", expected: "0 months–240 months"),
        .init(tier: .c, priors: 1, death: false, sentenced: "2018-12-20", expected: "0 months–360 months"),
        .init(tier: .c, priors: 0, death: false, sentenced: "2018-12-21", expected: "0 months–240 months"),
        .init(tier: .c, priors: 1, death: false, sentenced: "2018-12-21", expected: "0 months–360 months"),
        .init(tier: .c, priors: 0, death: true, sentenced: "2018-12-21", expected: "240 months–life"),
        .init(tier: .c, priors: 1, death: true, sentenced: "2018-12-21", expected: "life–life"),
        .init(tier: .d, priors: 0, death: false, sentenced: "2010-01-01", expected: "0 months–60 months"),
        .init(tier: .d, priors: 1, death: false, sentenced: "2010-01-01", expected: "0 months–120 months"),
    ]

    @Test("§ 841(b)(1) penalty ranges by tier, § 851 priors and era (First Step Act § 401, 2018-12-21; law.md §1.2)",
          arguments: penaltyCases)
    func penaltyRanges(_ example: PenaltyCase) {
        #expect(penalty(example.tier, priors: example.priors, death: example.death, sentenced: example.sentenced) == example.expected)
    }

    @Test("Penalty rows name the prior that counts: 'felony drug offense' before 2018-12-21, 'serious drug felony' for (A)/(B) after (21 U.S.C. § 802(44), (57); law.md §1.2)")
    func priorDefinitions() {
        let calculator = StatutoryRangeCalculator(law: law)
        func definition(_ tier: PenaltyTier, _ date: String) -> String? {
            calculator.penalty(section: .section841, tier: tier, priorConvictions: 1, deathOrSeriousInjury: false,
                               sentencingDate: Self.date(date))?.priorDefinition
        }
        #expect(definition(.a, "2018-12-20") == "felony_drug_offense")
        #expect(definition(.a, "2018-12-21") == "serious_drug_felony")
        #expect(definition(.b, "2018-12-21") == "serious_drug_felony")
        #expect(definition(.c, "2018-12-21") == "felony_drug_offense")
    }

    // § 960(b)(1) after 2018: 10–life, 15–life with a prior, and no separate two-prior (25-year) tier (law.md §1.2,
    // S1 chunk-2152); § 960(b)(2): 5–40, 10–life with a prior.
    @Test("§ 960(b) penalty ranges after the First Step Act: no two-prior tier in (b)(1) (21 U.S.C. § 960(b)(1), (2); law.md §1.2)")
    func section960Penalties() {
        #expect(penalty(.a, priors: 0, section: .section960, sentenced: "2019-06-01") == "120 months–life")
        #expect(penalty(.a, priors: 1, section: .section960, sentenced: "2019-06-01") == "180 months–life")
        #expect(penalty(.a, priors: 2, section: .section960, sentenced: "2019-06-01") == "180 months–life")
        #expect(penalty(.b, priors: 0, section: .section960, sentenced: "2019-06-01") == "60 months–480 months")
        #expect(penalty(.b, priors: 1, section: .section960, sentenced: "2019-06-01") == "120 months–life")
    }

    // MARK: Residual tiers (law.md §1.1)

    @Test("Residual tiers: Schedule I/II → § 841(b)(1)(C) / § 960(b)(3); marihuana, hashish → (D) (law.md §1.1)")
    func residualTiers() {
        func residual(_ section: PenaltySection, _ group: String) -> PenaltyTier? {
            law.residualTiers.first { $0.section == section && $0.group == group }?.tier
        }
        #expect(residual(.section841, "schedule_i_ii_opiates") == .c)
        #expect(residual(.section841, "schedule_i_ii_stimulants") == .c)
        #expect(residual(.section841, "flunitrazepam") == .c)
        #expect(residual(.section841, "marihuana") == .d)
        #expect(residual(.section960, "hashish") == .d)
        #expect(tier("heroin", "0.5", offense: "2016-01-01", sentenced: "2016-06-01") == .c)
        #expect(tier("hashish", "9999.999", offense: "2016-01-01", sentenced: "2016-06-01") == .d)
        #expect(tier("hashish", "10000", offense: "2016-01-01", sentenced: "2016-06-01") == .c)
    }

    // MARK: 3. Drug Quantity Table (USSG §2D1.1(c); law.md §2.2–§2.4)

    /// One edition of one line of the Drug Quantity Table: the least quantity (grams) of each level.
    struct TableEdition: Sendable, CustomTestStringConvertible {
        let substance: String
        let label: String
        let firstDay: String
        let lastDay: String?
        /// Level → least quantity in grams, for every level above the bottom one.
        let floors: [Int: String]
        let bottomLevel: Int
        var testDescription: String { "\(substance) \(label)" }
    }

    static let crackPre2007: [Int: String] = [38: "1500", 36: "500", 34: "150", 32: "50", 30: "35", 28: "20", 26: "5", 24: "4", 22: "3", 20: "2", 18: "1", 16: "0.5", 14: "0.25"]
    static let crack2007: [Int: String] = [38: "4500", 36: "1500", 34: "500", 32: "150", 30: "50", 28: "35", 26: "20", 24: "5", 22: "4", 20: "3", 18: "2", 16: "1", 14: "0.5"]
    static let crack2010: [Int: String] = [38: "8400", 36: "2800", 34: "840", 32: "280", 30: "196", 28: "112", 26: "28", 24: "22.4", 22: "16.8", 20: "11.2", 18: "5.6", 16: "2.8", 14: "1.4"]
    static let crack2014: [Int: String] = [38: "25200", 36: "8400", 34: "2800", 32: "840", 30: "280", 28: "196", 26: "112", 24: "28", 22: "22.4", 20: "16.8", 18: "11.2", 16: "5.6", 14: "2.8"]
    static let cocaine1994: [Int: String] = [38: "150000", 36: "50000", 34: "15000", 32: "5000", 30: "3500", 28: "2000", 26: "500", 24: "400", 22: "300", 20: "200", 18: "100", 16: "50", 14: "25"]
    static let cocaine2014: [Int: String] = [38: "450000", 36: "150000", 34: "50000", 32: "15000", 30: "5000", 28: "3500", 26: "2000", 24: "500", 22: "400", 20: "300", 18: "200", 16: "100", 14: "50"]
    static let heroin1994: [Int: String] = [38: "30000", 36: "10000", 34: "3000", 32: "1000", 30: "700", 28: "400", 26: "100", 24: "80", 22: "60", 20: "40", 18: "20", 16: "10", 14: "5"]
    static let heroin2014: [Int: String] = [38: "90000", 36: "30000", 34: "10000", 32: "3000", 30: "1000", 28: "700", 26: "400", 24: "100", 22: "80", 20: "60", 18: "40", 16: "20", 14: "10"]
    static let methMixture1997: [Int: String] = [38: "15000", 36: "5000", 34: "1500", 32: "500", 30: "350", 28: "200", 26: "50", 24: "40", 22: "30", 20: "20", 18: "10", 16: "5", 14: "2.5"]
    static let methMixture2014: [Int: String] = [38: "45000", 36: "15000", 34: "5000", 32: "1500", 30: "500", 28: "350", 26: "200", 24: "50", 22: "40", 20: "30", 18: "20", 16: "10", 14: "5"]
    static let methActual2000: [Int: String] = [38: "1500", 36: "500", 34: "150", 32: "50", 30: "35", 28: "20", 26: "5", 24: "4", 22: "3", 20: "2", 18: "1", 16: "0.5", 14: "0.25"]
    static let methActual2014: [Int: String] = [38: "4500", 36: "1500", 34: "500", 32: "150", 30: "50", 28: "35", 26: "20", 24: "5", 22: "4", 20: "3", 18: "2", 16: "1", 14: "0.5"]
    static let marihuana1994: [Int: String] = [38: "30000000", 36: "10000000", 34: "3000000", 32: "1000000", 30: "700000", 28: "400000", 26: "100000", 24: "80000", 22: "60000", 20: "40000", 18: "20000", 16: "10000", 14: "5000", 12: "2500", 10: "1000", 8: "250"]
    static let marihuana2014: [Int: String] = [38: "90000000", 36: "30000000", 34: "10000000", 32: "3000000", 30: "1000000", 28: "700000", 26: "400000", 24: "100000", 22: "80000", 20: "60000", 18: "40000", 16: "20000", 14: "10000", 12: "5000", 10: "2500", 8: "1000"]

    // law.md §2.2 (crack: Amdts 505, 706, 748/750, 782), §2.3 (powder: Amdts 125/505, 782), §2.4 (heroin,
    // methamphetamine: Amdts 555, 594, 782; marihuana: Amdts 125/505, 782). "Ice" shares the actual column.
    static let tableEditions: [TableEdition] = [
        .init(substance: "cocaine_base", label: "1994-11-01 to 2007-10-31 (Amdt 505)", firstDay: "1994-11-01", lastDay: "2007-10-31", floors: crackPre2007, bottomLevel: 12),
        .init(substance: "cocaine_base", label: "2007-11-01 to 2010-10-31 (Amdt 706/711)", firstDay: "2007-11-01", lastDay: "2010-10-31", floors: crack2007, bottomLevel: 12),
        .init(substance: "cocaine_base", label: "2010-11-01 to 2014-10-31 (Amdt 748/750)", firstDay: "2010-11-01", lastDay: "2014-10-31", floors: crack2010, bottomLevel: 12),
        .init(substance: "cocaine_base", label: "from 2014-11-01 (Amdt 782)", firstDay: "2014-11-01", lastDay: nil, floors: crack2014, bottomLevel: 12),
        .init(substance: "cocaine", label: "1994-11-01 to 2014-10-31 (Amdt 125/505)", firstDay: "1994-11-01", lastDay: "2014-10-31", floors: cocaine1994, bottomLevel: 12),
        .init(substance: "cocaine", label: "from 2014-11-01 (Amdt 782)", firstDay: "2014-11-01", lastDay: nil, floors: cocaine2014, bottomLevel: 12),
        .init(substance: "heroin", label: "1994-11-01 to 2014-10-31 (Amdt 125/505)", firstDay: "1994-11-01", lastDay: "2014-10-31", floors: heroin1994, bottomLevel: 12),
        .init(substance: "heroin", label: "from 2014-11-01 (Amdt 782)", firstDay: "2014-11-01", lastDay: nil, floors: heroin2014, bottomLevel: 12),
        .init(substance: "methamphetamine_mixture", label: "1997-11-01 to 2014-10-31 (Amdt 555)", firstDay: "1997-11-01", lastDay: "2014-10-31", floors: methMixture1997, bottomLevel: 12),
        .init(substance: "methamphetamine_mixture", label: "from 2014-11-01 (Amdt 782)", firstDay: "2014-11-01", lastDay: nil, floors: methMixture2014, bottomLevel: 12),
        .init(substance: "methamphetamine_actual", label: "2000-11-01 to 2014-10-31 (Amdt 594)", firstDay: "2000-11-01", lastDay: "2014-10-31", floors: methActual2000, bottomLevel: 12),
        .init(substance: "methamphetamine_actual", label: "from 2014-11-01 (Amdt 782)", firstDay: "2014-11-01", lastDay: nil, floors: methActual2014, bottomLevel: 12),
        .init(substance: "ice", label: "2000-11-01 to 2014-10-31 (Amdt 594)", firstDay: "2000-11-01", lastDay: "2014-10-31", floors: methActual2000, bottomLevel: 12),
        .init(substance: "ice", label: "from 2014-11-01 (Amdt 782)", firstDay: "2014-11-01", lastDay: nil, floors: methActual2014, bottomLevel: 12),
        .init(substance: "marihuana", label: "1994-11-01 to 2014-10-31 (Amdt 125/505)", firstDay: "1994-11-01", lastDay: "2014-10-31", floors: marihuana1994, bottomLevel: 6),
        .init(substance: "marihuana", label: "from 2014-11-01 (Amdt 782)", firstDay: "2014-11-01", lastDay: nil, floors: marihuana2014, bottomLevel: 6),
    ]

    // At each level's least quantity the band gives that level; one microgram less gives the level below.
    // Checked on the edition's first and last day.
    @Test("Every band boundary of the Drug Quantity Table matches law.md §2.2–§2.4 (USSG §2D1.1(c), each edition)",
          arguments: tableEditions)
    func bandBoundaries(_ edition: TableEdition) {
        let table = law.drugQuantityTable
        for day in [edition.firstDay] + (edition.lastDay.map { [$0] } ?? []) {
            let date = Self.date(day)
            #expect(table.band(for: edition.substance, amount: .zero, on: date)?.baseOffenseLevel == edition.bottomLevel, "\(day): nothing → level \(edition.bottomLevel)")
            for (level, floor) in edition.floors {
                let least = Self.amount(floor)
                #expect(table.band(for: edition.substance, amount: least, on: date)?.baseOffenseLevel == level,
                        "\(day): \(floor) g → level \(level)")
                #expect(table.band(for: edition.substance, amount: Amount(micros: least.micros - 1), on: date)?.baseOffenseLevel == level - 2,
                        "\(day): just under \(floor) g → level \(level - 2)")
                #expect(table.threshold(for: edition.substance, level: level, on: date) == least, "\(day): threshold of level \(level)")
            }
            #expect(table.band(for: edition.substance, amount: Amount(whole: 1_000_000_000), on: date)?.baseOffenseLevel == 38, "\(day): a huge quantity → level 38")
        }
    }

    struct CrackRegimeCase: Sendable, CustomTestStringConvertible {
        let grams: String
        let day: String
        let expected: Int
        var testDescription: String { "\(grams) g cocaine base on \(day) → level \(expected)" }
    }

    // law.md §2.2: 50 g is level 32 before 2007-11-01, 30 under Amdt 706, 26 under Amdt 748/750 (FSA 18:1) and
    // 24 under Amdt 782; each regime checked on its first effective day and on the day before.
    static let crackRegimeCases: [CrackRegimeCase] = [
        .init(grams: "50", day: "1994-11-01", expected: 32),
        .init(grams: "50", day: "2007-10-31", expected: 32),
        .init(grams: "50", day: "2007-11-01", expected: 30),
        .init(grams: "50", day: "2010-10-31", expected: 30),
        .init(grams: "50", day: "2010-11-01", expected: 26),
        .init(grams: "50", day: "2014-10-31", expected: 26),
        .init(grams: "50", day: "2014-11-01", expected: 24),
        .init(grams: "5", day: "2007-10-31", expected: 26),
        .init(grams: "5", day: "2007-11-01", expected: 24),
        .init(grams: "5", day: "2010-10-31", expected: 24),
        .init(grams: "5", day: "2010-11-01", expected: 16),
        .init(grams: "5", day: "2014-11-01", expected: 14),
        .init(grams: "28", day: "2010-10-31", expected: 26),
        .init(grams: "28", day: "2010-11-01", expected: 26),
        .init(grams: "28", day: "2014-10-31", expected: 26),
        .init(grams: "28", day: "2014-11-01", expected: 24),
        .init(grams: "280", day: "2007-10-31", expected: 34),
        .init(grams: "280", day: "2010-10-31", expected: 32),
        .init(grams: "280", day: "2010-11-01", expected: 32),
        .init(grams: "280", day: "2014-11-01", expected: 30),
        .init(grams: "1500", day: "2007-10-31", expected: 38),
        .init(grams: "1500", day: "2007-11-01", expected: 36),
        .init(grams: "4500", day: "2007-11-01", expected: 38),
        .init(grams: "8400", day: "2010-11-01", expected: 38),
        .init(grams: "8400", day: "2014-11-01", expected: 36),
        .init(grams: "25200", day: "2014-11-01", expected: 38),
    ]

    @Test("The engine's crack level in all four regimes, on each first effective day and the day before (USSG §2D1.1(c); Amdts 706, 748/750, 782; law.md §2.2)",
          arguments: crackRegimeCases)
    func crackLevelsByRegime(_ example: CrackRegimeCase) {
        #expect(level([grams("cocaine_base", example.grams)], on: example.day) == example.expected)
    }

    // The data covers the Manuals from Nov. 1, 1994 (Amdt 505 capped the table at 38); the Amdt 125 table with
    // levels 40 and 42 (law.md §2.1–§2.2) is not in it, and the engine must say so rather than guess.
    @Test("Before 1994-11-01 the law data has no Drug Quantity Table (scope: Amdt 505 onward, law.md §2.1)")
    func noTableBefore1994() {
        #expect(!law.drugQuantityTable.hasLine(for: "cocaine_base", on: Self.date("1994-10-31")))
        #expect(level([grams("cocaine_base", "50")], on: "1994-10-31") == nil)
        #expect(law.drugQuantityTable.hasLine(for: "cocaine_base", on: Self.date("1994-11-01")))
    }

    @Test("Powder cocaine and heroin pre/post Amendment 782 on 2014-10-31 and 2014-11-01 (USSG §2D1.1(c); law.md §2.3, §2.4)")
    func powderAndHeroinAcrossAmendment782() {
        // Powder cocaine: 500 g is level 26 before "drugs minus two" and 24 after; 5 kg 32 → 30; 15 kg 34 → 32.
        #expect(level([grams("cocaine", "500")], on: "2014-10-31") == 26)
        #expect(level([grams("cocaine", "500")], on: "2014-11-01") == 24)
        #expect(level([grams("cocaine", "5000")], on: "2014-10-31") == 32)
        #expect(level([grams("cocaine", "5000")], on: "2014-11-01") == 30)
        #expect(level([grams("cocaine", "150000")], on: "2014-10-31") == 38)
        #expect(level([grams("cocaine", "150000")], on: "2014-11-01") == 36)
        // Heroin: 100 g 26 → 24; 1 kg 32 → 30; 30 kg 38 → 36.
        #expect(level([grams("heroin", "100")], on: "2014-10-31") == 26)
        #expect(level([grams("heroin", "100")], on: "2014-11-01") == 24)
        #expect(level([grams("heroin", "1000")], on: "2014-10-31") == 32)
        #expect(level([grams("heroin", "1000")], on: "2014-11-01") == 30)
        #expect(level([grams("heroin", "30000")], on: "2014-10-31") == 38)
        #expect(level([grams("heroin", "30000")], on: "2014-11-01") == 36)
    }

    // USSG §2D1.1(c) note (B): for methamphetamine use the mixture weight or the actual weight, whichever gives
    // the greater level (law.md §2.4, §12 item 7).
    @Test("Methamphetamine mixture and actual: the greater level applies (USSG §2D1.1(c) note (B); law.md §2.4)")
    func methGreaterOf() {
        // 2016 (Amdt 782): 100 g mixture → 24; 50 g actual → 30; both measured → 30.
        #expect(level([grams("methamphetamine_mixture", "100")], on: "2016-11-01") == 24)
        #expect(level([grams("methamphetamine_actual", "50")], on: "2016-11-01") == 30)
        #expect(level([grams("methamphetamine_mixture", "100"), grams("methamphetamine_actual", "50")], on: "2016-11-01") == 30)
        // 2005 (Amdts 555, 594): 100 g mixture → 26; 20 g actual → 28; both → 28; 100 g mixture with 10 g actual → 26.
        #expect(level([grams("methamphetamine_mixture", "100"), grams("methamphetamine_actual", "20")], on: "2005-01-01") == 28)
        #expect(level([grams("methamphetamine_mixture", "100"), grams("methamphetamine_actual", "10")], on: "2005-01-01") == 26)
        // Ice uses the actual column: 50 g → 32 before 2014-11-01 and 30 after.
        #expect(level([grams("ice", "50")], on: "2014-10-31") == 32)
        #expect(level([grams("ice", "50")], on: "2014-11-01") == 30)
    }

    // MARK: Marihuana plants (USSG §2D1.1(c) note (E); Amdts 125, 516; law.md §2.1, §2.4)

    @Test("Marihuana plants: 1 kg each (50 or more) before 1995-11-01, 100 g each from Amendment 516 (law.md §2.1)")
    func plantConversions() {
        func plants(_ count: Int64) -> DrugQuantity { DrugQuantity(substance: "marihuana_plants", amount: Amount(whole: count), unit: .plant) }
        // 1995-10-31: 100 plants = 100 kg → level 26 (100–400 kg, 1994 table).
        #expect(level([plants(100)], on: "1995-10-31") == 26)
        // 1995-11-01: 100 plants = 10 kg → level 16 (10–20 kg, 1994 table).
        #expect(level([plants(100)], on: "1995-11-01") == 16)
        // 2016: 100 plants = 10 kg → level 14 (10–20 kg, Amdt 782 table).
        #expect(level([plants(100)], on: "2016-11-01") == 14)
        let current = law.plantConversions.filter { $0.period.contains(Self.date("2016-11-01")) }
        #expect(current.map(\.microgramsPerPlant) == [Self.amount("100").micros])
        let before516 = law.plantConversions.first { $0.period.contains(Self.date("1995-06-01")) && $0.minimumPlants == 50 }
        #expect(before516?.microgramsPerPlant == Self.amount("1000").micros)
    }

    // MARK: Equivalencies (USSG §2D1.1 comment. (n.8(D)); law.md §2.6)

    @Test("Marihuana equivalents by era: crack 20 kg → 3,571 g (Amdt 748), meth 1 → 2 kg (Amdt 555), meth actual 10 → 20 kg (Amdt 594) (law.md §2.6)")
    func equivalencyRatios() {
        func grams(_ substance: String, _ day: String) -> Amount? {
            law.equivalency(of: substance, on: Self.date(day)).map { Amount(micros: $0.marihuanaMicrogramsPerUnit) }
        }
        #expect(grams("heroin", "2016-11-01") == Self.amount("1000"))
        #expect(grams("cocaine", "2016-11-01") == Self.amount("200"))
        #expect(grams("cocaine_base", "2006-01-01") == Self.amount("20000"))
        // Nov. 1, 2007 – Apr. 30, 2008: Amdt 706/711 level-dependent rates replace the single ratio (law.md §2.6).
        #expect(grams("cocaine_base", "2008-01-15") == nil)
        #expect(grams("cocaine_base", "2008-05-01") == Self.amount("20000"))
        #expect(grams("cocaine_base", "2010-10-31") == Self.amount("20000"))
        #expect(grams("cocaine_base", "2010-11-01") == Self.amount("3571"))
        #expect(grams("methamphetamine_mixture", "1997-10-31") == Self.amount("1000"))
        #expect(grams("methamphetamine_mixture", "1997-11-01") == Self.amount("2000"))
        #expect(grams("methamphetamine_actual", "2000-10-31") == Self.amount("10000"))
        #expect(grams("methamphetamine_actual", "2000-11-01") == Self.amount("20000"))
        #expect(grams("fentanyl", "2016-11-01") == Self.amount("2500"))
        #expect(grams("lsd", "2016-11-01") == Self.amount("100000"))
        #expect(grams("pcp_mixture", "2016-11-01") == Self.amount("1000"))
        #expect(grams("hashish", "2016-11-01") == Self.amount("5"))
    }

    // law.md §2.6: "Example in the 2016 commentary: 80 g cocaine (16 kg) + 2 g crack (7.142 kg) = 23.142 kg → level 16."
    @Test("Mixed drugs: 80 g cocaine + 2 g crack = 23.142 kg marihuana → level 16 (USSG §2D1.1 comment. (n.8(B)), 2016 example; law.md §2.6)")
    func mixedDrugExample() {
        var explanation = Explanation()
        let result = DrugQuantityCalculator(law: law).level(
            for: [grams("cocaine", "80"), grams("cocaine_base", "2")], on: Self.date("2016-11-01"), explanation: &explanation)
        #expect(result?.level == 16)
        #expect(result?.marihuanaEquivalent == Self.amount("23142"))
    }

    @Test("Crack with other drugs, 2007–2010: Amdt 706/711 rates by level, then Amdt 715's 20 kg and minus two (law.md §2.6)")
    func crackCombinationRules() {
        let ratios = law.crackCombinationRules.filter { $0.period.contains(Self.date("2007-11-01")) && $0.method == .levelDependentRatio }
        func rate(_ level: Int) -> Amount? {
            ratios.first { $0.crackBaseOffenseLevel == level }.map { Amount(micros: $0.marihuanaMicrogramsPerGram) }
        }
        // L38: 6.7 kg, L34: 6 kg, L30: 14 kg, L28: 11.4 kg, L26: 5 kg, L24: 16 kg, L22: 15, L20: 13.3, L18–L12: 10 kg.
        #expect(rate(38) == Self.amount("6700"))
        #expect(rate(34) == Self.amount("6000"))
        #expect(rate(30) == Self.amount("14000"))
        #expect(rate(28) == Self.amount("11400"))
        #expect(rate(26) == Self.amount("5000"))
        #expect(rate(24) == Self.amount("16000"))
        #expect(rate(22) == Self.amount("15000"))
        #expect(rate(20) == Self.amount("13300"))
        #expect(rate(12) == Self.amount("10000"))
        #expect(law.crackCombinationRules.contains { $0.period.contains(Self.date("2008-04-30")) && $0.method == .levelDependentRatio })
        let amendment715 = law.crackCombinationRules.filter { $0.period.contains(Self.date("2008-05-01")) }
        #expect(amendment715.count == 1)
        #expect(amendment715.first?.method == .twoLevelReduction)
        #expect(amendment715.first?.marihuanaMicrogramsPerGram == Self.amount("20000").micros)
        #expect(amendment715.first?.levelsSubtracted == 2)
        #expect(amendment715.first?.exceptionAtLeast == Self.amount("4500"))
        #expect(amendment715.first?.exceptionLessThan == Self.amount("0.25"))
        #expect(law.crackCombinationRules.allSatisfy { !$0.period.contains(Self.date("2010-11-01")) })
        // 2009: 50 g crack (1,000 kg) + 500 g cocaine (100 kg) = 1,100 kg → level 32, minus 2 → 30; the cocaine
        // alone (100 kg → 26) does not bind.
        #expect(level([grams("cocaine_base", "50"), grams("cocaine", "500")], on: "2009-06-01") == 30)
    }

    @Test("Equivalency provisos: Schedule III–V caps 79.99 / 9.99 / 2.49 kg; minimum level 12 for Schedule I/II, 8 for flunitrazepam (USSG §2D1.1 comment. (n.8(D)), 2016)")
    func equivalencyProvisos() {
        let inForce = law.equivalencyProvisos.filter { $0.period.contains(Self.date("2016-11-01")) }
        func cap(_ groups: Set<String>) -> Amount? {
            inForce.first { $0.rule == .capMarihuanaGrams && $0.scheduleGroups == groups }.map { Amount(micros: $0.value) }
        }
        #expect(cap(["schedule_iii", "schedule_iv", "schedule_v"]) == Self.amount("79990"))
        #expect(cap(["schedule_iv", "schedule_v"]) == Self.amount("9990"))
        #expect(cap(["schedule_v"]) == Self.amount("2490"))
        #expect(inForce.first { $0.rule == .minimumLevel && $0.scheduleGroups.contains("schedule_i_ii_opiates") }?.value == 12)
        #expect(inForce.first { $0.rule == .minimumLevel && $0.scheduleGroups == ["flunitrazepam"] }?.value == 8)
    }

    // law.md §2.7: (a)(1) 43 with death/SBI and a prior similar conviction; (a)(2) 38 with death/SBI.
    @Test("§2D1.1(a) special base levels: 43 with death/SBI and a prior, 38 with death/SBI (USSG §2D1.1(a)(1)–(2), 2016; law.md §2.7)")
    func specialBaseLevels() {
        func level(_ condition: SpecialBaseOffenseLevel.Condition) -> Int? {
            law.specialBaseOffenseLevels.first { $0.condition == condition && $0.period.contains(Self.date("2016-11-01")) }?.baseOffenseLevel
        }
        #expect(level(.deathOrSeriousInjuryWithPrior) == 43)
        #expect(level(.deathOrSeriousInjury) == 38)
    }

    // MARK: Substances

    @Test("Substance names and aliases resolve to the law data's identifiers (USSG §2D1.1(c) line names)")
    func substanceAliases() {
        #expect(law.substanceID(named: "crack") == "cocaine_base")
        #expect(law.substanceID(named: "Cocaine Base") == "cocaine_base")
        #expect(law.substanceID(named: "Marijuana") == "marihuana")
        #expect(law.substanceID(named: "meth") == "methamphetamine_mixture")
        #expect(law.substanceID(named: "crystal meth") == "ice")
        #expect(law.substances["marihuana_plants"]?.unit == .plant)
        // Note (B): methamphetamine mixture, actual and ice are one drug for the greater-of rule.
        #expect(law.substances["methamphetamine_mixture"]?.greaterOfGroup == "methamphetamine")
        #expect(law.substances["methamphetamine_actual"]?.greaterOfGroup == "methamphetamine")
        #expect(law.substances["ice"]?.greaterOfGroup == "methamphetamine")
        #expect(law.substances["cocaine_base"]?.greaterOfGroup == nil)
    }

    // MARK: 4. Criminal history (USSG Ch. 5 Pt. A; §4A1.1; law.md §3.2)

    @Test("Criminal history points → category at every boundary (USSG Ch. 5 Pt. A column headings; law.md §3.2)",
          arguments: [(0, CriminalHistoryCategory.i), (1, .i), (2, .ii), (3, .ii), (4, .iii), (6, .iii), (7, .iv), (9, .iv),
                      (10, .v), (12, .v), (13, .vi), (30, .vi)])
    func pointsToCategory(_ points: Int, _ expected: CriminalHistoryCategory) {
        #expect(law.category(forPoints: points)?.category == expected)
    }

    @Test("Criminal history rules by date: recency points until 2010-10-31 (Amdt 742), status points 2 → 1 with 7+ points and zero-point −2 from 2023-11-01 (Amdt 821; law.md §3.2)")
    func criminalHistoryRules() {
        #expect(law.criminalHistoryRule(.recencyPoints, on: Self.date("2010-10-31"))?.value == 2)
        #expect(law.criminalHistoryRule(.recencyPoints, on: Self.date("2010-11-01")) == nil)
        let before821 = law.criminalHistoryRule(.statusPoints, on: Self.date("2023-10-31"))
        #expect(before821?.value == 2)
        #expect(before821?.threshold == 0)
        let after821 = law.criminalHistoryRule(.statusPoints, on: Self.date("2023-11-01"))
        #expect(after821?.value == 1)
        #expect(after821?.threshold == 7)
        #expect(law.criminalHistoryRule(.zeroPointOffender, on: Self.date("2023-10-31")) == nil)
        #expect(law.criminalHistoryRule(.zeroPointOffender, on: Self.date("2023-11-01"))?.value == -2)
    }

    // MARK: 5. Career offender (USSG §4B1.1(b); law.md §3.3)

    /// The career offender level for an offense statutory maximum under the Manual in force on `day`.
    func careerOffenderLevel(_ maximum: SentenceTerm, on day: String) -> Int? {
        law.careerOffenderTable
            .filter { $0.period.contains(Self.date(day)) && maximum >= $0.statutoryMaximumAtLeast }
            .max { $0.offenseLevel < $1.offenseLevel }?.offenseLevel
    }

    @Test("Career offender table: statutory maximum → offense level (USSG §4B1.1(b), Nov. 1, 2016; law.md §3.3)",
          arguments: [(SentenceTerm.life, 37), (.months(480), 34), (.months(360), 34), (.months(300), 34), (.months(299), 32),
                      (.months(240), 32), (.months(180), 29), (.months(179), 24), (.months(120), 24), (.months(60), 17),
                      (.months(59), 12), (.months(13), 12)])
    func careerOffenderTable(_ maximum: SentenceTerm, _ expected: Int) {
        #expect(careerOffenderLevel(maximum, on: "2016-11-01") == expected)
    }

    @Test("Career offender: no table level for a maximum of one year or less, and § 851 increases count only from Amdt 567 (1997-11-01; law.md §3.3)")
    func careerOffenderEditions() {
        #expect(careerOffenderLevel(.months(12), on: "2016-11-01") == nil)
        #expect(law.careerOffenderTable.filter { $0.period.contains(Self.date("1997-10-31")) }.allSatisfy { !$0.includesRecidivistIncrease })
        #expect(law.careerOffenderTable.filter { $0.period.contains(Self.date("1997-11-01")) }.allSatisfy { $0.includesRecidivistIncrease })
        #expect(careerOffenderLevel(.life, on: "1996-01-01") == 37)
    }

    // MARK: 6. Sentencing Table (USSG Ch. 5 Pt. A, Nov. 1, 2016; law.md §3.1)

    /// law.md §3.1, transcribed row by row (offense level, then categories I–VI).
    static let sentencingTableText = """
        1 | 0–6 | 0–6 | 0–6 | 0–6 | 0–6 | 0–6
        2 | 0–6 | 0–6 | 0–6 | 0–6 | 0–6 | 1–7
        3 | 0–6 | 0–6 | 0–6 | 0–6 | 2–8 | 3–9
        4 | 0–6 | 0–6 | 0–6 | 2–8 | 4–10 | 6–12
        5 | 0–6 | 0–6 | 1–7 | 4–10 | 6–12 | 9–15
        6 | 0–6 | 1–7 | 2–8 | 6–12 | 9–15 | 12–18
        7 | 0–6 | 2–8 | 4–10 | 8–14 | 12–18 | 15–21
        8 | 0–6 | 4–10 | 6–12 | 10–16 | 15–21 | 18–24
        9 | 4–10 | 6–12 | 8–14 | 12–18 | 18–24 | 21–27
        10 | 6–12 | 8–14 | 10–16 | 15–21 | 21–27 | 24–30
        11 | 8–14 | 10–16 | 12–18 | 18–24 | 24–30 | 27–33
        12 | 10–16 | 12–18 | 15–21 | 21–27 | 27–33 | 30–37
        13 | 12–18 | 15–21 | 18–24 | 24–30 | 30–37 | 33–41
        14 | 15–21 | 18–24 | 21–27 | 27–33 | 33–41 | 37–46
        15 | 18–24 | 21–27 | 24–30 | 30–37 | 37–46 | 41–51
        16 | 21–27 | 24–30 | 27–33 | 33–41 | 41–51 | 46–57
        17 | 24–30 | 27–33 | 30–37 | 37–46 | 46–57 | 51–63
        18 | 27–33 | 30–37 | 33–41 | 41–51 | 51–63 | 57–71
        19 | 30–37 | 33–41 | 37–46 | 46–57 | 57–71 | 63–78
        20 | 33–41 | 37–46 | 41–51 | 51–63 | 63–78 | 70–87
        21 | 37–46 | 41–51 | 46–57 | 57–71 | 70–87 | 77–96
        22 | 41–51 | 46–57 | 51–63 | 63–78 | 77–96 | 84–105
        23 | 46–57 | 51–63 | 57–71 | 70–87 | 84–105 | 92–115
        24 | 51–63 | 57–71 | 63–78 | 77–96 | 92–115 | 100–125
        25 | 57–71 | 63–78 | 70–87 | 84–105 | 100–125 | 110–137
        26 | 63–78 | 70–87 | 78–97 | 92–115 | 110–137 | 120–150
        27 | 70–87 | 78–97 | 87–108 | 100–125 | 120–150 | 130–162
        28 | 78–97 | 87–108 | 97–121 | 110–137 | 130–162 | 140–175
        29 | 87–108 | 97–121 | 108–135 | 121–151 | 140–175 | 151–188
        30 | 97–121 | 108–135 | 121–151 | 135–168 | 151–188 | 168–210
        31 | 108–135 | 121–151 | 135–168 | 151–188 | 168–210 | 188–235
        32 | 121–151 | 135–168 | 151–188 | 168–210 | 188–235 | 210–262
        33 | 135–168 | 151–188 | 168–210 | 188–235 | 210–262 | 235–293
        34 | 151–188 | 168–210 | 188–235 | 210–262 | 235–293 | 262–327
        35 | 168–210 | 188–235 | 210–262 | 235–293 | 262–327 | 292–365
        36 | 188–235 | 210–262 | 235–293 | 262–327 | 292–365 | 324–405
        37 | 210–262 | 235–293 | 262–327 | 292–365 | 324–405 | 360–life
        38 | 235–293 | 262–327 | 292–365 | 324–405 | 360–life | 360–life
        39 | 262–327 | 292–365 | 324–405 | 360–life | 360–life | 360–life
        40 | 292–365 | 324–405 | 360–life | 360–life | 360–life | 360–life
        41 | 324–405 | 360–life | 360–life | 360–life | 360–life | 360–life
        42 | 360–life | 360–life | 360–life | 360–life | 360–life | 360–life
        43 | life | life | life | life | life | life
        """

    /// One row of law.md §3.1: the level and its six ranges.
    struct TableRow: Sendable, CustomTestStringConvertible {
        let level: Int
        let ranges: [GuidelineRange]
        var testDescription: String { "offense level \(level)" }
    }

    static let sentencingTableRows: [TableRow] = sentencingTableText.split(separator: "\n").map { line in
        let fields = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        let ranges = fields.dropFirst().map { field -> GuidelineRange in
            if field == "life" { return GuidelineRange(min: .life, max: .life) }
            let ends = field.split(separator: "–").map(String.init)
            guard ends.count == 2, let low = SentenceTerm(text: ends[0]), let high = SentenceTerm(text: ends[1]) else {
                fatalError("bad transcription \(field)")
            }
            return GuidelineRange(min: low, max: high)
        }
        return TableRow(level: Int(fields[0])!, ranges: ranges)
    }

    @Test("Every Sentencing Table cell equals law.md §3.1 (USSG Ch. 5 Pt. A, Nov. 1, 2016 Manual; unchanged since Amdt 462, 1992)",
          arguments: sentencingTableRows)
    func sentencingTableRow(_ row: TableRow) {
        #expect(row.ranges.count == 6)
        let calculator = GuidelineRangeCalculator(law: law)
        for (category, expected) in zip(CriminalHistoryCategory.allCases, row.ranges) {
            #expect(calculator.cell(level: row.level, category: category)?.range == expected, "\(row.level)/\(category)")
        }
    }

    @Test("Named Sentencing Table cells: 43 → life, 37/VI → 360–life, 32/I → 121–151, 30/I → 97–121, 24/I → 51–63 (law.md §3.1, §2.2 design note)")
    func namedSentencingTableCells() {
        let calculator = GuidelineRangeCalculator(law: law)
        #expect(calculator.cell(level: 43, category: .i)?.range.description == "life")
        #expect(calculator.cell(level: 37, category: .vi)?.range.description == "360 months–life")
        #expect(calculator.cell(level: 32, category: .i)?.range == GuidelineRange(minMonths: 121, maxMonths: 151))
        // law.md §2.2 (Amdt 706 reason): L26/I = 63–78, L32/I = 121–151, L24/I = 51–63, L30/I = 97–121.
        #expect(calculator.cell(level: 26, category: .i)?.range == GuidelineRange(minMonths: 63, maxMonths: 78))
        #expect(calculator.cell(level: 30, category: .i)?.range == GuidelineRange(minMonths: 97, maxMonths: 121))
        #expect(calculator.cell(level: 24, category: .i)?.range == GuidelineRange(minMonths: 51, maxMonths: 63))
        // Ch. 5 Pt. A comment. (n.2): levels below 1 are treated as 1, above 43 as 43 (law.md §3.1).
        #expect(calculator.cell(level: 0, category: .iii)?.range == GuidelineRange(minMonths: 0, maxMonths: 6))
        #expect(calculator.cell(level: 45, category: .ii)?.range.description == "life")
    }

    // MARK: 7. Manual editions (law.md §2.1)

    @Test("The Manual in force: 2010-08-03 → Nov. 1, 2009 Manual; 2010-11-01 → Nov. 1, 2010 Manual (USSG §1B1.11; law.md §2.1, §12 item 1)",
          arguments: [("2010-08-03", "November 1, 2009 Guidelines Manual"), ("2010-10-31", "November 1, 2009 Guidelines Manual"),
                      ("2010-11-01", "November 1, 2010 Guidelines Manual"), ("2007-10-31", "November 1, 2006 Guidelines Manual"),
                      ("2007-11-01", "November 1, 2007 Guidelines Manual"),
                      ("2008-05-01", "November 1, 2007 Guidelines Manual as amended May 1, 2008"),
                      ("2014-10-31", "November 1, 2013 Guidelines Manual"), ("2014-11-01", "November 1, 2014 Guidelines Manual"),
                      ("2023-11-01", "November 1, 2023 Guidelines Manual"), ("1994-11-01", "November 1, 1994 Guidelines Manual")])
    func editionInForce(_ day: String, _ expected: String) {
        #expect(law.edition(on: Self.date(day))?.name == expected)
    }

    @Test("No Manual edition in the data before 1994-11-01 (scope of the law data)")
    func noEditionBefore1994() {
        #expect(law.edition(on: Self.date("1994-10-31")) == nil)
    }

    // MARK: 8. Retroactive amendments (USSG §1B1.10(d); law.md §2.1, §4 rule 6)

    @Test("Retroactive amendments and the earliest date an order may take effect (USSG §1B1.10(d), (e)(1); Amdts 713, 759, 788, 825; law.md §4)",
          arguments: [("706", "2007-11-01", "2008-03-03", ""), ("715", "2008-05-01", "2008-05-01", ""),
                      ("750", "2011-11-01", "2011-11-01", "A and C"), ("782", "2014-11-01", "2015-11-01", ""),
                      ("821", "2023-11-01", "2024-02-01", "A and B(1)")])
    func retroactiveAmendment(_ number: String, _ effective: String, _ earliestOrder: String, _ parts: String) {
        let row = law.retroactiveAmendments.first { $0.amendment == number }
        #expect(row != nil, "amendment \(number) missing")
        #expect(row?.effectiveDate == Self.date(effective))
        #expect(row?.earliestOrderDate == Self.date(earliestOrder))
        #expect(row?.parts == parts)
    }

    @Test("Amendment 748 (the temporary FSA amendment) and 742 (recency points) are not retroactive (USSG §1B1.10(d); law.md §2.1, §3.2)")
    func nonRetroactiveAmendments() {
        let numbers = Set(law.retroactiveAmendments.map(\.amendment))
        #expect(!numbers.contains("748"))
        #expect(!numbers.contains("742"))
        #expect(!numbers.contains("555"))
    }

    // MARK: UNCONFIRMED markers

    // law.md marks some figures UNCONFIRMED; the rows holding them must say so (`confirmed = no`), and the
    // figures it confirms must not.
    @Test("Figures law.md marks UNCONFIRMED are flagged unconfirmed; confirmed neighbours are not (law.md §1.1, §1.2, §2.6)")
    func unconfirmedMarkers() {
        let calculator = StatutoryRangeCalculator(law: law)
        // §1.1: pre-1998 methamphetamine mixture figures UNCONFIRMED; pure figures confirmed (ONDCP).
        let mixture = calculator.threshold(section: .section841, tier: .a, substance: "methamphetamine_mixture",
                                           offenseDate: Self.date("1998-10-20"), sentencingDate: Self.date("1999-06-01"))
        let actual = calculator.threshold(section: .section841, tier: .a, substance: "methamphetamine_actual",
                                          offenseDate: Self.date("1998-10-20"), sentencingDate: Self.date("1999-06-01"))
        #expect(mixture?.atLeast == Self.amount("1000"))
        #expect(mixture?.citation.confirmed == false)
        #expect(actual?.atLeast == Self.amount("100"))
        #expect(actual?.citation.confirmed == true)
        // §1.2: pre-2018 § 960(b)(1) with a prior (20–life, no mandatory-life tier) UNCONFIRMED.
        let importPrior = calculator.penalty(section: .section960, tier: .a, priorConvictions: 1, deathOrSeriousInjury: false,
                                             sentencingDate: Self.date("2010-01-01"))
        #expect(importPrior.map { "\($0.minimum)–\($0.maximum)" } == "240 months–life")
        #expect(importPrior?.citation.confirmed == false)
        #expect(calculator.penalty(section: .section841, tier: .a, priorConvictions: 1, deathOrSeriousInjury: false,
                                   sentencingDate: Self.date("2010-01-01"))?.citation.confirmed == true)
        // §2.6: a generic fentanyl analogue's 10 kg equivalent is UNCONFIRMED as a table entry.
        #expect(law.equivalency(of: "fentanyl_analogue", on: Self.date("2016-11-01"))?.citation.confirmed == false)
        #expect(law.equivalency(of: "fentanyl", on: Self.date("2016-11-01"))?.citation.confirmed == true)
    }

    // MARK: 9. Constants and version

    @Test("Constants: 1 lb = 453.6 g and 1 oz = 28.35 g (USSG §2D1.1 comment. (n.8(D)) Measurement Conversion Table); life = 470 months is an unconfirmed USSC convention")
    func constants() {
        #expect(law.constant("grams_per_pound")?.value == Self.amount("453.6"))
        #expect(law.constant("grams_per_ounce")?.value == Self.amount("28.35"))
        #expect(law.constant("life_sentence_months")?.value == Self.amount("470"))
        #expect(law.constant("life_sentence_months")?.citation.confirmed == false)
    }

    @Test("The law data names its version and content digest")
    func version() {
        #expect(law.version.hasPrefix("2026.11.30"))
        #expect(law.version.contains("sha256 "))
    }
}
