import ClemencyRules
import Foundation

/// Turns one record of the case format (a CSV row or a JSON object, as field → text) into `CaseFacts`.
///
/// Empty values and `unknown` mean the fact is unknown. Every malformed value is reported as an
/// `InputProblem` naming the field, the value and the expected form; a record with any problem is
/// rejected whole, so no fact is silently dropped. The fields are documented in `docs/case-format.md`.
public struct CaseRecordDecoder: Sendable {
    /// The law data (substance names and measurement conversions).
    public let law: LawLibrary

    /// Creates a decoder.
    public init(law: LawLibrary) { self.law = law }

    /// Every field of the case format, in documentation order.
    public static let fields = [
        "case_id", "district", "offense_date", "sentencing_date", "sentencing_year", "custody_start_date", "jail_credit_days", "statute",
        "drugs", "prior_851_count", "priors_qualify_today", "death_or_serious_injury", "base_offense_level",
        "offense_level_adjustments", "acceptance_reduction", "mitigating_role_reduction", "total_offense_level", "criminal_history_points",
        "recency_points", "status_points", "criminal_history_category", "career_offender", "safety_valve",
        "substantial_assistance", "zero_point_criteria_met", "guideline_min_months", "guideline_max_months",
        "sentence_months", "birth_year", "race", "violent_offense", "history_of_violence", "organization_ties",
        "aggravating_role", "good_prison_conduct", "threat_to_public_safety",
        "sentence_reduced_under_fair_sentencing_act", "prior_404_motion_denied_on_merits", "reduced_under_amendments",
        "release_date", "drug_offense",
    ]

    /// The fields whose value is yes, no, or empty for unknown.
    public static let yesNoFields: Set<String> = [
        "priors_qualify_today", "death_or_serious_injury", "career_offender", "safety_valve", "substantial_assistance",
        "zero_point_criteria_met", "violent_offense", "history_of_violence", "organization_ties", "aggravating_role",
        "good_prison_conduct", "threat_to_public_safety", "sentence_reduced_under_fair_sentencing_act",
        "prior_404_motion_denied_on_merits", "drug_offense",
    ]

    /// The form a field's value takes, in words, for forms and help (`docs/case-format.md` has the full rules).
    public static func expectedForm(of field: String) -> String {
        if yesNoFields.contains(field) { return "yes or no" }
        switch field {
        case "offense_date", "sentencing_date", "custody_start_date", "release_date": return "a date as YYYY-MM-DD"
        case "statute": return "e.g. 21 U.S.C. 841(b)(1)(A)"
        case "drugs": return "e.g. cocaine_base:60g; heroin:1000g"
        case "sentence_months": return "months, or life"
        case "guideline_max_months": return "months, or life"
        case "reduced_under_amendments": return "amendment numbers, e.g. 750;782, or none"
        case "acceptance_reduction": return "0, 2 or 3 levels"
        case "offense_level_adjustments": return "net levels, e.g. 2 or -2 (not the total offense level)"
        case "criminal_history_category": return "I to VI (not the points)"
        case "mitigating_role_reduction": return "0 (none), 2 (minor), 3 or 4 (minimal participant) levels"
        case "district", "race", "person_name": return "text"
        case "co_defendants": return "case ids or names separated by ;"
        default: return "a whole number"
        }
    }

    /// Decodes a record.
    ///
    /// - Parameters:
    ///   - values: Field name → text as found (JSON numbers and booleans already turned into text).
    ///   - file: The file's path, for problem reports.
    ///   - line: The record's line, for problem reports.
    /// - Returns: The facts, or every problem found in the record.
    public func decode(_ values: [String: String], file: String, line: Int) -> Result<CaseFacts, CaseRecordRejection> {
        var reader = FieldReader(values: values, file: file, line: line)
        return decode(&reader)
    }

    /// Decodes a CSV record's fields looked up by column (no dictionary is built unless it is rejected).
    func decode(_ columns: RecordColumns, file: String, line: Int) -> Result<CaseFacts, CaseRecordRejection> {
        var reader = FieldReader(columns: columns, file: file, line: line)
        return decode(&reader)
    }

    private func decode(_ reader: inout FieldReader) -> Result<CaseFacts, CaseRecordRejection> {
        guard let caseID = reader.text("case_id"), !caseID.isEmpty else {
            reader.problem("case_id", reader.raw("case_id") ?? "", "a non-empty case identifier")
            return .failure(CaseRecordRejection(problems: reader.problems, values: reader.values))
        }
        var facts = CaseFacts(caseID: caseID)
        facts.district = reader.text("district")
        facts.offenseDate = reader.date("offense_date")
        facts.sentencingDate = reader.date("sentencing_date")
        facts.sentencingYear = reader.integer("sentencing_year", range: 1987...2100)
        facts.custodyStartDate = reader.date("custody_start_date")
        facts.jailCreditDays = reader.integer("jail_credit_days", range: 0...36_500)
        if let statute = reader.text("statute") {
            if let parsed = StatuteOfConviction(text: statute) {
                facts.statute = parsed
            } else {
                reader.problem("statute", statute, "a penalty statute such as 21 U.S.C. 841(b)(1)(A) or 21 U.S.C. 960(b)(2)")
            }
        }
        if let drugs = reader.text("drugs") { facts.drugs = parseDrugs(drugs, reader: &reader) }
        facts.prior851Count = reader.integer("prior_851_count", range: 0...20)
        facts.priorsQualifyToday = reader.answer("priors_qualify_today")
        facts.deathOrSeriousInjury = reader.answer("death_or_serious_injury")
        facts.baseOffenseLevel = reader.integer("base_offense_level", range: 1...43)
        facts.offenseLevelAdjustments = reader.integer("offense_level_adjustments", range: -20...30)
        facts.acceptanceReduction = reader.integer("acceptance_reduction", range: 0...3)
        if let text = reader.text("mitigating_role_reduction") {
            // USSG §3B1.2: 4 (minimal participant), 2 (minor participant) or 3 (in between); 0 for none.
            if let levels = Int(text), [0, 2, 3, 4].contains(levels) {
                facts.mitigatingRoleReduction = levels
            } else {
                reader.problem("mitigating_role_reduction", text, Self.expectedForm(of: "mitigating_role_reduction"))
            }
        }
        facts.totalOffenseLevel = reader.integer("total_offense_level", range: 1...43)
        facts.criminalHistoryPoints = reader.integer("criminal_history_points", range: 0...100)
        facts.recencyPoints = reader.integer("recency_points", range: 0...2)
        facts.statusPoints = reader.integer("status_points", range: 0...2)
        if let text = reader.text("criminal_history_category") {
            if let category = CriminalHistoryCategory(text: text) {
                facts.criminalHistoryCategory = category
            } else {
                reader.problem("criminal_history_category", text, "a category I, II, III, IV, V or VI")
            }
        }
        facts.careerOffender = reader.answer("career_offender")
        facts.safetyValve = reader.answer("safety_valve")
        facts.substantialAssistance = reader.answer("substantial_assistance")
        facts.zeroPointCriteriaMet = reader.answer("zero_point_criteria_met")
        facts.guidelineMinMonths = reader.integer("guideline_min_months", range: 0...1_000)
        facts.guidelineMax = reader.term("guideline_max_months")
        facts.sentence = reader.term("sentence_months")
        facts.birthYear = reader.integer("birth_year", range: 1900...2020)
        facts.race = reader.text("race")
        facts.violentOffense = reader.answer("violent_offense")
        facts.historyOfViolence = reader.answer("history_of_violence")
        facts.organizationTies = reader.answer("organization_ties")
        facts.aggravatingRole = reader.answer("aggravating_role")
        facts.goodPrisonConduct = reader.answer("good_prison_conduct")
        facts.threatToPublicSafety = reader.answer("threat_to_public_safety")
        facts.sentenceReducedUnderFairSentencingAct = reader.answer("sentence_reduced_under_fair_sentencing_act")
        facts.prior404MotionDeniedOnMerits = reader.answer("prior_404_motion_denied_on_merits")
        if let list = reader.text("reduced_under_amendments"), list.lowercased() == "none" {
            facts.reducedUnderAmendments = []
        } else if let list = reader.text("reduced_under_amendments") {
            let amendments = list.split(whereSeparator: { $0 == ";" || $0 == "," }).map { $0.trimmed }
            if amendments.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) {
                facts.reducedUnderAmendments = amendments
            } else {
                reader.problem("reduced_under_amendments", list, "amendment numbers separated by semicolons, e.g. 706;750, or none")
            }
        }
        facts.releaseDate = reader.date("release_date")
        facts.drugOffense = reader.answer("drug_offense")
        if let low = facts.guidelineMinMonths, let high = facts.guidelineMax, SentenceTerm.months(low) > high {
            reader.problem("guideline_min_months", String(low), "no more than guideline_max_months (\(high))")
        }
        if let offense = facts.offenseDate, let sentencing = facts.sentencingDate, offense > sentencing {
            reader.problem("offense_date", offense.description, "a date on or before sentencing_date (\(sentencing))")
        }
        guard reader.problems.isEmpty else { return .failure(CaseRecordRejection(problems: reader.problems, values: reader.values)) }
        return .success(facts)
    }

    /// Parses "cocaine_base:50g;cocaine:2kg" (also "crack: 50 g", "marihuana_plants:120").
    func parseDrugs(_ text: String, reader: inout FieldReader) -> [DrugQuantity]? {
        var result: [DrugQuantity] = []
        for entry in text.split(separator: ";") {
            let parts = entry.split(separator: ":", maxSplits: 1).map { $0.trimmed }
            guard parts.count == 2, !parts[0].isEmpty else {
                reader.problem("drugs", text, "entries like cocaine_base:50g separated by semicolons")
                return nil
            }
            guard let quantity = parseQuantity(substance: parts[0], quantity: parts[1], unit: nil, reader: &reader) else { return nil }
            result.append(quantity)
        }
        return result
    }

    /// Parses one drug quantity; `unit` is given separately in JSON.
    func parseQuantity(substance name: String, quantity: String, unit: String?, reader: inout FieldReader) -> DrugQuantity? {
        guard let id = law.substanceID(named: name), let substance = law.substances[id] else {
            reader.problem("drugs", name, "a substance name such as cocaine_base, cocaine, heroin, methamphetamine_actual, marihuana (see docs/case-format.md)")
            return nil
        }
        let written = quantity + (unit ?? "")
        let number: String
        let unitText: String
        if written.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII text: its characters are its bytes (but for "\r\n", which is neither a digit nor a comma), so the
            // checks below run on bytes, as the general path does on characters.
            func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
            let bytes = Array(written.utf8)
            for position in bytes.indices where bytes[position] == UInt8(ascii: ",") {
                let digitsAfter = bytes[(position + 1)...].prefix(while: isDigit).count
                let digitBefore = position > 0 && isDigit(bytes[position - 1])
                if !digitBefore || digitsAfter != 3 {
                    reader.problem("drugs", "\(name):\(written)", "a quantity with a point for decimals (60.5g); a comma may only group thousands (1,000g)")
                    return nil
                }
            }
            let combined = bytes.filter { $0 != UInt8(ascii: ",") }
            let numberBytes = combined.prefix { isDigit($0) || $0 == UInt8(ascii: ".") }
            number = String(decoding: numberBytes, as: UTF8.self)
            unitText = String(decoding: combined[numberBytes.count...], as: UTF8.self).trimmed.asciiFastLowercased
        } else {
            // A comma may only group thousands ("1,000"): "60,5g" is a decimal comma, which would silently read as 605.
            let characters = Array(written)
            for (position, character) in characters.enumerated() where character == "," {
                let digitsAfter = characters[(position + 1)...].prefix { $0.isNumber }.count
                let digitBefore = position > 0 && characters[position - 1].isNumber
                if !digitBefore || digitsAfter != 3 {
                    reader.problem("drugs", "\(name):\(written)", "a quantity with a point for decimals (60.5g); a comma may only group thousands (1,000g)")
                    return nil
                }
            }
            let combined = String(written.filter { $0 != "," })
            number = String(combined.prefix { $0.isNumber || $0 == "." }).trimmed
            unitText = combined.dropFirst(number.count).trimmed.lowercased()
        }
        if let first = unitText.first, first == "e", unitText.dropFirst().first.map({ $0.isNumber || $0 == "-" || $0 == "+" }) == true {
            reader.problem("drugs", "\(name):\(quantity)\(unit ?? "")", "a plain decimal quantity without an exponent, such as 50g or 2.5kg")
            return nil
        }
        guard let amount = Amount(decimal: number) else {
            reader.problem("drugs", "\(name):\(quantity)\(unit ?? "")", "a quantity such as 50g, 2.5kg, 500mg, 1000 units, 120 plants")
            return nil
        }
        let scale: (Amount, QuantityUnit)?
        switch unitText {
        case "g", "gram", "grams", "gm": scale = (amount, .gram)
        case "kg", "kilogram", "kilograms": scale = (amount.scaled(byMicros: 1_000 * Amount.microsPerUnit), .gram)
        case "mg", "milligram", "milligrams": scale = (Amount(micros: amount.micros / 1_000), .gram)
        case "lb", "lbs", "pound", "pounds": scale = law.constant("grams_per_pound").map { (amount.scaled(byMicros: $0.value.micros), .gram) }
        case "oz", "ounce", "ounces": scale = law.constant("grams_per_ounce").map { (amount.scaled(byMicros: $0.value.micros), .gram) }
        case "unit", "units", "pill", "pills", "tablet", "tablets", "dose", "doses": scale = (amount, .unit)
        case "ml", "milliliter", "milliliters", "millilitre", "millilitres": scale = (amount, .milliliter)
        case "plant", "plants": scale = (amount, .plant)
        case "": scale = substance.unit == .gram ? nil : (amount, substance.unit)
        default: scale = nil
        }
        guard let (value, measured) = scale else {
            reader.problem("drugs", "\(name):\(quantity)\(unit ?? "")", "a quantity with a unit: g, kg, mg, lb, oz, units, ml or plants")
            return nil
        }
        if id == "marihuana_plants" || measured == .plant {
            return DrugQuantity(substance: "marihuana_plants", amount: value, unit: .plant)
        }
        guard measured == substance.unit else {
            reader.problem("drugs", "\(name):\(quantity)\(unit ?? "")", "\(substance.displayName) measured in \(substance.unit.rawValue)")
            return nil
        }
        return DrugQuantity(substance: id, amount: value, unit: measured)
    }
}

/// A rejected record: every problem found, and the values as read, so that nothing is lost.
public struct CaseRecordRejection: Error, Sendable, Hashable {
    /// The problems, one per bad field.
    public let problems: [InputProblem]
    /// The record's values as read.
    public let values: [String: String]
    /// `true` when the record is valid but outside what the product screens (e.g. not a drug case):
    /// it is listed with the rejects, counted apart, and does not make the run's exit status fail.
    public var outOfScope = false

    /// Creates a rejection.
    public init(problems: [InputProblem], values: [String: String], outOfScope: Bool = false) {
        self.problems = problems
        self.values = values
        self.outOfScope = outOfScope
    }
}

/// Reads typed fields out of a record, collecting problems instead of stopping at the first.
struct FieldReader {
    private let dictionary: [String: String]
    private let columns: RecordColumns?
    let file: String
    let line: Int
    var problems: [InputProblem] = []

    init(values: [String: String], file: String, line: Int) {
        dictionary = values
        columns = nil
        self.file = file
        self.line = line
    }

    init(columns: RecordColumns, file: String, line: Int) {
        dictionary = [:]
        self.columns = columns
        self.file = file
        self.line = line
    }

    /// The record's values by field name.
    var values: [String: String] { columns?.values ?? dictionary }

    /// A field's text as found, or `nil` when the record has no such field.
    func raw(_ field: String) -> String? {
        if let columns { return columns[field] }
        return dictionary[field]
    }

    mutating func problem(_ field: String, _ value: String, _ expected: String) {
        problems.append(InputProblem(file: file, line: line, field: field, value: value, expected: expected))
    }

    /// The trimmed text, or `nil` when absent, empty or "unknown".
    func text(_ field: String) -> String? {
        guard let raw = raw(field)?.trimmed, !raw.isEmpty else { return nil }
        if raw.utf8.count <= 7 {
            let lower = raw.asciiFastLowercased
            if lower == "unknown" || lower == "null" { return nil }
        }
        return raw
    }

    mutating func date(_ field: String) -> CalendarDate? {
        guard let text = text(field) else { return nil }
        guard let date = CalendarDate(iso: text) else {
            problem(field, text, "a date as YYYY-MM-DD")
            return nil
        }
        return date
    }

    mutating func integer(_ field: String, range: ClosedRange<Int>) -> Int? {
        guard let text = text(field) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            problem(field, text, "a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return value
    }

    mutating func answer(_ field: String) -> Answer {
        guard let text = text(field) else { return .unknown }
        switch text.asciiFastLowercased {
        case "yes", "y", "true", "1": return .yes
        case "no", "n", "false", "0": return .no
        default:
            problem(field, text, "yes, no or unknown")
            return .unknown
        }
    }

    mutating func term(_ field: String) -> SentenceTerm? {
        guard let text = text(field) else { return nil }
        guard let term = SentenceTerm(text: text) else {
            problem(field, text, "a whole number of months or \"life\"")
            return nil
        }
        return term
    }
}

/// Where each field of a header is: by name, and for the case-format fields in the order the decoder reads them.
struct ColumnPositions: Sendable {
    /// Header name → column (the last column of a repeated name, as in a dictionary built in order).
    let columns: [String: Int]
    /// `CaseRecordDecoder.fields` with their columns (-1 when absent), in the order `decode` reads them.
    let ordered: [(name: String, column: Int)]

    init(header: [String]) {
        var columns: [String: Int] = Dictionary(minimumCapacity: header.count)
        for (position, name) in header.enumerated() { columns[name] = position }
        self.columns = columns
        ordered = CaseRecordDecoder.fields.map { ($0, columns[$0] ?? -1) }
    }
}

/// A CSV record's fields with the header's column positions: looked up by name without building a
/// dictionary of the record (a million records would build a million dictionaries). Fields read in
/// the decoder's order are found by position, without hashing their names. A class, so that a reader
/// holding it copies one reference, not its arrays.
final class RecordColumns {
    /// The fields, as many as the header has names.
    let fields: [String]
    let header: [String]
    let positions: ColumnPositions
    /// The position in `positions.ordered` of the field expected next.
    private var next = 0

    init(fields: [String], header: [String], positions: ColumnPositions) {
        self.fields = fields
        self.header = header
        self.positions = positions
    }

    subscript(field: String) -> String? {
        let column: Int
        if next < positions.ordered.count, positions.ordered[next].name == field {
            column = positions.ordered[next].column
            next += 1
        } else {
            column = positions.columns[field] ?? -1
        }
        guard column >= 0, column < fields.count else { return nil }
        return fields[column]
    }

    /// The record as field name → text (as `RecordReader.record(from:header:)` builds it).
    var values: [String: String] {
        var values: [String: String] = Dictionary(minimumCapacity: header.count)
        for (name, value) in zip(header, fields) { values[name] = value }
        return values
    }
}
