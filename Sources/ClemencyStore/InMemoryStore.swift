import Foundation
import ClemencyRules

/// A `ScreeningRunStore` that keeps runs in memory, for tests and one-off commands.
///
/// It enforces the same rules as the database adapters, so the contract suite in
/// `ClemencyTestSupport` holds for it too: run ids are unique, a run's case ids are unique,
/// ranks start at 1, counts are not negative, and a failed save keeps nothing.
///
/// ```swift
/// let store = InMemoryStore()
/// try store.saveRun(run, results: results)
/// let ranked = try store.results(runID: run.id)
/// ```
public final class InMemoryStore: ScreeningRunStore, @unchecked Sendable {
    // `@unchecked` because `Synchronization.Mutex` needs macOS 15 and the package supports macOS 14:
    // every read and write of `state` happens inside `lock`, so instances are safe to share.
    private let lock = NSLock()
    private var state = State()

    private struct State {
        var runs: [String: ScreeningRun] = [:]
        var results: [String: [ScreeningRunResult]] = [:]
    }

    /// Creates an empty store.
    public init() {}

    /// Records a run and all its results atomically: on any error nothing of the run is kept.
    ///
    /// The results are read once and collected before anything is published, so a failure while
    /// reading them leaves the store as it was.
    ///
    /// - Parameters:
    ///   - run: The run.
    ///   - results: Its results, read once, in rank order.
    /// - Throws: `StoreError.duplicateRun` when the id exists; `StoreError.database` when the run or
    ///   a result breaks a rule of the schema (an empty id, a negative count, a rank below 1, a case
    ///   listed twice).
    public func saveRun(_ run: ScreeningRun, producing produce: (_ emit: (ScreeningRunResult) throws -> Void) throws -> Void) throws {
        try Self.validate(run)
        // Fail before reading the results, as the SQLite adapter does.
        guard (lock.withLock { state.runs[run.id] }) == nil else { throw StoreError.duplicateRun(run.id) }

        var collected: [ScreeningRunResult] = []
        var caseIDs: Set<String> = []
        try produce { result in
            try Self.validate(result)
            guard caseIDs.insert(result.caseID).inserted else {
                throw StoreError.database("save run: a case appears twice in the results")
            }
            collected.append(result)
        }
        collected.sort(by: Self.rankOrder)

        try lock.withLock {
            // Checked again: another thread may have saved the same id while the results were read.
            guard state.runs[run.id] == nil else { throw StoreError.duplicateRun(run.id) }
            state.runs[run.id] = run
            state.results[run.id] = collected
        }
    }

    /// Every recorded run, newest first (by `createdAt`, then by id).
    public func runs() throws -> [ScreeningRun] {
        lock.withLock { Array(state.runs.values) }.sorted { lhs, rhs in
            !lhs.createdAt.utf8.elementsEqual(rhs.createdAt.utf8)
                ? Self.precedes(rhs.createdAt, lhs.createdAt) : Self.precedes(lhs.id, rhs.id)
        }
    }

    /// The run with an id, or `nil`.
    public func fetchRun(id: String) throws -> ScreeningRun? {
        lock.withLock { state.runs[id] }
    }

    /// A run's results in rank order (ties by case id).
    ///
    /// - Throws: `StoreError.runNotFound` when there is no such run.
    public func results(runID: String) throws -> [ScreeningRunResult] {
        guard let results = lock.withLock({ state.results[runID] }) else { throw StoreError.runNotFound(runID) }
        return results
    }

    // The same rules as the CHECK constraints of the SQLite schema (migration "0001 create screening_run"
    // and "0002 create screening_result"); the messages name the rule, never the value.
    private static func validate(_ run: ScreeningRun) throws {
        guard !run.id.isEmpty else { throw StoreError.database("save run: the run id is empty") }
        guard !run.createdAt.isEmpty else { throw StoreError.database("save run: created_at is empty") }
        guard (0...9999).contains(run.asOf.year) else {
            throw StoreError.database("save run: as_of is not a four-digit-year date")
        }
        guard run.casesScreened >= 0, run.casesRejected >= 0 else {
            throw StoreError.database("save run: a case count is negative")
        }
    }

    private static func validate(_ result: ScreeningRunResult) throws {
        guard !result.caseID.isEmpty else { throw StoreError.database("save run: a case id is empty") }
        guard result.rank >= 1 else { throw StoreError.database("save run: a rank is below 1") }
    }

    private static func rankOrder(_ lhs: ScreeningRunResult, _ rhs: ScreeningRunResult) -> Bool {
        lhs.rank != rhs.rank ? lhs.rank < rhs.rank : precedes(lhs.caseID, rhs.caseID)
    }

    // Byte order of the UTF-8 text, as SQLite's BINARY collation sorts, so both adapters agree.
    private static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}
