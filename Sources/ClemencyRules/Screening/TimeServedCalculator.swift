/// Time served, the projected release date with good conduct time, and months served beyond a term.
///
/// Authority: 18 U.S.C. §§ 3585(a)–(b) (commencement, prior custody credit), 3624(b) (good conduct
/// time, before and after the First Step Act of 2018, § 102(b)); Barber v. Thomas, 560 U.S. 474 (2010).
public struct TimeServedCalculator: Sendable {
    /// The law data.
    public let law: LawLibrary

    /// Creates a calculator.
    public init(law: LawLibrary) { self.law = law }

    /// Time-served facts of one case on one date.
    public struct TimeServed: Sendable, Hashable, Codable {
        /// The day the term is counted from: commencement less prior custody credit.
        public let creditedStart: CalendarDate
        /// Days served as of the as-of date (until release when released earlier).
        public let servedDays: Int
        /// Whole months served.
        public let servedMonths: Int
        /// Good conduct time projected (days), or `nil` for life.
        public let goodConductDays: Int?
        /// The projected release date with full good conduct time, or `nil` for life.
        public let projectedRelease: CalendarDate?
        /// The method the projection used.
        public let method: String
        /// Whether the person is still serving on the as-of date: not released, and the projected
        /// release date (if any) not yet reached.
        public let stillServing: Bool

        enum CodingKeys: String, CodingKey {
            case creditedStart = "credited_start"
            case servedDays = "served_days"
            case servedMonths = "served_months"
            case goodConductDays = "good_conduct_days"
            case projectedRelease = "projected_release"
            case method
            case stillServing = "still_serving"
        }
    }

    /// Computes time served and the projected release date.
    ///
    /// - Parameters:
    ///   - facts: The case (custody start, jail credit, sentence, release date).
    ///   - asOf: The date served time is counted to; also the date of the projection, which decides the
    ///     good conduct time method (the old method for projections made before 2019-07-19).
    ///   - countJailCredit: Whether prior custody credit counts as time served.
    ///   - explanation: Receives the steps and missing facts.
    /// - Returns: The result, or `nil` when the start of custody is unknown.
    public func compute(_ facts: CaseFacts, asOf: CalendarDate, countJailCredit: Bool,
                        explanation: inout Explanation) -> TimeServed? {
        guard let start = facts.custodyStartDate ?? facts.sentencingDate else {
            explanation.missing("custody_start_date", "On what date did the sentence commence (arrival in custody, 18 U.S.C. § 3585(a))?",
                                affects: "time served and the release date")
            return nil
        }
        if facts.custodyStartDate == nil {
            explanation.flag("assumption", "The start of custody is not given; the sentencing date (\(start)) is used.")
            explanation.missing("custody_start_date", "On what date did the sentence commence (arrival in custody, 18 U.S.C. § 3585(a))?",
                                affects: "time served and the release date")
        }
        let credit = facts.jailCreditDays ?? 0
        if facts.jailCreditDays == nil {
            explanation.missing("jail_credit_days", "How many days of prior custody credit (18 U.S.C. § 3585(b)) were given?",
                                affects: "time served and the release date")
        }
        let creditedStart = start.adding(days: -credit)
        let countedFrom = countJailCredit ? creditedStart : start
        var projection: (release: CalendarDate?, credits: Int?, method: String) = (nil, nil, "no sentence given")
        if let sentence = facts.sentence {
            if case .months(let months) = sentence {
                let fullTerm = creditedStart.adding(months: months)
                let termDays = creditedStart.days(until: fullTerm)
                func credit(_ rule: GoodConductTimeRule) -> Int {
                    guard months >= rule.minimumTermMonths else { return 0 }
                    switch rule.method {
                    case .sentenceImposed:
                        // 54 days for each year imposed, the partial year prorated by months.
                        return rule.daysPerYear * months / 12
                    case .timeServed:
                        // 54 days per year served: served = term − credit and credit = 54 × served / 365.
                        return termDays * rule.daysPerYear / (365 + rule.daysPerYear)
                    }
                }
                if var rule = law.goodConductTimeRules.first(where: { $0.period.contains(asOf) }) {
                    var credits = credit(rule)
                    var release = fullTerm.adding(days: -credits)
                    // A release the method of the as-of date puts before that method took effect: the term was served
                    // under the earlier method, or (still in custody on the change) ended on the day it took effect.
                    if let from = rule.period.from, release < from,
                        let earlier = law.goodConductTimeRules.first(where: { $0.period.contains(from.adding(days: -1)) })
                    {
                        let earlierCredits = credit(earlier)
                        let earlierRelease = fullTerm.adding(days: -earlierCredits)
                        if earlierRelease < from {
                            (rule, credits, release) = (earlier, earlierCredits, earlierRelease)
                        } else {
                            (credits, release) = (from.days(until: fullTerm), from)
                        }
                    }
                    projection = (release, credits, rule.method.rawValue)
                    explanation.step(
                        "Full term ends \(fullTerm); with \(credits) days of good conduct time (\(rule.method == .sentenceImposed ? "54 days a year imposed" : "54 days a year served, the method before 2019-07-19")), projected release \(release).",
                        rule.citation)
                } else {
                    projection = (fullTerm, nil, "no good conduct time rule in the law data")
                }
            } else {
                explanation.step("A life sentence earns no good conduct time and has no release date.", Citation("18 U.S.C. § 3624(b)(1)"))
                projection = (nil, nil, "life: no good conduct time")
            }
        }
        var end = asOf
        var stillServing = true
        if let released = facts.releaseDate, released <= asOf {
            end = released
            stillServing = false
            explanation.step("Released on \(released).", Citation("release date in the case facts"))
        } else if facts.releaseDate == nil, let projected = projection.release, projected <= asOf {
            end = projected
            stillServing = false
            explanation.flag("assumption", "The projected release date (\(projected)) is before \(asOf): the person has probably been released; confirm.")
            explanation.missing("release_date", "Has the person been released, and on what date?", affects: "whether any relief can still shorten the sentence")
        }
        let servedDays = Swift.max(0, countedFrom.days(until: end))
        let servedMonths = Swift.max(0, countedFrom.wholeMonths(until: end))
        explanation.step(
            "Time served to \(end): \(servedDays) days (\(servedMonths) months) from \(countedFrom)\(credit > 0 ? (countJailCredit ? ", counting \(credit) days of prior custody credit" : ", not counting \(credit) days of prior custody credit") : "").",
            Citation("18 U.S.C. § 3585(a)–(b)"))
        return TimeServed(creditedStart: creditedStart, servedDays: servedDays, servedMonths: servedMonths,
                          goodConductDays: projection.credits, projectedRelease: projection.release, method: projection.method,
                          stillServing: stillServing)
    }
}
