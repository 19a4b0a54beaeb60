import ClemencyRules
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
        return parts.count > 1 ? "\(base): \(parts[1])" : base
    }
}

extension String {
    /// Encoded for a URL query value.
    var urlQueryEncoded: String {
        addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~"))) ?? self
    }

    /// Encoded for one URL path segment.
    var urlPathEncoded: String {
        addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~"))) ?? self
    }
}
