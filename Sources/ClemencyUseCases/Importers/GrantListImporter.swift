import ClemencyRules
import Foundation

/// Turns one row of the pardon office's published list of clemency grants into `CaseFacts`.
///
/// The list (as scraped by github.com/pardonpedia/pardonpedia, `data/pardons.csv`; see
/// `Tests/ClemencyUseCasesTests/Fixtures/README.md`) gives, per grant, the district and sentencing
/// date, the sentence and the offense as published, with some columns already parsed by the data
/// set's compiler. Facts are read so:
///
/// | fact | column |
/// |---|---|
/// | `caseID` | `record_id` (required) |
/// | `district` | `district_parsed` |
/// | `sentencingDate` | `sentence_date_parsed` ("July 10, 2006"; the first date when several are listed) |
/// | `sentence` | `life_imprisonment`, `imposed_months_parsed` and the terms in `sentence_as_published` (the longest) |
/// | `drugs`, `statute`, `violentOffense` | `offense_as_published`, through `OffenseTextParser` |
///
/// A quantity in the offense text is the statutory threshold the conviction names ("50 grams or more"):
/// the least quantity, not the quantity found at sentencing. When no penalty subparagraph is cited, the
/// tier is inferred only when a stated quantity equals a § 841(b)(1)(A) or (B) threshold in force on the
/// sentencing date, and the origin says so. `violentOffense` is `.yes` only for an explicitly violent
/// crime and otherwise `.unknown`: silence is never `.no`.
///
/// A row whose sentencing date or sentence is absent or unreadable is kept (the analysis reports the
/// missing facts); a row is rejected only when `record_id` is missing or a value that is present in a
/// parsed column is malformed. Every fact set gets an entry in `origins` with the column and the original
/// text; two further entries keep what has no field of its own: `origins["clemency_grant"]` (the grant's
/// type and date: a commuted sentence is no longer being served as imposed) and
/// `origins["offense_text"]` (the offense text and every remark of the parser).
///
/// Authority for the tiers: 21 U.S.C. § 841(b)(1)(A)–(D); thresholds as in the law data's
/// `statutory_thresholds.csv`.
public struct GrantListImporter: Sendable {
    /// The law data (substances, thresholds).
    public let law: LawLibrary
    private let parser: OffenseTextParser

    /// The key in `CaseFacts.origins` that keeps the grant's type and date.
    public static let grantOriginKey = "clemency_grant"
    /// The key in `CaseFacts.origins` that keeps the whole offense text and the parser's remarks.
    public static let offenseOriginKey = "offense_text"

    /// The columns read.
    public static let columns = [
        "record_id", "clemency_type", "grant_date_corrected", "grant_date_correction_basis",
        "district_and_sentence_date_as_published", "district_parsed", "sentence_date_parsed",
        "sentence_as_published", "life_imprisonment", "imposed_months_parsed", "offense_as_published",
    ]

    /// Creates an importer.
    ///
    /// - Parameter law: The law data used to resolve substance names and statutory thresholds.
    /// The district's name in the form "Eastern District of Tennessee": the pardon office's list also writes
    /// "Eastern Tennessee" and, for one-district states, the state alone ("Oregon" → "District of Oregon").
    public static func canonicalDistrict(_ name: String) -> String {
        let trimmed = name.trimmed
        guard !trimmed.contains("District"), !trimmed.isEmpty else { return trimmed }
        for direction in ["Northern", "Southern", "Eastern", "Western", "Middle", "Central"] where trimmed.hasPrefix(direction + " ") {
            return "\(direction) District of \(trimmed.dropFirst(direction.count + 1))"
        }
        return "District of \(trimmed)"
    }

    public init(law: LawLibrary) {
        self.law = law
        parser = OffenseTextParser(law: law)
    }

    /// Decodes a row of the grant list.
    ///
    /// - Parameters:
    ///   - values: Column name → text as found.
    ///   - file: The file's path, for problem reports.
    ///   - line: The row's line, for problem reports.
    /// - Returns: The facts, or every problem found in the row.
    public func decode(_ values: [String: String], file: String, line: Int) -> Result<CaseFacts, CaseRecordRejection> {
        var reader = FieldReader(values: values, file: file, line: line)
        guard let caseID = reader.text("record_id") else {
            reader.problem("record_id", values["record_id"] ?? "", "a non-empty record identifier")
            return .failure(CaseRecordRejection(problems: reader.problems, values: values))
        }
        if let count = values["__field_count__"] {
            reader.problem("(record)", count, "one value per header column")
        }
        var facts = CaseFacts(caseID: caseID)
        facts.origins["case_id"] = FactOrigin(source: "grant list column record_id", text: caseID, parsed: false)
        let published = reader.text("district_and_sentence_date_as_published")

        if let district = reader.text("district_parsed") {
            facts.district = Self.canonicalDistrict(district)
            facts.origins["district"] = FactOrigin(
                source: "grant list column district_parsed (the compiler's reading of district_and_sentence_date_as_published)",
                text: published ?? district, parsed: false)
        }

        readSentencingDate(&reader, into: &facts, published: published)
        readSentence(&reader, into: &facts)
        readGrant(&reader, into: &facts)
        if let offense = reader.text("offense_as_published") {
            readOffense(offense, into: &facts)
        }

        guard reader.problems.isEmpty else { return .failure(CaseRecordRejection(problems: reader.problems, values: values)) }
        return .success(facts)
    }

    // MARK: Dates and sentence

    private func readSentencingDate(_ reader: inout FieldReader, into facts: inout CaseFacts, published: String?) {
        guard let text = reader.text("sentence_date_parsed") else { return }
        let parts = text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let dates = parts.map { LongDate.parse($0) }
        guard !dates.isEmpty, dates.allSatisfy({ $0 != nil }) else {
            reader.problem("sentence_date_parsed", text, "a date such as July 10, 2006 (several separated by semicolons)")
            return
        }
        let all = dates.compactMap { $0 }
        facts.sentencingDate = all[0]
        var source = "grant list column sentence_date_parsed"
        if all.count > 1 {
            source += "; several dates are listed (\(all.map(\.description).joined(separator: ", "))): another case or an amended judgment; the first is used"
        }
        facts.origins["sentencing_date"] = FactOrigin(source: source, text: published ?? text, parsed: false)
    }

    private func readSentence(_ reader: inout FieldReader, into facts: inout CaseFacts) {
        var life: Bool?
        if let text = reader.text("life_imprisonment") {
            switch text.lowercased() {
            case "true", "yes", "1": life = true
            case "false", "no", "0": life = false
            default: reader.problem("life_imprisonment", text, "True or False")
            }
        }
        var months: Int?
        if let text = reader.text("imposed_months_parsed") {
            if let value = Int(text), (0...12_000).contains(value) {
                months = value
            } else {
                reader.problem("imposed_months_parsed", text, "a whole number of months from 0 to 12000")
            }
        }
        let published = reader.text("sentence_as_published")
        let terms = published.map(Self.imprisonmentTerms(in:)) ?? []
        var candidates: [SentenceTerm] = terms.map(\.term)
        if life == true { candidates.append(.life) }
        if let months { candidates.append(.months(months)) }
        guard let longest = candidates.max() else { return }
        facts.sentence = longest
        var remarks: [String] = []
        let distinct = terms.map(\.term).reduce(into: [SentenceTerm]()) { if !$0.contains($1) { $0.append($1) } }
        if distinct.count > 1 {
            remarks.append("several terms of imprisonment are listed (\(distinct.map(\.description).joined(separator: ", "))): several cases or an amended sentence; the longest is used")
        }
        if life == false && longest == .life {
            remarks.append("life_imprisonment says False, but the published sentence lists a life term")
        }
        if let converted = terms.first(where: { $0.converted && $0.term == longest }) {
            remarks.append("\"\(converted.words)\" converted to months")
        }
        let fromColumns = (life == true && longest == .life) || (months.map { SentenceTerm.months($0) == longest } ?? false)
        var source = fromColumns
            ? "grant list columns life_imprisonment and imposed_months_parsed"
            : "grant list column sentence_as_published (term read from the text)"
        if !remarks.isEmpty { source += "; " + remarks.joined(separator: "; ") }
        facts.origins["sentence_months"] = FactOrigin(source: source, text: published, parsed: !fromColumns || !remarks.isEmpty)
    }

    private func readGrant(_ reader: inout FieldReader, into facts: inout CaseFacts) {
        let type = reader.text("clemency_type")
        var date: CalendarDate?
        if let text = reader.text("grant_date_corrected") {
            if let parsed = CalendarDate(iso: text) {
                date = parsed
            } else {
                reader.problem("grant_date_corrected", text, "a date as YYYY-MM-DD")
            }
        }
        guard type != nil || date != nil else { return }
        var source = "grant list columns clemency_type and grant_date_corrected: \(type ?? "clemency") granted"
        if let date { source += " on \(date)" }
        if type?.lowercased().contains("commutation") ?? false {
            source += "; the sentence was commuted, so it is no longer being served as imposed"
        }
        if let basis = reader.text("grant_date_correction_basis") { source += " (grant date corrected: \(basis))" }
        facts.origins[Self.grantOriginKey] = FactOrigin(source: source, text: [type, date?.description].compactMap { $0 }.joined(separator: " "), parsed: false)
    }

    /// A term of imprisonment found in a published sentence.
    struct PublishedTerm: Equatable {
        let term: SentenceTerm
        /// The words it was read from.
        let words: String
        /// `true` when years were converted to months.
        let converted: Bool
    }

    /// The terms of imprisonment in a published sentence such as "1. Life imprisonment; 2. 60 months'
    /// imprisonment; … supervised release" or "595 months' imprisonment; …; amended to 511 months'
    /// imprisonment", in text order. Supervised release, fines and restitution are skipped.
    static func imprisonmentTerms(in text: String) -> [PublishedTerm] {
        var terms: [PublishedTerm] = []
        let pattern = try? NSRegularExpression(pattern: #"(\d[\d,]*|[a-z]+(?:-[a-z]+)?)\s+(months?|years?)['’]?\s+(?:of\s+)?imprisonment"#)
        for segment in text.lowercased().split(whereSeparator: { $0 == ";" || $0 == "," }) {
            let part = segment.trimmingCharacters(in: .whitespaces)
            let words = Set(part.split(whereSeparator: { !$0.isLetter }).map(String.init))
            if part.contains("supervised release") || !words.isDisjoint(with: ["probation", "fine", "restitution", "assessment"]) {
                continue
            }
            let stripped = part.drop { $0.isNumber || $0 == "." || $0 == " " }
            if stripped.hasPrefix("life") || part.contains("life imprisonment") {
                terms.append(PublishedTerm(term: .life, words: String(part), converted: false))
                continue
            }
            guard let pattern else { continue }
            let source = part as NSString
            for match in pattern.matches(in: part, range: NSRange(location: 0, length: source.length)) {
                let number = source.substring(with: match.range(at: 1)).replacingOccurrences(of: ",", with: "")
                let unit = source.substring(with: match.range(at: 2))
                guard let value = Int(number) ?? NumberWords.value([number]) else { continue }
                let isYears = unit.hasPrefix("year")
                terms.append(PublishedTerm(term: .months(isYears ? value * 12 : value), words: source.substring(with: match.range), converted: isYears))
            }
        }
        return terms
    }

    // MARK: Offense

    private func readOffense(_ text: String, into facts: inout CaseFacts) {
        let parsed = parser.parse(text)
        let column = "grant list column offense_as_published"
        var remarks = parsed.notes
        if !parsed.drugsMentioned.isEmpty {
            remarks.insert("substances named: \(parsed.drugsMentioned.joined(separator: ", "))", at: 0)
        }
        if !parsed.drugs.isEmpty {
            facts.drugs = parsed.drugs
            let readings = parsed.drugs.map { drug -> String in
                let stated = parsed.statedQuantities.first { !$0.alternative && $0.quantity == drug }
                let how: String
                switch stated?.qualifier {
                case .threshold?: how = "a statutory threshold: at least this much"
                case .approximate?: how = "approximate"
                default: how = "as stated"
                }
                return "\(drug.substance) \(drug.description) from \"\(stated?.phrase ?? "")\" (\(how))"
            }
            facts.origins["drugs"] = FactOrigin(
                source: "\(column): quantities stated in the offense text, \(readings.joined(separator: "; ")); a quantity stated as a statutory threshold (\"or more\") is the least quantity the conviction establishes, not the quantity found at sentencing",
                text: text, parsed: true)
        }
        if let statute = parsed.statute {
            facts.statute = statute
            var source = "\(column): cited in the text"
            if parsed.statutesCited.count > 1 {
                source += " (\(parsed.statutesCited.map(\.description).joined(separator: ", ")); the most severe is used)"
            }
            facts.origins["statute"] = FactOrigin(source: source, text: text, parsed: true)
            if let date = facts.sentencingDate, !parsed.drugs.isEmpty,
                let reached = StatutoryRangeCalculator(law: law).tier(for: parsed.drugs, section: statute.section, offenseDate: nil, sentencingDate: date),
                reached.tier > statute.tier {
                remarks.append("the stated quantities reach tier (\(reached.tier.rawValue)) on the sentencing date, above the cited \(statute)")
            }
        } else if let date = facts.sentencingDate, !parsed.drugs.isEmpty, inferTier(parsed.drugs, sentencingDate: date) == nil {
            remarks.append("no penalty tier inferred: no stated quantity equals a § 841(b)(1)(A) or (B) threshold in force on the sentencing date \(date)")
        } else if let date = facts.sentencingDate, let inferred = inferTier(parsed.drugs, sentencingDate: date) {
            facts.statute = inferred.statute
            facts.origins["statute"] = FactOrigin(
                source: "inferred from \(column): no penalty subparagraph is cited; the stated \(inferred.drug.substance) \(inferred.drug.description) equals the threshold of \(inferred.statute) in force on the sentencing date \(date) (\(inferred.threshold.citation)); the offense date is unknown, so the sentencing date stood in for it; if the conviction was under § 960 the parallel tier applies",
                text: text, parsed: true)
        }
        if parsed.violentOffense {
            facts.violentOffense = .yes
            facts.origins["violent_offense"] = FactOrigin(
                source: "\(column): an explicitly violent crime is named", text: text, parsed: true)
        } else if parsed.firearm {
            facts.origins["violent_offense"] = FactOrigin(
                source: "\(column): a firearm count or firearm is named; left unknown, since possessing or carrying a firearm is not by itself a violent crime",
                text: text, parsed: true)
        }
        var source = column
        if !remarks.isEmpty { source += ": " + remarks.joined(separator: "; ") }
        facts.origins[Self.offenseOriginKey] = FactOrigin(source: source, text: text, parsed: true)
    }

    /// The tier a stated quantity establishes when it equals a § 841(b)(1)(A) or (B) threshold in force on
    /// the sentencing date (the highest such), or `nil`.
    func inferTier(_ drugs: [DrugQuantity], sentencingDate: CalendarDate)
        -> (statute: StatuteOfConviction, drug: DrugQuantity, threshold: StatutoryThreshold)?
    {
        let calculator = StatutoryRangeCalculator(law: law)
        var best: (statute: StatuteOfConviction, drug: DrugQuantity, threshold: StatutoryThreshold)?
        for drug in drugs {
            guard let finding = calculator.tier(for: [drug], section: .section841, offenseDate: nil, sentencingDate: sentencingDate),
                let threshold = finding.threshold, threshold.atLeast == drug.amount, threshold.unit == drug.unit,
                finding.tier == .a || finding.tier == .b
            else { continue }
            if let current = best, current.statute.tier >= finding.tier { continue }
            best = (StatuteOfConviction(section: .section841, tier: finding.tier), drug, threshold)
        }
        return best
    }
}

/// Dates written out in English, e.g. "July 10, 2006" or "Sept. 3, 1999", read without any locale.
enum LongDate {
    static let months: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
        "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
        "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    ]

    /// Parses "Month D, YYYY" (month name in full or abbreviated, comma optional); `nil` for anything else
    /// or a day that does not exist.
    static func parse(_ text: String) -> CalendarDate? {
        let words = text.lowercased().replacingOccurrences(of: ",", with: " ").replacingOccurrences(of: ".", with: " ")
            .split(whereSeparator: \.isWhitespace)
        guard words.count == 3, let month = months[String(words[0])], words[1].count <= 2, let day = Int(words[1]),
            words[2].count == 4, let year = Int(words[2])
        else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }
}
