/// The contested readings and thresholds of the screening, as a value a policy file can set.
///
/// None of these is law: they are the screening project's choices where the law or the Department of
/// Justice gave no operational definition (law.md §6: "substantially lower", "significant criminal
/// history" and "low-level" were never defined). Every determination says which policy version it used.
public struct ScreeningPolicy: Sendable, Hashable, Codable {
    /// The policy's name and version, printed with every run.
    public var version: String
    /// The clemency criteria set to apply: `april_2014` (the six factors) or `january_2014`.
    public var clemencyCriteriaSet: String
    /// A sentence is "substantially lower" today when the reduction is at least this many months…
    public var substantiallyLowerMinimumMonths: Int
    /// …and at least this percentage of the sentence imposed.
    public var substantiallyLowerMinimumPercent: Int
    /// Time served (months) the April 2014 criteria require.
    public var minimumServedMonths: Int
    /// Whether pre-sentence jail credit counts toward the time served (law.md §12 item 5: UNCONFIRMED).
    public var jailCreditCountsTowardTimeServed: Bool
    /// The highest criminal history category that is not "significant criminal history"; career offenders
    /// always have significant criminal history.
    public var maximumCriminalHistoryCategory: CriminalHistoryCategory
    /// The proposed laws to evaluate as what-if scenarios.
    public var proposedLaws: [String]
    /// The weights of the priority score.
    public var priority: PriorityWeights

    /// The weights of the priority score: people already overserved first, then months of reduction,
    /// then age and time served.
    public struct PriorityWeights: Sendable, Hashable, Codable {
        /// Points for being overserved at all (already past the estimated sentence today).
        public var overservedBonus: Int
        /// Points per month overserved.
        public var perMonthOverserved: Int
        /// Points per month of reduction.
        public var perMonthOfReduction: Int
        /// Points per year of age.
        public var perYearOfAge: Int
        /// Points per month already served.
        public var perMonthServed: Int
        /// Points for each pathway with an `eligible` determination.
        public var perEligiblePathway: Int

        enum CodingKeys: String, CodingKey {
            case overservedBonus = "overserved_bonus"
            case perMonthOverserved = "per_month_overserved"
            case perMonthOfReduction = "per_month_of_reduction"
            case perYearOfAge = "per_year_of_age"
            case perMonthServed = "per_month_served"
            case perEligiblePathway = "per_eligible_pathway"
        }
    }

    enum CodingKeys: String, CodingKey {
        case version
        case clemencyCriteriaSet = "clemency_criteria_set"
        case substantiallyLowerMinimumMonths = "substantially_lower_minimum_months"
        case substantiallyLowerMinimumPercent = "substantially_lower_minimum_percent"
        case minimumServedMonths = "minimum_served_months"
        case jailCreditCountsTowardTimeServed = "jail_credit_counts_toward_time_served"
        case maximumCriminalHistoryCategory = "maximum_criminal_history_category"
        case proposedLaws = "proposed_laws"
        case priority
    }
}
