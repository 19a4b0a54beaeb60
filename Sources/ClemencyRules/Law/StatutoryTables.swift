/// Which date decides whether a statutory row applies to a case.
public enum DateBasis: String, Sendable, Hashable {
    /// The date of the offense (the ordinary rule: the law in force when the crime was committed).
    case offenseDate = "offense_date"
    /// The date the sentence is imposed (Fair Sentencing Act thresholds under Dorsey v. United States,
    /// 567 U.S. 260 (2012); First Step Act § 401(c)).
    case sentencingDate = "sentencing_date"
}

/// A quantity that triggers a penalty tier of § 841(b)(1) or § 960(b).
///
/// Authority: 21 U.S.C. § 841(b)(1)(A)–(D), § 960(b)(1)–(4), in the version given by `period`.
public struct StatutoryThreshold: Sendable, Hashable {
    /// § 841 or § 960.
    public let section: PenaltySection
    /// The tier the quantity triggers.
    public let tier: PenaltyTier
    /// The substance (as measured: mixture, actual, plants).
    public let substance: String
    /// The triggering quantity ("or more").
    public let atLeast: Amount
    /// The unit of `atLeast`.
    public let unit: QuantityUnit
    /// When the threshold was law.
    public let period: EffectivePeriod
    /// Which date of the case is compared with `period`.
    public let dateBasis: DateBasis
    /// Where the row was transcribed from.
    public let citation: Citation

    /// Creates a threshold row.
    public init(section: PenaltySection, tier: PenaltyTier, substance: String, atLeast: Amount, unit: QuantityUnit,
                period: EffectivePeriod, dateBasis: DateBasis, citation: Citation) {
        self.section = section
        self.tier = tier
        self.substance = substance
        self.atLeast = atLeast
        self.unit = unit
        self.period = period
        self.dateBasis = dateBasis
        self.citation = citation
    }
}

/// The tier that any quantity of a schedule group falls in when no threshold is reached
/// (e.g. § 841(b)(1)(C) for Schedule I and II substances).
public struct ResidualTier: Sendable, Hashable {
    /// § 841 or § 960.
    public let section: PenaltySection
    /// The schedule group of the equivalency tables, or a substance id.
    public let group: String
    /// The tier.
    public let tier: PenaltyTier
    /// Where the row was transcribed from.
    public let citation: Citation

    /// Creates a residual-tier row.
    public init(section: PenaltySection, group: String, tier: PenaltyTier, citation: Citation) {
        self.section = section
        self.group = group
        self.tier = tier
        self.citation = citation
    }
}

/// The minimum and maximum terms of one penalty tier for a number of prior convictions.
///
/// Authority: 21 U.S.C. § 841(b)(1), § 960(b), before and after the First Step Act of 2018, § 401.
public struct StatutoryPenalty: Sendable, Hashable {
    /// § 841 or § 960.
    public let section: PenaltySection
    /// The tier.
    public let tier: PenaltyTier
    /// Prior convictions charged under § 851 (2 means two or more).
    public let priorConvictions: Int
    /// Whether death or serious bodily injury resulted.
    public let deathOrSeriousInjury: Bool
    /// The mandatory minimum term (months, or life for mandatory life).
    public let minimum: SentenceTerm
    /// The statutory maximum term (months or life).
    public let maximum: SentenceTerm
    /// When the row was law (compared with the sentencing date).
    public let period: EffectivePeriod
    /// Which prior convictions count: "felony drug offense" or "serious drug felony".
    public let priorDefinition: String
    /// Where the row was transcribed from.
    public let citation: Citation

    /// Creates a penalty row.
    public init(section: PenaltySection, tier: PenaltyTier, priorConvictions: Int, deathOrSeriousInjury: Bool,
                minimum: SentenceTerm, maximum: SentenceTerm, period: EffectivePeriod, priorDefinition: String,
                citation: Citation) {
        self.section = section
        self.tier = tier
        self.priorConvictions = priorConvictions
        self.deathOrSeriousInjury = deathOrSeriousInjury
        self.minimum = minimum
        self.maximum = maximum
        self.period = period
        self.priorDefinition = priorDefinition
        self.citation = citation
    }
}

extension StatutoryPenalty {
    /// The same row in force during another period.
    func with(period: EffectivePeriod) -> StatutoryPenalty {
        StatutoryPenalty(section: section, tier: tier, priorConvictions: priorConvictions, deathOrSeriousInjury: deathOrSeriousInjury,
                         minimum: minimum, maximum: maximum, period: period, priorDefinition: priorDefinition, citation: citation)
    }
}
