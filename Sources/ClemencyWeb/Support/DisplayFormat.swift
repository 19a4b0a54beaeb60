import ClemencyRules
import Hummingbird
import Foundation

/// How values are shown on pages.
enum DisplayFormat {
    /// A determination in words.
    static func determination(_ determination: Determination) -> String {
        switch determination {
        case .eligible: "eligible"
        case .ineligible: "ineligible"
        case .needsInformation: "needs information"
        }
    }

    /// A date and time in UTC, to the minute: "2026-12-01 14:05 UTC".
    static func date(_ date: Date) -> String {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC") ?? .gmt, from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d UTC", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0)
    }
}

/// Readable names of the relief pathways.
enum PathwayNames {
    /// A short name for lists: "§ 404", "Amendment 782", "Clemency Initiative", "Smarter Sentencing Act of 2014".
    static func shortName(_ key: String) -> String {
        let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
        switch parts[0] {
        case "clemency_initiative_2014": return parts.count > 1 && parts[1] == "january_2014" ? "Clemency Initiative (January 2014)" : "Clemency Initiative"
        case "first_step_act_404": return "§ 404"
        default:
            let full = name(key)
            return full.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? full
        }
    }

    static func name(_ key: String) -> String {
        let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
        let base: String
        switch parts[0] {
        case "clemency_initiative_2014": base = "Clemency Initiative (2014)"
        case "first_step_act_404": base = "First Step Act § 404"
        case "guideline_reduction_3582c2": base = "§ 3582(c)(2) reduction"
        case "proposed_law": base = "Proposed law"
        default: base = parts[0]
        }
        guard parts.count > 1 else { return base }
        let variant: String
        switch parts[1] {
        case "april_2014": variant = "April 2014 criteria"
        case "january_2014": variant = "January 2014 criteria"
        case "smarter_sentencing_act_2014": variant = "Smarter Sentencing Act of 2014"
        case "crack_powder_1_to_1": variant = "1:1 crack-powder ratio"
        case let number where number.allSatisfy(\.isNumber): variant = "Amendment \(number)"
        default: variant = parts[1].replacingOccurrences(of: "_", with: " ")
        }
        return "\(base): \(variant)"
    }
}

extension String {
    /// Encoded for a URL query value.
    var urlQueryEncoded: String { Self.percentEncoded(self) }

    /// Encoded for one URL path segment.
    var urlPathEncoded: String { Self.percentEncoded(self) }

    /// Letters and digits (Foundation's, which include non-ASCII ones) and `-_.~` stay; the rest is percent-encoded.
    private static let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_.~"))

    /// `text` percent-encoded but for `unreserved`; a text of ASCII letters, digits and `-_.~` alone
    /// (every case id the generator makes) is returned as it is without Foundation's encoder, since it
    /// would not change.
    private static func percentEncoded(_ text: String) -> String {
        let plain = text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x5F || byte == 0x2E || byte == 0x7E
        }
        if plain { return text }
        return text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}

extension Parameters {
    /// The path parameter `name` with its percent-encoding removed, so that an identifier such as
    /// `1:05-cr-123 (EDTN)`, linked as `urlPathEncoded`, reaches the store as it was imported.
    ///
    /// - Throws: `HTTPError` 400 when the parameter is missing or not valid percent-encoding.
    func requireDecoded(_ name: String) throws -> String {
        let raw = try require(name)
        guard let decoded = raw.removingPercentEncoding else {
            throw HTTPError(.badRequest, message: "The address holds an identifier that is not valid percent-encoding.")
        }
        return decoded
    }
}
