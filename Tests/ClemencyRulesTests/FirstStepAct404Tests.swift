import ClemencyLawData
import ClemencyRules
import Testing

/// First Step Act of 2018, § 404: covered offenses, the § 404(c) limits, and the ranges "as if" §§ 2–3 of
/// the Fair Sentencing Act of 2010 applied (law.md §8).
@Suite("First Step Act § 404")
struct FirstStepAct404Tests {
    static let pathway = "first_step_act_404"
    /// Screening half a year after the First Step Act (enacted 2018-12-21).
    static let asOf = day("2019-06-01")

    /// law.md §8's example: 50 g of cocaine base under § 841(b)(1)(A) with one § 851 prior, offense
    /// 2004-06-01, sentenced 2005-06-01 to the 240-month minimum (21 U.S.C. § 841(b)(1)(A) (2006)).
    static func covered() -> CaseFacts {
        var facts = CaseFacts.complete("FSA404", drug: drug("cocaine_base", "50"), statute: .a, offense: "2004-06-01",
                                       sentenced: "2005-06-01", sentence: .months(240))
        facts.prior851Count = 1
        facts.sentenceReducedUnderFairSentencingAct = .no
        facts.prior404MotionDeniedOnMerits = .no
        return facts
    }

    func screen(_ facts: CaseFacts, asOf: CalendarDate = asOf) throws -> (ScreeningResult, PathwayDetermination) {
        let result = Screener(law: law, policy: try PolicyData.loadDefault(), asOf: asOf).screen(facts)
        return (result, try #require(result.pathways.first { $0.pathway == Self.pathway }))
    }

    func reason(_ determination: PathwayDetermination, _ fragment: String) -> String? {
        determination.reasons.first { $0.text.contains(fragment) }?.text
    }

    // MARK: Covered offenses (§ 404(a); Terry)

    @Test("50 g crack, (A), one § 851 prior, sentenced 2005: 240-month minimum then; as if the FSA applied (B), 120 months (law.md §8 example; FSA § 2; 21 U.S.C. § 841(b)(1)(B) (2006))")
    func lawMdExample() throws {
        let (result, determination) = try screen(Self.covered())
        #expect(result.analysis.atSentencing.statute == "21 U.S.C. § 841(b)(1)(A)")
        #expect(result.analysis.atSentencing.statutoryMinimum == .months(240))
        #expect(result.analysis.atSentencing.guidelineRange == GuidelineRange(minMonths: 240, maxMonths: 240))
        #expect(determination.determination == .eligible)
        #expect(determination.missingFacts.isEmpty)
        #expect(reason(determination, "As if the Fair Sentencing Act applied: 21 U.S.C. § 841(b)(1)(B), minimum 120 months, maximum life") != nil)
        // Benchmark: 50 g is level 24 today (28–112 g, Amendment 782), 51–63 at category I, raised to the 120-month
        // as-if minimum (USSG §5G1.1(b)) — not to the 240-month minimum that no longer applies.
        #expect(reason(determination, "Benchmark guideline range with the current cocaine base quantities: 120 months") != nil)
        #expect(determination.estimatedSentence == .months(120))
    }

    @Test("A (B) crack count is covered: 10 g, one prior, sentenced 2009 → as if FSA (C), 0–360 months (FSA § 2: 28 g; Terry v. United States, 593 U.S. 486 (2021))")
    func tierBCovered() throws {
        var facts = Self.covered()
        facts.drugs = [drug("cocaine_base", "10")]
        facts.statute = StatuteOfConviction(section: .section841, tier: .b)
        facts.offenseDate = day("2008-06-01")
        facts.sentencingDate = day("2009-06-01")
        facts.custodyStartDate = day("2009-06-01")
        facts.criminalHistoryCategory = .iv
        facts.criminalHistoryPoints = 8
        facts.offenseLevelAdjustments = 6
        // 2008 table: 10 g is level 24 (5–20 g, Amendment 706); 24 + 6 = 30, category IV: 135–168 months.
        facts.sentence = .months(168)
        let (result, determination) = try screen(facts)
        #expect(result.analysis.atSentencing.guidelineRange == GuidelineRange(minMonths: 135, maxMonths: 168))
        #expect(determination.determination == .eligible)
        #expect(reason(determination, "As if the Fair Sentencing Act applied: 21 U.S.C. § 841(b)(1)(C), minimum 0 months, maximum 360 months") != nil)
        // Today 10 g is level 16 (5.6–11.2 g); 16 + 6 = 22 at IV: 63–78, with no minimum as if the FSA applied;
        // the top of the range kept → 78.
        #expect(determination.estimatedSentence == .months(78))
    }

    @Test("A (C) crack count is never covered, however much crack was found (Terry v. United States, 593 U.S. 486 (2021); law.md §12 item 8)",
          arguments: ["4", "100"])
    func tierCNotCovered(grams: String) throws {
        var facts = Self.covered()
        facts.drugs = [drug("cocaine_base", grams)]
        facts.statute = StatuteOfConviction(section: .section841, tier: .c)
        facts.prior851Count = 0
        let (_, determination) = try screen(facts)
        #expect(determination.determination == .ineligible)
        #expect(determination.estimatedSentence == nil)
        let text = try #require(reason(determination, "a count with no mandatory minimum is not a covered offense"))
        #expect(text.hasPrefix("Not met:"))
    }

    @Test("Powder cocaine is not covered: the FSA changed only cocaine base penalties (FSA § 2; First Step Act § 404(a))")
    func powderNotCovered() throws {
        var facts = Self.covered()
        facts.drugs = [drug("cocaine", "600")]
        facts.statute = StatuteOfConviction(section: .section841, tier: .b)
        let (_, determination) = try screen(facts)
        #expect(determination.determination == .ineligible)
        #expect(reason(determination, "no cocaine base")?.hasPrefix("Not met:") == true)
    }

    @Test("An importation crack count under 21 U.S.C. § 960(b)(1) is covered (FSA § 2 amended § 960(b)(1)(C); law.md §8)")
    func section960Covered() throws {
        var facts = Self.covered()
        facts.statute = StatuteOfConviction(section: .section960, tier: .a)
        let (_, determination) = try screen(facts)
        #expect(determination.determination == .eligible)
        #expect(reason(determination, "As if the Fair Sentencing Act applied: 21 U.S.C. § 960(b)(2), minimum 120 months") != nil)
    }

    @Test("Offense date: 2010-08-02 is before the FSA (covered), 2010-08-03 is not (First Step Act § 404(a): 'committed before August 3, 2010')",
          arguments: [("2010-08-02", true), ("2010-08-03", false)])
    func offenseDateBoundary(offense: String, covered: Bool) throws {
        var facts = Self.covered()
        facts.offenseDate = day(offense)
        facts.sentencingDate = day("2011-03-01")
        facts.custodyStartDate = day("2011-03-01")
        let (_, determination) = try screen(facts)
        let text = try #require(reason(determination, "committed on \(offense)"))
        #expect(text.hasPrefix(covered ? "Met:" : "Not met:"))
        if covered {
            // A 2011 sentence on an (A) count for 50 g: the pre-Act thresholds were applied (before Dorsey), and the
            // record says the sentence was not imposed under the Act, which § 404(c) arguably does not bar.
            #expect(facts.sentenceReducedUnderFairSentencingAct == .no)
            #expect(determination.determination == .eligible)
            #expect(reason(determination, "under the pre-Act thresholds (recorded)") != nil)
        } else {
            #expect(determination.determination == .ineligible)
        }
    }

    // MARK: § 404(c) limits

    @Test("Sentenced on 2010-08-03 or later under the FSA's thresholds: barred; 2010-08-02: not barred (Dorsey v. United States, 567 U.S. 260 (2012); First Step Act § 404(c))",
          arguments: [("2010-08-02", Determination.eligible), ("2010-08-03", Determination.ineligible), ("2012-06-21", Determination.ineligible)])
    func dorseyBar(sentenced: String, expected: Determination) throws {
        var facts = Self.covered()
        if expected == .ineligible {
            // Convicted under (B) for 50 g: the Act's thresholds were applied.
            facts.statute = StatuteOfConviction(section: .section841, tier: .b)
        }
        facts.offenseDate = day("2009-06-01")
        facts.sentencingDate = day(sentenced)
        facts.custodyStartDate = day(sentenced)
        let (result, determination) = try screen(facts)
        #expect(determination.determination == expected)
        if expected == .eligible {
            // The old 50 g threshold governed that day: (A), 240 months with the prior.
            #expect(result.analysis.atSentencing.statutoryMinimum == .months(240))
        } else {
            #expect(reason(determination, "sentenced on \(sentenced), when the Fair Sentencing Act already applied")?.hasPrefix("Not met:") == true)
            #expect(determination.estimatedSentence == nil)
        }
    }

    @Test("Already imposed or reduced under the FSA → barred (First Step Act § 404(c))")
    func alreadyReduced() throws {
        var facts = Self.covered()
        facts.sentenceReducedUnderFairSentencingAct = .yes
        let (_, determination) = try screen(facts)
        #expect(determination.determination == .ineligible)
        #expect(determination.estimatedSentence == nil)
        #expect(reason(determination, "already imposed or reduced under the Fair Sentencing Act")?.hasPrefix("Not met:") == true)
    }

    @Test("An earlier § 404 motion denied after a complete review on the merits → barred (First Step Act § 404(c))")
    func priorMotionDenied() throws {
        var facts = Self.covered()
        facts.prior404MotionDeniedOnMerits = .yes
        let (_, determination) = try screen(facts)
        #expect(determination.determination == .ineligible)
        #expect(reason(determination, "denied after a complete review on the merits")?.hasPrefix("Not met:") == true)
    }

    @Test("Unknown § 404(c) facts → needs information, with the question for each (First Step Act § 404(c))")
    func unknownBars() throws {
        var facts = Self.covered()
        facts.sentenceReducedUnderFairSentencingAct = .unknown
        facts.prior404MotionDeniedOnMerits = .unknown
        let (_, determination) = try screen(facts)
        #expect(determination.determination == .needsInformation)
        let missing = Dictionary(uniqueKeysWithValues: determination.missingFacts.map { ($0.fact, $0.question) })
        #expect(missing.count == 2)
        #expect(missing["sentence_reduced_under_fair_sentencing_act"] == "Was the sentence already reduced under § 404 or imposed under the Fair Sentencing Act?")
        #expect(missing["prior_404_motion_denied_on_merits"] == "Was an earlier First Step Act § 404 motion denied after a complete review on the merits?")
        // The benchmark is still shown while the bars are undecided.
        #expect(determination.estimatedSentence != nil)
        #expect(determination.estimatedSentence == .months(120))
    }

    @Test("One unknown bar and one failed bar → ineligible, nothing asked (First Step Act § 404(c))")
    func failedBarWinsOverUnknown() throws {
        var facts = Self.covered()
        facts.sentenceReducedUnderFairSentencingAct = .unknown
        facts.prior404MotionDeniedOnMerits = .yes
        let (_, determination) = try screen(facts)
        #expect(determination.determination == .ineligible)
        #expect(determination.missingFacts.isEmpty)
    }

    @Test("Unknown coverage facts → needs information naming drugs, statute and offense date (First Step Act § 404(a))")
    func unknownCoverage() throws {
        var facts = Self.covered()
        facts.drugs = nil
        facts.statute = nil
        facts.offenseDate = nil
        let (_, determination) = try screen(facts)
        #expect(determination.determination == .needsInformation)
        let missing = Dictionary(uniqueKeysWithValues: determination.missingFacts.map { ($0.fact, $0.question) })
        #expect(missing["drugs"] == "Did the conviction involve cocaine base (crack)?")
        #expect(missing["statute"] == "Was the crack count under 21 U.S.C. § 841(b)(1)(A) or (B) (or § 960(b)(1)–(2))?")
        #expect(missing["offense_date"] == "Was the offense committed before 2010-08-03?")
    }

    @Test("A fully served prison term cannot be reduced (United States v. Martin, 974 F.3d 124 (2d Cir. 2020))")
    func released() throws {
        var facts = Self.covered()
        facts.releaseDate = day("2019-01-15")
        let (_, determination) = try screen(facts)
        #expect(determination.determination == .ineligible)
        #expect(reason(determination, "released on 2019-01-15")?.hasPrefix("Not met:") == true)
    }

    // MARK: The ranges as if the FSA applied

    @Test("As if the FSA applied, the § 851 enhancement stays as it then stood: 300 g, two priors → still mandatory life, so nothing to reduce (First Step Act §§ 401 not retroactive, 404(b); law.md §12 item 2)")
    func section401NotApplied() throws {
        var facts = Self.covered()
        facts.drugs = [drug("cocaine_base", "300")]
        facts.prior851Count = 2
        facts.sentence = .life
        let (result, determination) = try screen(facts)
        #expect(result.analysis.atSentencing.statutoryMinimum == .life)
        #expect(determination.determination == .ineligible)
        #expect(reason(determination, "Not met: as if the Fair Sentencing Act applied, the mandatory minimum would still be life, not below the life imposed") != nil)
        #expect(determination.estimatedSentence == nil)
    }

    // § 404(b): the as-if minimum binds. 300 g with one § 851 prior stays (A) as if the FSA applied (280 g): 240 months
    // minimum (21 U.S.C. § 841(b)(1)(A) (2006)). A sentence at that minimum cannot be reduced; 241 months can; a waiver
    // (§ 3553(e) motion) lets the court go below; a sentence below it without a known answer implies a waiver.
    @Test("A sentence at the as-if mandatory minimum cannot be reduced; one month above it, or with a waiver, can (First Step Act § 404(b))",
          arguments: [(240, Answer.no, Determination.ineligible), (241, .no, .eligible), (240, .yes, .eligible), (200, .unknown, .eligible)])
    func asIfMinimumBinds(months: Int, substantialAssistance: Answer, expected: Determination) throws {
        var facts = Self.covered()
        facts.drugs = [drug("cocaine_base", "300")]
        facts.sentence = .months(months)
        facts.substantialAssistance = substantialAssistance
        let (_, determination) = try screen(facts)
        #expect(determination.determination == expected)
    }

    // Concepcion v. United States, 597 U.S. 481 (2022); law.md §12 item 10: the career offender level follows the
    // statutory maximum, so an (A) count (maximum life: level 37) that becomes (B) as if the FSA applied (maximum
    // 40 years: level 34) falls, less 3 for acceptance, from 34 (262–327) to 31 (188–235) at category VI.
    @Test("Career offender benchmark as if the FSA applied: 262–327 becomes 188–235 (Concepcion v. United States, 597 U.S. 481 (2022); USSG §4B1.1(b))")
    func careerOffenderBenchmark() throws {
        var facts = Self.covered()
        facts.prior851Count = 0
        facts.offenseDate = day("2008-01-15")
        facts.sentencingDate = day("2009-06-01")
        facts.custodyStartDate = day("2009-06-01")
        facts.careerOffender = .yes
        facts.acceptanceReduction = 3
        facts.criminalHistoryPoints = nil
        facts.recencyPoints = nil
        facts.statusPoints = nil
        facts.criminalHistoryCategory = .vi
        facts.sentence = .months(262)
        let (result, determination) = try screen(facts)
        #expect(result.analysis.atSentencing.guidelineRange == GuidelineRange(minMonths: 262, maxMonths: 327))
        #expect(determination.determination == .eligible)
        #expect(reason(determination, "As if the Fair Sentencing Act applied: 21 U.S.C. § 841(b)(1)(B), minimum 60 months, maximum 480 months") != nil)
        #expect(reason(determination, "Benchmark guideline range with the current cocaine base quantities: 188–235 months") != nil)
        #expect(determination.estimatedSentence == .months(188))
    }

    @Test("As if the FSA applied, 300 g of crack with no prior stays (A): 120 months to life (FSA § 2: 280 g)")
    func largeQuantityStaysA() throws {
        var facts = Self.covered()
        facts.drugs = [drug("cocaine_base", "300")]
        facts.prior851Count = 0
        facts.offenseLevelAdjustments = 4
        // 2005: 300 g is level 34 (150–500 g); 34 + 4 = 38, category I: 235–293; 293 imposed.
        facts.sentence = .months(293)
        let (result, determination) = try screen(facts)
        #expect(result.analysis.atSentencing.guidelineRange == GuidelineRange(minMonths: 235, maxMonths: 293))
        #expect(determination.determination == .eligible)
        #expect(reason(determination, "As if the Fair Sentencing Act applied: 21 U.S.C. § 841(b)(1)(A), minimum 120 months, maximum life") != nil)
        // Today 300 g is level 30 (280–840 g); 30 + 4 = 34: 151–188; the top kept → 188.
        #expect(determination.estimatedSentence == .months(188))
    }
}


@Suite("First Step Act § 404 and sentences between the Act and Dorsey")
struct PreDorseyTests {
    // Sentenced 2011-01-15 on an (A) count for 50 g of crack: the court applied the pre-Act thresholds, as some did
    // before Dorsey v. United States, 567 U.S. 260 (2012). § 404(c) bars only sentences imposed in accordance with
    // the Act, so the screening asks instead of barring (law.md §8: reading UNCONFIRMED).
    @Test("A pre-Dorsey sentence under the old thresholds is a question, not a bar")
    func preDorseyQuestion() throws {
        var facts = CaseFacts(caseID: "PRE-DORSEY")
        facts.drugs = [drug("cocaine_base", "50")]
        facts.statute = StatuteOfConviction(section: .section841, tier: .a)
        facts.offenseDate = day("2009-12-01")
        facts.sentencingDate = day("2011-01-15")
        facts.custodyStartDate = day("2011-01-15")
        facts.prior851Count = 0
        facts.sentence = .months(120)
        facts.sentence = .months(240)
        let screener = Screener(law: law, policy: try PolicyData.loadDefault(), asOf: day("2019-01-02"))
        let result = screener.screen(facts)
        let determination = try #require(result.pathways.first { $0.pathway == "first_step_act_404" })
        #expect(determination.determination == .needsInformation)
        #expect(determination.missingFacts.contains { $0.fact == "sentence_reduced_under_fair_sentencing_act" })
        #expect(result.analysis.flags.contains { $0.code == "fact_disagreement" })

        // Answered in the case-format field: "no" (the pre-Act thresholds were applied) lifts the bar, "yes" bars.
        facts.sentenceReducedUnderFairSentencingAct = .no
        facts.prior404MotionDeniedOnMerits = .no
        let answeredNo = try #require(screener.screen(facts).pathways.first { $0.pathway == "first_step_act_404" })
        #expect(!answeredNo.missingFacts.contains { $0.fact == "sentence_reduced_under_fair_sentencing_act" })
        #expect(answeredNo.reasons.contains { $0.text.contains("under the pre-Act thresholds (recorded)") })
        facts.sentenceReducedUnderFairSentencingAct = .yes
        let answeredYes = try #require(screener.screen(facts).pathways.first { $0.pathway == "first_step_act_404" })
        #expect(answeredYes.determination == .ineligible)
    }

    // Before the First Step Act was enacted (2018-12-21) there is no § 404 to screen.
    @Test("No § 404 determination before the First Step Act existed")
    func notBeforeEnactment() throws {
        var facts = CaseFacts(caseID: "EARLY")
        facts.drugs = [drug("cocaine_base", "60")]
        facts.statute = StatuteOfConviction(section: .section841, tier: .a)
        facts.offenseDate = day("2004-01-01")
        facts.sentencingDate = day("2005-01-01")
        facts.sentence = .months(240)
        let policy = try PolicyData.loadDefault()
        #expect(!Screener(law: law, policy: policy, asOf: day("2018-12-20")).screen(facts).pathways.contains { $0.pathway == "first_step_act_404" })
        #expect(Screener(law: law, policy: policy, asOf: day("2018-12-21")).screen(facts).pathways.contains { $0.pathway == "first_step_act_404" })
    }
}
