/// Finds the penalty tier a quantity triggers and the statutory range for a tier.
///
/// Thresholds apply by the date their row names: the Fair Sentencing Act's cocaine base thresholds
/// by the sentencing date (Dorsey v. United States, 567 U.S. 260 (2012)), others by the offense
/// date. Penalty ranges apply by the sentencing date (First Step Act of 2018, § 401(c)).
///
/// Authority: 21 U.S.C. § 841(b)(1), § 960(b), § 851.
public struct StatutoryRangeCalculator: Sendable {
    /// The law data.
    public let law: LawLibrary

    /// Creates a calculator over the law data.
    public init(law: LawLibrary) { self.law = law }

    /// The tier a drug's quantity triggers, with the threshold row that decided it.
    public struct TierFinding: Sendable, Hashable {
        /// The tier.
        public let tier: PenaltyTier
        /// The threshold row reached, or `nil` for a residual tier.
        public let threshold: StatutoryThreshold?
        /// The residual row, when no threshold was reached.
        public let residual: ResidualTier?
        /// The substance that decided the tier.
        public let substance: String
    }

    /// The highest tier any of the drugs triggers under the thresholds in force, or `nil` when a
    /// drug has no threshold or residual tier in the law data.
    ///
    /// - Parameters:
    ///   - drugs: The drugs and quantities.
    ///   - section: § 841 or § 960.
    ///   - offenseDate: Compared with rows whose basis is the offense date.
    ///   - sentencingDate: Compared with rows whose basis is the sentencing date.
    public func tier(for drugs: [DrugQuantity], section: PenaltySection, offenseDate: CalendarDate?,
                     sentencingDate: CalendarDate) -> TierFinding? {
        var best: TierFinding?
        for drug in drugs {
            guard let finding = tier(for: drug, section: section, offenseDate: offenseDate, sentencingDate: sentencingDate)
            else { return nil }
            if best == nil || finding.tier > best!.tier { best = finding }
        }
        return best
    }

    private func tier(for drug: DrugQuantity, section: PenaltySection, offenseDate: CalendarDate?,
                      sentencingDate: CalendarDate) -> TierFinding? {
        // Forms of one drug measured differently share thresholds by their statutory basis (e.g. ice is
        // methamphetamine mixture for § 841 unless the actual weight is given).
        // Rows are read in place (a row copied out of the array would retain each of its strings).
        let rows = law.thresholds(section: section, substance: drug.substance)
        var top: Int?
        for index in rows.indices {
            guard rows[index].unit == drug.unit else { continue }
            let date = rows[index].dateBasis == .offenseDate ? (offenseDate ?? sentencingDate) : sentencingDate
            if rows[index].period.contains(date), drug.amount >= rows[index].atLeast, top.map({ rows[$0].tier < rows[index].tier }) ?? true {
                top = index
            }
        }
        if let top {
            return TierFinding(tier: rows[top].tier, threshold: rows[top], residual: nil, substance: drug.substance)
        }
        // A drug's schedule does not depend on the Manual edition (cocaine base has no equivalency row
        // from 2007-11-01 to 2008-04-30, when Amendments 706/711 replaced the single ratio).
        let ratios = law.equivalencyRatios
        let group = law.equivalency(of: drug.substance, on: sentencingDate)?.scheduleGroup
            ?? ratios.indices.first { ratios[$0].substance == drug.substance }.map { ratios[$0].scheduleGroup }
        let residuals = law.residualTiers
        if let index = residuals.indices.first(where: {
            residuals[$0].section == section && (residuals[$0].group == drug.substance || residuals[$0].group == group)
        }) {
            return TierFinding(tier: residuals[index].tier, threshold: nil, residual: residuals[index], substance: drug.substance)
        }
        return nil
    }

    /// The penalty row for a tier, prior count and injury finding on a sentencing date, or `nil`.
    ///
    /// - Parameters:
    ///   - section: § 841 or § 960.
    ///   - tier: The tier.
    ///   - priorConvictions: § 851 priors counted; 2 or more are looked up as 2.
    ///   - deathOrSeriousInjury: Whether death or serious bodily injury resulted.
    ///   - sentencingDate: The date the sentence is imposed.
    public func penalty(section: PenaltySection, tier: PenaltyTier, priorConvictions: Int, deathOrSeriousInjury: Bool,
                        sentencingDate: CalendarDate) -> StatutoryPenalty? {
        penaltyRow(section: section, tier: tier, priorConvictions: priorConvictions, deathOrSeriousInjury: deathOrSeriousInjury,
                   sentencingDate: sentencingDate)?.penalty
    }

    /// The penalty row of `penalty(section:tier:priorConvictions:deathOrSeriousInjury:sentencingDate:)` with its step texts.
    func penaltyRow(section: PenaltySection, tier: PenaltyTier, priorConvictions: Int, deathOrSeriousInjury: Bool,
                    sentencingDate: CalendarDate) -> PenaltyRow? {
        let rows = law.penaltyRows(section: section, tier: tier, injury: deathOrSeriousInjury)
        // A row for "2 or more" is written as 2; where the tier has no separate two-prior row the one-prior row governs.
        let wanted = Swift.min(priorConvictions, 2)
        var best: PenaltyRow?
        for row in rows where row.penalty.period.contains(sentencingDate) && row.penalty.priorConvictions <= wanted {
            if best.map({ $0.penalty.priorConvictions < row.penalty.priorConvictions }) ?? true { best = row }
        }
        return best
    }

    /// The least quantity of a substance that reaches a tier on a date, or `nil`.
    public func threshold(section: PenaltySection, tier: PenaltyTier, substance: String, offenseDate: CalendarDate?,
                          sentencingDate: CalendarDate) -> StatutoryThreshold? {
        law.thresholds(section: section, substance: substance).first { row in
            let date = row.dateBasis == .offenseDate ? (offenseDate ?? sentencingDate) : sentencingDate
            return row.tier == tier && row.period.contains(date)
        }
    }
}
