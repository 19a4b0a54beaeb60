/// Computes the §2D1.1(c) offense level for the drugs of a case under the Manual in force on a date.
///
/// Single drugs are read off their own line of the Drug Quantity Table; several drugs are converted
/// to marihuana equivalents (converted drug weight), added with the schedule caps, and read off the
/// marihuana line, with the special cocaine base rules of Amendments 706/711 (2007-11-01 to
/// 2008-04-30) and 715 (2008-05-01 to 2010-10-31). Methamphetamine, PCP and amphetamine measured
/// both as mixture and as actual take the greater level.
///
/// Authority: USSG §2D1.1(c) and comment. (n.8(B)–(D), n.10(D) in the 2007–2010 editions).
public struct DrugQuantityCalculator: Sendable {
    /// The law data.
    public let law: LawLibrary

    /// Creates a calculator over the law data.
    public init(law: LawLibrary) { self.law = law }

    /// A drug converted for the computation: one substance (or one measure of it) and its amount.
    struct Item {
        let substance: String
        let amount: Amount
        let unit: QuantityUnit
        /// Alternative measures of one drug share a key; the greater level applies.
        let groupKey: String
    }

    /// The result of a Drug Quantity Table computation.
    public struct Result: Sendable, Hashable {
        /// The offense level from the table (after any equivalency provisos and crack rules).
        public let level: Int
        /// The combined marihuana equivalent, when equivalents were used (micrograms).
        public let marihuanaEquivalent: Amount?
    }

    /// The offense level for `drugs` under the Manual in force on `date`, or `nil` when the law data
    /// cannot compute it (an unknown substance, or no table for that edition), with the reason
    /// recorded in `explanation`.
    ///
    /// - Parameters:
    ///   - drugs: The drugs and quantities.
    ///   - date: The date whose Manual applies.
    ///   - explanation: Receives the steps and any missing facts.
    /// - Returns: The level, or `nil`.
    public func level(for drugs: [DrugQuantity], on date: CalendarDate, explanation: inout Explanation) -> Result? {
        guard let items = normalise(drugs, on: date, explanation: &explanation), !items.isEmpty else { return nil }
        if items.count == 1 || items.allSatisfy({ $0.groupKey == items[0].groupKey }) {
            return singleDrugLevel(items, on: date, explanation: &explanation)
        }
        let groups = Dictionary(grouping: items, by: \.groupKey)
        if hasCrackRule(on: date), groups.keys.contains(where: { isCocaineBase($0) }) {
            return crackCombinationLevel(groups, on: date, explanation: &explanation)
        }
        guard let total = combinedEquivalent(groups, on: date, explanation: &explanation) else { return nil }
        return lookUpMarihuanaLine(total.amount, groups: total.scheduleGroups, on: date, explanation: &explanation)
    }

    // MARK: Normalising the input

    private func normalise(_ drugs: [DrugQuantity], on date: CalendarDate, explanation: inout Explanation) -> [Item]? {
        var items: [Item] = []
        for drug in drugs {
            guard let substance = law.substances[drug.substance] else {
                explanation.missing(
                    "drugs", "Which controlled substance is \"\(drug.substance)\"? Use a name from the law data's substance list.",
                    affects: "base offense level")
                return nil
            }
            if drug.unit == .plant {
                guard let rule = plantRule(plants: drug.amount, on: date) else {
                    explanation.flag("law_data_gap", "No marihuana plant conversion in the law data for \(date).")
                    return nil
                }
                let grams = drug.amount.scaled(byMicros: rule.microgramsPerPlant)
                explanation.step(
                    "\(drug.amount) marihuana plants are treated as \(grams) g of marihuana (\(Amount(micros: rule.microgramsPerPlant)) g a plant).",
                    rule.citation)
                items.append(Item(substance: "marihuana", amount: grams, unit: .gram, groupKey: "marihuana"))
                continue
            }
            guard drug.unit == substance.unit else {
                explanation.missing(
                    "drugs", "What is the quantity of \(substance.displayName) in \(substance.unit.rawValue)? It was given in \(drug.unit.rawValue).",
                    affects: "base offense level")
                return nil
            }
            items.append(Item(substance: substance.id, amount: drug.amount, unit: drug.unit,
                              groupKey: substance.greaterOfGroup ?? substance.id))
        }
        // Marihuana given both as weight and as plants is one drug: add the weights.
        if items.count > 1, items.lazy.filter({ $0.substance == "marihuana" }).count > 1 {
            let total = items.lazy.filter { $0.substance == "marihuana" }.reduce(Amount.zero) { $0 + $1.amount }
            items.removeAll { $0.substance == "marihuana" }
            items.append(Item(substance: "marihuana", amount: total, unit: .gram, groupKey: "marihuana"))
        }
        return items
    }

    private func plantRule(plants: Amount, on date: CalendarDate) -> PlantConversion? {
        law.plantConversions
            .filter { $0.period.contains(date) && plants >= Amount(whole: Int64($0.minimumPlants)) }
            .max { $0.minimumPlants < $1.minimumPlants }
    }

    private func isCocaineBase(_ key: String) -> Bool { key == "cocaine_base" }

    // MARK: One drug

    private func singleDrugLevel(_ measures: [Item], on date: CalendarDate, explanation: inout Explanation) -> Result? {
        var best: (level: Int, item: Item)?
        let regime = law.drugRegimeIndex(on: date)
        for item in measures {
            let level: Int
            var usedBand: BandRow?
            if let row = law.bandRow(for: item.substance, amount: item.amount, regime: regime) {
                level = row.band.baseOffenseLevel
                usedBand = row
            } else if !law.hasBandLine(for: item.substance, regime: regime),
                let converted = combinedEquivalent([item.groupKey: [item]], on: date, explanation: &explanation),
                let result = lookUpMarihuanaLine(converted.amount, groups: converted.scheduleGroups, on: date,
                                                 explanation: &explanation)
            {
                level = result.level
            } else {
                explanation.flag(
                    "law_data_gap",
                    "The law data has no Drug Quantity Table line or equivalency for \(displayName(item.substance)) in the Manual in force on \(date).")
                return nil
            }
            if let row = usedBand {
                // "<quantity> of <substance> falls in <band>: level <n>." (the part after the quantity built with the law).
                explanation.step(quantityText(item) + row.stepSuffix, row.band.citation)
            }
            if best == nil || level > best!.level { best = (level, item) }
        }
        guard let best else { return nil }
        if measures.count > 1 {
            explanation.step(
                "Measured more than one way, the greater level applies: level \(best.level) (\(displayName(best.item.substance))).",
                Citation("USSG §2D1.1(c), notes to the Drug Quantity Table (B)–(C)"))
        }
        return Result(level: best.level, marihuanaEquivalent: nil)
    }

    // MARK: Several drugs

    struct Combined {
        let amount: Amount
        let scheduleGroups: Set<String>
    }

    /// Converts each group to its marihuana equivalent (the greater of its measures), applies the
    /// schedule caps and adds them.
    private func combinedEquivalent(_ groups: [String: [Item]], on date: CalendarDate,
                                    explanation: inout Explanation) -> Combined? {
        var byScheduleGroup: [String: Amount] = [:]
        for key in groups.keys.sorted() {
            guard let measures = groups[key] else { continue }
            var best: (Amount, Item, EquivalencyRatio)?
            for item in measures {
                guard let ratio = law.equivalency(of: item.substance, on: date), ratio.unit == item.unit else {
                    explanation.flag(
                        "law_data_gap",
                        "The law data has no marihuana equivalency for \(displayName(item.substance)) on \(date).")
                    return nil
                }
                let equivalent = item.amount.scaled(byMicros: ratio.marihuanaMicrogramsPerUnit)
                if best == nil || equivalent > best!.0 { best = (equivalent, item, ratio) }
            }
            guard let (equivalent, item, ratio) = best else { continue }
            explanation.step(
                "\(quantityText(item)) of \(displayName(item.substance)) × \(Amount(micros: ratio.marihuanaMicrogramsPerUnit)) g of marihuana per \(unitName(item.unit)) = \(gramsText(equivalent)) of marihuana.",
                ratio.citation)
            byScheduleGroup[ratio.scheduleGroup, default: .zero] = byScheduleGroup[ratio.scheduleGroup, default: .zero] + equivalent
        }
        let groupsPresent = Set(byScheduleGroup.keys)
        // Caps nest (Schedule V within IV and V within III, IV and V): apply the narrowest first.
        let caps = law.equivalencyProvisos
            .filter { $0.rule == .capMarihuanaGrams && $0.period.contains(date) && !$0.scheduleGroups.isDisjoint(with: groupsPresent) }
            .sorted { $0.scheduleGroups.count < $1.scheduleGroups.count }
        var capped: Set<String> = []
        var cappedAmount = Amount.zero
        for cap in caps {
            var sum = cappedAmount
            for group in cap.scheduleGroups.subtracting(capped) { sum = sum + (byScheduleGroup[group] ?? .zero) }
            let limit = Amount(micros: cap.value)
            if sum > limit {
                explanation.step(
                    "The combined equivalent of \(cap.scheduleGroups.sorted().joined(separator: ", ")) (\(gramsText(sum))) is capped at \(gramsText(limit)).",
                    cap.citation)
                sum = limit
            }
            cappedAmount = sum
            capped.formUnion(cap.scheduleGroups)
        }
        var total = cappedAmount
        for (group, amount) in byScheduleGroup where !capped.contains(group) { total = total + amount }
        if byScheduleGroup.count > 1 || groups.count > 1 {
            explanation.step(
                "Combined marihuana equivalent: \(gramsText(total)).",
                Citation("USSG §2D1.1 comment. (n.8(B))"))
        }
        return Combined(amount: total, scheduleGroups: groupsPresent)
    }

    private func lookUpMarihuanaLine(_ total: Amount, groups: Set<String>, on date: CalendarDate,
                                     explanation: inout Explanation) -> Result? {
        guard let row = law.bandRow(for: "marihuana", amount: total, on: date) else {
            explanation.flag("law_data_gap", "The law data has no marihuana line of the Drug Quantity Table for \(date).")
            return nil
        }
        var level = row.band.baseOffenseLevel
        // "<weight> of marihuana falls in <band>: level <n>."
        explanation.step(gramsText(total) + row.stepSuffix, row.band.citation)
        let minimums = law.equivalencyProvisos.filter {
            $0.rule == .minimumLevel && $0.period.contains(date) && !$0.scheduleGroups.isDisjoint(with: groups)
        }
        for minimum in minimums where Int(minimum.value) > level {
            level = Int(minimum.value)
            explanation.step("The minimum offense level for these substances is \(level).", minimum.citation)
        }
        return Result(level: level, marihuanaEquivalent: total)
    }

    // MARK: Cocaine base with other drugs, 2007–2010

    private func hasCrackRule(on date: CalendarDate) -> Bool {
        law.crackCombinationRules.contains { $0.period.contains(date) }
    }

    private func crackCombinationLevel(_ groups: [String: [Item]], on date: CalendarDate,
                                       explanation: inout Explanation) -> Result? {
        let rules = law.crackCombinationRules.filter { $0.period.contains(date) }
        guard let crack = groups["cocaine_base"]?.first, let method = rules.first?.method else { return nil }
        var others = groups
        others["cocaine_base"] = nil
        switch method {
        case .levelDependentRatio:
            guard let crackBand = law.drugQuantityTable.band(for: "cocaine_base", amount: crack.amount, on: date),
                let rule = rules.first(where: { $0.crackBaseOffenseLevel == crackBand.baseOffenseLevel })
            else {
                explanation.flag("law_data_gap", "No Amendment 706 conversion rate for this quantity of cocaine base on \(date).")
                return nil
            }
            let crackEquivalent = crack.amount.scaled(byMicros: rule.marihuanaMicrogramsPerGram)
            explanation.step(
                "\(quantityText(crack)) of cocaine base is level \(crackBand.baseOffenseLevel) alone; at that level each gram counts as \(gramsText(Amount(micros: rule.marihuanaMicrogramsPerGram))) of marihuana: \(gramsText(crackEquivalent)).",
                rule.citation)
            guard let rest = combinedEquivalent(others, on: date, explanation: &explanation) else { return nil }
            let total = rest.amount + crackEquivalent
            explanation.step("Combined marihuana equivalent: \(gramsText(total)).", rule.citation)
            return lookUpMarihuanaLine(total, groups: rest.scheduleGroups, on: date, explanation: &explanation)
        case .twoLevelReduction:
            guard let rule = rules.first(where: { $0.method == .twoLevelReduction }),
                let all = combinedEquivalent(groups, on: date, explanation: &explanation),
                let combined = lookUpMarihuanaLine(all.amount, groups: all.scheduleGroups, on: date, explanation: &explanation)
            else { return nil }
            let excepted = (rule.exceptionAtLeast.map { crack.amount >= $0 } ?? false)
                || (rule.exceptionLessThan.map { crack.amount < $0 } ?? false)
            if excepted {
                explanation.step(
                    "No two-level reduction: the quantity of cocaine base is outside the range the reduction covers.", rule.citation)
                return combined
            }
            var level = combined.level - rule.levelsSubtracted
            explanation.step("Subtract \(rule.levelsSubtracted) levels for an offense involving cocaine base and another drug: level \(level).", rule.citation)
            var scratch = Explanation(recording: false)
            if let rest = combinedEquivalent(others, on: date, explanation: &scratch),
                let otherLevel = lookUpMarihuanaLine(rest.amount, groups: rest.scheduleGroups, on: date, explanation: &scratch),
                otherLevel.level > level
            {
                level = otherLevel.level
                explanation.step(
                    "The reduction may not go below the level of the other drugs alone (level \(level)).", rule.citation)
            }
            return Result(level: level, marihuanaEquivalent: all.amount)
        }
    }

    // MARK: Wording

    private func displayName(_ id: String) -> String {
        switch id {
        case "marihuana": return "marihuana"
        default: return law.substances[id]?.displayName ?? id
        }
    }

    private func unitName(_ unit: QuantityUnit) -> String {
        switch unit {
        case .gram: return "gram"
        case .unit: return "unit"
        case .milliliter: return "millilitre"
        case .plant: return "plant"
        }
    }

    private func quantityText(_ item: Item) -> String {
        switch item.unit {
        case .gram: return gramsText(item.amount)
        case .unit: return "\(item.amount) units"
        case .milliliter: return "\(item.amount) ml"
        case .plant: return "\(item.amount) plants"
        }
    }

    func bandText(_ band: QuantityBand) -> String { band.label }
}

/// Formats a weight in grams with kilograms for large round amounts: "5 g", "0.25 g", "1.5 kg".
func gramsText(_ amount: Amount) -> String {
    if amount.micros >= 1_000_000_000 {
        let kilograms = Amount(micros: amount.micros / 1000)
        return "\(kilograms) kg"
    }
    return "\(amount) g"
}
