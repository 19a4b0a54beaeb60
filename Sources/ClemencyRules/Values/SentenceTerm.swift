import Foundation

/// A term of imprisonment: a number of months, or life.
///
/// Statutory maximums, guideline-range tops and imposed sentences can all be "life"; keeping it a
/// case of its own (rather than a large number) keeps life from being averaged or subtracted silently.
public enum SentenceTerm: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// A term of whole months.
    case months(Int)
    /// Imprisonment for life.
    case life

    /// The number of months, or `nil` for life.
    public var months: Int? {
        if case .months(let value) = self { return value }
        return nil
    }

    /// `true` for a life term.
    public var isLife: Bool { self == .life }

    /// Parses "120", "120 months" or "life" (any case).
    public init?(text: some StringProtocol) {
        // The common form, plain digits, without trimming or lowercasing.
        let utf8 = text.utf8
        if !utf8.isEmpty, utf8.count <= 18, utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            self = .months(utf8.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) })
            return
        }
        if utf8.elementsEqual("life".utf8) {
            self = .life
            return
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if trimmed == "life" {
            self = .life
            return
        }
        let digits = trimmed.hasSuffix("months") ? String(trimmed.dropLast(6)).trimmingCharacters(in: .whitespaces) : trimmed
        guard let value = Int(digits), value >= 0 else { return nil }
        self = .months(value)
    }

    public static func < (lhs: SentenceTerm, rhs: SentenceTerm) -> Bool {
        switch (lhs, rhs) {
        case let (.months(a), .months(b)): return a < b
        case (.months, .life): return true
        case (.life, _): return false
        }
    }

    /// "120 months" or "life".
    public var description: String {
        switch self {
        case .months(let value):
            if value >= 0, value < SentenceTerm.monthTexts.count { return SentenceTerm.monthTexts[value] }
            return value == 1 ? "1 month" : "\(value) months"
        case .life: return "life"
        }
    }

    /// The descriptions of terms from 0 to 1,199 months, built once (analyses write terms in most steps).
    private static let monthTexts: [String] = (0..<1200).map { $0 == 1 ? "1 month" : "\($0) months" }

    /// The JSON form is an integer number of months or the string "life".
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self) {
            self = .months(value)
        } else if let text = try? container.decode(String.self), let term = SentenceTerm(text: text) {
            self = term
        } else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a whole number of months or \"life\"")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .months(let value): try container.encode(value)
        case .life: try container.encode("life")
        }
    }
}
