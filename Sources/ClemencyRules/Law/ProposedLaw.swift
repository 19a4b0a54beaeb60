/// A proposed change of law, evaluated as a what-if from a date.
public struct ProposedLaw: Sendable, Hashable {
    /// The scenario's identifier, e.g. `smarter_sentencing_act_2014`.
    public let id: String
    /// Its name.
    public let name: String
    /// Its legislative status and reach (retroactive or not).
    public let status: String
    /// Penalty rows that replace the enacted rows with the same section, tier, priors and injury finding.
    public let penalties: [StatutoryPenalty]
    /// A substance to be treated as another (thresholds, Drug Quantity Table, equivalency), if any.
    public let treatSubstance: (substance: String, as: String)?
    /// The authority.
    public let citation: Citation

    /// Creates a proposal.
    public init(id: String, name: String, status: String, penalties: [StatutoryPenalty],
                treatSubstance: (substance: String, as: String)?, citation: Citation) {
        self.id = id
        self.name = name
        self.status = status
        self.penalties = penalties
        self.treatSubstance = treatSubstance
        self.citation = citation
    }

    /// Whether the proposal can change the analysis of a case: its penalty rows touch the case's tier, or
    /// the substance it re-treats is among the case's drugs (unknown facts count as "can").
    public func canAffect(_ facts: CaseFacts) -> Bool {
        if !penalties.isEmpty {
            guard let statute = facts.statute else { return true }
            // Rows are read in place (a copy would retain each of their strings).
            if penalties.indices.contains(where: { penalties[$0].section == statute.section && penalties[$0].tier == statute.tier }) { return true }
        }
        if let (substance, _) = treatSubstance {
            guard let drugs = facts.drugs else { return true }
            if drugs.contains(where: { $0.substance == substance }) { return true }
        }
        return false
    }

    public static func == (lhs: ProposedLaw, rhs: ProposedLaw) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    /// The law data with this proposal in force from `date`: enacted rows it replaces end the day before.
    public func applied(to law: LawLibrary, from date: CalendarDate) -> LawLibrary {
        let dayBefore = date.adding(days: -1)
        func truncated(_ period: EffectivePeriod) -> EffectivePeriod? {
            guard period.contains(date) || (period.from.map { $0 > date } ?? false) else { return period }
            if let from = period.from, from > dayBefore { return nil }
            return EffectivePeriod(from: period.from, through: dayBefore)
        }
        let fromDate = EffectivePeriod(from: date, through: nil)
        var penalties = law.statutoryPenalties
        if !self.penalties.isEmpty {
            // Every enacted row of a tier the proposal lists ends the day before; rows the proposal does not list
            // (e.g. a two-prior row) end with them, so the proposal's rows alone govern from the date.
            let tiers = Set(self.penalties.map { "\($0.section)\($0.tier)\($0.deathOrSeriousInjury)" })
            penalties = law.statutoryPenalties.compactMap { row in
                guard tiers.contains("\(row.section)\(row.tier)\(row.deathOrSeriousInjury)") else { return row }
                return truncated(row.period).map { row.with(period: $0) }
            }
            penalties += self.penalties.map { $0.with(period: fromDate) }
        }
        var thresholds = law.statutoryThresholds
        var table = law.drugQuantityTable
        var ratios = law.equivalencyRatios
        if let (substance, replacement) = treatSubstance {
            thresholds = thresholds.compactMap { row in
                guard row.substance == substance else { return row }
                guard let period = truncated(row.period) else { return nil }
                return StatutoryThreshold(section: row.section, tier: row.tier, substance: row.substance, atLeast: row.atLeast,
                                          unit: row.unit, period: period, dateBasis: row.dateBasis, citation: row.citation)
            }
            thresholds += law.statutoryThresholds.filter { $0.substance == replacement && $0.period.contains(date) }.map { row in
                StatutoryThreshold(section: row.section, tier: row.tier, substance: substance, atLeast: row.atLeast, unit: row.unit,
                                   period: fromDate, dateBasis: .sentencingDate,
                                   citation: Citation("\(name): as \(replacement) — \(row.citation.text)", confirmed: citation.confirmed))
            }
            var bands = law.drugQuantityTable.allBands.compactMap { band -> QuantityBand? in
                guard band.substance == substance else { return band }
                guard let period = truncated(band.period) else { return nil }
                return QuantityBand(period: period, substance: band.substance, baseOffenseLevel: band.baseOffenseLevel,
                                    atLeast: band.atLeast, lessThan: band.lessThan, amendment: band.amendment, citation: band.citation,
                                    unit: law.substances[band.substance]?.unit ?? .gram)
            }
            bands += law.drugQuantityTable.allBands.filter { $0.substance == replacement && $0.period.contains(date) }.map { band in
                QuantityBand(period: fromDate, substance: substance, baseOffenseLevel: band.baseOffenseLevel, atLeast: band.atLeast,
                             lessThan: band.lessThan, amendment: id,
                             citation: Citation("\(name): as \(replacement) — \(band.citation.text)", confirmed: citation.confirmed),
                             unit: law.substances[band.substance]?.unit ?? .gram)
            }
            table = DrugQuantityTable(bands: bands)
            ratios = ratios.compactMap { ratio in
                guard ratio.substance == substance else { return ratio }
                guard let period = truncated(ratio.period) else { return nil }
                return EquivalencyRatio(period: period, substance: ratio.substance, unit: ratio.unit,
                                        marihuanaMicrogramsPerUnit: ratio.marihuanaMicrogramsPerUnit, scheduleGroup: ratio.scheduleGroup,
                                        citation: ratio.citation)
            }
            if let replacementRatio = law.equivalency(of: replacement, on: date) {
                ratios.append(EquivalencyRatio(period: fromDate, substance: substance, unit: replacementRatio.unit,
                                               marihuanaMicrogramsPerUnit: replacementRatio.marihuanaMicrogramsPerUnit,
                                               scheduleGroup: replacementRatio.scheduleGroup,
                                               citation: Citation("\(name): as \(replacement)", confirmed: citation.confirmed)))
            }
        }
        return law.replacing(version: "\(law.version) + \(id) from \(date)", statutoryPenalties: penalties,
                             statutoryThresholds: thresholds, drugQuantityTable: table, equivalencyRatios: ratios)
    }
}
