import ClemencyRules
@testable import ClemencySQLite
import ClemencyStore
import ClemencyTestSupport
import Foundation
import GRDB
import Testing

@Suite("SQLiteStore")
struct SQLiteStoreTests {
    @Test("meets the store contract in memory", arguments: StoreContract.Check.allCases)
    func contractInMemory(_ check: StoreContract.Check) throws {
        try check.run(on: SQLiteStore.inMemory())
    }

    @Test("meets the store contract in a WAL file", arguments: StoreContract.Check.allCases)
    func contractInFile(_ check: StoreContract.Check) throws {
        let directory = try TemporaryDirectory()
        try check.run(on: SQLiteStore(path: directory.databasePath))
    }

    // MARK: - Schema

    @Test("migrations are named and applied in order")
    func migrationNames() throws {
        let store = try SQLiteStore.inMemory()

        let applied = try store.writer.read { db in try SQLiteMigrations.migrator.appliedMigrations(db) }

        let expected = [
            "0001 create screening_run", "0002 create screening_result", "0003 create user_account",
            "0004 create user_session", "0005 create api_token", "0006 create case_file",
            "0007 create case_determination", "0008 create assignment_offer", "0009 create audit_event",
            "0010 create import_record",
            "0011 case_determination priority_score", "0012 import_record accepted", "0013 determination_count",
            "0014 case_file status time index", "0015 case_status_count", "0016 user_account disabled_at",
            "0100 screening_result integer run key", "0101 screening_result determination codes",
        ]
        #expect(SQLiteMigrations.migrator.migrations == expected)
        #expect(applied == expected)
    }

    @Test("screening_run has the expected columns")
    func screeningRunColumns() throws {
        let store = try SQLiteStore.inMemory()

        let columns = try store.writer.read { db in try db.columns(in: "screening_run") }

        #expect(
            columns.map(ColumnShape.init) == [
                ColumnShape("id", "TEXT", notNull: true, primaryKey: 1),
                ColumnShape("created_at", "TEXT", notNull: true),
                ColumnShape("as_of", "TEXT", notNull: true),
                ColumnShape("input_digest", "TEXT", notNull: true),
                ColumnShape("input_files", "TEXT", notNull: true),
                ColumnShape("law_version", "TEXT", notNull: true),
                ColumnShape("policy_version", "TEXT", notNull: true),
                ColumnShape("cases_screened", "INTEGER", notNull: true),
                ColumnShape("cases_rejected", "INTEGER", notNull: true),
            ]
        )
    }

    @Test("screening_result has the expected columns, key and foreign key, and no rank index")
    func screeningResultShape() throws {
        let store = try SQLiteStore.inMemory()

        let (columns, indexes, foreignKeys) = try store.writer.read { db in
            (
                try db.columns(in: "screening_result"),
                try db.indexes(on: "screening_result"),
                try Row.fetchAll(db, sql: "PRAGMA foreign_key_list(screening_result)")
            )
        }

        #expect(
            columns.map(ColumnShape.init) == [
                ColumnShape("run_key", "INTEGER", notNull: true, primaryKey: 1),
                ColumnShape("case_id", "TEXT", notNull: true, primaryKey: 2),
                ColumnShape("district", "TEXT", notNull: false),
                ColumnShape("rank", "INTEGER", notNull: true),
                ColumnShape("score", "INTEGER", notNull: true),
                ColumnShape("sentence_imposed", "TEXT", notNull: false),
                ColumnShape("estimated_sentence_today", "TEXT", notNull: false),
                ColumnShape("reduction_months", "INTEGER", notNull: false),
                ColumnShape("overserved_months", "INTEGER", notNull: false),
                ColumnShape("determinations", "TEXT", notNull: true),
            ]
        )
        // Since 0101 no rank index: results are read whole and sorted then (see the migration's note).
        #expect(!indexes.contains { $0.columns == ["run_key", "rank"] })
        #expect(foreignKeys.count == 1)
        #expect(foreignKeys.first?["table"] == "screening_run_key")
        #expect(foreignKeys.first?["from"] == "run_key")
        #expect(foreignKeys.first?["on_delete"] == "CASCADE")
    }

    @Test("0100 keeps the runs and results recorded under the earlier schema")
    func integerRunKeyMigration() throws {
        // Given a database at 0002 holding two runs and their results
        let queue = try DatabaseQueue(configuration: SQLiteStore.makeConfiguration())
        try SQLiteMigrations.migrator.migrate(queue, upTo: "0002 create screening_result")
        try queue.write { db in
            for run in ["run-a", "run-b"] {
                try db.execute(sql: """
                    INSERT INTO screening_run VALUES (?, '2025-01-01T00:00:00Z', '2026-11-30', 'digest', '["in.csv"]', 'law', 'policy', 2, 0)
                    """, arguments: [run])
                try db.execute(sql: """
                    INSERT INTO screening_result VALUES (?, 'case-2', 'D. Mass.', 2, 10, '120 months', '60 months', 60, 0, '{"first_step_act_404":"eligible"}'),
                                                        (?, 'case-1', NULL, 1, 20, NULL, NULL, NULL, NULL, '{}')
                    """, arguments: [run, run])
            }
        }

        // When it is opened (and migrated)
        let store = try SQLiteStore(writer: queue)

        // Then every run keeps its results, in rank order, and deleting a run still deletes them
        for run in ["run-a", "run-b"] {
            let results = try store.results(runID: run)
            #expect(results.map(\.caseID) == ["case-1", "case-2"])
            #expect(results.last?.determinations == ["first_step_act_404": .eligible])
            #expect(results.last?.district == "D. Mass.")
        }
        let remaining = try queue.write { db in
            _ = try ScreeningRunRecord.deleteOne(db, key: "run-a")
            return try ScreeningResultRecord.fetchCount(db)
        }
        #expect(remaining == 2)
    }

    @Test("0101: determinations are kept as one code per pathway of the run; pathways first met later, or missing, read back exactly")
    func determinationCodes() throws {
        let store = try SQLiteStore.inMemory()
        func result(_ id: String, rank: Int, _ determinations: [String: Determination]) -> ScreeningRunResult {
            ScreeningRunResult(caseID: id, district: nil, rank: rank, score: 0, sentenceImposed: nil, estimatedSentenceToday: nil,
                               reductionMonths: nil, overservedMonths: nil, determinations: determinations)
        }
        let results = [
            result("a", rank: 1, ["first_step_act_404": .eligible, "guideline_reduction_3582c2/782": .needsInformation]),
            result("b", rank: 2, ["first_step_act_404": .ineligible, "proposed_law/crack_powder_1_to_1": .eligible]),
            result("c", rank: 3, [:]),
        ]
        try store.saveRun(StoreContract.sampleRun(id: "run-codes"), results: results)
        #expect(try store.results(runID: "run-codes") == results)
        let stored = try store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT determinations FROM screening_result ORDER BY rank")
        }
        #expect(stored == ["en", "i-e", "---"])
        let pathways = try store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT pathway FROM screening_run_pathway ORDER BY position")
        }
        #expect(pathways == ["first_step_act_404", "guideline_reduction_3582c2/782", "proposed_law/crack_powder_1_to_1"])

        // Letters a producer already holds are stored as they are, in its pathway order, and read back the same.
        let keys = ["proposed_law", "first_step_act_404"]
        let lettered = [
            ScreeningRunResult(caseID: "x", district: nil, rank: 1, score: 0, sentenceImposed: nil, estimatedSentenceToday: nil,
                               reductionMonths: nil, overservedMonths: nil, determinations: ["proposed_law": .eligible],
                               letters: DeterminationLetters(pathways: keys, letters: "e-")),
            ScreeningRunResult(caseID: "y", district: nil, rank: 2, score: 0, sentenceImposed: nil, estimatedSentenceToday: nil,
                               reductionMonths: nil, overservedMonths: nil,
                               determinations: ["proposed_law": .ineligible, "first_step_act_404": .needsInformation],
                               letters: DeterminationLetters(pathways: keys, letters: "in")),
        ]
        try store.saveRun(StoreContract.sampleRun(id: "run-letters"), results: lettered)
        #expect(try store.results(runID: "run-letters") == lettered)
        #expect(try store.results(runID: "run-letters").map(\.determinations) == lettered.map(\.determinations))
        let letteredPathways = try store.writer.read { db in
            try String.fetchAll(db, sql: """
                SELECT p.pathway FROM screening_run_pathway p JOIN screening_run_key k ON k.run_key = p.run_key
                WHERE k.run_id = 'run-letters' ORDER BY p.position
                """)
        }
        #expect(letteredPathways == keys)
    }

    @Test("deleting a run deletes its results")
    func cascadeDelete() throws {
        let store = try SQLiteStore.inMemory()
        try store.saveRun(StoreContract.sampleRun(id: "run-1"), results: StoreContract.manyResults(10))

        let remaining = try store.writer.write { db in
            _ = try ScreeningRunRecord.deleteOne(db, key: "run-1")
            return try ScreeningResultRecord.fetchCount(db)
        }

        #expect(remaining == 0)
    }

    @Test("input_files is compact JSON; determinations are one code per pathway, the run's pathways listed once")
    func storedJSON() throws {
        // Given a run with two input files and a result with three pathways
        let store = try SQLiteStore.inMemory()
        let run = StoreContract.sampleRun(id: "run-1", inputFiles: ["in/a.csv", "b.csv"])
        let result = StoreContract.sampleResult(
            caseID: "case-1",
            rank: 1,
            determinations: [
                "proposed_law": .ineligible, "first_step_act_404": .eligible, "a/\"b\"": .needsInformation,
            ]
        )

        // When it is saved
        try store.saveRun(run, results: [result])

        // Then the text in the database is the documented format
        let (inputFiles, determinations, pathways) = try store.writer.read { db in
            (
                try String.fetchOne(db, sql: "SELECT input_files FROM screening_run"),
                try String.fetchOne(db, sql: "SELECT determinations FROM screening_result"),
                try String.fetchAll(db, sql: "SELECT pathway FROM screening_run_pathway ORDER BY position")
            )
        }
        #expect(inputFiles == #"["in/a.csv","b.csv"]"#)
        // One code per pathway of the run (sorted by key when first met), the keys listed once, as they are.
        #expect(determinations == "nei")
        #expect(pathways == [#"a/"b""#, "first_step_act_404", "proposed_law"])
    }

    @Test("determinations written by another tool, with spaces and escapes, are read")
    func foreignJSON() throws {
        // Given a row whose JSON was not written by this adapter
        let store = try SQLiteStore.inMemory()
        try store.saveRun(
            StoreContract.sampleRun(id: "run-1"),
            results: [StoreContract.sampleResult(caseID: "c", rank: 1)]
        )
        try store.writer.write { db in
            try db.execute(
                sql: "UPDATE screening_result SET determinations = ?",
                arguments: [#"{ "first_step_act_404" : "eligible", "caf\u00e9" : "needs_information" }"#]
            )
        }

        // When it is read
        let results = try store.results(runID: "run-1")

        // Then the determinations are decoded all the same
        #expect(results.first?.determinations == ["first_step_act_404": .eligible, "café": .needsInformation])
    }

    @Test("an unknown determination in the database is a database error")
    func unknownDetermination() throws {
        let store = try SQLiteStore.inMemory()
        try store.saveRun(
            StoreContract.sampleRun(id: "run-1"),
            results: [StoreContract.sampleResult(caseID: "c", rank: 1)]
        )
        try store.writer.write { db in
            try db.execute(sql: #"UPDATE screening_result SET determinations = '{"proposed_law":"maybe"}'"#)
        }

        #expect(
            throws: StoreError.database(
                "read results: determinations is not a JSON object of known determinations"
            )
        ) {
            try store.results(runID: "run-1")
        }
    }

    // MARK: - Files

    @Test("a file store reopened from its path keeps its runs")
    func reopenKeepsRuns() throws {
        // Given a file store with two runs
        let directory = try TemporaryDirectory()
        let runs = [
            StoreContract.sampleRun(id: "run-old", createdAt: "2025-01-01T00:00:00Z"),
            StoreContract.sampleRun(id: "run-new", createdAt: "2025-02-01T00:00:00Z"),
        ]
        let results = StoreContract.manyResults(100)
        do {
            let store = try SQLiteStore(path: directory.databasePath)
            for run in runs { try store.saveRun(run, results: results) }
        }

        // When the file is opened again
        let reopened = try SQLiteStore(path: directory.databasePath)

        // Then everything is there
        #expect(try reopened.runs() == runs.reversed())
        #expect(try reopened.results(runID: "run-old") == results)
        #expect(try reopened.results(runID: "run-new") == results)
    }

    @Test("a file store uses WAL mode and enforces foreign keys")
    func walMode() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.databasePath)

        let (journalMode, foreignKeys) = try store.writer.read { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                try Bool.fetchOne(db, sql: "PRAGMA foreign_keys")
            )
        }

        #expect(store.writer is DatabasePool)
        #expect(journalMode == "wal")
        #expect(foreignKeys == true)
    }

    @Test("a save that fails after 5,000 rows leaves nothing in the file")
    func failedSaveInFile() throws {
        // Given a file store holding one run
        let directory = try TemporaryDirectory()
        let kept = StoreContract.sampleRun(id: "run-kept")
        do {
            let store = try SQLiteStore(path: directory.databasePath)
            try store.saveRun(kept, results: StoreContract.manyResults(3))

            // When a save fails after 5,000 results: the 5,001st repeats a case id
            let results = (1...5_001).lazy.map { rank in
                StoreContract.sampleResult(caseID: "case-\(rank <= 5_000 ? rank : 1)", rank: rank)
            }
            #expect(throws: StoreError.database("save run: a case appears twice in the results")) {
                try store.saveRun(StoreContract.sampleRun(id: "run-failed"), results: results)
            }
        }

        // Then, reopened, the file holds only the first run and its results
        let reopened = try SQLiteStore(path: directory.databasePath)
        #expect(try reopened.runs() == [kept])
        #expect(try reopened.writer.read { db in try ScreeningResultRecord.fetchCount(db) } == 3)
    }

    @Test("a process killed mid-save leaves nothing in the file", arguments: [5_000, 400_000])
    func killedMidSave(rowsBeforeKill: Int) async throws {
        // Given a file store holding one run
        let directory = try TemporaryDirectory()
        let path = directory.databasePath
        let kept = StoreContract.sampleRun(id: "run-kept")
        try SQLiteStore(path: path).saveRun(kept, results: StoreContract.manyResults(3))

        // When another process is killed (SIGKILL: no cleanup at all) while its results are being
        // inserted. 400,000 rows outgrow SQLite's page cache (16 MiB), so uncommitted pages reach the WAL file.
        await #expect(processExitsWith: .signal(SIGKILL)) {
            [path = path as String, rowsBeforeKill = rowsBeforeKill as Int] in
            let store = try SQLiteStore(path: path)
            let results = (1...).lazy.map { rank in
                if rank > rowsBeforeKill { kill(getpid(), SIGKILL) }
                return StoreContract.sampleResult(caseID: "case-\(rank)", rank: rank)
            }
            try store.saveRun(StoreContract.sampleRun(id: "run-killed"), results: results)
        }

        // Then uncommitted pages were left in the WAL file (when they outgrew the cache)
        let walSize = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        if rowsBeforeKill >= 400_000 { #expect(walSize > 2_500_000) }

        // And, reopened, the file is sound and holds only the first run and its results
        let reopened = try SQLiteStore(path: path)
        #expect(try reopened.runs() == [kept])
        #expect(try reopened.fetchRun(id: "run-killed") == nil)
        let (resultRows, integrity) = try await reopened.writer.read { db in
            (try ScreeningResultRecord.fetchCount(db), try String.fetchOne(db, sql: "PRAGMA integrity_check"))
        }
        #expect(resultRows == 3)
        #expect(integrity == "ok")
        // And it takes new runs
        try reopened.saveRun(StoreContract.sampleRun(id: "run-after"), results: StoreContract.manyResults(3))
        #expect(try reopened.results(runID: "run-after").count == 3)
    }

    // MARK: - Errors

    @Test("database errors name the operation and constraint, never the data")
    func errorMessages() throws {
        let store = try SQLiteStore.inMemory()
        let secret = "Jane Q. Prisoner 12345-678"

        let error = #expect(throws: StoreError.self) {
            try store.saveRun(
                StoreContract.sampleRun(id: "run-1"),
                results: [StoreContract.sampleResult(caseID: secret, rank: 0)]
            )
        }

        guard case .database(let message) = error else {
            Issue.record("expected StoreError.database, got \(String(describing: error))")
            return
        }
        #expect(message.hasPrefix("save run: SQLite error 275: CHECK constraint failed"))
        #expect(!message.contains(secret))
    }

    @Test("opening an unusable path throws a database error")
    func unusablePath() throws {
        let directory = try TemporaryDirectory()

        let error = #expect(throws: StoreError.self) {
            try SQLiteStore(path: directory.url.appendingPathComponent("missing/dir/store.sqlite").path)
        }

        #expect(error?.description.hasPrefix("database error: open database: SQLite error") == true)
    }
}

/// A column's name, declared type, nullability and position in the primary key (0 when not in it).
private struct ColumnShape: Equatable, CustomStringConvertible {
    let name: String
    let type: String
    let notNull: Bool
    let primaryKey: Int

    init(_ name: String, _ type: String, notNull: Bool, primaryKey: Int = 0) {
        self.name = name
        self.type = type
        self.notNull = notNull
        self.primaryKey = primaryKey
    }

    init(_ column: ColumnInfo) {
        self.init(column.name, column.type, notNull: column.isNotNull, primaryKey: column.primaryKeyIndex)
    }

    var description: String {
        "\(name) \(type)\(notNull ? " NOT NULL" : "")\(primaryKey > 0 ? " PK\(primaryKey)" : "")"
    }
}

/// A directory removed when the value is released.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("clemency-sqlite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var databasePath: String { url.appendingPathComponent("store.sqlite").path }

    deinit { try? FileManager.default.removeItem(at: url) }
}
