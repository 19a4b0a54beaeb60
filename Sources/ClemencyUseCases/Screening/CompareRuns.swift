import ClemencyRules
import ClemencyStore

/// What changed between two recorded screening runs: cases added and removed, and for cases in both,
/// each pathway whose determination changed and the change of rank.
public struct RunComparison: Sendable, Hashable {
    /// One case's changes.
    public struct CaseChange: Sendable, Hashable {
        /// The case.
        public let caseID: String
        /// Rank in the first and the second run.
        public let ranks: (Int, Int)
        /// Pathway key → (determination in the first run, in the second); `nil` where the pathway was not evaluated.
        public let determinations: [String: (Determination?, Determination?)]

        public static func == (lhs: CaseChange, rhs: CaseChange) -> Bool {
            lhs.caseID == rhs.caseID && lhs.ranks == rhs.ranks && lhs.determinations.keys == rhs.determinations.keys
        }
        public func hash(into hasher: inout Hasher) { hasher.combine(caseID) }
    }

    /// The first run.
    public let first: ScreeningRun
    /// The second run.
    public let second: ScreeningRun
    /// Cases only in the second run.
    public let added: [String]
    /// Cases only in the first run.
    public let removed: [String]
    /// Cases in both whose determinations changed (rank changes alone are counted, not listed).
    public let changed: [CaseChange]
    /// Cases in both whose rank changed.
    public let rankChanges: Int

    /// A plain-text report.
    public var text: String {
        var out = "Run \(first.id) (as of \(first.asOf), law \(first.lawVersion), policy \(first.policyVersion), \(first.casesScreened) cases)\n"
        out += "Run \(second.id) (as of \(second.asOf), law \(second.lawVersion), policy \(second.policyVersion), \(second.casesScreened) cases)\n"
        if first.inputDigest == second.inputDigest { out += "Same input (SHA-256 \(first.inputDigest.prefix(16))…).\n" }
        out += "\nOnly in the second run: \(added.count)\(added.isEmpty ? "" : " (" + added.prefix(20).joined(separator: ", ") + (added.count > 20 ? ", …" : "") + ")")\n"
        out += "Only in the first run:  \(removed.count)\(removed.isEmpty ? "" : " (" + removed.prefix(20).joined(separator: ", ") + (removed.count > 20 ? ", …" : "") + ")")\n"
        out += "Rank changed: \(rankChanges)\nDetermination changed: \(changed.count)\n"
        for change in changed.prefix(200) {
            out += "\n\(change.caseID) (rank \(change.ranks.0) → \(change.ranks.1))\n"
            for key in change.determinations.keys.sorted() {
                let (a, b) = change.determinations[key] ?? (nil, nil)
                out += "  \(key): \(a?.rawValue ?? "—") → \(b?.rawValue ?? "—")\n"
            }
        }
        if changed.count > 200 { out += "\n… and \(changed.count - 200) more.\n" }
        return out
    }
}

/// Reopens recorded runs and compares two of them.
public struct CompareRuns: Sendable {
    /// The store holding the runs.
    public let store: any ScreeningRunStore

    /// Creates the use case.
    public init(store: any ScreeningRunStore) { self.store = store }

    /// Compares two runs.
    ///
    /// - Throws: `StoreError.runNotFound` naming the missing run.
    public func compare(_ firstID: String, _ secondID: String) throws -> RunComparison {
        guard let first = try store.fetchRun(id: firstID) else { throw StoreError.runNotFound(firstID) }
        guard let second = try store.fetchRun(id: secondID) else { throw StoreError.runNotFound(secondID) }
        let a = Dictionary(try store.results(runID: firstID).map { ($0.caseID, $0) }, uniquingKeysWith: { x, _ in x })
        let b = Dictionary(try store.results(runID: secondID).map { ($0.caseID, $0) }, uniquingKeysWith: { x, _ in x })
        var changed: [RunComparison.CaseChange] = []
        var rankChanges = 0
        for (caseID, old) in a {
            guard let new = b[caseID] else { continue }
            if old.rank != new.rank { rankChanges += 1 }
            var differences: [String: (Determination?, Determination?)] = [:]
            for key in Set(old.determinations.keys).union(new.determinations.keys) where old.determinations[key] != new.determinations[key] {
                differences[key] = (old.determinations[key], new.determinations[key])
            }
            if !differences.isEmpty {
                changed.append(RunComparison.CaseChange(caseID: caseID, ranks: (old.rank, new.rank), determinations: differences))
            }
        }
        changed.sort { $0.ranks.1 < $1.ranks.1 }
        return RunComparison(first: first, second: second, added: b.keys.filter { a[$0] == nil }.sorted(),
                             removed: a.keys.filter { b[$0] == nil }.sorted(), changed: changed, rankChanges: rankChanges)
    }
}
