/// A rejected value in an input file: where it is, what was found, and the form expected.
public struct InputProblem: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The input file's path as given.
    public let file: String
    /// The line (CSV: the physical line the record starts on; JSON Lines: the line; JSON array: the element number).
    public let line: Int
    /// The field, e.g. `offense_date`, or `(record)` for a problem with the whole record.
    public let field: String
    /// The value found.
    public let value: String
    /// The form expected.
    public let expected: String

    /// Creates a problem.
    public init(file: String, line: Int, field: String, value: String, expected: String) {
        self.file = file
        self.line = line
        self.field = field
        self.value = value
        self.expected = expected
    }

    /// "cases.csv, line 4, field offense_date: found "2010-13-01", expected a date as YYYY-MM-DD".
    public var description: String {
        // A problem with the whole file (it cannot be read, or holds no records) has no line or field.
        if field == "(file)" {
            return line == 0 ? "\(file): cannot be read; expected \(expected)" : "\(file): expected \(expected)"
        }
        return "\(file), line \(line), field \(field): found \"\(value)\", expected \(expected)"
    }
}
