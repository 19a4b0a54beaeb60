import ClemencyRules
import Testing

/// The dated pitfalls of law.md §12, each a named test through the whole engine.
@Suite("Dated edge cases (law.md §12)")
struct DatedEdgeCaseTests {
    let analyzer = SentenceAnalyzer(law: law)

    /// A crack case with the facts a court finds, varying only what each test is about.
    func crackCase(grams: String, sentenced: String, offense: String, statute: PenaltyTier? = nil) -> CaseFacts {
        var facts = CaseFacts.complete("EDGE", drug: drug("cocaine_base", grams), statute: statute, offense: offense,
                                       sentenced: sentenced, sentence: .months(121))
        facts.recencyPoints = nil
        facts.statusPoints = nil
        facts.custodyStartDate = nil
        facts.jailCreditDays = nil
        return facts
    }

    // Pitfall 1: four crack tables by sentencing date. 50 g: level 32 (before 2007-11-01), 30 (Amendment 706,
    // 2007-11-01), 26 (Amendment 748, 2010-11-01), 24 (Amendment 782, 2014-11-01). USSG §2D1.1(c); law.md §2.2.
    @Test("The crack table is chosen by the sentencing date", arguments: [
        ("2007-10-31", 32), ("2007-11-01", 30), ("2010-10-31", 30), ("2010-11-01", 26), ("2014-10-31", 26), ("2014-11-01", 24),
    ])
    func crackTableBySentencingDate(sentenced: String, level: Int) {
        let facts = crackCase(grams: "50", sentenced: sentenced, offense: "2004-01-15", statute: .a)
        let analysis = analyzer.analyze(facts, asOf: day("2026-11-30"))
        #expect(analysis.atSentencing.baseOffenseLevel == level)
        #expect(analysis.currentLaw.baseOffenseLevel == 24)
    }

    // Pitfall 1: sentenced 2010-09-15, after the Fair Sentencing Act (2010-08-03; Dorsey v. United States,
    // 567 U.S. 260 (2012)) but before its guideline amendment (748, 2010-11-01): 50 g is a (B) quantity, while
    // the 2009 Manual's crack table (Amendment 706) still gives level 30.
    @Test("Sentenced between 2010-08-03 and 2010-11-01: new thresholds, old table")
    func gapBetweenStatuteAndGuidelines() {
        let facts = crackCase(grams: "50", sentenced: "2010-09-15", offense: "2009-05-01", statute: nil)
        let analysis = analyzer.analyze(facts, asOf: day("2026-11-30"))
        #expect(analysis.atSentencing.statute == "21 U.S.C. § 841(b)(1)(B)")
        #expect(analysis.atSentencing.statutoryMinimum == .months(60))
        #expect(analysis.atSentencing.baseOffenseLevel == 30)
        #expect(analysis.atSentencing.manualEdition == "November 1, 2009 Guidelines Manual")
        #expect(analysis.missingFacts.contains { $0.fact == "statute" })
    }

    // The day before the Act, the same quantity was an (A) quantity (21 U.S.C. § 841(b)(1)(A)(iii) (2006)).
    @Test("Sentenced 2010-08-02: the old 50-gram threshold still applied")
    func dayBeforeFairSentencingAct() {
        let facts = crackCase(grams: "50", sentenced: "2010-08-02", offense: "2009-05-01", statute: nil)
        let analysis = analyzer.analyze(facts, asOf: day("2026-11-30"))
        #expect(analysis.atSentencing.statute == "21 U.S.C. § 841(b)(1)(A)")
        #expect(analysis.atSentencing.statutoryMinimum == .months(120))
        #expect(analysis.currentLaw.statute == "21 U.S.C. § 841(b)(1)(B)")
        #expect(analysis.currentLaw.statutoryMinimum == .months(60))
    }

    // Pitfall 2: First Step Act § 401 is not retroactive. Sentenced in 2005 on an (A) count with two § 851
    // priors: mandatory life then (21 U.S.C. § 841(b)(1)(A) (2006)); 25 years today if the priors qualify.
    @Test("§ 401 is not retroactive: mandatory life at sentencing, 300 months today")
    func section401NotRetroactive() {
        var facts = crackCase(grams: "1500", sentenced: "2005-06-01", offense: "2004-01-15", statute: .a)
        facts.prior851Count = 2
        facts.priorsQualifyToday = .yes
        facts.sentence = .life
        let analysis = analyzer.analyze(facts, asOf: day("2026-11-30"))
        #expect(analysis.atSentencing.statutoryMinimum == .life)
        #expect(analysis.currentLaw.statutoryMinimum == .months(300))
        #expect(analysis.currentLaw.statute == "21 U.S.C. § 841(b)(1)(A)")
        // The same prisoner sentenced on 2018-12-20 still got life; on 2018-12-21, 25 years.
        facts.sentencingDate = day("2018-12-20")
        #expect(analyzer.analyze(facts, asOf: day("2026-11-30")).atSentencing.statutoryMinimum == .life)
        facts.sentencingDate = day("2018-12-21")
        #expect(analyzer.analyze(facts, asOf: day("2026-11-30")).atSentencing.statutoryMinimum == .months(300))
    }

    // Pitfall 2: priors that would not be serious drug felonies today (21 U.S.C. § 802(57)) drop out entirely.
    @Test("Priors that are not serious drug felonies today do not enhance current law")
    func priorsThatNoLongerQualify() {
        var facts = crackCase(grams: "1500", sentenced: "2005-06-01", offense: "2004-01-15", statute: .a)
        facts.prior851Count = 2
        facts.priorsQualifyToday = .no
        facts.sentence = .life
        let analysis = analyzer.analyze(facts, asOf: day("2026-11-30"))
        #expect(analysis.currentLaw.statutoryMinimum == .months(120))
        #expect(analysis.currentLaw.priorConvictionsCounted == 0)
    }

    // Pitfall 3: an enhancement needs a § 851 information (21 U.S.C. § 851(a)); criminal history alone does not
    // raise the minimum.
    @Test("§ 851 only when charged: a long record without an information keeps the base minimum")
    func section851OnlyWhenCharged() {
        var facts = crackCase(grams: "60", sentenced: "2006-03-01", offense: "2005-01-15", statute: .a)
        facts.criminalHistoryPoints = 15
        facts.criminalHistoryCategory = .vi
        facts.prior851Count = 0
        let analysis = analyzer.analyze(facts, asOf: day("2026-11-30"))
        #expect(analysis.atSentencing.statutoryMinimum == .months(120))
        #expect(analysis.atSentencing.priorConvictionsCounted == 0)
    }

    // Pitfall 7: methamphetamine mixture and actual, the greater level applies (USSG §2D1.1(c) note (B), 2016).
    // 100 g mixture is level 24 (50–200 g); 50 g actual is level 30 (50–150 g).
    @Test("Methamphetamine: the greater of mixture and actual")
    func methamphetamineGreaterOf() {
        #expect(dqtLevel([drug("methamphetamine_mixture", "100")], on: "2016-11-01") == 24)
        #expect(dqtLevel([drug("methamphetamine_actual", "50")], on: "2016-11-01") == 30)
        #expect(dqtLevel([drug("methamphetamine_mixture", "100"), drug("methamphetamine_actual", "50")], on: "2016-11-01") == 30)
    }

    // Pitfall 10: the career offender level follows the statutory maximum (USSG §4B1.1(b)). Concepcion v.
    // United States, 597 U.S. 481 (2022): an (A) crack conviction (maximum life, level 37) becomes a (B)
    // conviction (maximum 40 years, level 34) under the Fair Sentencing Act; less 3 for acceptance, 34 → 31:
    // 262–327 months becomes 188–235 at category VI.
    @Test("Career offender level moves with the statutory maximum (Concepcion's ranges)")
    func careerOffenderFollowsStatutoryMaximum() {
        var facts = crackCase(grams: "50", sentenced: "2009-06-01", offense: "2008-01-15", statute: .a)
        facts.careerOffender = .yes
        facts.acceptanceReduction = 3
        facts.criminalHistoryPoints = nil
        facts.criminalHistoryCategory = .vi
        facts.sentence = .months(262)
        let analysis = analyzer.analyze(facts, asOf: day("2026-11-30"))
        #expect(analysis.atSentencing.totalOffenseLevel == 34)
        #expect(analysis.atSentencing.guidelineRange == GuidelineRange(minMonths: 262, maxMonths: 327))
        #expect(analysis.currentLaw.totalOffenseLevel == 31)
        #expect(analysis.currentLaw.guidelineRange == GuidelineRange(minMonths: 188, maxMonths: 235))
        #expect(analysis.estimatedSentenceToday == .months(188))
        #expect(analysis.reductionMonths == 74)
    }

    // Pitfall 9: recency points (former §4A1.1(e), deleted by Amendment 742, 2010-11-01) are recomputed away, and
    // status points follow Amendment 821 (2023-11-01): 1 point only with 7 or more other points.
    @Test("Criminal history is recomputed from its points under current rules")
    func criminalHistoryRecomputed() {
        var facts = crackCase(grams: "50", sentenced: "2006-06-01", offense: "2005-01-15", statute: .a)
        facts.criminalHistoryPoints = 7
        facts.recencyPoints = 1
        facts.statusPoints = 2
        facts.criminalHistoryCategory = .iv
        let analysis = analyzer.analyze(facts, asOf: day("2026-11-30"))
        #expect(analysis.atSentencing.criminalHistoryCategory == .iv)
        // 7 − 1 recency = 6; 4 other points < 7, so the 2 status points become 0: 4 points, category III.
        #expect(analysis.currentLaw.criminalHistoryCategory == .iii)
    }

    // Safety valve (18 U.S.C. § 3553(f)): the minimum does not bind the range or the estimate.
    @Test("With the safety valve the mandatory minimum does not restrict the range")
    func safetyValveRange() {
        var facts = crackCase(grams: "6", sentenced: "2006-06-01", offense: "2005-01-15", statute: .b)
        facts.safetyValve = .yes
        facts.offenseLevelAdjustments = -2
        facts.acceptanceReduction = 3
        facts.sentence = .months(46)
        let analysis = analyzer.analyze(facts, asOf: day("2026-11-30"))
        // 2006: 6 g is level 26 (5–20 g), −2 −3 = 21, category I: 37–46, not raised to 60.
        #expect(analysis.atSentencing.guidelineRange == GuidelineRange(minMonths: 37, maxMonths: 46))
        // Today 6 g is level 12 (< 28 g after Amendment 782... 5.6–11.2 g is level 16): 16 − 5 = 11, 8–14 months.
        #expect(analysis.currentLaw.baseOffenseLevel == 16)
        #expect(analysis.currentLaw.guidelineRange == GuidelineRange(minMonths: 8, maxMonths: 14))
        #expect(analysis.estimatedSentenceToday == .months(14))
    }

    // A sentence cannot have been imposed after the as-of date: the record is wrong or the as-of date is. The
    // engine computes with the facts as given but says so (never a silent guess).
    @Test("A sentencing date after the as-of date is flagged; one on the as-of date is not",
          arguments: [("2026-12-01", true), ("2026-11-30", false)])
    func factsAfterAsOf(sentenced: String, flagged: Bool) {
        let facts = crackCase(grams: "50", sentenced: sentenced, offense: "2026-01-15", statute: .a)
        let analysis = analyzer.analyze(facts, asOf: day("2026-11-30"))
        let flags = analysis.flags.filter { $0.code == "fact_after_as_of" }
        #expect(flags.map(\.text) == (flagged ? ["The sentencing date (2026-12-01) is after the as-of date (2026-11-30): check the record; the figures treat it as given."] : []))
    }
}

/// A sentencing year without a date (the USSC datafile's SENTYR): no Manual is chosen, the findings are kept,
/// and a year after the as-of date is flagged rather than screened silently (USSG §1B1.11(a)).
@Suite("Sentencing year without a date")
struct SentencingYearTests {
    let analyzer = SentenceAnalyzer(law: law)

    func yearOnly(_ year: Int) -> CaseFacts {
        var facts = CaseFacts(caseID: "USSC-1")
        facts.sentencingYear = year
        facts.totalOffenseLevel = 17
        facts.criminalHistoryCategory = .i
        facts.guidelineMinMonths = 24
        facts.guidelineMax = .months(30)
        return facts
    }

    @Test("A year after the as-of date is flagged; the date within the year is asked for; the findings are reported")
    func yearAfterAsOf() {
        let later = analyzer.analyze(yearOnly(2015), asOf: day("2014-04-23"))
        #expect(later.flags.contains { $0.code == "fact_after_as_of" && $0.text.contains("2015") })
        #expect(later.missingFacts.first { $0.fact == "sentencing_date" }?.question == "On what date in 2015 was the sentence imposed?")
        #expect(later.atSentencing.totalOffenseLevel == 17)
        #expect(later.atSentencing.criminalHistoryCategory == .i)
        #expect(later.atSentencing.guidelineRange == GuidelineRange(minMonths: 24, maxMonths: 30))
        #expect(later.atSentencing.manualEdition == nil)

        let sameYear = analyzer.analyze(yearOnly(2014), asOf: day("2014-04-23"))
        #expect(!sameYear.flags.contains { $0.code == "fact_after_as_of" })
    }
}

/// The law tables are checked against the law to their release date (version.csv `released`): an as-of date after it
/// is flagged, since a later change in the law would be unknown to the analysis.
@Suite("Law data currency")
struct LawDataCurrencyTests {
    @Test("An as-of date after the law data's release date is flagged; on that date it is not")
    func currency() throws {
        let released = try #require(law.currentTo)
        #expect(released == day("2026-11-30"))
        let facts = CaseFacts.complete("CUR", drug: drug("cocaine", "600"), statute: .b, offense: "2015-01-15",
                                       sentenced: "2015-06-01", sentence: .months(60))
        let after = SentenceAnalyzer(law: law).analyze(facts, asOf: day("2026-12-01"))
        #expect(after.flags.contains { $0.code == "law_data_currency" && $0.text.contains("current to 2026-11-30") })
        let on = SentenceAnalyzer(law: law).analyze(facts, asOf: day("2026-11-30"))
        #expect(!on.flags.contains { $0.code == "law_data_currency" })
    }
}
