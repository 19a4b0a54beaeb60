import ClemencyLawData
import ClemencyRules
import Testing

/// 18 U.S.C. § 3582(c)(2) and USSG §1B1.10 (Nov. 1, 2016): a reduction when a retroactive amendment lowers
/// the applicable guideline range (law.md §4).
@Suite("Guideline reductions, 18 U.S.C. § 3582(c)(2) and USSG §1B1.10")
struct GuidelineReductionTests {
    static let pathway = "guideline_reduction_3582c2"

    /// 400 g of powder cocaine under § 841(b)(1)(C) (no minimum), sentenced 2012-06-01 under the Nov. 2011
    /// Manual: level 24 (400–500 g), category I, 51–63 months; 63 imposed. Amendment 782: level 22, 41–51.
    static func powder() -> CaseFacts {
        var facts = CaseFacts.complete("3582C2", drug: drug("cocaine", "400"), statute: .c, offense: "2011-06-01",
                                       sentenced: "2012-06-01", sentence: .months(63))
        facts.reducedUnderAmendments = []
        return facts
    }

    func screen(_ facts: CaseFacts, amendment: String, asOf: CalendarDate) throws -> (ScreeningResult, PathwayDetermination) {
        let result = Screener(law: law, policy: try PolicyData.loadDefault(), asOf: asOf).screen(facts)
        return (result, try #require(result.pathways.first { $0.pathway == Self.pathway && $0.variant == amendment }))
    }

    func reason(_ determination: PathwayDetermination, _ fragment: String) -> String? {
        determination.reasons.first { $0.text.contains(fragment) }?.text
    }

    // MARK: Amendment 782

    @Test("Sentenced before Amendment 782, the drug table level falls: eligible, floor at the amended minimum, no order before 2015-11-01 (USSG §1B1.10(b)(2)(A), (e)(1); Amendment 788)",
          arguments: [("2015-06-01", "2015-11-01"), ("2016-03-01", "2016-03-01")])
    func amendment782Eligible(asOf: String, earliest: String) throws {
        let (result, determination) = try screen(Self.powder(), amendment: "782", asOf: day(asOf))
        #expect(result.analysis.atSentencing.guidelineRange == GuidelineRange(minMonths: 51, maxMonths: 63))
        #expect(determination.determination == .eligible)
        #expect(reason(determination, "the applicable range falls from 51–63 months to 41–51 months")?.hasPrefix("Met:") == true)
        #expect(determination.estimatedSentence == .months(41))
        #expect(determination.earliestDate == day(earliest))
        #expect(reason(determination, "No reduction order may take effect before 2015-11-01") != nil)
    }

    // Whether an earlier § 3582(c)(2) order already applied the amendment is a fact: unknown is asked once orders
    // could take effect (2015-11-01 for Amendment 782, USSG §1B1.10(e)(1)), never assumed to be "none".
    @Test("Earlier reductions: unknown is asked once orders could take effect; none, another amendment, or this one decide it (USSG §1B1.10; 18 U.S.C. § 3582(c)(2))",
          arguments: [(nil as [String]?, "2016-03-01", Determination.needsInformation), (nil, "2015-06-01", .eligible),
                      ([], "2016-03-01", .eligible), (["750"], "2016-03-01", .eligible), (["782"], "2016-03-01", .ineligible)])
    func earlierReductions(reduced: [String]?, asOf: String, expected: Determination) throws {
        var facts = Self.powder()
        facts.reducedUnderAmendments = reduced
        let (_, determination) = try screen(facts, amendment: "782", asOf: day(asOf))
        #expect(determination.determination == expected)
        #expect(determination.missingFacts.contains { $0.fact == "reduced_under_amendments" } == (expected == .needsInformation))
    }

    @Test("Sentenced on 2014-11-01 or later the sentence already reflects Amendment 782; the day before it does not (USSG §1B1.10(a)(1); Amendment 782, eff. 2014-11-01)",
          arguments: [("2014-10-31", Determination.eligible), ("2014-11-01", Determination.ineligible), ("2015-02-01", Determination.ineligible)])
    func sentencedAfter782(sentenced: String, expected: Determination) throws {
        var facts = Self.powder()
        facts.sentencingDate = day(sentenced)
        facts.custodyStartDate = day(sentenced)
        let (_, determination) = try screen(facts, amendment: "782", asOf: day("2015-06-01"))
        #expect(determination.determination == expected)
        if expected == .ineligible {
            #expect(reason(determination, "after Amendment 782 took effect (2014-11-01): the sentence already reflects it")?.hasPrefix("Not met:") == true)
        }
    }

    @Test("A mandatory minimum above the whole range before and after the amendment: no lowered range (USSG §1B1.10 comment. (n.1(A)) (Nov. 2016))")
    func mandatoryMinimumSetsRange() throws {
        var facts = Self.powder()
        // 60 g crack under (B): 60 months minimum. Nov. 2011 table: level 26 (28–112 g) − 3 = 23, 46–57 → 60;
        // after 782: 24 − 3 = 21, 37–46 → 60.
        facts.drugs = [drug("cocaine_base", "60")]
        facts.statute = StatuteOfConviction(section: .section841, tier: .b)
        facts.acceptanceReduction = 3
        facts.sentence = .months(60)
        let (result, determination) = try screen(facts, amendment: "782", asOf: day("2015-06-01"))
        #expect(result.analysis.atSentencing.guidelineRange == GuidelineRange(minMonths: 60, maxMonths: 60))
        #expect(determination.determination == .ineligible)
        #expect(reason(determination, "the mandatory minimum (60 months) sets the range")?.hasPrefix("Not met:") == true)
        #expect(determination.estimatedSentence == nil)
    }

    @Test("A career offender whose range the §4B1.1 table set gets no relief (USSG §1B1.10 comment. (n.1(A)); §4B1.1(b); law.md §12 item 4)")
    func careerOffenderTableSetsRange() throws {
        var facts = Self.powder()
        // 60 g crack under (B), maximum 40 years: career offender level 34 − 3 = 31 at VI, 188–235 months; the drug
        // table gives only 26 − 3 = 23 before 782 and 21 after it.
        facts.drugs = [drug("cocaine_base", "60")]
        facts.statute = StatuteOfConviction(section: .section841, tier: .b)
        facts.careerOffender = .yes
        facts.acceptanceReduction = 3
        facts.criminalHistoryCategory = .vi
        facts.criminalHistoryPoints = 13
        facts.sentence = .months(188)
        let (result, determination) = try screen(facts, amendment: "782", asOf: day("2015-06-01"))
        #expect(result.analysis.atSentencing.guidelineRange == GuidelineRange(minMonths: 188, maxMonths: 235))
        #expect(determination.determination == .ineligible)
        #expect(reason(determination, "the career offender guideline sets the range")?.hasPrefix("Not met:") == true)
    }

    @Test("A career offender sentenced from a higher drug-table level can be eligible (USSG §4B1.1(b), §1B1.10 comment. (n.1(A)) (Nov. 2016); law.md §4 rule 1)")
    func careerOffenderFromDrugTable() throws {
        var facts = Self.powder()
        // 3 kg crack under (A): career offender table 37 − 3 = 34; the drug table 36 (2.8–8.4 kg, Nov. 2011) + 4 − 3
        // = 37 is greater: 360–life at VI. After 782: 34 + 4 − 3 = 35 > 34: 292–365.
        facts.drugs = [drug("cocaine_base", "3000")]
        facts.statute = StatuteOfConviction(section: .section841, tier: .a)
        facts.careerOffender = .yes
        facts.offenseLevelAdjustments = 4
        facts.acceptanceReduction = 3
        facts.criminalHistoryCategory = .vi
        facts.criminalHistoryPoints = 13
        facts.sentence = .months(360)
        let (result, determination) = try screen(facts, amendment: "782", asOf: day("2015-06-01"))
        #expect(result.analysis.atSentencing.guidelineRange == GuidelineRange(min: .months(360), max: .life))
        #expect(determination.determination == .eligible)
        #expect(determination.estimatedSentence == .months(292))
    }

    // MARK: Floors

    @Test("Substantial assistance: a comparably lower floor, the same proportion below the amended minimum (USSG §1B1.10(b)(2)(B) and comment. (n.3))")
    func substantialAssistanceComparable() throws {
        var facts = Self.powder()
        // Level 24 + 3 = 27: 70–87; 56 imposed on a government motion (20% below 70). After 782: 25, 57–71.
        // 56/70 × 57 = 45.6 → 46 months.
        facts.offenseLevelAdjustments = 3
        facts.substantialAssistance = .yes
        facts.sentence = .months(56)
        let (result, determination) = try screen(facts, amendment: "782", asOf: day("2015-06-01"))
        #expect(result.analysis.atSentencing.guidelineRange == GuidelineRange(minMonths: 70, maxMonths: 87))
        #expect(determination.determination == .eligible)
        #expect(determination.estimatedSentence == .months(46))
        #expect(reason(determination, "a comparable reduction is 46 months") != nil)
    }

    @Test("The same below-range sentence without substantial assistance is already at the floor: ineligible (USSG §1B1.10(b)(2)(A), Amendment 759)")
    func belowRangeVarianceAtFloor() throws {
        var facts = Self.powder()
        facts.offenseLevelAdjustments = 3
        facts.substantialAssistance = .no
        facts.sentence = .months(56)
        let (_, determination) = try screen(facts, amendment: "782", asOf: day("2015-06-01"))
        #expect(determination.determination == .ineligible)
        #expect(reason(determination, "already at or below the floor (56 months)")?.hasPrefix("Not met:") == true)
    }

    @Test("A sentence exactly at the amended minimum cannot be reduced: 41 months after a variance from 51–63 (USSG §1B1.10(b)(2)(A) and comment. (n.3))")
    func sentenceAtAmendedMinimum() throws {
        var facts = Self.powder()
        facts.sentence = .months(41)
        let (_, determination) = try screen(facts, amendment: "782", asOf: day("2015-06-01"))
        #expect(determination.determination == .ineligible)
        #expect(reason(determination, "already at or below the floor (41 months)") != nil)
        // One month above the amended minimum leaves room.
        facts.sentence = .months(42)
        let (_, room) = try screen(facts, amendment: "782", asOf: day("2015-06-01"))
        #expect(room.determination == .eligible)
        #expect(room.estimatedSentence == .months(41))
    }

    // The engine never turns an unknown into a "no" when the answer would change the result (CaseFacts.Answer):
    // on a substantial-assistance motion the floor would be 46 and the case eligible; without one, ineligible.
    @Test("Below the range with substantial assistance unknown: needs information, not ineligible (USSG §1B1.10(b)(2)(B))")
    func substantialAssistanceUnknown() throws {
        var facts = Self.powder()
        facts.offenseLevelAdjustments = 3
        facts.substantialAssistance = .unknown
        facts.sentence = .months(56)
        let (_, determination) = try screen(facts, amendment: "782", asOf: day("2015-06-01"))
        #expect(determination.determination == .needsInformation)
        #expect(determination.missingFacts.contains { $0.fact == "substantial_assistance" })
    }

    @Test("Mandatory minimum with substantial assistance: the amended range is not restricted by §5G1.1; 101 → 81 months (USSG §1B1.10(c) and comment. (n.4(A)), Defendant A (Nov. 2016))")
    func noteFourA() throws {
        var facts = Self.powder()
        // 300 g crack under (A): 120 months minimum. Nov. 2011 table level 32 (280–840 g) + 1 = 33: 135–168.
        // After 782: 30 + 1 = 31: 108–135 (not 120–135). 101 on a government motion → 101/135 × 108 = 80.8 → 81.
        facts.drugs = [drug("cocaine_base", "300")]
        facts.statute = StatuteOfConviction(section: .section841, tier: .a)
        facts.offenseLevelAdjustments = 1
        facts.substantialAssistance = .yes
        facts.sentence = .months(101)
        let (result, determination) = try screen(facts, amendment: "782", asOf: day("2015-06-01"))
        #expect(result.analysis.atSentencing.statutoryMinimum == .months(120))
        #expect(result.analysis.atSentencing.guidelineRange == GuidelineRange(minMonths: 135, maxMonths: 168))
        #expect(determination.determination == .eligible)
        #expect(determination.estimatedSentence == .months(81))
    }

    @Test("Already reduced under the amendment → ineligible (18 U.S.C. § 3582(c)(2); USSG §1B1.10)")
    func alreadyReduced() throws {
        var facts = Self.powder()
        facts.reducedUnderAmendments = ["782"]
        let (_, determination) = try screen(facts, amendment: "782", asOf: day("2015-06-01"))
        #expect(determination.determination == .ineligible)
        #expect(reason(determination, "already reduced under Amendment 782")?.hasPrefix("Not met:") == true)
    }

    @Test("A released person has no term left to reduce (18 U.S.C. § 3582(c)(2); USSG §1B1.10(b)(2)(C))")
    func released() throws {
        var facts = Self.powder()
        facts.releaseDate = day("2015-01-15")
        let (_, determination) = try screen(facts, amendment: "782", asOf: day("2015-06-01"))
        #expect(determination.determination == .ineligible)
        #expect(reason(determination, "released on 2015-01-15")?.hasPrefix("Not met:") == true)
    }

    // MARK: Amendment 821 (status points)

    /// Sentenced 2020-06-01 (Nov. 2018 Manual): 400 g powder, level 22 (400–500 g since Amendment 782).
    static func statusPointsCase(points: Int, category: CriminalHistoryCategory, sentence: Int) -> CaseFacts {
        var facts = powder()
        facts.offenseDate = day("2019-06-01")
        facts.sentencingDate = day("2020-06-01")
        facts.custodyStartDate = day("2020-06-01")
        facts.criminalHistoryPoints = points
        facts.statusPoints = 2
        facts.recencyPoints = nil
        facts.criminalHistoryCategory = category
        facts.sentence = .months(sentence)
        return facts
    }

    // Amendment 821 Part A (USSG §4A1.1(e), eff. 2023-11-01): 1 status point, and only with 7 or more other
    // points; retroactive for orders on or after 2024-02-01 (Amendment 825; §1B1.10(e)(2)).
    @Test("Amendment 821 status points: 3 others + 2 status (III, 51–63) → 3 points (II, 46–57): eligible, floor 46, not before 2024-02-01 (Amendment 821 Part A; Amendment 825)")
    func amendment821CategoryDrops() throws {
        let facts = Self.statusPointsCase(points: 5, category: .iii, sentence: 63)
        let (result, determination) = try screen(facts, amendment: "821", asOf: day("2024-01-01"))
        #expect(result.analysis.atSentencing.guidelineRange == GuidelineRange(minMonths: 51, maxMonths: 63))
        #expect(determination.determination == .eligible)
        #expect(reason(determination, "the applicable range falls from 51–63 months to 46–57 months") != nil)
        #expect(determination.estimatedSentence == .months(46))
        #expect(determination.earliestDate == day("2024-02-01"))
        // Sentenced after Amendment 782 took effect: no relief under it.
        let (_, amendment782) = try screen(facts, amendment: "782", asOf: day("2024-01-01"))
        #expect(amendment782.determination == .ineligible)
    }

    @Test("Amendment 821 status points that do not change the category give no relief (USSG §1B1.10(a)(2)(B))", arguments: [
        // 4 others + 2 status = 6 (III) → 4 (III).
        (6, CriminalHistoryCategory.iii, 63),
        // 9 others + 2 status = 11 (V) → 9 + 1 = 10 (V): with 7 or more others one status point remains.
        (11, CriminalHistoryCategory.v, 96),
    ])
    func amendment821NoDrop(points: Int, category: CriminalHistoryCategory, sentence: Int) throws {
        let facts = Self.statusPointsCase(points: points, category: category, sentence: sentence)
        let (_, determination) = try screen(facts, amendment: "821", asOf: day("2024-01-01"))
        #expect(determination.determination == .ineligible)
        #expect(reason(determination, "the amended provisions give the same range")?.hasPrefix("Not met:") == true)
    }

    @Test("Amendment 821 is not evaluated before it took effect (USSG §1B1.10(d); Amendment 821 eff. 2023-11-01)")
    func amendment821NotYetInForce() throws {
        let facts = Self.statusPointsCase(points: 5, category: .iii, sentence: 63)
        let result = Screener(law: law, policy: try PolicyData.loadDefault(), asOf: day("2023-10-31")).screen(facts)
        #expect(result.determination(of: Self.pathway, variant: "821") == nil)
        #expect(result.determination(of: Self.pathway, variant: "782") == .ineligible)
    }
}
