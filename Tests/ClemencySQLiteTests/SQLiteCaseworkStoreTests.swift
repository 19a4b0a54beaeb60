import ClemencyRules
@testable import ClemencySQLite
import ClemencyStore
import ClemencyTestSupport
import ClemencyWorkflow
import Foundation
import GRDB
import Testing

@Suite("SQLiteStore as a CaseworkStore")
struct SQLiteCaseworkStoreTests {
    @Test("meets the casework store contract in memory", arguments: CaseworkStoreContract.Check.allCases)
    func contractInMemory(_ check: CaseworkStoreContract.Check) async throws {
        try await check.run(on: SQLiteStore.inMemory())
    }

    @Test("meets the casework store contract in a WAL file", arguments: CaseworkStoreContract.Check.allCases)
    func contractInFile(_ check: CaseworkStoreContract.Check) async throws {
        let directory = try TemporaryDirectory()
        try await check.run(on: SQLiteStore(path: directory.databasePath))
    }

    // MARK: - Schema

    @Test("case_file has the list indexes and case_determination the filter index")
    func listIndexes() throws {
        let store = try SQLiteStore.inMemory()

        let (caseIndexes, determinationIndexes) = try store.writer.read { db in
            (try db.indexes(on: "case_file"), try db.indexes(on: "case_determination"))
        }

        let caseColumns = Dictionary(uniqueKeysWithValues: caseIndexes.map { ($0.name, $0.columns) })
        #expect(caseColumns["case_file_on_priority"] == ["priority_score", "case_id"])
        #expect(caseColumns["case_file_on_status_changed_at"] == ["status_changed_at", "case_id"])
        #expect(caseColumns["case_file_on_status"] == ["status", "priority_score", "case_id"])
        #expect(caseColumns["case_file_on_district"] == ["district", "priority_score", "case_id"])
        #expect(caseColumns["case_file_on_attorney"] == ["assigned_attorney_id", "status"])
        #expect(determinationIndexes.contains {
            $0.name == "case_determination_on_pathway_key_determination"
                && $0.columns == ["pathway_key", "determination", "case_id"]
        })
    }

    @Test("the list's queries use the indexes, not a scan and sort of every case")
    func listQueryPlans() throws {
        let store = try SQLiteStore.inMemory()
        let queries = [
            CaseQuery(order: .priority), CaseQuery(order: .oldestStatus), CaseQuery(order: .caseID),
            CaseQuery(status: .screened), CaseQuery(district: "Eastern District of Virginia"),
            CaseQuery(caseIDPrefix: "1:05"),
        ]

        for query in queries {
            let filter = CaseListFilter(query)
            let order = switch query.order {
            case .priority: "c.priority_score DESC, c.case_id"
            case .caseID: "c.case_id"
            case .oldestStatus: "c.status_changed_at, c.case_id"
            }
            let plan = try store.writer.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT c.case_id FROM case_file c\(filter.sql) ORDER BY \(order) LIMIT 50",
                                 arguments: filter.arguments).map { $0["detail"] as String? ?? "" }
            }
            #expect(plan.contains { $0.contains("USING") && $0.contains("INDEX") }, "plan of \(query): \(plan)")
            if query.caseIDPrefix == nil { #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "plan of \(query): \(plan)") }
        }
    }

    @Test("a pathway filter by priority reads one index of case_determination: no sort, and its copy of the score follows the case")
    func pathwayFilterPlan() async throws {
        let store = try SQLiteStore.inMemory()
        let plan = try await store.writer.read { db in
            try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN SELECT c.case_id FROM case_determination d JOIN case_file c ON c.case_id = d.case_id
                WHERE d.pathway_key = ? AND d.determination = ? ORDER BY d.priority_score DESC, d.case_id LIMIT 50
                """, arguments: ["first_step_act_404", "eligible"]).map { $0["detail"] as String? ?? "" }
        }
        #expect(plan.contains { $0.contains("case_determination_by_priority") }, "\(plan)")
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")

        let file = try CaseworkStoreContract.sampleCase(id: "case-1", status: .intake)
        try await store.commit(CaseworkChange(cases: [.init(file: file, expectedVersion: nil)]))
        let scores = try await store.writer.read { db in try Int.fetchAll(db, sql: "SELECT DISTINCT priority_score FROM case_determination") }
        #expect(scores == [file.summary.priorityScore])
        let key = try #require(file.summary.determinations.first)
        let page = try await store.listCases(CaseQuery(pathway: key.key, determination: key.value))
        #expect(page.total == 1)
        #expect(page.cases.map(\.caseID) == ["case-1"])
    }

    @Test("the dashboard's determination counts kept by triggers equal a count of every determination, after inserts and updates")
    func determinationCountsFollowWrites() async throws {
        let store = try SQLiteStore.inMemory()
        let files = try (1...3).map { try CaseworkStoreContract.sampleCase(id: "case-\($0)", status: .intake) }
        try await store.commit(CaseworkChange(cases: files.map { .init(file: $0, expectedVersion: nil) }))
        var changed = files[0]
        changed.screening = files[1].screening
        try await store.commit(CaseworkChange(cases: [.init(file: changed, expectedVersion: 1)]))
        let (kept, counted) = try await store.writer.read { db in
            (try Row.fetchAll(db, sql: "SELECT pathway_key, determination, count FROM determination_count WHERE count > 0 ORDER BY 1, 2")
                .map { "\($0[0] as String)|\($0[1] as String)|\($0[2] as Int)" },
             try Row.fetchAll(db, sql: "SELECT pathway_key, determination, COUNT(*) FROM case_determination GROUP BY 1, 2 ORDER BY 1, 2")
                .map { "\($0[0] as String)|\($0[1] as String)|\($0[2] as Int)" })
        }
        #expect(!kept.isEmpty)
        #expect(kept == counted)
    }

    @Test("the case counts per status kept by triggers equal a count of every case, after inserts, status changes and deletes; the list's total uses them")
    func statusCountsFollowWrites() async throws {
        let store = try SQLiteStore.inMemory()
        let files = try (1...4).map { try CaseworkStoreContract.sampleCase(id: "case-\($0)", status: .intake) }
        try await store.commit(CaseworkChange(cases: files.map { .init(file: $0, expectedVersion: nil) }))
        var screened = files[0]
        screened.status = .screened
        var unchanged = files[1]
        unchanged.personName = "Changed Name"
        try await store.commit(CaseworkChange(cases: [.init(file: screened, expectedVersion: 1), .init(file: unchanged, expectedVersion: 1)]))
        try await store.writer.write { db in
            try db.execute(sql: "DELETE FROM case_determination WHERE case_id = 'case-4'; DELETE FROM case_file WHERE case_id = 'case-4'")
        }
        let (kept, counted) = try await store.writer.read { db in
            (try Row.fetchAll(db, sql: "SELECT status, count FROM case_status_count WHERE count > 0 ORDER BY 1")
                .map { "\($0[0] as String)|\($0[1] as Int)" },
             try Row.fetchAll(db, sql: "SELECT status, COUNT(*) FROM case_file GROUP BY 1 ORDER BY 1")
                .map { "\($0[0] as String)|\($0[1] as Int)" })
        }
        #expect(kept == ["intake|2", "screened|1"])
        #expect(kept == counted)
        #expect(try await store.listCases(CaseQuery()).total == 3)
        #expect(try await store.listCases(CaseQuery(status: .intake)).total == 2)
        #expect(try await store.listCases(CaseQuery(status: .closed)).total == 0)
        #expect(try await store.dashboard().totalCases == 3)
        #expect(try await store.dashboard().statuses == [.intake: 2, .screened: 1])
    }

    @Test("values the schema forbids are refused: unknown status, version 0, an offer of an unknown case")
    func schemaChecks() async throws {
        let store = try SQLiteStore.inMemory()
        let file = try CaseworkStoreContract.sampleCase(id: "case-1", status: .intake)
        try await store.commit(CaseworkChange(cases: [.init(file: file, expectedVersion: nil)]))

        let statements = [
            "UPDATE case_file SET status = 'pending'",
            "UPDATE case_file SET version = 0",
            "UPDATE case_file SET facts = 'not json'",
            "INSERT INTO case_determination (case_id, pathway_key, determination) VALUES ('case-1', 'x', 'maybe')",
        ]
        for sql in statements {
            #expect(throws: DatabaseError.self, "\(sql)") { try store.writer.write { db in try db.execute(sql: sql) } }
        }
        let orphan = AssignmentOffer(id: "offer-1", caseID: "case-unknown", attorneyID: "u", offeredBy: "s",
                                     offeredAt: CaseworkStoreContract.instant(0))
        let error = await #expect(throws: StoreError.self) { try await store.commit(CaseworkChange(offers: [orphan])) }
        #expect(error?.description.contains("FOREIGN KEY constraint failed") == true)
    }

    @Test("JSON columns hold compact JSON and the list columns the summary's values")
    func storedColumns() async throws {
        let store = try SQLiteStore.inMemory()
        var file = try CaseworkStoreContract.sampleCase(id: "case-1", status: .screened)
        file.coDefendants = ["a/b", "Zoë"]
        try await store.commit(CaseworkChange(cases: [.init(file: file, expectedVersion: nil)]))

        let row = try #require(try store.writer.read { db in
            try Row.fetchOne(db, sql: """
                SELECT co_defendants, json_extract(facts, '$.caseID') AS facts_case_id, priority_score, district,
                       missing_fact_count, status_changed_at, screened_as_of,
                       (SELECT COUNT(*) FROM case_determination WHERE case_id = 'case-1') AS determinations
                FROM case_file
                """)
        })
        let summary = file.summary
        #expect(row["co_defendants"] as String? == #"["a/b","Zoë"]"#)
        #expect(row["facts_case_id"] as String? == "case-1")
        #expect(row["priority_score"] as Int? == summary.priorityScore)
        #expect(row["district"] as String? == "Eastern District of Virginia")
        #expect(row["missing_fact_count"] as Int? == summary.missingFactCount)
        #expect(row["status_changed_at"] as String? == "2025-06-15 12:00:00.000")
        #expect(row["screened_as_of"] as String? == "2025-06-30")
        #expect(row["determinations"] as Int? == summary.determinations.count)
    }

    @Test("the prefix successor bounds exactly the texts starting with the prefix")
    func prefixSuccessor() {
        #expect(CaseListFilter.successor(ofPrefix: "CR-1") == "CR-2")
        #expect(CaseListFilter.successor(ofPrefix: "É") == "Ê")
        #expect(CaseListFilter.successor(ofPrefix: "a\u{D7FF}") == "a\u{E000}")
        #expect(CaseListFilter.successor(ofPrefix: "a\u{10FFFF}") == "b")
        #expect(CaseListFilter.successor(ofPrefix: "\u{10FFFF}") == nil)
    }

    // MARK: - Atomicity in a file

    @Test("a commit that fails after 2,000 case writes leaves the file as before")
    func failedCommitInFile() async throws {
        // Given a file store holding one case, one event and one import
        let directory = try TemporaryDirectory()
        let seed = try CaseworkStoreContract.sampleCase(id: "seed", status: .intake)
        let seedImport = CaseworkStoreContract.sampleImport(id: "import-seed", at: CaseworkStoreContract.instant(0))
        do {
            let store = try SQLiteStore(path: directory.databasePath)
            try await store.commit(CaseworkChange(
                cases: [.init(file: seed, expectedVersion: nil)],
                events: [CaseworkStoreContract.sampleEvent(id: "evt-seed", caseID: "seed", at: CaseworkStoreContract.instant(0))],
                importRecord: seedImport))

            // When a commit writes 2,000 cases, events and an update, then fails on an event of an unknown case
            var changedSeed = seed
            changedSeed.status = .screened
            let change = CaseworkChange(
                cases: try bulkCases(2_000).map { .init(file: $0, expectedVersion: nil) } + [.init(file: changedSeed, expectedVersion: 1)],
                events: [CaseworkStoreContract.sampleEvent(id: "evt-1", caseID: "bulk-0001", at: CaseworkStoreContract.instant(5)),
                         CaseworkStoreContract.sampleEvent(id: "evt-x", caseID: "no-such-case", at: CaseworkStoreContract.instant(5))],
                importRecord: CaseworkStoreContract.sampleImport(id: "import-big", at: CaseworkStoreContract.instant(5)))
            await #expect(throws: StoreError.self) { try await store.commit(change) }
        }

        // Then, reopened, the file holds exactly what it held before
        try await expectOnlySeed(path: directory.databasePath, seed: seed, seedImport: seedImport)
    }

    @Test("a process killed during a big commit leaves the file as before")
    func killedMidCommit() async throws {
        // Given a file store holding one case, one event and one import
        let directory = try TemporaryDirectory()
        let path = directory.databasePath
        let seed = try CaseworkStoreContract.sampleCase(id: "seed", status: .intake)
        let seedImport = CaseworkStoreContract.sampleImport(id: "import-seed", at: CaseworkStoreContract.instant(0))
        do {
            let store = try SQLiteStore(path: path)
            try await store.commit(CaseworkChange(
                cases: [.init(file: seed, expectedVersion: nil)],
                events: [CaseworkStoreContract.sampleEvent(id: "evt-seed", caseID: "seed", at: CaseworkStoreContract.instant(0))],
                importRecord: seedImport))
        }

        // When another process is killed (SIGKILL: no cleanup at all) once its commit of 6,000 cases has
        // spilled 8 MB of uncommitted pages into the WAL file
        await #expect(processExitsWith: .signal(SIGKILL)) { [path = path as String] in
            let store = try SQLiteStore(path: path)
            let cases = try bulkCases(6_000)
            let walPath = path + "-wal"
            @Sendable func walSize() -> Int { (try? FileManager.default.attributesOfItem(atPath: walPath)[.size] as? Int) ?? 0 }
            let start = walSize()
            let watcher = Thread {
                while true {
                    if walSize() > start + 8_000_000 { kill(getpid(), SIGKILL) }
                    usleep(200)
                }
            }
            watcher.start()
            try await store.commit(CaseworkChange(
                cases: cases.map { .init(file: $0, expectedVersion: nil) },
                events: [CaseworkStoreContract.sampleEvent(id: "evt-1", caseID: "bulk-0001", at: CaseworkStoreContract.instant(5))],
                importRecord: CaseworkStoreContract.sampleImport(id: "import-big", at: CaseworkStoreContract.instant(5))))
            // Reached only when the commit ended before the WAL grew: the expectation then fails.
        }

        // Then uncommitted pages were left in the WAL file
        let walSize = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        #expect(walSize > 8_000_000)

        // And, reopened, the file is sound and holds exactly what it held before
        try await expectOnlySeed(path: path, seed: seed, seedImport: seedImport)
    }

    /// Checks that the file at `path` holds only the seed case, its event and its import, and takes new commits.
    private func expectOnlySeed(path: String, seed: CaseFile, seedImport: ImportRecord) async throws {
        let reopened = try SQLiteStore(path: path)
        var stored = seed
        stored.version = 1
        #expect(try await reopened.fetchCase(id: "seed") == stored)
        #expect(try await reopened.fetchCase(id: "bulk-0001") == nil)
        #expect(try await reopened.listCases(CaseQuery()).total == 1)
        #expect(try await reopened.auditTrail(caseID: "seed").map(\.id) == ["evt-seed"])
        #expect(try await reopened.auditTrail(caseID: "bulk-0001") == [])
        #expect(try await reopened.importRecords() == [seedImport])
        let (determinationRows, integrity) = try await reopened.writer.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_determination"),
             try String.fetchOne(db, sql: "PRAGMA integrity_check"))
        }
        #expect(determinationRows == stored.summary.determinations.count)
        #expect(integrity == "ok")

        // And it takes new commits
        let after = try CaseworkStoreContract.sampleCase(id: "after", status: .intake)
        try await reopened.commit(CaseworkChange(cases: [.init(file: after, expectedVersion: nil)]))
        #expect(try await reopened.fetchCase(id: "after")?.version == 1)
    }
}

/// `count` cases `bulk-0000`… sharing one real screening, for big commits.
private func bulkCases(_ count: Int) throws -> [CaseFile] {
    let template = try CaseworkStoreContract.sampleCase(id: "bulk-template", status: .intake)
    return (0..<count).map { index in
        var file = template
        file.caseID = String(format: "bulk-%04d", index)
        file.facts.caseID = file.caseID
        return file
    }
}
