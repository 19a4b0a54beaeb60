import ClemencyRules
import Foundation

/// Turns one row of the U.S. Sentencing Commission's Individual Offender Datafile into `CaseFacts`.
///
/// The columns are the Commission's variables under the names of the copy this project uses
/// (github.com/dsett/FedSentencing `Data/NYSouthernDistrictData.csv`, which renamed `XFOLSOR` →
/// `FinalOffLevel`, `XCRHISSR` → `CrimHistCat`, `GLMIN`/`GLMAX` → `MinGuideRange`/`MaxGuideRange`). The
/// datafile codes life as 9996 and a missing value as -999. Facts are read so:
///
/// | fact | column | form |
/// |---|---|---|
/// | `caseID` | `OffenderID` | the Commission's number (the datafile holds no names) |
/// | `totalOffenseLevel` | `FinalOffLevel` | 1–43 |
/// | `criminalHistoryCategory` | `CrimHistCat` | 1–6 (I–VI) |
/// | `guidelineMinMonths`, `guidelineMax` | `MinGuideRange`, `MaxGuideRange` | months, 9996 = life |
/// | `sentence` | `SENTTOT0` | months with fractions (12.03 = 12 months and a day), rounded to whole months; 0 = no prison; 9996 = life; the law data's `life_sentence_months` (470) = life when `MinTimeServed` equals it |
/// | `birthYear` | `YearBorn` | a year |
/// | `statute` | `STATMIN`, `STATMAX` | inferred only for drug-trafficking rows whose pair fits one § 841 tier in the law data's penalty rows |
/// | `race` | `Race` | kept as "USSC race code N" (the codebook's labels were not confirmed) |
/// | `district` | `DISTRICT` | kept as "USSC district code N" (no district code table was confirmed) |
///
/// `SENTYR` gives only the year: no sentencing date is made up; the year is kept as `sentencingYear`
/// (the engine flags a year after the as-of date and asks for the date within it). `SAFE` is kept in `origins["safety_valve"]` but `safetyValve` stays
/// unknown, because the codebook's meaning of its codes was not confirmed. The datafile states no drug
/// type or weight, so `drugs` stays unknown.
///
/// A row is rejected only when `OffenderID` is missing or a value that is present is malformed.
public struct USSCDatafileImporter: Sendable {
    /// The law data (statutory penalty rows, the life-sentence convention).
    public let law: LawLibrary

    /// The datafile's code for a missing value.
    public static let missing = -999
    /// The datafile's code for a life term.
    public static let life = 9996

    /// The columns read.
    public static let columns = [
        "OffenderID", "FinalOffLevel", "CrimHistCat", "MinGuideRange", "MaxGuideRange", "SENTTOT0", "MinTimeServed",
        "YearBorn", "SAFE", "STATMIN", "STATMAX", "Race", "DISTRICT", "CIRCDIST", "SENTYR", "Offense",
    ]

    /// Creates an importer.
    ///
    /// - Parameter law: The law data used to infer penalty tiers and read the life convention.
    public init(law: LawLibrary) { self.law = law }

    /// Decodes a row of the datafile.
    ///
    /// - Parameters:
    ///   - values: Column name → text as found.
    ///   - file: The file's path, for problem reports.
    ///   - line: The row's line, for problem reports.
    /// - Returns: The facts, or every problem found in the row.
    public func decode(_ values: [String: String], file: String, line: Int) -> Result<CaseFacts, CaseRecordRejection> {
        var reader = FieldReader(values: values, file: file, line: line)
        guard let caseID = reader.text("OffenderID"), caseID != String(Self.missing) else {
            reader.problem("OffenderID", values["OffenderID"] ?? "", "a non-empty offender identifier")
            return .failure(CaseRecordRejection(problems: reader.problems, values: values))
        }
        if let count = values["__field_count__"] {
            reader.problem("(record)", count, "one value per header column")
        }
        var facts = CaseFacts(caseID: caseID)
        if let offense = reader.text("Offense") {
            facts.drugOffense = offense.lowercased().hasPrefix("drugs") ? .yes : .no
            facts.origins["drug_offense"] = FactOrigin(source: "USSC datafile column Offense", text: offense, parsed: false)
        }
        func origin(_ field: String, _ column: String, _ note: String? = nil) {
            Self.setOrigin(&facts, field, column, values, note)
        }
        facts.origins["case_id"] = FactOrigin(source: "USSC datafile column OffenderID", text: caseID, parsed: false)

        if let level = code(&reader, "FinalOffLevel", range: 1...43, expected: "a total offense level from 1 to 43, or -999 for missing") {
            facts.totalOffenseLevel = level
            origin("total_offense_level", "FinalOffLevel")
        }
        if let number = code(&reader, "CrimHistCat", range: 1...6, expected: "a criminal history category from 1 to 6, or -999 for missing"),
            let category = CriminalHistoryCategory(rawValue: number) {
            facts.criminalHistoryCategory = category
            origin("criminal_history_category", "CrimHistCat")
        }
        readGuidelineRange(&reader, into: &facts)
        readSentence(&reader, into: &facts)
        if let year = code(&reader, "YearBorn", range: 1900...2020, expected: "a year of birth from 1900 to 2020, or -999 for missing") {
            facts.birthYear = year
            origin("birth_year", "YearBorn")
        }
        if let safe = code(&reader, "SAFE", range: 0...99, expected: "a whole-number code, or -999 for missing") {
            origin("safety_valve", "SAFE", "code \(safe) kept; safety_valve left unknown because the Commission's codebook meaning of SAFE's codes was not confirmed")
        }
        if let race = code(&reader, "Race", range: 0...99, expected: "a whole-number race code, or -999 for missing") {
            // The Commission's NEWRACE codes are commonly read as 1 White, 2 Black, 3 Hispanic, 6 Other, but
            // the codebook (USSC, "Variable Codebook for Individual Offenders", FY1999–2012 and later
            // editions) could not be retrieved to confirm it, nor that this copy's `Race` is NEWRACE; the
            // code is kept as it stands.
            facts.race = "USSC race code \(race)"
            origin("race", "Race", "Commission code, label not confirmed")
        }
        if let district = code(&reader, "DISTRICT", range: 0...999, expected: "a whole-number district code, or -999 for missing") {
            facts.district = "USSC district code \(district)"
            var note = "Commission code; no district code table was confirmed"
            if let circuit = reader.text("CIRCDIST"), circuit != String(Self.missing) { note += " (CIRCDIST \(circuit))" }
            origin("district", "DISTRICT", note)
        }
        let year = code(&reader, "SENTYR", range: 1987...2100, expected: "a year of sentencing, or -999 for missing")
        if let year {
            facts.sentencingYear = year
            origin("sentencing_year", "SENTYR")
            origin("sentencing_date", "SENTYR", "year \(year) only; the datafile gives no month or day, so no sentencing date is set")
        }
        readStatute(&reader, into: &facts, year: year)

        guard reader.problems.isEmpty else { return .failure(CaseRecordRejection(problems: reader.problems, values: values)) }
        return .success(facts)
    }

    // MARK: Fields

    /// A whole-number code: `nil` when absent or -999; a problem when malformed or out of range.
    private func code(_ reader: inout FieldReader, _ column: String, range: ClosedRange<Int>, expected: String) -> Int? {
        guard let text = reader.text(column) else { return nil }
        guard let value = Self.wholeNumber(text) else {
            reader.problem(column, text, expected)
            return nil
        }
        if value == Self.missing { return nil }
        guard range.contains(value) else {
            reader.problem(column, text, expected)
            return nil
        }
        return value
    }

    /// A term in months or life (9996): `nil` when absent, -999 or malformed (a problem is recorded).
    private func term(_ reader: inout FieldReader, _ column: String, expected: String) -> SentenceTerm? {
        guard let text = reader.text(column) else { return nil }
        guard let value = Self.wholeNumber(text), value == Self.missing || value == Self.life || (0...12_000).contains(value) else {
            reader.problem(column, text, expected)
            return nil
        }
        if value == Self.missing { return nil }
        return value == Self.life ? .life : .months(value)
    }

    /// Records where a fact came from: the column, a note, and the column's text.
    static func setOrigin(_ facts: inout CaseFacts, _ field: String, _ column: String, _ values: [String: String], _ note: String?) {
        let text = values[column]?.trimmingCharacters(in: .whitespaces)
        facts.origins[field] = FactOrigin(source: "USSC datafile column \(column)" + (note.map { ": \($0)" } ?? ""), text: text, parsed: false)
    }

    /// "120", "120.0" → 120; `nil` for anything that is not a whole number.
    static func wholeNumber(_ text: String) -> Int? {
        if let value = Int(text) { return value }
        if text.hasSuffix(".0"), let value = Int(text.dropLast(2)) { return value }
        return nil
    }

    private func readGuidelineRange(_ reader: inout FieldReader, into facts: inout CaseFacts) {
        let expected = "a number of months from 0 to 12000, 9996 for life, or -999 for missing"
        let problems = reader.problems.count
        let low = term(&reader, "MinGuideRange", expected: expected)
        let high = term(&reader, "MaxGuideRange", expected: expected)
        guard reader.problems.count == problems else { return }
        func origin(_ field: String, _ column: String, _ note: String?) { Self.setOrigin(&facts, field, column, reader.values, note) }
        if let low, let high, low > high {
            reader.problem("MinGuideRange", reader.text("MinGuideRange") ?? "", "no more than MaxGuideRange (\(high))")
            return
        }
        if let high {
            facts.guidelineMax = high
            origin("guideline_max_months", "MaxGuideRange", high == .life ? "9996 = life" : nil)
        }
        switch low {
        case .months(let months)?:
            facts.guidelineMinMonths = months
            origin("guideline_min_months", "MinGuideRange", nil)
        case .life?:
            origin("guideline_min_months", "MinGuideRange", "9996 = life: the range is life, and a minimum of life has no number of months, so guideline_min_months is left unset")
        case nil:
            break
        }
    }

    private func readSentence(_ reader: inout FieldReader, into facts: inout CaseFacts) {
        guard let text = reader.text("SENTTOT0") else { return }
        let expected = "a number of months (fractions allowed), 9996 for life, or -999 for missing"
        if let whole = Self.wholeNumber(text), whole == Self.missing { return }
        guard let amount = Amount(decimal: text) else {
            reader.problem("SENTTOT0", text, expected)
            return
        }
        let half = Amount.microsPerUnit / 2
        let months = Int((amount.micros + half) / Amount.microsPerUnit)
        var note = "total prison sentence in months, rounded to whole months"
        if amount.micros % Amount.microsPerUnit != 0 { note += " (\(text) → \(months))" }
        if Self.wholeNumber(text) == Self.life {
            facts.sentence = .life
            note = "9996 = life"
        } else if let lifeMonths = law.constant("life_sentence_months").map({ Int($0.value.micros / Amount.microsPerUnit) }),
            months == lifeMonths, amount.micros % Amount.microsPerUnit == 0 {
            // The Commission counts a life sentence as 470 months; a life term earns no good-conduct credit, so the
            // datafile's MinTimeServed then equals the term, while a term of years shows about 87% of it.
            let served = reader.text("MinTimeServed").flatMap { Amount(decimal: $0) }
            if let served, served == amount {
                facts.sentence = .life
                note = "\(lifeMonths) is the Commission's count for a life sentence (law data constant life_sentence_months), and MinTimeServed equals it (no good-conduct credit): read as life"
            } else if let served, served < amount {
                facts.sentence = .months(months)
                note += "; \(lifeMonths) months (not life: MinTimeServed \(served) is less)"
            } else {
                note = "\(lifeMonths) may be a life sentence (the Commission's count for life) or a term of \(lifeMonths) months, and MinTimeServed does not settle it; sentence left unknown"
            }
        } else {
            facts.sentence = .months(months)
        }
        facts.origins["sentence_months"] = FactOrigin(source: "USSC datafile column SENTTOT0: \(note)", text: text, parsed: false)
    }

    private func readStatute(_ reader: inout FieldReader, into facts: inout CaseFacts, year: Int?) {
        let expected = "a number of months, 9996 for life, or -999 for missing"
        let minimum = term(&reader, "STATMIN", expected: expected)
        let maximum = term(&reader, "STATMAX", expected: expected)
        guard let minimum, let maximum else { return }
        let pair = "STATMIN \(reader.text("STATMIN") ?? "") / STATMAX \(reader.text("STATMAX") ?? "")"
        let offense = reader.text("Offense") ?? ""
        let lowered = offense.lowercased()
        guard lowered.contains("drug"), lowered.contains("traffick") else { return }
        let tiers = Self.tiers(fitting: minimum, maximum, in: law.statutoryPenalties, section: .section841, year: year)
        let text = "\(pair); Offense \(offense)"
        switch tiers.count {
        case 1:
            let tier = tiers[0]
            facts.statute = StatuteOfConviction(section: .section841, tier: tier)
            facts.origins["statute"] = FactOrigin(
                source: "inferred from USSC datafile columns STATMIN and STATMAX: of the law data's § 841 penalty rows in force in \(year.map { "or around sentencing year \($0)" } ?? "any year"), only tier (\(tier.rawValue)) has this minimum and maximum; § 960(b) has the same ranges, so the section is assumed; the datafile's STATMIN and STATMAX can be totals over several counts, so a reviewer should confirm the tier from the judgment",
                text: text, parsed: true)
        case 0:
            facts.origins["statute"] = FactOrigin(
                source: "USSC datafile columns STATMIN and STATMAX: no § 841 penalty row has this minimum and maximum (several counts, or another statute); tier left unknown",
                text: text, parsed: true)
        default:
            facts.origins["statute"] = FactOrigin(
                source: "USSC datafile columns STATMIN and STATMAX: the pair fits tiers \(tiers.map { "(\($0.rawValue))" }.joined(separator: ", ")) (prior convictions or a death or injury finding change the range); tier left unknown",
                text: text, parsed: true)
        }
    }

    /// The tiers whose penalty rows (any number of priors, with or without death or serious injury) have
    /// exactly this minimum and maximum and were in force at some time from October 1 of the year before
    /// `year` to December 31 of `year` (covering both a fiscal and a calendar reading of the year), or at
    /// any time when `year` is unknown. Sorted from most to least severe.
    static func tiers(fitting minimum: SentenceTerm, _ maximum: SentenceTerm, in penalties: [StatutoryPenalty],
                      section: PenaltySection, year: Int?) -> [PenaltyTier] {
        let window = year.flatMap { year in
            CalendarDate(year: year - 1, month: 10, day: 1).flatMap { start in CalendarDate(year: year, month: 12, day: 31).map { (start, $0) } }
        }
        var tiers = Set<PenaltyTier>()
        for row in penalties where row.section == section && row.minimum == minimum && row.maximum == maximum {
            if let (start, end) = window {
                if let from = row.period.from, from > end { continue }
                if let through = row.period.through, through < start { continue }
            }
            tiers.insert(row.tier)
        }
        return tiers.sorted(by: >)
    }
}
