internal import Foundation
internal import GRDB
import ClemencyRules
import ClemencyStore

/// The SQLite adapter of `ScreeningRunStore` and `CaseworkStore` (see `SQLiteStore+Casework.swift`),
/// built on GRDB (the `AppDatabase` pattern).
///
/// A store owns one database connection writer: a `DatabasePool` (WAL mode) for a file, or a
/// `DatabaseQueue` in memory for tests. Opening a store migrates its database to the current schema
/// (see `SQLiteMigrations`). Each write is one transaction, so a failed or interrupted save keeps
/// nothing. Open a file once per process and share the store; it is `Sendable`.
///
/// ```swift
/// let store = try SQLiteStore(path: "clemency.sqlite")
/// try store.saveRun(run, results: results)
/// ```
public struct SQLiteStore: ScreeningRunStore, Sendable {
    let writer: any DatabaseWriter

    /// Opens (creating if needed) the database file at a path and migrates it.
    ///
    /// - Parameter path: The database file's path.
    /// - Throws: `StoreError.database` when the file cannot be opened or migrated.
    public init(path: String) throws {
        let writer = try Self.perform("open database") {
            try DatabasePool(path: path, configuration: Self.makeConfiguration())
        }
        try self.init(writer: writer)
    }

    /// Opens an empty, migrated database in memory, for tests.
    ///
    /// - Returns: A store whose data disappears with it.
    /// - Throws: `StoreError.database` when the database cannot be created or migrated.
    public static func inMemory() throws -> SQLiteStore {
        let writer = try perform("open database") { try DatabaseQueue(configuration: makeConfiguration()) }
        return try SQLiteStore(writer: writer)
    }

    /// Wraps a connection writer and migrates its database.
    init(writer: any DatabaseWriter) throws {
        self.writer = writer
        try Self.perform("migrate database") { try SQLiteMigrations.migrator.migrate(writer) }
    }

    static func makeConfiguration() -> Configuration {
        var configuration = Configuration()
        // The CLI and a web server may share one file: wait for the other writer rather than fail.
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // A million-result save grows the WAL file to hundreds of megabytes; without a limit the file
            // keeps that size after the checkpoint. This truncates it back when the WAL is next reset.
            try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
            // 16 MiB of page cache per connection (the default is 2 MiB): the web app's readers keep the
            // case list's indexes and recently opened cases in memory.
            try db.execute(sql: "PRAGMA cache_size = -16384")
            // Read the file through a memory map (up to 2 GiB; SQLite caps it at its compile-time limit):
            // a page outside the cache is then a memory access, not a pread system call and a copy.
            // The case list's OFFSET walks a thousand index pages on a deep page, so the calls added up.
            try db.execute(sql: "PRAGMA mmap_size = 2147418112")
        }
        return configuration
    }

    // MARK: - ScreeningRunStore

    /// Records a run and all its results in one transaction: on any error nothing of the run is kept.
    ///
    /// The results are read once, while the transaction is open, and inserted with one prepared
    /// statement, so a run of a million results is neither copied nor slow.
    ///
    /// - Parameters:
    ///   - run: The run.
    ///   - results: Its results, read once, in rank order.
    /// - Throws: `StoreError.duplicateRun` when the id exists; `StoreError.database` when the run or a
    ///   result breaks the schema (an empty id, a negative count, a rank below 1, a case listed twice)
    ///   or the database fails.
    public func saveRun(_ run: ScreeningRun, producing produce: (_ emit: (ScreeningRunResult) throws -> Void) throws -> Void) throws {
        let record = try ScreeningRunRecord(run)
        try Self.perform("save run") {
            try writer.write { db in
                do {
                    try record.insert(db)
                } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
                    throw StoreError.duplicateRun(run.id)
                }
                let runKey = try ScreeningRunKey.insert(runID: run.id, db)
                // Rows go in `batch` at a time: one statement per row spent more in its own overhead than in SQLite.
                let batch = ScreeningResultRecord.rowsPerInsert
                let insertBatch = try db.cachedStatement(sql: ScreeningResultRecord.insertSQL(rows: batch))
                var pending = StatementArguments()
                var pendingRows = 0
                func insert(_ statement: Statement, _ arguments: StatementArguments) throws {
                    statement.setUncheckedArguments(arguments)
                    do {
                        try statement.execute()
                    } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
                        throw StoreError.database("save run: a case appears twice in the results")
                    }
                }
                // The run's pathways, in the order of the codes; listed once, at the end.
                var pathways = ScreeningResultRecord.PathwayPositions()
                do {
                    try produce { result in
                        let determinations = pathways.codes(for: result)
                        pending += ScreeningResultRecord(runKey: runKey, result, determinations: determinations).insertArguments
                        pendingRows += 1
                        if pendingRows == batch {
                            try insert(insertBatch, pending)
                            pending = StatementArguments()
                            pendingRows = 0
                        }
                    }
                    if pendingRows > 0 {
                        try insert(try db.makeStatement(sql: ScreeningResultRecord.insertSQL(rows: pendingRows)), pending)
                    }
                } catch let error as DatabaseError {
                    throw error
                } catch let error as StoreError {
                    throw error
                } catch {
                    // The producer's own failure: roll back and hand it on unchanged.
                    throw ProducerFailure(error: error)
                }
                try ScreeningRunKey.insertPathways(pathways.keys, runKey: runKey, db)
            }
        }
    }

    /// Every recorded run, newest first (by `createdAt`, then by id).
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func runs() throws -> [ScreeningRun] {
        try Self.perform("read runs") {
            try writer.read { db in try ScreeningRunRecord.all().orderedNewestFirst().fetchAll(db) }
                .map { try $0.run() }
        }
    }

    /// The run with an id, or `nil`.
    ///
    /// - Parameter id: The run's id.
    /// - Returns: The run, or `nil` when there is none with that id.
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func fetchRun(id: String) throws -> ScreeningRun? {
        try Self.perform("read run") {
            try writer.read { db in try ScreeningRunRecord.fetchOne(db, key: id) }?.run()
        }
    }

    /// A run's results in rank order (ties by case id).
    ///
    /// - Parameter runID: The run's id.
    /// - Returns: Its results, best rank first.
    /// - Throws: `StoreError.runNotFound` when there is no such run; `StoreError.database` when the
    ///   database fails or holds a malformed row.
    public func results(runID: String) throws -> [ScreeningRunResult] {
        try Self.perform("read results") {
            try writer.read { db in
                guard try ScreeningRunRecord.exists(db, key: runID) else { throw StoreError.runNotFound(runID) }
                guard let runKey = try ScreeningRunKey.fetch(runID: runID, db) else { return [] }
                let decoder = JSONDecoder()
                let pathways = try ScreeningRunKey.pathways(runKey: runKey, db)
                return try Array(
                    ScreeningResultRecord.all().filter(runKey: runKey).orderedByRank().fetchCursor(db)
                        .map { try $0.result(pathways: pathways, decoder: decoder) }
                )
            }
        }
    }

    // MARK: - Errors

    /// Runs `body`, turning any failure that is not already a `StoreError` into `StoreError.database`.
    ///
    /// The message names the operation and SQLite's own message (which names tables, columns and
    /// constraints) but never the SQL arguments, which may hold personal data.
    static func perform<T>(_ operation: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw storeError(error, operation: operation)
        }
    }

    /// Awaits `body`, turning any failure that is not already a `StoreError` into `StoreError.database`
    /// (see the synchronous `perform`).
    static func perform<T>(_ operation: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw storeError(error, operation: operation)
        }
    }

    /// The error to throw for a failure during `operation`.
    private static func storeError(_ error: any Error, operation: String) -> any Error {
        switch error {
        case let failure as ProducerFailure:
            return failure.error
        case let error as StoreError:
            return error
        case let error as DatabaseError:
            let detail = error.message.map { ": \($0)" } ?? ""
            return StoreError.database("\(operation): SQLite error \(error.extendedResultCode.rawValue)\(detail)")
        default:
            // Other errors (row decoding, for one) may quote row values: name only the kind of failure.
            return StoreError.database("\(operation): \(type(of: error))")
        }
    }
}

/// Carries an error thrown by a results producer through the transaction, so that it is rethrown unchanged.
struct ProducerFailure: Error {
    let error: any Error
}
