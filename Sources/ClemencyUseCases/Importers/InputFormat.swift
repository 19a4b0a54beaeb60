import Foundation

/// The layouts `clemency screen` reads, told apart by their header row.
///
/// Each layout is a table of records (CSV, JSON Lines or a JSON array, as `RecordReader` reads
/// them); the layout decides which importer turns a record into `CaseFacts`.
public enum InputFormat: String, Sendable, CaseIterable {
    /// The project's own case format (`docs/case-format.md`), read by `CaseRecordDecoder`.
    case caseFormat = "case"
    /// Rows of the U.S. Sentencing Commission's Individual Offender Datafile (Commission variable
    /// names such as `OffenderID`, `FinalOffLevel`, `CrimHistCat`), read by `USSCDatafileImporter`.
    case usscDatafile = "ussc"
    /// The pardon office's list of clemency grants as published (district, sentencing date, sentence
    /// and offense as text), read by `GrantListImporter`.
    case grantList = "grant-list"

    /// The layout a header row belongs to, or `nil` when it fits none.
    ///
    /// Column names are compared after trimming spaces and a byte-order mark; letter case matters,
    /// because the Commission's variable names and the case format's field names are both
    /// case-sensitive in their sources.
    ///
    /// - Parameter header: The column names (CSV header) or the first JSON object's keys.
    /// - Returns: `.caseFormat` when a `case_id` column is present; `.usscDatafile` when both
    ///   `OffenderID` and `FinalOffLevel` are; `.grantList` when both `offense_as_published` and
    ///   `sentence_as_published` are; otherwise `nil`.
    public static func detect(header: [String]) -> InputFormat? {
        let names = Set(header.map { $0.replacingOccurrences(of: "\u{FEFF}", with: "").trimmingCharacters(in: .whitespaces) })
        if names.contains("case_id") { return .caseFormat }
        if names.contains("OffenderID") && names.contains("FinalOffLevel") { return .usscDatafile }
        if names.contains("offense_as_published") && names.contains("sentence_as_published") { return .grantList }
        return nil
    }
}
