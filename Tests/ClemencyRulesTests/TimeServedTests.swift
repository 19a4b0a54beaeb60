import ClemencyRules
import Testing

/// Time served, prior custody credit and the projected release date with good conduct time.
///
/// Authority: 18 U.S.C. § 3585(a)–(b); 18 U.S.C. § 3624(b)(1) before and after the First Step Act of 2018,
/// § 102(b)(1) (applied by the BOP from 2019-07-19); Barber v. Thomas, 560 U.S. 474 (2010) (law.md §5).
@Suite("Time served and good conduct time")
struct TimeServedTests {
    let calculator = TimeServedCalculator(law: law)

    func facts(custody: String, credit: Int = 0, sentence: SentenceTerm = .months(120), released: String? = nil) -> CaseFacts {
        var facts = CaseFacts(caseID: "TIME")
        facts.sentencingDate = day(custody)
        facts.custodyStartDate = day(custody)
        facts.jailCreditDays = credit
        facts.sentence = sentence
        facts.releaseDate = released.map(day)
        return facts
    }

    func compute(_ facts: CaseFacts, asOf: String, countJailCredit: Bool = true) throws -> TimeServedCalculator.TimeServed {
        var explanation = Explanation()
        return try #require(calculator.compute(facts, asOf: day(asOf), countJailCredit: countJailCredit, explanation: &explanation))
    }

    // MARK: Counting days and months

    @Test("Days served count the leap day: February 2012 has 29 days, February 2011 has 28 (18 U.S.C. § 3585(a))", arguments: [
        ("2012-02-01", "2012-03-01", 29, 1),
        ("2011-02-01", "2011-03-01", 28, 1),
        ("2011-03-01", "2012-03-01", 366, 12),
        ("2012-03-01", "2013-03-01", 365, 12),
        ("2008-01-01", "2016-01-01", 2922, 96),
    ])
    func leapDays(custody: String, asOf: String, days: Int, months: Int) throws {
        let served = try compute(facts(custody: custody), asOf: asOf)
        #expect(served.servedDays == days)
        #expect(served.servedMonths == months)
        #expect(served.stillServing)
    }

    // Months are whole calendar months; a start on February 29 reaches its anniversary month on the last day of
    // February (CalendarDate.adding(months:) convention, the same day or the month's last day).
    @Test("A custody start on 2012-02-29: 12 whole months on 2013-02-28, 11 on 2013-02-27 (18 U.S.C. § 3585(a))", arguments: [
        ("2013-02-27", 364, 11),
        ("2013-02-28", 365, 12),
        ("2016-02-29", 1461, 48),
    ])
    func startOnLeapDay(asOf: String, days: Int, months: Int) throws {
        let served = try compute(facts(custody: "2012-02-29"), asOf: asOf)
        #expect(served.servedDays == days)
        #expect(served.servedMonths == months)
    }

    @Test("Prior custody credit moves the start back: 59 days before 2010-03-01 is 2010-01-01 (18 U.S.C. § 3585(b))")
    func jailCreditMovesStart() throws {
        let case_ = facts(custody: "2010-03-01", credit: 59)
        let counted = try compute(case_, asOf: "2011-01-01", countJailCredit: true)
        #expect(counted.creditedStart == day("2010-01-01"))
        #expect(counted.servedDays == 365)
        #expect(counted.servedMonths == 12)
        let notCounted = try compute(case_, asOf: "2011-01-01", countJailCredit: false)
        #expect(notCounted.creditedStart == day("2010-01-01"))
        #expect(notCounted.servedDays == 306)
        #expect(notCounted.servedMonths == 10)
        // The credit shortens the term either way: the full term runs from 2010-01-01 (120 months to 2020-01-01,
        // less 470 days of old-method credit).
        #expect(counted.projectedRelease == day("2018-09-18"))
        #expect(notCounted.projectedRelease == counted.projectedRelease)
    }

    // MARK: Good conduct time

    // New method (18 U.S.C. § 3624(b)(1) as amended by First Step Act § 102(b)(1), from 2019-07-19): 54 days for
    // each year imposed: 120 months → 540 days. Old BOP method (Barber v. Thomas, 560 U.S. 474 (2010)): 54 days
    // per year served, term × 54/419: 3,653 days → 470 days.
    @Test("120 months from 2015-01-01: 540 days projected on/after 2019-07-19, 470 days before (First Step Act § 102(b)(1); Barber v. Thomas, 560 U.S. 474 (2010))",
          arguments: [("2019-07-18", 470, "2023-09-19", "time_served"), ("2019-07-19", 540, "2023-07-11", "sentence_imposed"),
                      ("2014-04-23", 470, "2023-09-19", "time_served"), ("2026-11-30", 540, "2023-07-11", "sentence_imposed")])
    func goodConductTimeMethods(asOf: String, credits: Int, release: String, method: String) throws {
        let served = try compute(facts(custody: "2015-01-01"), asOf: asOf)
        #expect(served.goodConductDays == credits)
        #expect(served.projectedRelease == day(release))
        #expect(served.method == method)
    }

    @Test("The new method prorates a partial year: 262 months → 54 × 21 10/12 = 1,179 days (18 U.S.C. § 3624(b)(1); law.md §5)")
    func prorated() throws {
        let served = try compute(facts(custody: "2020-01-01", sentence: .months(262)), asOf: "2021-01-01")
        #expect(served.goodConductDays == 1179)
        // 262 months from 2020-01-01 end 2041-11-01; less 1,179 days.
        #expect(served.projectedRelease == day("2041-11-01").adding(days: -1179))
    }

    @Test("No good conduct time on a life sentence: no release date, still serving (18 U.S.C. § 3624(b)(1))",
          arguments: ["2015-01-01", "2026-11-30"])
    func lifeSentence(asOf: String) throws {
        let served = try compute(facts(custody: "1996-05-01", sentence: .life), asOf: asOf)
        #expect(served.goodConductDays == nil)
        #expect(served.projectedRelease == nil)
        #expect(served.stillServing)
        #expect(served.method == "life: no good conduct time")
    }

    @Test("No good conduct time on a term of 12 months or less; 13 months earns it (18 U.S.C. § 3624(b)(1): 'more than 1 year')",
          arguments: [(12, "2019-07-18", 0), (12, "2019-07-19", 0), (6, "2020-01-01", 0), (13, "2019-07-19", 58), (13, "2019-07-18", 51)])
    func shortTerms(months: Int, asOf: String, credits: Int) throws {
        let served = try compute(facts(custody: "2019-03-01", sentence: .months(months)), asOf: asOf)
        #expect(served.goodConductDays == credits)
        #expect(served.projectedRelease == day("2019-03-01").adding(months: months).adding(days: -credits))
    }

    // MARK: Release

    @Test("A projected release before the as-of date: not still serving, time served stops there (18 U.S.C. § 3624(a))")
    func projectedReleasePassed() throws {
        // 24 months from 2019-08-01: full term 2021-08-01, less 108 days (54 × 2) → 2021-04-15.
        var explanation = Explanation()
        let served = try #require(calculator.compute(facts(custody: "2019-08-01", sentence: .months(24)), asOf: day("2021-12-01"),
                                                     countJailCredit: true, explanation: &explanation))
        #expect(served.projectedRelease == day("2021-04-15"))
        #expect(!served.stillServing)
        #expect(served.servedDays == 623)
        #expect(served.servedMonths == 20)
        // The release is an assumption to confirm: the engine asks for the release date.
        #expect(explanation.missingFacts.contains { $0.fact == "release_date" })
        // The day before the projected release the person is still serving.
        let before = try compute(facts(custody: "2019-08-01", sentence: .months(24)), asOf: "2021-04-14")
        #expect(before.stillServing)
        let onTheDay = try compute(facts(custody: "2019-08-01", sentence: .months(24)), asOf: "2021-04-15")
        #expect(!onTheDay.stillServing)
    }

    @Test("A recorded release date governs: served to that date; a future one keeps the person serving (18 U.S.C. § 3624(a))")
    func recordedRelease() throws {
        let released = try compute(facts(custody: "2019-08-01", sentence: .months(24), released: "2021-06-01"), asOf: "2021-12-01")
        #expect(!released.stillServing)
        #expect(released.servedDays == 670)
        let future = try compute(facts(custody: "2019-08-01", sentence: .months(24), released: "2022-06-01"), asOf: "2021-12-01")
        #expect(future.stillServing)
        #expect(future.servedDays == 853)
    }

    // A 120-month term from 2010-01-01 ended in 2018, before the First Step Act's credit applied (2019-07-19): the
    // BOP released the person on the old-method date, 2018-09-18 (470 days). Projected on 2019-07-19 the engine
    // applies the new method to the finished term and moves the release back to 2018-07-10 (540 days), so the
    // same person has served 70 days less one day later.
    @Test("A term that ended before 2019-07-19 was served under the old method: time served does not shrink when the as-of date passes 2019-07-19 (First Step Act § 102(b)(1); Barber v. Thomas)")
    func finishedTermKeepsOldMethod() throws {
        let case_ = facts(custody: "2010-01-01")
        let before = try compute(case_, asOf: "2019-07-18")
        #expect(before.servedDays == 3182)
        #expect(before.projectedRelease == day("2018-09-18"))
        let after = try compute(case_, asOf: "2019-07-19")
        #expect(after.servedDays >= before.servedDays)
        #expect(after.projectedRelease == day("2018-09-18"))
    }

    @Test("Without a custody start or sentencing date, time served is unknown and asked for (18 U.S.C. § 3585(a))")
    func unknownStart() {
        var facts = CaseFacts(caseID: "TIME")
        facts.sentence = .months(120)
        var explanation = Explanation()
        #expect(calculator.compute(facts, asOf: day("2020-01-01"), countJailCredit: true, explanation: &explanation) == nil)
        #expect(explanation.missingFacts.contains { $0.fact == "custody_start_date" })
    }
}
