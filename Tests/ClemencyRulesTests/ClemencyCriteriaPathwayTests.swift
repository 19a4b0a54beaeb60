import ClemencyLawData
import ClemencyRules
import Testing

/// The Department of Justice's 2014 clemency criteria, factor by factor, with their boundaries.
///
/// Authority: DOJ press release "Announcing New Clemency Initiative" (2014-04-23), the six factors
/// (law.md §6(b)); Deputy Attorney General Cole, remarks to the New York State Bar Association
/// (2014-01-30) (law.md §6(a)). The Department never defined "substantially lower" or "significant
/// criminal history": the thresholds below are the bundled policy's (default-policy.json: 36 months and
/// 20%, 120 months served, category II at most), not law.
@Suite("Clemency Initiative criteria (DOJ, April and January 2014)")
struct ClemencyCriteriaPathwayTests {
    static let pathway = "clemency_initiative_2014"
    /// Screening in mid-2015, while the Initiative took petitions (law.md §6(b)).
    static let asOf = day("2015-06-01")

    /// A synthetic candidate meeting all six April 2014 factors on 2015-06-01.
    ///
    /// 30 g of cocaine base under 21 U.S.C. § 841(b)(1)(B) with one § 851 prior, sentenced 2005-06-01:
    /// 10 years to life (§ 841(b)(1)(B) (2006)); Drug Quantity Table level 28 (20–35 g, pre-2007 table,
    /// law.md §2.2) + 5 = 33, category I: 135–168 months; 156 months imposed. On 2015-06-01: 30 g is still
    /// a (B) quantity (28 g, Fair Sentencing Act § 2), minimum 120; level 24 (28–112 g, Amendment 782)
    /// + 5 = 29, 87–108, raised to 120 by §5G1.1(b): the estimate is 120, 36 months lower. Custody from
    /// 2005-06-01: exactly 120 months served on 2015-06-01.
    static func candidate() -> CaseFacts {
        var facts = CaseFacts.complete("CLEMENCY-CANDIDATE", drug: drug("cocaine_base", "30"), statute: .b, offense: "2004-06-01",
                                       sentenced: "2005-06-01", sentence: .months(156))
        facts.prior851Count = 1
        facts.offenseLevelAdjustments = 5
        facts.violentOffense = .no
        facts.aggravatingRole = .no
        facts.organizationTies = .no
        facts.goodPrisonConduct = .yes
        facts.historyOfViolence = .no
        facts.threatToPublicSafety = .no
        facts.sentenceReducedUnderFairSentencingAct = .no
        facts.prior404MotionDeniedOnMerits = .no
        return facts
    }

    static func defaultPolicy() -> ScreeningPolicy {
        do { return try PolicyData.loadDefault() } catch { fatalError("default policy failed to load: \(error)") }
    }

    func screen(_ facts: CaseFacts, policy: ScreeningPolicy = defaultPolicy(), asOf: CalendarDate = asOf) throws
        -> (ScreeningResult, PathwayDetermination)
    {
        let result = Screener(law: law, policy: policy, asOf: asOf).screen(facts)
        let determination = try #require(result.pathways.first { $0.pathway == Self.pathway })
        return (result, determination)
    }

    /// The reason recorded for one criterion, found by a fragment of its announced text.
    func reason(_ determination: PathwayDetermination, _ fragment: String) -> String? {
        determination.reasons.first { $0.text.contains(fragment) }?.text
    }

    // MARK: The policy and the candidate

    @Test("The bundled policy's readings: 36 months and 20%, 120 months, category II, jail credit counts (default-policy.json)")
    func defaultPolicyValues() {
        let policy = Self.defaultPolicy()
        #expect(policy.clemencyCriteriaSet == "april_2014")
        #expect(policy.substantiallyLowerMinimumMonths == 36)
        #expect(policy.substantiallyLowerMinimumPercent == 20)
        #expect(policy.minimumServedMonths == 120)
        #expect(policy.maximumCriminalHistoryCategory == .ii)
        #expect(policy.jailCreditCountsTowardTimeServed)
    }

    @Test("All six April 2014 factors met → eligible, one reason per factor (DOJ, 2014-04-23)")
    func candidateMeetsAllSix() throws {
        let (result, determination) = try screen(Self.candidate())
        // The premises of the candidate, so a change elsewhere shows up here first.
        #expect(result.analysis.atSentencing.statutoryMinimum == .months(120))
        #expect(result.analysis.atSentencing.guidelineRange == GuidelineRange(minMonths: 135, maxMonths: 168))
        #expect(result.analysis.currentLaw.guidelineRange == GuidelineRange(minMonths: 120, maxMonths: 120))
        #expect(result.analysis.estimatedSentenceToday == .months(120))
        #expect(result.analysis.reductionMonths == 36)
        #expect(result.timeServed?.servedMonths == 120)
        #expect(result.timeServed?.stillServing == true)
        #expect(determination.determination == .eligible)
        #expect(determination.variant == "april_2014")
        #expect(determination.reasons.count == 6)
        #expect(determination.reasons.allSatisfy { $0.text.hasPrefix("Met:") })
        #expect(determination.missingFacts.isEmpty)
        #expect(determination.estimatedSentence == .months(120))
    }

    // MARK: Factor 3: at least 10 years served

    // Whole months from the start of custody less prior custody credit (18 U.S.C. § 3585(a)–(b)).
    @Test("Served exactly 120 months → met; 119 → not met (DOJ 2014-04-23, factor 3)", arguments: [
        ("2005-06-01", 0, 120, Determination.eligible),
        ("2005-06-02", 0, 119, Determination.ineligible),
        // Custody from 2005-07-01 with 30 days of jail credit: counted from 2005-06-01.
        ("2005-07-01", 30, 120, Determination.eligible),
        ("2005-07-01", 29, 119, Determination.ineligible),
    ])
    func servedTenYears(custodyStart: String, jailCredit: Int, months: Int, expected: Determination) throws {
        var facts = Self.candidate()
        facts.custodyStartDate = day(custodyStart)
        facts.jailCreditDays = jailCredit
        let (result, determination) = try screen(facts)
        #expect(result.timeServed?.servedMonths == months)
        #expect(determination.determination == expected)
        let served = try #require(reason(determination, "served \(months) months"))
        #expect(served.hasPrefix(expected == .eligible ? "Met:" : "Not met:"))
    }

    @Test("Jail credit not counted under the policy: 30 days of credit no longer reach 120 months (policy jail_credit_counts_toward_time_served; law.md §12 item 5)")
    func jailCreditExcludedByPolicy() throws {
        var facts = Self.candidate()
        facts.custodyStartDate = day("2005-07-01")
        facts.jailCreditDays = 30
        var policy = Self.defaultPolicy()
        policy.jailCreditCountsTowardTimeServed = false
        let (result, determination) = try screen(facts, policy: policy)
        #expect(result.timeServed?.servedMonths == 119)
        #expect(determination.determination == .ineligible)
        let served = try #require(reason(determination, "served 119 months of the 120 required"))
        #expect(served.hasPrefix("Not met:"))
    }

    // Counted from custody (2005-07-01) without the credit, 120 months are reached on 2015-07-01. The pathway
    // dates it from the credited start (2005-06-01), i.e. the as-of date itself, on which only 119 months are
    // served: the reason contradicts itself.
    @Test("Jail credit not counted: the date 120 months are reached is counted from custody, 2015-07-01 (policy jail_credit_counts_toward_time_served; 18 U.S.C. § 3585(a))")
    func reachDateWithoutJailCredit() throws {
        var facts = Self.candidate()
        facts.custodyStartDate = day("2005-07-01")
        facts.jailCreditDays = 30
        var policy = Self.defaultPolicy()
        policy.jailCreditCountsTowardTimeServed = false
        let (_, determination) = try screen(facts, policy: policy)
        let served = try #require(reason(determination, "served 119 months of the 120 required"))
        #expect(served.contains("reaches 120 months on 2015-07-01"))
    }

    // MARK: Factor 1: substantially lower today

    // Policy: at least 36 months AND at least 20% of the sentence imposed (default-policy.json; the DOJ gave
    // no definition, law.md §6). Below 180 months the 36 months govern; above, the 20%.
    @Test("Substantially lower at exactly 36 months (156 → 120) is met; 35 months (155 → 120) is not (policy threshold, DOJ factor 1)",
          arguments: [(156, 36, Determination.eligible), (155, 35, Determination.ineligible)])
    func substantiallyLowerMonths(imposed: Int, reduction: Int, expected: Determination) throws {
        var facts = Self.candidate()
        facts.sentence = .months(imposed)
        let (result, determination) = try screen(facts)
        #expect(result.analysis.estimatedSentenceToday == .months(120))
        #expect(result.analysis.reductionMonths == reduction)
        #expect(determination.determination == expected)
        let text = try #require(reason(determination, "months lower than \(imposed) months"))
        #expect(text.hasPrefix(expected == .eligible ? "Met:" : "Not met:"))
        #expect(text.contains("36 months"))
    }

    /// 300 g of cocaine base, (A) with one § 851 prior: 20 years to life (§ 841(b)(1)(A) (2006)); level 34
    /// (150–500 g, pre-2007) + 5 = 39, 262–327 months. On 2015-06-01 still (A) (280 g), minimum 240; level 30
    /// + 5 = 35, 168–210, raised to 240. 300 imposed → 60 lower = exactly 20%; 299 → 59 < 60 (20% of 299 rounds to 60).
    @Test("Substantially lower at exactly 20% (300 → 240) is met; 299 → 240 is not (policy threshold, DOJ factor 1)",
          arguments: [(300, 60, Determination.eligible), (299, 59, Determination.ineligible)])
    func substantiallyLowerPercent(imposed: Int, reduction: Int, expected: Determination) throws {
        var facts = Self.candidate()
        facts.drugs = [drug("cocaine_base", "300")]
        facts.statute = StatuteOfConviction(section: .section841, tier: .a)
        facts.sentence = .months(imposed)
        let (result, determination) = try screen(facts)
        #expect(result.analysis.atSentencing.guidelineRange == GuidelineRange(minMonths: 262, maxMonths: 327))
        #expect(result.analysis.currentLaw.statutoryMinimum == .months(240))
        #expect(result.analysis.estimatedSentenceToday == .months(240))
        #expect(result.analysis.reductionMonths == reduction)
        #expect(determination.determination == expected)
        let text = try #require(reason(determination, "months lower than \(imposed) months"))
        #expect(text.hasPrefix(expected == .eligible ? "Met:" : "Not met:"))
        #expect(text.contains("60 months"))
    }

    @Test("A stricter policy (48 months) turns the 36-month candidate down (policy substantially_lower_minimum_months)")
    func stricterPolicy() throws {
        var policy = Self.defaultPolicy()
        policy.substantiallyLowerMinimumMonths = 48
        let (_, determination) = try screen(Self.candidate(), policy: policy)
        #expect(determination.determination == .ineligible)
        #expect(reason(determination, "substantially lower means at least 48 months") != nil)
    }

    @Test("A released person is no longer serving a sentence in prison (DOJ factor 1: 'currently serving')")
    func releasedPersonFails() throws {
        var facts = Self.candidate()
        facts.releaseDate = day("2015-01-02")
        let (result, determination) = try screen(facts)
        #expect(result.timeServed?.stillServing == false)
        #expect(determination.determination == .ineligible)
        let text = try #require(reason(determination, "released on 2015-01-02"))
        #expect(text.hasPrefix("Not met:"))
    }

    @Test("A release date after the as-of date does not count as released (DOJ factor 1)")
    func futureReleaseDateStillServing() throws {
        var facts = Self.candidate()
        facts.releaseDate = day("2016-09-01")
        let (_, determination) = try screen(facts)
        #expect(determination.determination == .eligible)
    }

    // MARK: Factor 4: no significant criminal history

    @Test("Criminal history category II is not significant, III is (policy maximum II; DOJ factor 4)", arguments: [
        (CriminalHistoryCategory.i, 0, Determination.eligible),
        (CriminalHistoryCategory.ii, 3, Determination.eligible),
        (CriminalHistoryCategory.iii, 4, Determination.ineligible),
        (CriminalHistoryCategory.vi, 13, Determination.ineligible),
    ])
    func criminalHistory(category: CriminalHistoryCategory, points: Int, expected: Determination) throws {
        var facts = Self.candidate()
        facts.criminalHistoryCategory = category
        facts.criminalHistoryPoints = points
        let (result, determination) = try screen(facts)
        #expect(result.analysis.atSentencing.criminalHistoryCategory == category)
        #expect(determination.determination == expected)
        let text = try #require(reason(determination, "criminal history category \(category)"))
        #expect(text.hasPrefix(expected == .eligible ? "Met:" : "Not met:"))
    }

    @Test("A career offender always has significant criminal history (USSG §4B1.1; DOJ factor 4)", arguments: [
        CriminalHistoryCategory.i, .ii,
    ])
    func careerOffenderFails(found: CriminalHistoryCategory) throws {
        var facts = Self.candidate()
        facts.careerOffender = .yes
        facts.criminalHistoryCategory = found
        let (_, determination) = try screen(facts)
        #expect(determination.determination == .ineligible)
        let text = try #require(reason(determination, "career offender"))
        #expect(text.hasPrefix("Not met:"))
    }

    @Test("Unknown criminal history → needs information, naming criminal_history_category (DOJ factor 4)")
    func criminalHistoryUnknown() throws {
        var facts = Self.candidate()
        facts.criminalHistoryCategory = nil
        facts.criminalHistoryPoints = nil
        facts.careerOffender = .no
        // Without a category neither range can be computed, so factor 1 is undecided as well.
        let (_, determination) = try screen(facts)
        #expect(determination.determination == .needsInformation)
        #expect(determination.missingFacts.contains { $0.fact == "criminal_history_category" })
    }

    // MARK: Factors 2, 5, 6: yes / no / unknown facts

    /// One yes/no fact of a criterion, the answer that fails it, and the missing-fact name when unknown.
    struct FactCase: Sendable, CustomTestStringConvertible {
        let field: String
        let set: @Sendable (inout CaseFacts, Answer) -> Void
        let failingAnswer: Answer
        var testDescription: String { field }
    }

    static let factCases: [FactCase] = [
        // Factor 2: "non-violent, low-level offenders without significant ties to large scale criminal organizations, gangs or cartels".
        FactCase(field: "violent_offense", set: { $0.violentOffense = $1 }, failingAnswer: .yes),
        FactCase(field: "aggravating_role", set: { $0.aggravatingRole = $1 }, failingAnswer: .yes),
        FactCase(field: "organization_ties", set: { $0.organizationTies = $1 }, failingAnswer: .yes),
        // Factor 5: "demonstrated good conduct in prison".
        FactCase(field: "good_prison_conduct", set: { $0.goodPrisonConduct = $1 }, failingAnswer: .no),
        // Factor 6: "no history of violence prior to or during their current term of imprisonment".
        FactCase(field: "history_of_violence", set: { $0.historyOfViolence = $1 }, failingAnswer: .yes),
    ]

    @Test("Each yes/no fact: failing answer → ineligible, passing → eligible, unknown → needs information naming the fact (DOJ 2014-04-23, factors 2, 5, 6)",
          arguments: factCases)
    func yesNoUnknown(_ item: FactCase) throws {
        let passing: Answer = item.failingAnswer == .yes ? .no : .yes
        for (answer, expected) in [(item.failingAnswer, Determination.ineligible), (passing, .eligible), (.unknown, .needsInformation)] {
            var facts = Self.candidate()
            item.set(&facts, answer)
            let (_, determination) = try screen(facts)
            #expect(determination.determination == expected, "\(item.field) = \(answer)")
            if expected == .needsInformation {
                #expect(determination.missingFacts.map(\.fact) == [item.field])
                let question = try #require(determination.missingFacts.first?.question)
                #expect(question.hasSuffix("(yes or no)"))
            } else {
                #expect(determination.missingFacts.isEmpty)
            }
        }
    }

    // MARK: Folding

    @Test("Any failure → ineligible even when other factors are unknown; the unknowns are not asked (PathwayDetermination folding)")
    func failureWinsOverUnknown() throws {
        var facts = Self.candidate()
        facts.historyOfViolence = .yes
        facts.organizationTies = .unknown
        facts.goodPrisonConduct = .unknown
        let (_, determination) = try screen(facts)
        #expect(determination.determination == .ineligible)
        #expect(determination.missingFacts.isEmpty)
        #expect(determination.reasons.contains { $0.text.hasPrefix("Undecided:") && $0.text.contains("not known: significant ties to large-scale criminal organizations, gangs or cartels") })
    }

    @Test("A failing fact inside factor 2 decides it even when an earlier fact of it is unknown (DOJ factor 2)")
    func failureInsideFactorTwo() throws {
        var facts = Self.candidate()
        facts.violentOffense = .unknown
        facts.aggravatingRole = .yes
        let (_, determination) = try screen(facts)
        #expect(determination.determination == .ineligible)
        #expect(reason(determination, "an aggravating role")?.hasPrefix("Not met:") == true)
    }

    @Test("Several unknowns → needs information listing every missing fact once (DOJ factors 2, 5, 6)")
    func severalUnknowns() throws {
        var facts = Self.candidate()
        facts.violentOffense = .unknown
        facts.organizationTies = .unknown
        facts.goodPrisonConduct = .unknown
        facts.historyOfViolence = .unknown
        let (_, determination) = try screen(facts)
        #expect(determination.determination == .needsInformation)
        #expect(Set(determination.missingFacts.map(\.fact)) == ["violent_offense", "organization_ties", "good_prison_conduct", "history_of_violence"])
        #expect(determination.missingFacts.count == 4)
    }

    // MARK: The January 2014 criteria

    static func januaryPolicy() -> ScreeningPolicy {
        var policy = defaultPolicy()
        policy.clemencyCriteriaSet = "january_2014"
        return policy
    }

    @Test("January 2014 set: five criteria, no 10-year or history-of-violence test (Cole, NYSBA remarks, 2014-01-30)")
    func januarySetUsesItsFiveCriteria() throws {
        var facts = Self.candidate()
        // Fails the April factors 3 and 6, which the January remarks did not include.
        facts.custodyStartDate = day("2008-01-01")
        facts.historyOfViolence = .yes
        let (_, april) = try screen(facts)
        #expect(april.determination == .ineligible)
        let (_, january) = try screen(facts, policy: Self.januaryPolicy())
        #expect(january.variant == "january_2014")
        #expect(january.determination == .eligible)
        #expect(january.reasons.count == 5)
        #expect(january.reasons.contains { $0.text.hasPrefix("Met:") && $0.text.contains("posing no threat to public safety") })
    }

    @Test("January 2014 set: threat to public safety yes → ineligible, unknown → needs information naming threat_to_public_safety (Cole, 2014-01-30)",
          arguments: [(Answer.yes, Determination.ineligible), (.no, .eligible), (.unknown, .needsInformation)])
    func januaryThreatToPublicSafety(answer: Answer, expected: Determination) throws {
        var facts = Self.candidate()
        facts.threatToPublicSafety = answer
        let (_, determination) = try screen(facts, policy: Self.januaryPolicy())
        #expect(determination.determination == expected)
        if expected == .needsInformation {
            #expect(determination.missingFacts.map(\.fact) == ["threat_to_public_safety"])
        }
        // The April set has no public-safety factor: the same facts are eligible under it.
        let (_, april) = try screen(facts)
        #expect(april.determination == .eligible)
    }

    @Test("January 2014 set keeps the 'substantially lower' test (outsized_sentence) and the clean prison record (Cole, 2014-01-30)")
    func januaryOutsizedSentenceAndConduct() throws {
        var facts = Self.candidate()
        facts.sentence = .months(155)
        let (_, lower) = try screen(facts, policy: Self.januaryPolicy())
        #expect(lower.determination == .ineligible)
        var conduct = Self.candidate()
        conduct.goodPrisonConduct = .no
        let (_, record) = try screen(conduct, policy: Self.januaryPolicy())
        #expect(record.determination == .ineligible)
        var ties = Self.candidate()
        ties.organizationTies = .unknown
        let (_, gangs) = try screen(ties, policy: Self.januaryPolicy())
        #expect(gangs.determination == .needsInformation)
        #expect(gangs.missingFacts.map(\.fact) == ["organization_ties"])
    }

    @Test("An unknown criteria set in the policy → needs information, never eligible (policy clemency_criteria_set)")
    func unknownCriteriaSet() throws {
        var policy = Self.defaultPolicy()
        policy.clemencyCriteriaSet = "march_2014"
        let (_, determination) = try screen(Self.candidate(), policy: policy)
        #expect(determination.determination == .needsInformation)
    }
}
