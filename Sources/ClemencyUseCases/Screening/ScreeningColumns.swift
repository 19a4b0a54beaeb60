import Foundation
import ClemencyRules
import ClemencyStore

/// The columns of the ranked list and how one result fills them.
enum ScreeningColumns {
    /// The pathway keys of a run, in a fixed order: the clemency criteria set, § 404, each retroactive
    /// amendment in force on the as-of date, each proposed law of the policy.
    static func pathwayKeys(law: LawLibrary, policy: ScreeningPolicy, asOf: CalendarDate) -> [String] {
        var keys = ["clemency_initiative_2014/\(policy.clemencyCriteriaSet)"]
        if law.keyDate("first_step_act_enacted").map({ asOf >= $0.date }) ?? true { keys.append("first_step_act_404") }
        keys += law.retroactiveAmendments.filter { $0.effectiveDate <= asOf }.map { "guideline_reduction_3582c2/\($0.amendment)" }
        keys += policy.proposedLaws.filter { id in law.proposedLaws.contains { $0.id == id } }.map { "proposed_law/\($0)" }
        return keys
    }

    static let leading = ["rank", "case_id", "district", "score", "sentence_imposed", "estimated_sentence_today",
                          "reduction_months", "overserved_months", "served_months", "projected_release"]

    static func header(keys: [String]) -> String {
        (leading + keys + ["missing_facts", "priority_reasons"]).map(csvField).joined(separator: ",")
    }

    /// The CSV line without its rank (the rank is prefixed when the list is written in order).
    static func csvLine(_ result: ScreeningResult, keys: [String]) -> String {
        let analysis = result.analysis
        var fields = [
            analysis.caseID, result.district ?? "", String(result.priority.score),
            analysis.sentenceImposed?.description ?? "", analysis.estimatedSentenceToday?.description ?? "",
            analysis.reductionMonths.map(String.init) ?? "", result.overservedMonths.map(String.init) ?? "",
            result.timeServed.map { String($0.servedMonths) } ?? "", result.timeServed?.projectedRelease?.description ?? "",
        ]
        let byKey = Dictionary(result.pathways.map { (ScreeningSummary.key($0), $0.determination.rawValue) }, uniquingKeysWith: { first, _ in first })
        fields += keys.map { byKey[$0] ?? "" }
        fields.append(analysis.missingFacts.map(\.fact).joined(separator: ";"))
        fields.append(result.priority.reasons.joined(separator: "; "))
        return fields.map(csvField).joined(separator: ",")
    }

    /// The stored-result line: tab-separated, tabs and newlines in values replaced by spaces; the last
    /// field has one letter per pathway key, in `keys` order (e eligible, i ineligible, n needs information,
    /// - not evaluated).
    static func storeLine(_ result: ScreeningResult, keys: [String]) -> String {
        let analysis = result.analysis
        var codes = [Character](repeating: "-", count: keys.count)
        for pathway in result.pathways {
            guard let position = keys.firstIndex(of: ScreeningSummary.key(pathway)) else { continue }
            switch pathway.determination {
            case .eligible: codes[position] = "e"
            case .ineligible: codes[position] = "i"
            case .needsInformation: codes[position] = "n"
            }
        }
        return [analysis.caseID, result.district ?? "", String(result.priority.score), analysis.sentenceImposed?.description ?? "",
                analysis.estimatedSentenceToday?.description ?? "", analysis.reductionMonths.map(String.init) ?? "",
                result.overservedMonths.map(String.init) ?? "", String(codes)]
            .map { $0.replacingTabsAndNewlines }.joined(separator: "\t")
    }

    /// Reads a stored-result line back, with its rank.
    static func storedResult(line: Substring, rank: Int, keys: [String]) -> ScreeningRunResult? {
        var fields: [Substring] = []
        fields.reserveCapacity(8)
        var start = line.startIndex
        var index = line.startIndex
        while index < line.endIndex {
            if line[index] == "\t" {
                fields.append(line[start..<index])
                start = line.index(after: index)
            }
            index = line.index(after: index)
        }
        fields.append(line[start..<line.endIndex])
        guard fields.count == 8, let score = Int(fields[2]) else { return nil }
        var determinations: [String: Determination] = Dictionary(minimumCapacity: keys.count)
        for (key, code) in zip(keys, fields[7]) {
            switch code {
            case "e": determinations[key] = .eligible
            case "i": determinations[key] = .ineligible
            case "n": determinations[key] = .needsInformation
            default: break
            }
        }
        return ScreeningRunResult(caseID: String(fields[0]), district: fields[1].isEmpty ? nil : String(fields[1]), rank: rank,
                                  score: score, sentenceImposed: fields[3].isEmpty ? nil : String(fields[3]),
                                  estimatedSentenceToday: fields[4].isEmpty ? nil : String(fields[4]),
                                  reductionMonths: Int(fields[5]), overservedMonths: Int(fields[6]), determinations: determinations)
    }
}

/// One CSV field, quoted when it holds a comma, quote, or line break (RFC 4180).
func csvField(_ value: String) -> String {
    guard value.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return value }
    return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

extension String {
    var replacingTabsAndNewlines: String {
        guard contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { return self }
        return String(map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}
