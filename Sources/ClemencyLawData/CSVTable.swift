import CSV
import ClemencyRules
import Foundation

/// A problem in a law-data file, naming the file, line, field, the value found and the form expected.
public enum LawDataError: Error, Equatable, CustomStringConvertible {
    /// A bundled file is missing.
    case missingFile(String)
    /// A file's header lacks a column.
    case missingColumn(file: String, column: String)
    /// A value does not have the expected form.
    case invalidValue(file: String, line: Int, field: String, value: String, expected: String)
    /// The tables do not fit together (e.g. the Sentencing Table lacks a cell).
    case inconsistent(file: String, problem: String)

    public var description: String {
        switch self {
        case .missingFile(let file): return "law data: \(file) is missing from the bundle"
        case let .missingColumn(file, column): return "law data: \(file): the header has no column \"\(column)\""
        case let .invalidValue(file, line, field, value, expected):
            return "law data: \(file), line \(line), field \(field): found \"\(value)\", expected \(expected)"
        case let .inconsistent(file, problem): return "law data: \(file): \(problem)"
        }
    }
}

/// One data row of a law-data CSV file, with typed accessors that throw `LawDataError`.
struct CSVRow {
    let file: String
    let line: Int
    let values: [String: String]

    func text(_ field: String) throws -> String {
        guard let value = values[field] else { throw LawDataError.missingColumn(file: file, column: field) }
        return value.trimmingCharacters(in: .whitespaces)
    }

    func optionalText(_ field: String) throws -> String? {
        let value = try text(field)
        return value.isEmpty ? nil : value
    }

    func fail(_ field: String, _ value: String, expected: String) -> LawDataError {
        .invalidValue(file: file, line: line, field: field, value: value, expected: expected)
    }

    func int(_ field: String) throws -> Int {
        let value = try text(field)
        guard let number = Int(value) else { throw fail(field, value, expected: "a whole number") }
        return number
    }

    func optionalDate(_ field: String) throws -> CalendarDate? {
        guard let value = try optionalText(field) else { return nil }
        guard let date = CalendarDate(iso: value) else { throw fail(field, value, expected: "a date as YYYY-MM-DD") }
        return date
    }

    func date(_ field: String) throws -> CalendarDate {
        guard let date = try optionalDate(field) else { throw fail(field, "", expected: "a date as YYYY-MM-DD") }
        return date
    }

    func period() throws -> EffectivePeriod {
        EffectivePeriod(from: try optionalDate("effective_from"), through: try optionalDate("effective_to"))
    }

    func amount(_ field: String) throws -> Amount {
        let value = try text(field)
        guard let amount = Amount(decimal: value) else {
            throw fail(field, value, expected: "a plain decimal number (at most six decimal places)")
        }
        return amount
    }

    func optionalAmount(_ field: String) throws -> Amount? {
        try optionalText(field) == nil ? nil : try amount(field)
    }

    func term(_ field: String) throws -> SentenceTerm {
        let value = try text(field)
        guard let term = SentenceTerm(text: value) else { throw fail(field, value, expected: "whole months or \"life\"") }
        return term
    }

    func bool(_ field: String) throws -> Bool {
        switch try text(field).lowercased() {
        case "yes", "true": return true
        case "no", "false": return false
        case let value: throw fail(field, value, expected: "yes or no")
        }
    }

    func unit(_ field: String) throws -> QuantityUnit {
        let value = try text(field)
        switch value.lowercased() {
        case "g", "gram", "grams": return .gram
        case "unit", "units": return .unit
        case "ml": return .milliliter
        case "plant", "plants": return .plant
        default: throw fail(field, value, expected: "g, unit, ml or plant")
        }
    }

    func category(_ field: String) throws -> CriminalHistoryCategory {
        let value = try text(field)
        guard let category = CriminalHistoryCategory(text: value) else { throw fail(field, value, expected: "I to VI") }
        return category
    }

    /// The row's `source` and `confirmed` columns as a citation (`confirmed` defaults to yes when absent).
    func citation() throws -> Citation {
        let source = try text("source")
        guard !source.isEmpty else { throw fail("source", source, expected: "a citation (every law row needs one)") }
        let confirmed = values["confirmed"] == nil ? true : try bool("confirmed")
        return Citation(source, confirmed: confirmed)
    }
}

/// Reads every data row of a CSV file with a header row.
func readRows(file: String, contents: String) throws -> [CSVRow] {
    let reader = try CSVReader(string: contents, hasHeaderRow: true)
    guard let header = reader.headerRow else { throw LawDataError.inconsistent(file: file, problem: "no header row") }
    var rows: [CSVRow] = []
    var line = 1
    while let fields = reader.next() {
        line += 1 + fields.reduce(0) { $0 + $1.filter { $0 == "\n" }.count }
        guard fields.count == header.count else {
            throw LawDataError.inconsistent(file: file, problem: "line \(line) has \(fields.count) fields; the header has \(header.count)")
        }
        rows.append(CSVRow(file: file, line: line, values: Dictionary(zip(header, fields), uniquingKeysWith: { a, _ in a })))
    }
    if let error = reader.error { throw LawDataError.inconsistent(file: file, problem: "unreadable CSV: \(error)") }
    return rows
}
