import ClemencyRules
import Foundation

/// Turns the rows of each law-data file into the typed tables of a `LawLibrary`.
enum LawTableParser {
    static func library(rows: (String) throws -> [CSVRow], digest: String) throws -> LawLibrary {
        let versionRow = try rows("version.csv").first
        let version = try versionRow?.text("version") ?? "unversioned"

        let substanceRows = try rows("substances.csv")
        var aliases: [String: String] = [:]
        let substances = try substanceRows.map { row -> Substance in
            let id = try row.text("substance")
            for alias in try row.text("aliases").split(separator: ";") {
                aliases[alias.trimmingCharacters(in: .whitespaces).lowercased()] = id
            }
            return Substance(id: id, displayName: try row.text("display_name"), unit: try row.unit("input_unit"),
                             greaterOfGroup: try row.optionalText("greater_of_group"))
        }
        let known = Set(substances.map(\.id))
        func checkSubstance(_ row: CSVRow, _ field: String = "substance") throws -> String {
            let id = try row.text(field)
            guard known.contains(id) || id == "marihuana" else {
                throw row.fail(field, id, expected: "a substance listed in substances.csv")
            }
            return id
        }

        let units = Dictionary(substances.map { ($0.id, $0.unit) }, uniquingKeysWith: { first, _ in first })
        let bands = try rows("drug_quantity_table.csv").map { row in
            let substance = try checkSubstance(row)
            return QuantityBand(
                period: try row.period(), substance: substance,
                baseOffenseLevel: try row.int("base_offense_level"),
                atLeast: try row.optionalAmount("at_least") ?? .zero, lessThan: try row.optionalAmount("less_than"),
                amendment: try row.text("amendment"), citation: try row.citation(), unit: units[substance] ?? .gram)
        }
        let ratios = try rows("drug_equivalency_table.csv").map { row in
            EquivalencyRatio(
                period: try row.period(), substance: try checkSubstance(row), unit: try row.unit("input_unit"),
                marihuanaMicrogramsPerUnit: try row.amount("marihuana_grams_per_unit").micros,
                scheduleGroup: try row.text("schedule_group"), citation: try row.citation())
        }
        let provisos = try rows("equivalency_provisos.csv").map { row -> EquivalencyProviso in
            let ruleText = try row.text("rule")
            guard let rule = EquivalencyProviso.Rule(rawValue: ruleText) else {
                throw row.fail("rule", ruleText, expected: "cap_marihuana_grams or minimum_level")
            }
            let groups = Set(try row.text("schedule_groups").split(separator: ";").map { String($0).trimmingCharacters(in: .whitespaces) })
            let value = rule == .capMarihuanaGrams ? try row.amount("value").micros : Int64(try row.int("value"))
            return EquivalencyProviso(period: try row.period(), rule: rule, scheduleGroups: groups, value: value,
                                      citation: try row.citation())
        }
        let crackRules = try rows("crack_combination_rules.csv").map { row -> CrackCombinationRule in
            let methodText = try row.text("method")
            guard let method = CrackCombinationRule.Method(rawValue: methodText) else {
                throw row.fail("method", methodText, expected: "level_dependent_ratio or two_level_reduction")
            }
            return CrackCombinationRule(
                period: try row.period(), method: method,
                crackBaseOffenseLevel: try row.optionalText("crack_base_offense_level") == nil ? nil : try row.int("crack_base_offense_level"),
                marihuanaMicrogramsPerGram: try row.amount("marihuana_grams_per_gram").micros,
                levelsSubtracted: try row.optionalText("levels_subtracted") == nil ? 0 : try row.int("levels_subtracted"),
                exceptionAtLeast: try row.optionalAmount("exception_at_least_grams"),
                exceptionLessThan: try row.optionalAmount("exception_less_than_grams"), citation: try row.citation())
        }
        let plants = try rows("plant_conversions.csv").map { row in
            PlantConversion(period: try row.period(), minimumPlants: try row.int("minimum_plants"),
                            microgramsPerPlant: try row.amount("grams_per_plant").micros, citation: try row.citation())
        }
        let specials = try rows("special_base_offense_levels.csv").map { row -> SpecialBaseOffenseLevel in
            let text = try row.text("condition")
            guard let condition = SpecialBaseOffenseLevel.Condition(rawValue: text) else {
                throw row.fail("condition", text, expected: "death_or_serious_bodily_injury[_with_prior]")
            }
            return SpecialBaseOffenseLevel(period: try row.period(), condition: condition,
                                           baseOffenseLevel: try row.int("base_offense_level"), citation: try row.citation())
        }
        let roleCaps = try rows("mitigating_role_caps.csv").map { row -> MitigatingRoleCap in
            let text = try row.text("applies_to")
            guard let appliesTo = MitigatingRoleCap.AppliesTo(rawValue: text) else {
                throw row.fail("applies_to", text, expected: "any_mitigating_role or minimal_participant")
            }
            let decrease = try row.optionalText("levels_decreased") == nil ? nil : try row.int("levels_decreased")
            let ceiling = try row.optionalText("not_more_than") == nil ? nil : try row.int("not_more_than")
            let effect: MitigatingRoleCap.Effect
            switch (decrease, ceiling) {
            case (let levels?, nil) where levels > 0: effect = .decrease(levels)
            case (nil, let level?): effect = .notMoreThan(level)
            default:
                throw row.fail("levels_decreased", try row.optionalText("levels_decreased") ?? "",
                               expected: "a positive number of levels, or empty with not_more_than set (exactly one of the two)")
            }
            let step = try row.int("step")
            guard step == 1 || step == 2 else { throw row.fail("step", String(step), expected: "1 or 2") }
            return MitigatingRoleCap(
                period: try row.period(), step: step, levelAtLeast: try row.int("dqt_level_at_least"),
                levelAtMost: try row.optionalText("dqt_level_at_most") == nil ? nil : try row.int("dqt_level_at_most"),
                appliesTo: appliesTo, effect: effect, citation: try row.citation())
        }
        let thresholds = try rows("statutory_thresholds.csv").map { row -> StatutoryThreshold in
            let basisText = try row.text("date_basis")
            guard let basis = DateBasis(rawValue: basisText) else {
                throw row.fail("date_basis", basisText, expected: "offense_date or sentencing_date")
            }
            return StatutoryThreshold(
                section: try section(row), tier: try tier(row), substance: try checkSubstance(row),
                atLeast: try row.amount("at_least"), unit: try row.unit("unit"), period: try row.period(),
                dateBasis: basis, citation: try row.citation())
        }
        let residuals = try rows("statutory_residual_tiers.csv").map { row in
            ResidualTier(section: try section(row), group: try row.text("schedule_group"), tier: try tier(row),
                         citation: try row.citation())
        }
        let penalties = try rows("statutory_penalties.csv").map { row in
            StatutoryPenalty(
                section: try section(row), tier: try tier(row), priorConvictions: try row.int("prior_convictions"),
                deathOrSeriousInjury: try row.bool("death_or_serious_bodily_injury"), minimum: try row.term("minimum"),
                maximum: try row.term("maximum"), period: try row.period(), priorDefinition: try row.text("prior_definition"),
                citation: try row.citation())
        }
        let cells = try rows("sentencing_table.csv").map { row in
            SentencingTableCell(
                offenseLevel: try row.int("offense_level"), category: try row.category("criminal_history_category"),
                range: GuidelineRange(min: try row.term("min_months"), max: try row.term("max_months")),
                citation: try row.citation())
        }
        let table = SentencingTable(cells: cells)
        guard cells.count == table.levels.count * 6 else {
            throw LawDataError.inconsistent(file: "sentencing_table.csv", problem: "expected \(table.levels.count * 6) cells, found \(cells.count)")
        }
        let bandsOfPoints = try rows("criminal_history_categories.csv").map { row in
            CriminalHistoryBand(
                minimumPoints: try row.int("min_points"),
                maximumPoints: try row.optionalText("max_points") == nil ? nil : try row.int("max_points"),
                category: try row.category("criminal_history_category"), citation: try row.citation())
        }
        let historyRules = try rows("criminal_history_rules.csv").map { row -> CriminalHistoryRule in
            let text = try row.text("rule")
            guard let kind = CriminalHistoryRule.Kind(rawValue: text) else {
                throw row.fail("rule", text, expected: "recency_points, status_points or zero_point_offender")
            }
            return CriminalHistoryRule(period: try row.period(), kind: kind, value: try row.int("value"),
                                       threshold: try row.int("threshold"), citation: try row.citation())
        }
        let careerRows = try rows("career_offender_table.csv").map { row in
            CareerOffenderRow(
                period: try row.period(), statutoryMaximumAtLeast: try row.term("statutory_maximum_at_least"),
                offenseLevel: try row.int("offense_level"),
                includesRecidivistIncrease: try row.bool("includes_recidivist_increase"), citation: try row.citation())
        }
        let editions = try rows("manual_editions.csv").map { row in
            ManualEdition(name: try row.text("edition"), period: try row.period(), amendments: try row.text("amendments"),
                          citation: try row.citation())
        }
        let amendments = try rows("retroactive_amendments.csv").map { row in
            RetroactiveAmendment(
                amendment: try row.text("amendment"), parts: try row.text("parts"),
                effectiveDate: try row.date("effective_date"), earliestOrderDate: try row.date("earliest_order_date"),
                subject: try row.text("subject"), citation: try row.citation())
        }
        let constants = try rows("constants.csv").map { row in
            LawConstant(name: try row.text("name"), value: try row.amount("value"), citation: try row.citation())
        }
        let keyDates = try rows("key_dates.csv").map { row in
            KeyDate(name: try row.text("name"), date: try row.date("date"), citation: try row.citation())
        }
        let goodConduct = try rows("good_conduct_time.csv").map { row -> GoodConductTimeRule in
            let text = try row.text("method")
            guard let method = GoodConductTimeRule.Method(rawValue: text) else {
                throw row.fail("method", text, expected: "time_served or sentence_imposed")
            }
            return GoodConductTimeRule(period: try row.period(), method: method, daysPerYear: try row.int("days_per_year"),
                                       minimumTermMonths: try row.int("minimum_term_months"), citation: try row.citation())
        }
        let criteria = try rows("clemency_criteria.csv").map { row in
            ClemencyCriterion(criteriaSet: try row.text("criteria_set"), id: try row.text("criterion"), number: try row.int("number"),
                              text: try row.text("text"), citation: try row.citation())
        }
        let proposalPenalties = try rows("proposed_law_penalties.csv").map { row -> (String, StatutoryPenalty) in
            (try row.text("scenario"),
             StatutoryPenalty(
                section: try section(row), tier: try tier(row), priorConvictions: try row.int("prior_convictions"),
                deathOrSeriousInjury: try row.bool("death_or_serious_bodily_injury"), minimum: try row.term("minimum"),
                maximum: try row.term("maximum"), period: EffectivePeriod(from: nil, through: nil),
                priorDefinition: try row.text("prior_definition"), citation: try row.citation()))
        }
        let proposals = try rows("proposed_laws.csv").map { row -> ProposedLaw in
            let id = try row.text("scenario")
            let treated = try row.optionalText("treat_substance")
            let replacement = try row.optionalText("as_substance")
            return ProposedLaw(
                id: id, name: try row.text("name"), status: try row.text("status"),
                penalties: proposalPenalties.filter { $0.0 == id }.map(\.1),
                treatSubstance: treated.flatMap { substance in replacement.map { (substance, $0) } }, citation: try row.citation())
        }
        let costs = try rows("incarceration_costs.csv").map { row in
            IncarcerationCost(fiscalYear: try row.int("fiscal_year"),
                              annualCents: try row.amount("annual_cost_usd").micros / 10_000, citation: try row.citation())
        }
        return LawLibrary(
            version: "\(version) (sha256 \(digest))", substances: substances, substanceAliases: aliases,
            drugQuantityTable: DrugQuantityTable(bands: bands), equivalencyRatios: ratios,
            equivalencyProvisos: provisos, crackCombinationRules: crackRules, plantConversions: plants,
            specialBaseOffenseLevels: specials, statutoryThresholds: thresholds, residualTiers: residuals,
            statutoryPenalties: penalties, sentencingTable: table, criminalHistoryBands: bandsOfPoints,
            criminalHistoryRules: historyRules, careerOffenderTable: careerRows, manualEditions: editions,
            retroactiveAmendments: amendments, constants: constants, keyDates: keyDates,
            goodConductTimeRules: goodConduct, clemencyCriteria: criteria, proposedLaws: proposals,
            incarcerationCosts: costs, mitigatingRoleCaps: roleCaps, currentTo: try versionRow?.optionalDate("released"))
    }

    private static func section(_ row: CSVRow) throws -> PenaltySection {
        let text = try row.text("section")
        guard let section = PenaltySection(rawValue: text) else { throw row.fail("section", text, expected: "841 or 960") }
        return section
    }

    private static func tier(_ row: CSVRow) throws -> PenaltyTier {
        let text = try row.text("tier")
        guard let tier = PenaltyTier(rawValue: text) else { throw row.fail("tier", text, expected: "A, B, C or D") }
        return tier
    }
}
