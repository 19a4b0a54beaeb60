import ClemencyRules

/// Totals of a screening run: counts per pathway and determination, people overserved, months of
/// reduction, prison-years and dollars, overall and by district.
public struct ScreeningSummary: Sendable, Codable, Hashable {
    /// Totals for one group of cases (all, or one district).
    public struct Totals: Sendable, Codable, Hashable {
        /// Cases screened.
        public var cases = 0
        /// Cases with at least one `eligible` determination (proposed laws aside).
        public var eligibleForSomeRelief = 0
        /// People who have already served longer than the estimated sentence today.
        public var overservedPeople = 0
        /// Months served beyond the estimated sentence today, added up.
        public var overservedMonths = 0
        /// People still serving whose estimated sentence today is lower than the sentence imposed.
        public var peopleWithReduction = 0
        /// Their months of reduction, added up (life counted by the stated convention).
        public var reductionMonths = 0
        /// Of those months, the ones still ahead of them: each person's reduction, but no more than the
        /// months left to the projected release (life: to the convention's term), since months already
        /// served cannot be saved. Where the release date is unknown, the whole reduction counts.
        public var monthsStillAhead = 0
        /// People probably no longer in prison (released, or past the projected release date).
        public var probablyReleased = 0
        /// Prison-years still ahead that today's law would not impose (`monthsStillAhead` / 12), rounded to tenths.
        public var prisonYears: Double { Double(monthsStillAhead * 10 / 12) / 10 }

        enum CodingKeys: String, CodingKey {
            case cases
            case eligibleForSomeRelief = "eligible_for_some_relief"
            case overservedPeople = "overserved_people"
            case overservedMonths = "overserved_months"
            case peopleWithReduction = "people_with_reduction"
            case reductionMonths = "reduction_months"
            case monthsStillAhead = "months_still_ahead"
            case probablyReleased = "probably_released"
        }

        mutating func add(_ result: ScreeningResult, asOf: CalendarDate) {
            cases += 1
            if result.pathways.contains(where: { $0.determination == .eligible && $0.pathway != "proposed_law" }) { eligibleForSomeRelief += 1 }
            if let overserved = result.overservedMonths, overserved > 0 {
                overservedPeople += 1
                overservedMonths += overserved
            }
            let serving = result.timeServed?.stillServing ?? true
            if !serving { probablyReleased += 1 }
            if serving, let reduction = result.analysis.reductionMonths, reduction > 0 {
                peopleWithReduction += 1
                reductionMonths += reduction
                monthsStillAhead += Swift.min(reduction, Self.monthsLeft(result, reduction: reduction, asOf: asOf) ?? reduction)
            }
        }

        /// Months from the as-of date to the projected release; for life (no release date), the convention's
        /// term (the estimate plus the reduction) less the months served; `nil` when unknown.
        static func monthsLeft(_ result: ScreeningResult, reduction: Int, asOf: CalendarDate) -> Int? {
            if let release = result.timeServed?.projectedRelease { return Swift.max(0, asOf.wholeMonths(until: release)) }
            guard result.analysis.sentenceImposed == .life, let served = result.timeServed?.servedMonths,
                case .months(let estimate)? = result.analysis.estimatedSentenceToday
            else { return nil }
            return Swift.max(0, estimate + reduction - served)
        }
    }

    /// The as-of date.
    public let asOf: CalendarDate
    /// Records rejected.
    public var rejected = 0
    /// Valid records outside what the product screens (e.g. not drug cases), listed with the rejects.
    public var outOfScope = 0
    /// All cases.
    public var total = Totals()
    /// Per pathway key (`pathway` or `pathway/variant`), the count of each determination.
    public var determinations: [String: [String: Int]] = [:]
    /// Per district.
    public var districts: [String: Totals] = [:]
    /// The fee used for dollars: fiscal year and annual cents.
    public let costFiscalYear: Int?
    /// The annual fee in cents.
    public let annualCostCents: Int64?
    /// The fee's citation.
    public let costCitation: String?

    /// Creates an empty summary.
    public init(asOf: CalendarDate, cost: IncarcerationCost?) {
        self.asOf = asOf
        costFiscalYear = cost?.fiscalYear
        annualCostCents = cost?.annualCents
        costCitation = cost?.citation.description
    }

    /// The pathway key of a determination.
    public static func key(_ determination: PathwayDetermination) -> String {
        determination.key
    }

    /// Adds one result.
    ///
    /// - Parameter keys: The run's pathway keys in the order the screener emits its pathways; counting by
    ///   position avoids building a key per pathway per case (a pathway out of order is counted by key).
    public mutating func add(_ result: ScreeningResult, keys: [String] = []) {
        total.add(result, asOf: asOf)
        districts[result.district ?? "(district unknown)", default: Totals()].add(result, asOf: asOf)
        if positionalCounts.count != keys.count { positionalCounts = Array(repeating: [0, 0, 0], count: keys.count) }
        for (position, pathway) in result.pathways.enumerated() {
            let slot: Int
            switch pathway.determination {
            case .eligible: slot = 0
            case .needsInformation: slot = 1
            case .ineligible: slot = 2
            }
            if position < keys.count, keys[position].hasPrefix(pathway.pathway), keys[position].hasSuffix(pathway.variant) {
                positionalCounts[position][slot] += 1
            } else {
                determinations[Self.key(pathway), default: [:]][pathway.determination.rawValue, default: 0] += 1
            }
        }
        positionalKeys = keys
    }

    /// Folds the positional counts into `determinations`; call once, after the last `add`.
    public mutating func finish() {
        for (key, counts) in zip(positionalKeys, positionalCounts) {
            for (slot, name) in ["eligible", "needs_information", "ineligible"].enumerated() where counts[slot] > 0 {
                determinations[key, default: [:]][name, default: 0] += counts[slot]
            }
        }
        positionalCounts = []
        positionalKeys = []
    }

    private var positionalKeys: [String] = []
    private var positionalCounts: [[Int]] = []

    /// Dollars (whole) for a number of months at the annual fee, or `nil` without a fee.
    public func dollars(forMonths months: Int) -> Int64? {
        annualCostCents.map { Int64(months) * $0 / 12 / 100 }
    }

    enum CodingKeys: String, CodingKey {
        case asOf = "as_of"
        case rejected, total, determinations, districts
        case outOfScope = "out_of_scope"
        case costFiscalYear = "cost_fiscal_year"
        case annualCostCents = "annual_cost_cents"
        case costCitation = "cost_citation"
    }

    /// The summary as a plain-text table.
    public var text: String {
        var out = "Screened \(total.cases) cases as of \(asOf)"
        out += rejected > 0 ? "; \(rejected) records rejected (see rejects.csv)" : ""
        out += outOfScope > 0 ? "; \(outOfScope) records outside the product's scope skipped (not drug cases; listed in rejects.csv)" : ""
        out += ".\n\n"
        out += "Pathway                                        eligible  needs info  ineligible\n"
        for key in determinations.keys.sorted() {
            let counts = determinations[key] ?? [:]
            out += key.padding(to: 46) + " " + String(counts["eligible"] ?? 0).leftPadding(to: 9)
                + String(counts["needs_information"] ?? 0).leftPadding(to: 12) + String(counts["ineligible"] ?? 0).leftPadding(to: 12) + "\n"
        }
        out += "\nPeople already overserved:  \(total.overservedPeople) (\(total.overservedMonths) months beyond today's estimate)\n"
        if total.probablyReleased > 0 {
            out += "Probably released already: \(total.probablyReleased) (released, or past the projected release date; not counted below)\n"
        }
        out += "Still serving, with a lower estimated sentence today: \(total.peopleWithReduction); \(total.reductionMonths) months of reduction, \(total.monthsStillAhead) of them still ahead = \(total.prisonYears) prison-years"
        if let dollars = dollars(forMonths: total.monthsStillAhead), let year = costFiscalYear {
            out += " = $\(dollars.grouped) at the FY\(year) cost of incarceration"
        }
        out += "\n\nBy district                                 cases  eligible  overserved  reduction (months)  still ahead         dollars\n"
        for district in districts.keys.sorted() {
            let totals = districts[district] ?? Totals()
            out += district.padding(to: 42) + String(totals.cases).leftPadding(to: 7) + String(totals.eligibleForSomeRelief).leftPadding(to: 10)
                + String(totals.overservedPeople).leftPadding(to: 12) + String(totals.reductionMonths).leftPadding(to: 20)
                + String(totals.monthsStillAhead).leftPadding(to: 13)
                + (dollars(forMonths: totals.monthsStillAhead).map { "$" + $0.grouped } ?? "").leftPadding(to: 16) + "\n"
        }
        if let citation = costCitation {
            out += "\nDollars: months of reduction still ahead (not beyond each projected release; life counted as \"470 months\" by the law data's convention) × the BOP annual cost of incarceration fee / 12 (\(citation)).\n"
        }
        return out
    }
}

extension String {
    func padding(to width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
    func leftPadding(to width: Int) -> String { count >= width ? " " + self : String(repeating: " ", count: width - count) + self }
}

extension Int64 {
    /// "1,234,567".
    var grouped: String {
        let digits = String(Swift.abs(self))
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return self < 0 ? "-" + out : out
    }
}
