/// A controlled substance the law data knows, with how it is measured.
public struct Substance: Sendable, Hashable {
    /// The identifier used in case facts, e.g. `cocaine_base`.
    public let id: String
    /// The name as the Guidelines Manual prints it.
    public let displayName: String
    /// What quantities of it are measured in.
    public let unit: QuantityUnit
    /// Substances that are alternative measures of one drug (mixture and actual), of which the
    /// greater offense level applies (USSG §2D1.1(c) notes (B), (C)); `nil` when none.
    public let greaterOfGroup: String?

    /// Creates a substance.
    public init(id: String, displayName: String, unit: QuantityUnit, greaterOfGroup: String?) {
        self.id = id
        self.displayName = displayName
        self.unit = unit
        self.greaterOfGroup = greaterOfGroup
    }
}

/// One band of the Drug Quantity Table: a quantity range of one substance and its base offense level.
///
/// Authority: USSG §2D1.1(c), in the edition given by `period`.
public struct QuantityBand: Sendable, Hashable {
    /// The first and last day this band was in the Manual.
    public let period: EffectivePeriod
    /// The substance line of the table.
    public let substance: String
    /// The base offense level the band gives.
    public let baseOffenseLevel: Int
    /// The least quantity in the band (inclusive).
    public let atLeast: Amount
    /// The quantity at which the next band starts (exclusive), or `nil` at the top of the table.
    public let lessThan: Amount?
    /// The amendment that set these quantities.
    public let amendment: String
    /// Where the row was transcribed from.
    public let citation: Citation
    /// The band in words, e.g. "the band from 28 g to less than 112 g" (built once, when the table is loaded).
    public let label: String

    /// Creates a band.
    ///
    /// - Parameter unit: What the quantities measure (for the band's label).
    public init(period: EffectivePeriod, substance: String, baseOffenseLevel: Int, atLeast: Amount, lessThan: Amount?,
                amendment: String, citation: Citation, unit: QuantityUnit = .gram) {
        self.period = period
        self.substance = substance
        self.baseOffenseLevel = baseOffenseLevel
        self.atLeast = atLeast
        self.lessThan = lessThan
        self.amendment = amendment
        self.citation = citation
        func text(_ amount: Amount) -> String { unit == .gram ? gramsText(amount) : "\(amount) \(unit == .unit ? "units" : unit.rawValue)" }
        switch (atLeast.micros, lessThan) {
        case (0, let top?): label = "the band below \(text(top))"
        case (_, let top?): label = "the band from \(text(atLeast)) to less than \(text(top))"
        case (_, nil): label = "the band of \(text(atLeast)) or more"
        }
    }

    /// `true` when `amount` falls in the band.
    public func contains(_ amount: Amount) -> Bool {
        amount >= atLeast && (lessThan.map { amount < $0 } ?? true)
    }
}

/// The Drug Quantity Table in every edition the law data holds, indexed by substance.
public struct DrugQuantityTable: Sendable {
    let bandsBySubstance: [String: [QuantityBand]]

    /// Builds the table from its bands.
    public init(bands: [QuantityBand]) {
        bandsBySubstance = Dictionary(grouping: bands, by: \.substance)
    }

    /// The band holding `amount` of `substance` in the Manual in force on `date`, or `nil` when the
    /// law data has no table for that substance on that date.
    public func band(for substance: String, amount: Amount, on date: CalendarDate) -> QuantityBand? {
        guard let bands = bandsBySubstance[substance] else { return nil }
        for index in bands.indices where bands[index].period.contains(date) && bands[index].contains(amount) { return bands[index] }
        return nil
    }

    /// `true` when the table has a line for `substance` on `date`.
    public func hasLine(for substance: String, on date: CalendarDate) -> Bool {
        bandsBySubstance[substance]?.contains { $0.period.contains(date) } ?? false
    }

    /// The least quantity of `substance` that reaches `level` on `date`, or `nil`.
    public func threshold(for substance: String, level: Int, on date: CalendarDate) -> Amount? {
        bandsBySubstance[substance]?.first { $0.period.contains(date) && $0.baseOffenseLevel == level }?.atLeast
    }

    /// Every band, for listings and checks.
    public var allBands: [QuantityBand] { bandsBySubstance.values.flatMap { $0 } }
}

/// A marihuana-equivalency ratio ("converted drug weight" since 2018).
///
/// Authority: USSG §2D1.1 comment. (n.8(D)).
public struct EquivalencyRatio: Sendable, Hashable {
    /// When the ratio was in the Manual.
    public let period: EffectivePeriod
    /// The substance converted.
    public let substance: String
    /// The unit the ratio is per (gram, unit or millilitre).
    public let unit: QuantityUnit
    /// Grams of marihuana per one `unit` of the substance, in millionths (micrograms of marihuana).
    public let marihuanaMicrogramsPerUnit: Int64
    /// The schedule group, used by the caps and minimum levels (e.g. `schedule_iv`).
    public let scheduleGroup: String
    /// Where the row was transcribed from.
    public let citation: Citation

    /// Creates a ratio.
    public init(period: EffectivePeriod, substance: String, unit: QuantityUnit, marihuanaMicrogramsPerUnit: Int64,
                scheduleGroup: String, citation: Citation) {
        self.period = period
        self.substance = substance
        self.unit = unit
        self.marihuanaMicrogramsPerUnit = marihuanaMicrogramsPerUnit
        self.scheduleGroup = scheduleGroup
        self.citation = citation
    }
}

/// A proviso of the equivalency tables: a cap on the combined marihuana equivalent of some
/// schedule groups, or a minimum offense level for them.
///
/// Authority: USSG §2D1.1 comment. (n.8(D)), group provisos.
public struct EquivalencyProviso: Sendable, Hashable {
    /// What the proviso does.
    public enum Rule: String, Sendable, Hashable {
        /// The combined equivalent of the groups may not exceed `value` grams of marihuana.
        case capMarihuanaGrams = "cap_marihuana_grams"
        /// The offense level for the groups is at least `value`.
        case minimumLevel = "minimum_level"
    }
    /// When the proviso was in the Manual.
    public let period: EffectivePeriod
    /// The rule.
    public let rule: Rule
    /// The schedule groups it covers.
    public let scheduleGroups: Set<String>
    /// Micrograms of marihuana for a cap; a level for a minimum.
    public let value: Int64
    /// Where the row was transcribed from.
    public let citation: Citation

    /// Creates a proviso.
    public init(period: EffectivePeriod, rule: Rule, scheduleGroups: Set<String>, value: Int64, citation: Citation) {
        self.period = period
        self.rule = rule
        self.scheduleGroups = scheduleGroups
        self.value = value
        self.citation = citation
    }
}

/// A rule for cases combining cocaine base with other drugs in the 2007–2010 Manuals.
///
/// Authority: USSG App. C, Amendments 706, 711 and 715; §2D1.1 comment. (n.10(D)) (2007–2010 eds.).
public struct CrackCombinationRule: Sendable, Hashable {
    /// Which of the two methods the row belongs to.
    public enum Method: String, Sendable, Hashable {
        /// Amendment 706/711: convert each gram of crack at a rate that depends on the crack's own level.
        case levelDependentRatio = "level_dependent_ratio"
        /// Amendment 715: convert at 20 kg per gram, look up, then subtract two levels (with exceptions).
        case twoLevelReduction = "two_level_reduction"
    }
    /// When the rule was in the Manual.
    public let period: EffectivePeriod
    /// The method.
    public let method: Method
    /// For `levelDependentRatio`: the crack base offense level the ratio belongs to.
    public let crackBaseOffenseLevel: Int?
    /// Micrograms of marihuana per gram of cocaine base.
    public let marihuanaMicrogramsPerGram: Int64
    /// For `twoLevelReduction`: levels subtracted.
    public let levelsSubtracted: Int
    /// For `twoLevelReduction`: no reduction at or above this quantity of crack.
    public let exceptionAtLeast: Amount?
    /// For `twoLevelReduction`: no reduction below this quantity of crack.
    public let exceptionLessThan: Amount?
    /// Where the row was transcribed from.
    public let citation: Citation

    /// Creates a rule row.
    public init(period: EffectivePeriod, method: Method, crackBaseOffenseLevel: Int?, marihuanaMicrogramsPerGram: Int64,
                levelsSubtracted: Int, exceptionAtLeast: Amount?, exceptionLessThan: Amount?, citation: Citation) {
        self.period = period
        self.method = method
        self.crackBaseOffenseLevel = crackBaseOffenseLevel
        self.marihuanaMicrogramsPerGram = marihuanaMicrogramsPerGram
        self.levelsSubtracted = levelsSubtracted
        self.exceptionAtLeast = exceptionAtLeast
        self.exceptionLessThan = exceptionLessThan
        self.citation = citation
    }
}

/// How marihuana plants are converted to weight for the guidelines.
///
/// Authority: USSG §2D1.1(c) note (E); Amendment 516 (eff. 1995-11-01).
public struct PlantConversion: Sendable, Hashable {
    /// When the rule was in the Manual.
    public let period: EffectivePeriod
    /// The rule applies to offenses with at least this many plants.
    public let minimumPlants: Int
    /// Grams of marihuana per plant, in micrograms.
    public let microgramsPerPlant: Int64
    /// Where the row was transcribed from.
    public let citation: Citation

    /// Creates a plant rule.
    public init(period: EffectivePeriod, minimumPlants: Int, microgramsPerPlant: Int64, citation: Citation) {
        self.period = period
        self.minimumPlants = minimumPlants
        self.microgramsPerPlant = microgramsPerPlant
        self.citation = citation
    }
}

/// A base offense level set by §2D1.1(a) rather than by drug quantity.
///
/// Authority: USSG §2D1.1(a)(1)–(2).
public struct SpecialBaseOffenseLevel: Sendable, Hashable {
    /// The condition for the level.
    public enum Condition: String, Sendable, Hashable {
        /// Death or serious bodily injury resulted, and the offense followed a prior similar conviction.
        case deathOrSeriousInjuryWithPrior = "death_or_serious_bodily_injury_with_prior"
        /// Death or serious bodily injury resulted.
        case deathOrSeriousInjury = "death_or_serious_bodily_injury"
    }
    /// When the rule was in the Manual.
    public let period: EffectivePeriod
    /// The condition.
    public let condition: Condition
    /// The level.
    public let baseOffenseLevel: Int
    /// Where the row was transcribed from.
    public let citation: Citation

    /// Creates a rule row.
    public init(period: EffectivePeriod, condition: Condition, baseOffenseLevel: Int, citation: Citation) {
        self.period = period
        self.condition = condition
        self.baseOffenseLevel = baseOffenseLevel
        self.citation = citation
    }
}

/// One rule of the mitigating-role cap on the Drug Quantity Table level, USSG §2D1.1(a)(5)
/// (formerly (a)(3)): a defendant who receives a §3B1.2 mitigating-role adjustment starts from a
/// lower base offense level when the quantity gives a high one.
///
/// Rules of one `step` are tried in file order and the first that covers the level applies; step 2
/// applies to the result of step 1 (Amendment 748's minimal-participant rule).
/// Authority: USSG App. C Amdts 640 (2002), 668 (2004), 748 (2010); law.md §2.7.
public struct MitigatingRoleCap: Sendable, Hashable {
    /// Which mitigating-role adjustments the rule applies to.
    public enum AppliesTo: String, Sendable, Hashable {
        /// Any §3B1.2 adjustment (2, 3 or 4 levels).
        case anyMitigatingRole = "any_mitigating_role"
        /// Only the 4-level minimal-participant reduction of §3B1.2(a).
        case minimalParticipant = "minimal_participant"

        /// Whether a reduction of `levels` under §3B1.2 triggers the rule.
        public func applies(toReduction levels: Int) -> Bool {
            switch self {
            case .anyMitigatingRole: return levels > 0
            case .minimalParticipant: return levels >= 4
            }
        }
    }

    /// What the rule does to the level.
    public enum Effect: Sendable, Hashable {
        /// Decrease by this many levels.
        case decrease(Int)
        /// Lower the level to this one when it is above it.
        case notMoreThan(Int)
    }

    /// When the rule was in the Manual.
    public let period: EffectivePeriod
    /// 1 for the rules on the Drug Quantity Table level, 2 for rules on the result of step 1.
    public let step: Int
    /// The lowest level the rule covers.
    public let levelAtLeast: Int
    /// The highest level the rule covers, or `nil` for no limit.
    public let levelAtMost: Int?
    /// The adjustments that trigger it.
    public let appliesTo: AppliesTo
    /// Its effect.
    public let effect: Effect
    /// Where the row was transcribed from.
    public let citation: Citation

    /// Creates a rule row.
    public init(period: EffectivePeriod, step: Int, levelAtLeast: Int, levelAtMost: Int?, appliesTo: AppliesTo,
                effect: Effect, citation: Citation) {
        self.period = period
        self.step = step
        self.levelAtLeast = levelAtLeast
        self.levelAtMost = levelAtMost
        self.appliesTo = appliesTo
        self.effect = effect
        self.citation = citation
    }

    /// Whether the rule covers a level.
    public func covers(_ level: Int) -> Bool { level >= levelAtLeast && levelAtMost.map { level <= $0 } ?? true }

    /// The level after the rule.
    public func apply(to level: Int) -> Int {
        switch effect {
        case .decrease(let levels): return level - levels
        case .notMoreThan(let ceiling): return min(level, ceiling)
        }
    }
}
