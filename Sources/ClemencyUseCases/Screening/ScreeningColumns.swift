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

    /// Whether `key` is the pathway's key (`pathway`, or `pathway/variant`), without building the key.
    static func key(_ key: String, matches pathway: PathwayDetermination) -> Bool {
        if pathway.variant.isEmpty { return key == pathway.pathway }
        let name = pathway.pathway.utf8.count
        guard key.utf8.count == name + 1 + pathway.variant.utf8.count, key.hasPrefix(pathway.pathway), key.hasSuffix(pathway.variant)
        else { return false }
        return key.utf8[key.utf8.index(key.utf8.startIndex, offsetBy: name)] == UInt8(ascii: "/")
    }

    /// Where each pathway key's determination sits in a result's pathway list, and which key each pathway
    /// counts under, worked out once for a list of pathways and reused while the next results list the same
    /// pathways (a screener lists the same pathways, in the same order, for every case).
    struct Positions {
        let keys: [String]
        /// The (pathway, variant) list the positions were worked out for.
        private var shape: [(pathway: String, variant: String)] = []
        /// For each key, the first pathway with that key.
        private(set) var pathwayOfKey: [Int?] = []
        /// For each pathway, the first key it matches.
        private(set) var keyOfPathway: [Int?] = []

        init(keys: [String]) { self.keys = keys }

        /// Makes the positions those of `pathways`.
        mutating func update(for pathways: [PathwayDetermination]) {
            if shape.count == pathways.count,
                !shape.indices.contains(where: { shape[$0].pathway != pathways[$0].pathway || shape[$0].variant != pathways[$0].variant })
            {
                return
            }
            shape = pathways.map { ($0.pathway, $0.variant) }
            pathwayOfKey = keys.map { key in pathways.indices.first { ScreeningColumns.key(key, matches: pathways[$0]) } }
            keyOfPathway = pathways.map { pathway in keys.firstIndex { ScreeningColumns.key($0, matches: pathway) } }
        }
    }

    /// The CSV line without its rank (the rank is prefixed when the list is written in order).
    ///
    /// Built by appending to one string: a line per case of a million-case run.
    static func csvLine(_ result: ScreeningResult, keys: [String]) -> String {
        var positions = Positions(keys: keys)
        return csvLine(result, positions: &positions)
    }

    /// `csvLine(_:keys:)` with the key positions of earlier results (updated for this one when its pathways differ).
    static func csvLine(_ result: ScreeningResult, positions: inout Positions) -> String {
        positions.update(for: result.pathways)
        let analysis = result.analysis
        var line = ""
        line.reserveCapacity(320)
        func field(_ value: String) {
            line.append(",")
            appendCSVField(value, to: &line)
        }
        appendCSVField(analysis.caseID, to: &line)
        field(result.district ?? "")
        field(String(result.priority.score))
        field(analysis.sentenceImposed?.description ?? "")
        field(analysis.estimatedSentenceToday?.description ?? "")
        field(analysis.reductionMonths.map(String.init) ?? "")
        field(result.overservedMonths.map(String.init) ?? "")
        field(result.timeServed.map { String($0.servedMonths) } ?? "")
        field(result.timeServed?.projectedRelease?.description ?? "")
        let pathways = result.pathways
        for pathway in positions.pathwayOfKey {
            // The first pathway with the key, as a dictionary built uniquing by the first would hold.
            field(pathway.map { pathways[$0].determination.rawValue } ?? "")
        }
        field(analysis.missingFacts.map(\.fact).joined(separator: ";"))
        field(result.priority.reasons.joined(separator: "; "))
        return line
    }

    /// The stored-result line: tab-separated, tabs and newlines in values replaced by spaces; the last
    /// field has one letter per pathway key, in `keys` order (e eligible, i ineligible, n needs information,
    /// - not evaluated).
    static func storeLine(_ result: ScreeningResult, keys: [String]) -> String {
        var positions = Positions(keys: keys)
        return storeLine(result, positions: &positions)
    }

    /// `storeLine(_:keys:)` with the key positions of earlier results (updated for this one when its pathways differ).
    static func storeLine(_ result: ScreeningResult, positions: inout Positions) -> String {
        positions.update(for: result.pathways)
        let analysis = result.analysis
        var codes = [UInt8](repeating: UInt8(ascii: "-"), count: positions.keys.count)
        for (index, pathway) in result.pathways.enumerated() {
            guard let position = positions.keyOfPathway[index] else { continue }
            switch pathway.determination {
            case .eligible: codes[position] = UInt8(ascii: "e")
            case .ineligible: codes[position] = UInt8(ascii: "i")
            case .needsInformation: codes[position] = UInt8(ascii: "n")
            }
        }
        var line = ""
        line.reserveCapacity(128)
        func field(_ value: String, first: Bool = false) {
            if !first { line.append("\t") }
            line.append(value.replacingTabsAndNewlines)
        }
        field(analysis.caseID, first: true)
        field(result.district ?? "")
        field(String(result.priority.score))
        field(analysis.sentenceImposed?.description ?? "")
        field(analysis.estimatedSentenceToday?.description ?? "")
        field(analysis.reductionMonths.map(String.init) ?? "")
        field(result.overservedMonths.map(String.init) ?? "")
        field(String(decoding: codes, as: UTF8.self))
        return line
    }

    /// Reads a stored-result line back, with its rank.
    static func storedResult(line: Substring, rank: Int, keys: [String]) -> ScreeningRunResult? {
        var cache: [Substring: [String: Determination]] = [:]
        return storedResult(line: line, rank: rank, keys: keys, determinationsCache: &cache)
    }

    /// `storedResult(line:rank:keys:)`, reusing the determinations read from earlier lines with the same codes
    /// (a run has few distinct combinations).
    static func storedResult(line: Substring, rank: Int, keys: [String],
                             determinationsCache cache: inout [Substring: [String: Determination]]) -> ScreeningRunResult? {
        // Split on tab bytes (a tab is never part of a longer character in UTF-8).
        let fields = line.utf8.split(separator: 0x09, maxSplits: 8, omittingEmptySubsequences: false).map { Substring($0) }
        guard fields.count == 8, let score = Int(fields[2]) else { return nil }
        let determinations: [String: Determination]
        if let known = cache[fields[7]] {
            determinations = known
        } else {
            var read: [String: Determination] = Dictionary(minimumCapacity: keys.count)
            for (key, code) in zip(keys, fields[7]) {
                switch code {
                case "e": read[key] = .eligible
                case "i": read[key] = .ineligible
                case "n": read[key] = .needsInformation
                default: break
                }
            }
            if cache.count < 10_000 { cache[fields[7]] = read }
            determinations = read
        }
        return ScreeningRunResult(caseID: String(fields[0]), district: fields[1].isEmpty ? nil : String(fields[1]), rank: rank,
                                  score: score, sentenceImposed: fields[3].isEmpty ? nil : String(fields[3]),
                                  estimatedSentenceToday: fields[4].isEmpty ? nil : String(fields[4]),
                                  reductionMonths: Int(fields[5]), overservedMonths: Int(fields[6]), determinations: determinations,
                                  letters: DeterminationLetters(pathways: keys, letters: fields[7]))
    }
}

/// Appends one CSV field to a line, quoted when it holds a comma, quote, or line break (RFC 4180).
func appendCSVField(_ value: String, to line: inout String) {
    func special(_ byte: UInt8) -> Bool { byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D }
    guard value.utf8.withContiguousStorageIfAvailable({ $0.contains(where: special) }) ?? value.utf8.contains(where: special) else {
        line.append(value)
        return
    }
    line.append(csvField(value))
}

/// One CSV field, quoted when it holds a comma, quote, or line break (RFC 4180).
func csvField(_ value: String) -> String {
    guard value.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return value }
    // Without a quote there is nothing to double (and no need for Foundation's search).
    guard value.utf8.contains(0x22) else { return "\"" + value + "\"" }
    return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

extension String {
    var replacingTabsAndNewlines: String {
        // A byte check first (a "\r\n" pair is one Character, equal to neither, and is kept as it is below).
        guard utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return self }
        guard contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { return self }
        return String(map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}
