import ClemencyLawData
import ClemencyRules
import Testing

/// Proposed laws as what-ifs from the as-of date: the Smarter Sentencing Act of 2013 (S.1410, 113th Cong.,
/// as reported 2014-03-11; law.md §9) and a 1:1 crack-powder ratio (no enacted text; the product's scenario).
@Suite("Proposed laws (what-if)")
struct ProposedLawTests {
    static let pathway = "proposed_law"
    /// While S.1410 was pending: reported 2014-03-11.
    static let asOf = day("2014-06-01")

    static func proposal(_ id: String) throws -> ProposedLaw {
        try #require(law.proposedLaws.first { $0.id == id })
    }

    /// The same conduct analysed under enacted law and under the proposal, both on `asOf`.
    func analyses(_ facts: CaseFacts, _ id: String, asOf: CalendarDate = asOf) throws -> (enacted: SentenceAnalysis, proposed: SentenceAnalysis) {
        let proposal = try Self.proposal(id)
        let enacted = SentenceAnalyzer(law: law).analyze(facts, asOf: asOf)
        let proposed = SentenceAnalyzer(law: proposal.applied(to: law, from: asOf)).analyze(facts, asOf: asOf)
        return (enacted, proposed)
    }

    func screen(_ facts: CaseFacts, _ id: String, asOf: CalendarDate = asOf) throws -> PathwayDetermination {
        let result = Screener(law: law, policy: try PolicyData.loadDefault(), asOf: asOf).screen(facts)
        return try #require(result.pathways.first { $0.pathway == Self.pathway && $0.variant == id })
    }

    /// 5 kg of powder cocaine under § 841(b)(1)(A), sentenced 2012-06-01: level 32 (5–15 kg) − 3 = 29, 87–108
    /// months at category I, raised to the 120-month minimum (USSG §5G1.1(b)).
    static func powderA(priors: Int, sentence: SentenceTerm) -> CaseFacts {
        var facts = CaseFacts.complete("WHATIF", drug: drug("cocaine", "5000"), statute: .a, offense: "2011-06-01",
                                       sentenced: "2012-06-01", sentence: sentence)
        facts.prior851Count = priors
        facts.acceptanceReduction = 3
        return facts
    }

    // MARK: Smarter Sentencing Act (S.1410 as reported, § 4; law.md §9)

    @Test("SSA what-if: the 10-year (A) minimum becomes 5 years; the estimate falls from 120 to the range's 87 (S.1410 § 4 as reported)")
    func ssaTenToFive() throws {
        let facts = Self.powderA(priors: 0, sentence: .months(120))
        let (enacted, proposed) = try analyses(facts, "smarter_sentencing_act_2014")
        #expect(enacted.currentLaw.statutoryMinimum == .months(120))
        #expect(enacted.estimatedSentenceToday == .months(120))
        #expect(proposed.currentLaw.statute == "21 U.S.C. § 841(b)(1)(A)")
        #expect(proposed.currentLaw.statutoryMinimum == .months(60))
        #expect(proposed.currentLaw.statutoryMaximum == .life)
        #expect(proposed.currentLaw.guidelineRange == GuidelineRange(minMonths: 87, maxMonths: 108))
        #expect(proposed.estimatedSentenceToday == .months(87))
        let determination = try screen(facts, "smarter_sentencing_act_2014")
        #expect(determination.determination == .eligible)
        #expect(determination.estimatedSentence == .months(87))
        #expect(determination.reasons.contains { $0.text.contains("minimum 60 months") && $0.text.contains("33 months below 120 months") })
        // The status says what the bill was: reported, never enacted, prospective only.
        #expect(determination.reasons.first?.text.contains("never enacted") == true)
    }

    @Test("SSA what-if: mandatory life with two priors becomes a 25-year minimum (S.1410 § 4 as reported; 21 U.S.C. § 841(b)(1)(A) (2012))")
    func ssaLifeToTwentyFive() throws {
        let facts = Self.powderA(priors: 2, sentence: .life)
        let (enacted, proposed) = try analyses(facts, "smarter_sentencing_act_2014")
        #expect(enacted.atSentencing.statutoryMinimum == .life)
        #expect(enacted.currentLaw.statutoryMinimum == .life)
        #expect(enacted.estimatedSentenceToday == .life)
        #expect(proposed.currentLaw.statutoryMinimum == .months(300))
        #expect(proposed.currentLaw.statutoryMaximum == .life)
        #expect(proposed.estimatedSentenceToday == .months(300))
        let determination = try screen(facts, "smarter_sentencing_act_2014")
        #expect(determination.determination == .eligible)
        #expect(determination.estimatedSentence == .months(300))
    }

    @Test("SSA what-if: one prior under (A) 20 → 10 years; (B) 5 → 2 years (S.1410 § 4 as reported; law.md §9)", arguments: [
        (PenaltyTier.a, "5000", 1, 240, 120),
        (PenaltyTier.b, "600", 0, 60, 24),
        (PenaltyTier.b, "600", 1, 120, 60),
    ])
    func ssaOtherMinimums(tier: PenaltyTier, grams: String, priors: Int, enactedMinimum: Int, proposedMinimum: Int) throws {
        var facts = Self.powderA(priors: priors, sentence: .months(enactedMinimum))
        facts.drugs = [drug("cocaine", grams)]
        facts.statute = StatuteOfConviction(section: .section841, tier: tier)
        let (enacted, proposed) = try analyses(facts, "smarter_sentencing_act_2014")
        #expect(enacted.currentLaw.statutoryMinimum == .months(enactedMinimum))
        #expect(proposed.currentLaw.statutoryMinimum == .months(proposedMinimum))
    }

    @Test("SSA what-if changes nothing before its date: the sentencing-date law is the enacted law (S.1410 was never enacted)")
    func ssaLeavesSentencingLawAlone() throws {
        let facts = Self.powderA(priors: 2, sentence: .life)
        let (enacted, proposed) = try analyses(facts, "smarter_sentencing_act_2014")
        #expect(proposed.atSentencing == enacted.atSentencing)
    }

    // MARK: 1:1 crack-powder ratio

    /// 50 g of cocaine base under § 841(b)(1)(A), sentenced 2005-06-01: level 32, 121–151; 151 imposed.
    static func crack50() -> CaseFacts {
        var facts = powderA(priors: 0, sentence: .months(151))
        facts.drugs = [drug("cocaine_base", "50")]
        facts.offenseDate = day("2004-06-01")
        facts.sentencingDate = day("2005-06-01")
        facts.custodyStartDate = day("2005-06-01")
        facts.acceptanceReduction = 0
        return facts
    }

    @Test("1:1 what-if: 50 g of crack is a (C) quantity with no minimum (50 g < 500 g of cocaine, 21 U.S.C. § 841(b)(1)(B)(ii)) and takes cocaine's level 14 (50–100 g, USSG §2D1.1(c) (2014))",
          arguments: ["2015-06-01", "2026-11-30"])
    func crackAsPowder(asOf: String) throws {
        let facts = Self.crack50()
        let (enacted, proposed) = try analyses(facts, "crack_powder_1_to_1", asOf: day(asOf))
        #expect(enacted.atSentencing.guidelineRange == GuidelineRange(minMonths: 121, maxMonths: 151))
        // Enacted law today: 50 g is a (B) quantity (28 g, Fair Sentencing Act § 2), level 24.
        #expect(enacted.currentLaw.statute == "21 U.S.C. § 841(b)(1)(B)")
        #expect(enacted.currentLaw.statutoryMinimum == .months(60))
        #expect(enacted.currentLaw.baseOffenseLevel == 24)
        // As powder: (C), 0–20 years, level 14 → 15–21 at category I; the top kept → 21.
        #expect(proposed.currentLaw.statute == "21 U.S.C. § 841(b)(1)(C)")
        #expect(proposed.currentLaw.statutoryMinimum == .months(0))
        #expect(proposed.currentLaw.statutoryMaximum == .months(240))
        #expect(proposed.currentLaw.baseOffenseLevel == 14)
        #expect(proposed.currentLaw.baseOffenseLevel == SentenceAnalyzer(law: law).analyze(Self.powderVersion(of: facts), asOf: day(asOf)).currentLaw.baseOffenseLevel)
        #expect(proposed.currentLaw.guidelineRange == GuidelineRange(minMonths: 15, maxMonths: 21))
        #expect(proposed.estimatedSentenceToday == .months(21))
        let determination = try screen(facts, "crack_powder_1_to_1", asOf: day(asOf))
        if asOf == "2015-06-01" {
            #expect(determination.determination == .eligible)
            #expect(determination.estimatedSentence == .months(21))
        } else {
            // 151 months from 2005-06-01 less good conduct time ended in 2016: a what-if no longer helps.
            #expect(determination.determination == .ineligible)
            #expect(determination.reasons.contains { $0.text.contains("has passed; probably released") })
        }
    }

    static func powderVersion(of facts: CaseFacts) -> CaseFacts {
        var copy = facts
        copy.drugs = facts.drugs?.map { $0.substance == "cocaine_base" ? DrugQuantity(substance: "cocaine", amount: $0.amount, unit: $0.unit) : $0 }
        return copy
    }

    @Test("1:1 what-if: 500 g of crack reaches (B) like 500 g of cocaine; 5 kg reaches (A) (21 U.S.C. § 841(b)(1)(A)(ii), (B)(ii))",
          arguments: [("499.999", "21 U.S.C. § 841(b)(1)(C)"), ("500", "21 U.S.C. § 841(b)(1)(B)"), ("5000", "21 U.S.C. § 841(b)(1)(A)")])
    func crackAsPowderThresholds(grams: String, statute: String) throws {
        var facts = Self.crack50()
        facts.drugs = [drug("cocaine_base", grams)]
        let (_, proposed) = try analyses(facts, "crack_powder_1_to_1", asOf: day("2015-06-01"))
        #expect(proposed.currentLaw.statute == statute)
    }

    @Test("1:1 what-if in a mixture: crack converts at cocaine's 200 g of marihuana per gram: 50 g crack + 100 g cocaine = 30 kg → level 16 (USSG §2D1.1 comment. (n.8(D)) (2016))")
    func crackAsPowderInMixture() throws {
        var facts = Self.crack50()
        facts.drugs = [drug("cocaine_base", "50"), drug("cocaine", "100")]
        let (enacted, proposed) = try analyses(facts, "crack_powder_1_to_1", asOf: day("2015-06-01"))
        #expect(proposed.currentLaw.baseOffenseLevel == 16)
        // Enacted: 50 g × 3,571 g + 100 g × 200 g = 198.55 kg → level 24 (100–400 kg).
        #expect(enacted.currentLaw.baseOffenseLevel == 24)
    }
}
