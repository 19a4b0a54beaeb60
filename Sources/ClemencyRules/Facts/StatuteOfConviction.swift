import Foundation

/// The drug statute's penalty section: 21 U.S.C. § 841 (domestic) or § 960 (import and export).
public enum PenaltySection: String, Sendable, Hashable, Codable, CaseIterable {
    /// 21 U.S.C. § 841(b).
    case section841 = "841"
    /// 21 U.S.C. § 960(b).
    case section960 = "960"
}

/// The penalty tier within the section, named by the § 841(b)(1) subparagraph letter.
///
/// § 960(b)(1)–(4) parallel § 841(b)(1)(A)–(D) and share these tiers.
public enum PenaltyTier: String, Sendable, Hashable, Comparable, Codable, CaseIterable {
    case a = "A", b = "B", c = "C", d = "D"

    /// Rank from the least (D) to the most severe (A).
    public var severity: Int {
        switch self {
        case .a: return 4
        case .b: return 3
        case .c: return 2
        case .d: return 1
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.severity < rhs.severity }
}

/// The statute of conviction that sets the penalty range, e.g. 21 U.S.C. § 841(b)(1)(A).
public struct StatuteOfConviction: Sendable, Hashable, Codable, CustomStringConvertible {
    /// § 841 or § 960.
    public let section: PenaltySection
    /// The penalty tier.
    public let tier: PenaltyTier

    /// Creates a statute reference.
    public init(section: PenaltySection, tier: PenaltyTier) {
        self.section = section
        self.tier = tier
    }

    /// Parses text such as "21 U.S.C. 841(b)(1)(A)", "841(b)(1)(B)(iii)", "21 USC § 960(b)(2)",
    /// "846, 841(b)(1)(A)". Returns `nil` when no § 841(b)(1)(A)–(D) or § 960(b)(1)–(4) is named.
    public init?(text: String) {
        // Compared on lower-case ASCII bytes with spaces and "§" removed, e.g. "21usc841(b)(1)(a)".
        var compact: [UInt8] = []
        compact.reserveCapacity(text.utf8.count)
        for byte in text.utf8 where byte != 0x20 && byte != 0x09 && byte != 0xC2 && byte != 0xA7 {
            compact.append(byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte)
        }
        func after(_ marker: String) -> UInt8? {
            let pattern = Array(marker.utf8)
            guard compact.count > pattern.count else { return nil }
            for start in 0...(compact.count - pattern.count - 1) where compact[start..<(start + pattern.count)].elementsEqual(pattern) {
                return compact[start + pattern.count]
            }
            return nil
        }
        if let letter = after("841(b)(1)(") {
            switch letter {
            case 0x61: self.init(section: .section841, tier: .a)
            case 0x62: self.init(section: .section841, tier: .b)
            case 0x63: self.init(section: .section841, tier: .c)
            case 0x64: self.init(section: .section841, tier: .d)
            default: return nil
            }
        } else if let number = after("960(b)(") {
            switch number {
            case 0x31: self.init(section: .section960, tier: .a)
            case 0x32: self.init(section: .section960, tier: .b)
            case 0x33: self.init(section: .section960, tier: .c)
            case 0x34: self.init(section: .section960, tier: .d)
            default: return nil
            }
        } else {
            return nil
        }
    }

    /// The citation form, e.g. "21 U.S.C. § 841(b)(1)(A)" or "21 U.S.C. § 960(b)(1)".
    public var description: String {
        // Literals: the engine writes these on every step of every analysis.
        switch (section, tier) {
        case (.section841, .a): return "21 U.S.C. § 841(b)(1)(A)"
        case (.section841, .b): return "21 U.S.C. § 841(b)(1)(B)"
        case (.section841, .c): return "21 U.S.C. § 841(b)(1)(C)"
        case (.section841, .d): return "21 U.S.C. § 841(b)(1)(D)"
        case (.section960, .a): return "21 U.S.C. § 960(b)(1)"
        case (.section960, .b): return "21 U.S.C. § 960(b)(2)"
        case (.section960, .c): return "21 U.S.C. § 960(b)(3)"
        case (.section960, .d): return "21 U.S.C. § 960(b)(4)"
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = StatuteOfConviction(text: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a statute such as 21 U.S.C. 841(b)(1)(A), found \"\(text)\"")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
