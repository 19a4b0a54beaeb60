import ClemencyRules
import Testing

/// The mitigating-role cap on the Drug Quantity Table level, USSG §2D1.1(a)(5) (formerly (a)(3)), by
/// Manual: none before 2002-11-01; "not more than level 30" under Amendment 640 (2002-11-01 to
/// 2004-10-31); −2 at level 32, −3 at 34 or 36, −4 at 38 under Amendment 668 (from 2004-11-01); and
/// for a minimal participant no more than 32 after that, under Amendment 748 (from 2010-11-01).
/// law.md §2.7. Powder cocaine bands (USSG §2D1.1(c)): before Amendment 782, 5 kg → 32, 15 kg → 34,
/// 50 kg → 36, 150 kg → 38; from 2014-11-01, 15 kg → 32, 50 kg → 34, 150 kg → 36, 450 kg → 38.
@Suite("Mitigating-role cap, USSG §2D1.1(a)(5)")
struct MitigatingRoleCapTests {
    let analyzer = SentenceAnalyzer(law: law)

    func cocaineCase(kilograms: String, sentenced: String, reduction: Int?) -> CaseFacts {
        let year = String(sentenced.prefix(4))
        var facts = CaseFacts.complete("ROLE", drug: drug("cocaine", kilograms + "000"), statute: .a,
                                       offense: "\(year)-01-15", sentenced: sentenced, sentence: .months(240))
        facts.mitigatingRoleReduction = reduction
        return facts
    }

    func baseAtSentencing(kilograms: String, sentenced: String, reduction: Int?) -> Int? {
        analyzer.analyze(cocaineCase(kilograms: kilograms, sentenced: sentenced, reduction: reduction), asOf: day("2026-11-30"))
            .atSentencing.baseOffenseLevel
    }

    // Before Amendment 640 (eff. 2002-11-01) a mitigating role did not touch the base offense level.
    @Test("2001 Manual: no cap (20 kg cocaine stays level 34 with a minor role)")
    func noCapBefore2002() {
        #expect(baseAtSentencing(kilograms: "20", sentenced: "2002-06-03", reduction: 2) == 34)
        #expect(baseAtSentencing(kilograms: "20", sentenced: "2002-10-31", reduction: 4) == 34)
    }

    // Amendment 640: "not more than level 30" with any §3B1.2 adjustment; a level of 30 or less is untouched.
    @Test("2002–2004 Manuals: not more than level 30 (Amendment 640)", arguments: [
        ("4", 2, 30), ("6", 2, 30), ("20", 2, 30), ("200", 4, 30), ("20", 0, 34),
    ])
    func amendment640(kilograms: String, reduction: Int, level: Int) {
        #expect(baseAtSentencing(kilograms: kilograms, sentenced: "2003-06-02", reduction: reduction) == level)
        #expect(baseAtSentencing(kilograms: kilograms, sentenced: "2004-10-29", reduction: reduction) == level)
    }

    // Amendment 668 (eff. 2004-11-01): 32 → 30, 34 → 31, 36 → 33, 38 → 34, whatever the size of the role reduction.
    @Test("2004–2010 Manuals: −2 / −3 / −4 (Amendment 668)", arguments: [
        ("4", 2, 30), ("6", 2, 30), ("20", 3, 31), ("60", 2, 33), ("200", 4, 34), ("200", 0, 38),
    ])
    func amendment668(kilograms: String, reduction: Int, level: Int) {
        #expect(baseAtSentencing(kilograms: kilograms, sentenced: "2005-03-01", reduction: reduction) == level)
    }

    // Amendment 748 (eff. 2010-11-01): a minimal participant (4 levels) whose capped level is still above 32 goes to 32.
    @Test("From 2010-11-01: a minimal participant goes no higher than 32 (Amendment 748)", arguments: [
        ("200", 4, 32), ("60", 4, 32), ("200", 3, 34), ("60", 2, 33), ("20", 4, 31),
    ])
    func amendment748(kilograms: String, reduction: Int, level: Int) {
        #expect(baseAtSentencing(kilograms: kilograms, sentenced: "2011-06-01", reduction: reduction) == level)
    }

    // Current law (2023 Manual, Amendment 782 bands): 20 kg is level 32 → 30 with a minor role; 500 kg is 38 → 34 → 32
    // for a minimal participant. The court's finding at sentencing is kept and the table's change applied.
    @Test("Current law applies the cap to today's table")
    func currentLaw() {
        let minor = analyzer.analyze(cocaineCase(kilograms: "20", sentenced: "2005-03-01", reduction: 2), asOf: day("2026-11-30"))
        #expect(minor.atSentencing.baseOffenseLevel == 31)
        #expect(minor.currentLaw.baseOffenseLevel == 30)
        #expect(minor.steps.contains { $0.text.contains("Mitigating-role reduction of 2 levels") && $0.citation.contains("Amdt 668") })

        var found = cocaineCase(kilograms: "500", sentenced: "2012-03-01", reduction: 4)
        found.baseOffenseLevel = 32
        let minimal = analyzer.analyze(found, asOf: day("2026-11-30"))
        #expect(minimal.atSentencing.baseOffenseLevel == 32)
        #expect(minimal.currentLaw.baseOffenseLevel == 32)
        #expect(!minimal.flags.contains { $0.code == "fact_disagreement" })
    }

    // Unknown role: the level is computed without the cap, the question is asked, and the assumption is flagged.
    // An aggravating role (§3B1.1) excludes a mitigating one, and a level below the cap's reach needs no answer.
    @Test("An unknown role is asked about only when the cap could apply")
    func unknownRole() {
        let unknown = analyzer.analyze(cocaineCase(kilograms: "20", sentenced: "2011-06-01", reduction: nil), asOf: day("2026-11-30"))
        #expect(unknown.atSentencing.baseOffenseLevel == 34)
        #expect(unknown.missingFacts.contains { $0.fact == "mitigating_role_reduction" })
        #expect(unknown.flags.contains { $0.code == "assumption" && $0.text.contains("mitigating-role") })

        var aggravating = cocaineCase(kilograms: "20", sentenced: "2011-06-01", reduction: nil)
        aggravating.aggravatingRole = .yes
        let excluded = analyzer.analyze(aggravating, asOf: day("2026-11-30"))
        #expect(excluded.atSentencing.baseOffenseLevel == 34)
        #expect(!excluded.missingFacts.contains { $0.fact == "mitigating_role_reduction" })

        // A base offense level found at sentencing settles that Manual's level; today's 20 kg level (32) still asks.
        var settled = cocaineCase(kilograms: "20", sentenced: "2011-06-01", reduction: nil)
        settled.baseOffenseLevel = 34
        let settledAnalysis = analyzer.analyze(settled, asOf: day("2026-11-30"))
        #expect(settledAnalysis.missingFacts.contains { $0.fact == "mitigating_role_reduction" })
        var below = cocaineCase(kilograms: "6", sentenced: "2011-06-01", reduction: nil)
        below.baseOffenseLevel = 32
        let belowAnalysis = analyzer.analyze(below, asOf: day("2026-11-30"))
        #expect(belowAnalysis.currentLaw.baseOffenseLevel == 30)
        #expect(!belowAnalysis.missingFacts.contains { $0.fact == "mitigating_role_reduction" })

        // 1 kg: level 26 in 2011 and 24 today, below every rule.
        let small = analyzer.analyze(cocaineCase(kilograms: "1", sentenced: "2011-06-01", reduction: nil), asOf: day("2026-11-30"))
        #expect(!small.missingFacts.contains { $0.fact == "mitigating_role_reduction" })
    }

    // The quiet analysis used for bulk screening gives the same levels and missing facts as the recorded one.
    @Test("Quiet and recorded analyses agree")
    func quietAgrees() {
        for reduction in [nil, 0, 2, 3, 4] as [Int?] {
            let facts = cocaineCase(kilograms: "200", sentenced: "2011-06-01", reduction: reduction)
            let full = analyzer.analyze(facts, asOf: day("2026-11-30"))
            let quiet = analyzer.analyzeQuietly(facts, asOf: day("2026-11-30"))
            #expect(full.atSentencing == quiet.atSentencing)
            #expect(full.currentLaw == quiet.currentLaw)
            #expect(full.missingFacts.map(\.fact) == quiet.missingFacts.map(\.fact))
        }
    }
}
