/// A dated fact of law the relief pathways use, e.g. the Fair Sentencing Act's effective date.
public struct KeyDate: Sendable, Hashable {
    /// The name, e.g. `fair_sentencing_act_effective`.
    public let name: String
    /// The date.
    public let date: CalendarDate
    /// The authority.
    public let citation: Citation

    /// Creates a key date.
    public init(name: String, date: CalendarDate, citation: Citation) {
        self.name = name
        self.date = date
        self.citation = citation
    }
}

/// How the Bureau of Prisons computes good conduct time in a period.
///
/// Authority: 18 U.S.C. § 3624(b)(1), before and after the First Step Act of 2018, § 102(b).
public struct GoodConductTimeRule: Sendable, Hashable {
    /// The method.
    public enum Method: String, Sendable, Hashable {
        /// 54 days per year actually served (Barber v. Thomas), about 47 per year imposed.
        case timeServed = "time_served"
        /// 54 days per year of the sentence imposed.
        case sentenceImposed = "sentence_imposed"
    }
    /// When the BOP projected release dates with this method.
    public let period: EffectivePeriod
    /// The method.
    public let method: Method
    /// Days of credit per year.
    public let daysPerYear: Int
    /// The shortest term (months) that earns credit (a term of more than one year).
    public let minimumTermMonths: Int
    /// The authority.
    public let citation: Citation

    /// Creates a rule.
    public init(period: EffectivePeriod, method: Method, daysPerYear: Int, minimumTermMonths: Int, citation: Citation) {
        self.period = period
        self.method = method
        self.daysPerYear = daysPerYear
        self.minimumTermMonths = minimumTermMonths
        self.citation = citation
    }
}

/// One criterion of a clemency criteria set, as announced.
public struct ClemencyCriterion: Sendable, Hashable {
    /// The set: `april_2014` (the six factors of the Clemency Initiative) or `january_2014`.
    public let criteriaSet: String
    /// The criterion's identifier, e.g. `served_ten_years`.
    public let id: String
    /// Its number in the announcement.
    public let number: Int
    /// The text as announced (verbatim for April 2014; a paraphrase for January 2014).
    public let text: String
    /// The authority.
    public let citation: Citation

    /// Creates a criterion.
    public init(criteriaSet: String, id: String, number: Int, text: String, citation: Citation) {
        self.criteriaSet = criteriaSet
        self.id = id
        self.number = number
        self.text = text
        self.citation = citation
    }
}

/// The Bureau of Prisons' average annual cost of incarceration fee for a federal facility.
///
/// Authority: the BOP's annual notice in the Federal Register (28 C.F.R. § 505.2).
public struct IncarcerationCost: Sendable, Hashable {
    /// The federal fiscal year (October 1 of the year before to September 30).
    public let fiscalYear: Int
    /// The annual fee in cents.
    public let annualCents: Int64
    /// The authority.
    public let citation: Citation

    /// Creates a row.
    public init(fiscalYear: Int, annualCents: Int64, citation: Citation) {
        self.fiscalYear = fiscalYear
        self.annualCents = annualCents
        self.citation = citation
    }
}
