import ClemencyRules
@testable import ClemencyPostgres
import ClemencyStore
import ClemencyTestSupport
import ClemencyWorkflow
import Foundation
import PostgresNIO
import Testing

@Suite(
    "PostgresCaseworkStore against a real PostgreSQL server",
    .enabled(if: PostgresTestEnvironment.shouldRun, Comment(rawValue: PostgresTestEnvironment.skipReason))
)
struct PostgresCaseworkStoreTests {
    @Test("meets the casework store contract on PostgreSQL", arguments: CaseworkStoreContract.Check.allCases)
    func contract(_ check: CaseworkStoreContract.Check) async throws {
        try await PostgresTestEnvironment.withFreshStore { store, _ in try await check.run(on: store) }
    }

    // MARK: - Schema and migrations

    @Test("migrations run once, in order, are recorded, and opening again (even twice at once) changes nothing")
    func migrationsAreIdempotent() async throws {
        try await PostgresTestEnvironment.withFreshStore { store, location in
            let names = PostgresMigrations.all.map(\.name)
            #expect(try await store.appliedMigrations() == names)
            let file = try CaseworkStoreContract.sampleCase(id: "case-1", status: .intake)
            try await store.commit(CaseworkChange(cases: [.init(file: file, expectedVersion: nil)]))

            async let first = PostgresCaseworkStore.open(location, maximumConnections: 2)
            async let second = PostgresCaseworkStore.open(location, maximumConnections: 2)
            let (a, b) = try await (first, second)
            #expect(try await a.appliedMigrations() == names)
            #expect(try await b.fetchCase(id: "case-1")?.version == 1)
            await a.close()
            await b.close()
        }
    }

    @Test("ids and emails sort in byte order even where the database's default collation does not")
    func byteOrderWhateverTheDefaultCollation() async throws {
        try await PostgresTestEnvironment.withFreshStore { store, _ in
            for (index, id) in ["b-1", "B-2", "a-3", "É-4", "e\u{301}-5", "f-6"].enumerated() {
                let file = try CaseworkStoreContract.sampleCase(id: id, status: .intake, statusChangedAt: CaseworkStoreContract.instant(index))
                try await store.commit(CaseworkChange(cases: [.init(file: file, expectedVersion: nil)]))
            }
            let ids = try await store.listCases(CaseQuery(order: .caseID)).cases.map(\.caseID)
            #expect(ids == ["B-2", "a-3", "b-1", "e\u{301}-5", "f-6", "É-4"])
            #expect(try await store.listCases(CaseQuery(caseIDPrefix: "e")).cases.map(\.caseID) == ["e\u{301}-5"])
            // A NUL cannot be stored in PostgreSQL text: a prefix holding one matches nothing rather than failing.
            #expect(try await store.listCases(CaseQuery(caseIDPrefix: "a\u{0}")).total == 0)
        }
    }

    @Test("the dashboard's determination counts kept by commits equal a count of every determination, after inserts and updates")
    func determinationCountsFollowWrites() async throws {
        try await PostgresTestEnvironment.withFreshStore { store, _ in
            let files = try CaseworkStoreContract.listFixture()
            try await store.commit(CaseworkChange(cases: files.map { .init(file: $0, expectedVersion: nil) }))
            var changed = files[0]
            changed.screening = files[1].screening
            var other = files[2]
            other.screening = files[7].screening
            try await store.commit(CaseworkChange(cases: [.init(file: changed, expectedVersion: 1), .init(file: other, expectedVersion: 1)]))
            let (kept, counted) = try await countsKeptAndCounted(store)
            #expect(!kept.isEmpty)
            #expect(kept == counted)
        }
    }

    // MARK: - Concurrency

    @Test("two concurrent commits from the same version: exactly one wins, the other gets versionConflict, nothing is lost")
    func concurrentCommitsOfOneVersion() async throws {
        try await PostgresTestEnvironment.withFreshStore { store, location in
            // A second store, as a second server process would have
            try await PostgresTestEnvironment.withStore(location, maximumConnections: 2) { other in
                for round in 0..<20 {
                    let id = "case-\(round)"
                    let original = try CaseworkStoreContract.sampleCase(id: id, status: .intake)
                    try await store.commit(CaseworkChange(cases: [.init(file: original, expectedVersion: nil)]))

                    var screened = original
                    screened.status = .screened
                    var closed = original
                    closed.status = .closed
                    let changes = [screened, closed].map { file in
                        CaseworkChange(cases: [.init(file: file, expectedVersion: 1)],
                                       events: [CaseworkStoreContract.sampleEvent(id: "evt-\(round)-\(file.status.rawValue)", caseID: id,
                                                                                  at: CaseworkStoreContract.instant(round))])
                    }
                    async let a = outcome { try await store.commit(changes[0]) }
                    async let b = outcome { try await other.commit(changes[1]) }
                    let outcomes = await [a, b]

                    let winners = outcomes.indices.filter { outcomes[$0] == nil }
                    #expect(winners.count == 1, "round \(round): \(outcomes)")
                    guard winners.count == 1, let winner = winners.first else { continue }
                    #expect(outcomes[1 - winner] == .versionConflict(caseID: id, expected: 1, actual: 2))
                    var expected = [screened, closed][winner]
                    expected.version = 2
                    #expect(try await store.fetchCase(id: id) == expected)
                    #expect(try await other.auditTrail(caseID: id) == changes[winner].events)
                }
            }
        }
    }

    @Test("eight writers adding to one case, each rereading after a conflict: every addition is kept")
    func concurrentReadModifyWriteLosesNothing() async throws {
        try await PostgresTestEnvironment.withFreshStore { store, location in
            try await PostgresTestEnvironment.withStore(location, maximumConnections: 4) { other in
                var original = try CaseworkStoreContract.sampleCase(id: "shared", status: .intake)
                original.coDefendants = []
                try await store.commit(CaseworkChange(cases: [.init(file: original, expectedVersion: nil)]))

                let writers = 8, additions = 5
                let conflicts = try await withThrowingTaskGroup(of: Int.self) { group in
                    for writer in 0..<writers {
                        let target = writer.isMultiple(of: 2) ? store : other
                        group.addTask {
                            var conflicts = 0
                            for addition in 0..<additions {
                                while true {
                                    guard var file = try await target.fetchCase(id: "shared") else { throw PostgresSetupError("case vanished") }
                                    let version = file.version
                                    file.coDefendants.append("w\(writer)-\(addition)")
                                    do {
                                        try await target.commit(CaseworkChange(cases: [.init(file: file, expectedVersion: version)]))
                                        break
                                    } catch StoreError.versionConflict {
                                        conflicts += 1
                                    }
                                }
                            }
                            return conflicts
                        }
                    }
                    return try await group.reduce(0, +)
                }

                let final = try #require(try await store.fetchCase(id: "shared"))
                #expect(final.version == 1 + writers * additions)
                #expect(Set(final.coDefendants).count == writers * additions)
                #expect(final.coDefendants.count == writers * additions)
                // The writers did race: some commits were refused and retried
                #expect(conflicts > 0)
            }
        }
    }

    @Test("two concurrent creations of one new case: one creates it, the other gets versionConflict")
    func concurrentCreations() async throws {
        try await PostgresTestEnvironment.withFreshStore { store, location in
            try await PostgresTestEnvironment.withStore(location, maximumConnections: 2) { other in
                for round in 0..<10 {
                    let file = try CaseworkStoreContract.sampleCase(id: "new-\(round)", status: .intake)
                    async let a = outcome { try await store.commit(CaseworkChange(cases: [.init(file: file, expectedVersion: nil)])) }
                    async let b = outcome { try await other.commit(CaseworkChange(cases: [.init(file: file, expectedVersion: nil)])) }
                    let outcomes = await [a, b]
                    #expect(outcomes.filter { $0 == nil }.count == 1, "round \(round): \(outcomes)")
                    #expect(outcomes.contains(.versionConflict(caseID: file.caseID, expected: nil, actual: 1)), "round \(round): \(outcomes)")
                    #expect(try await store.fetchCase(id: file.caseID)?.version == 1)
                }
                let (kept, counted) = try await countsKeptAndCounted(store)
                #expect(kept == counted)
            }
        }
    }

    // MARK: - Atomicity

    @Test("a commit that fails after 2,000 case writes leaves nothing behind")
    func failedCommitLeavesNothing() async throws {
        try await PostgresTestEnvironment.withFreshStore { store, _ in
            // Given one case, one event and one import
            let seed = try CaseworkStoreContract.sampleCase(id: "seed", status: .intake)
            let seedImport = CaseworkStoreContract.sampleImport(id: "import-seed", at: CaseworkStoreContract.instant(0))
            try await store.commit(CaseworkChange(
                cases: [.init(file: seed, expectedVersion: nil)],
                events: [CaseworkStoreContract.sampleEvent(id: "evt-seed", caseID: "seed", at: CaseworkStoreContract.instant(0))],
                importRecord: seedImport))
            let countsBefore = try await countsKeptAndCounted(store).kept

            // When a commit writes 2,000 cases, an update, offers, events and an import, then fails on an event of an unknown case
            var changedSeed = seed
            changedSeed.status = .screened
            let change = CaseworkChange(
                cases: try bulkCases(2_000).map { .init(file: $0, expectedVersion: nil) } + [.init(file: changedSeed, expectedVersion: 1)],
                offers: [AssignmentOffer(id: "offer-1", caseID: "bulk-0001", attorneyID: "u-att", offeredBy: "u-scr",
                                         offeredAt: CaseworkStoreContract.instant(5))],
                events: [CaseworkStoreContract.sampleEvent(id: "evt-1", caseID: "bulk-0001", at: CaseworkStoreContract.instant(5)),
                         CaseworkStoreContract.sampleEvent(id: "evt-x", caseID: "no-such-case", at: CaseworkStoreContract.instant(5))],
                importRecord: CaseworkStoreContract.sampleImport(id: "import-big", at: CaseworkStoreContract.instant(5)))
            let error = await #expect(throws: StoreError.self) { try await store.commit(change) }
            #expect(error?.description.contains("23503") == true, "\(String(describing: error))")

            // Then the store holds exactly what it held before
            var stored = seed
            stored.version = 1
            #expect(try await store.fetchCase(id: "seed") == stored)
            #expect(try await store.fetchCase(id: "bulk-0001") == nil)
            #expect(try await store.listCases(CaseQuery()).total == 1)
            #expect(try await store.fetchOffer(id: "offer-1") == nil)
            #expect(try await store.auditTrail(caseID: "seed").map(\.id) == ["evt-seed"])
            #expect(try await store.auditTrail(caseID: "bulk-0001") == [])
            #expect(try await store.importRecords() == [seedImport])
            #expect(try await store.dashboard().totalCases == 1)
            let (kept, counted) = try await countsKeptAndCounted(store)
            #expect(kept == countsBefore)
            #expect(kept == counted)

            // And it takes the same change without the bad event
            let fixed = CaseworkChange(cases: change.cases, offers: change.offers, events: Array(change.events.dropLast()),
                                       importRecord: change.importRecord)
            try await store.commit(fixed)
            #expect(try await store.listCases(CaseQuery()).total == 2_001)
            #expect(try await store.fetchCase(id: "seed")?.version == 2)
            #expect(try await store.fetchCases(ids: ["bulk-1999", "bulk-0000"]).count == 2)
        }
    }

    // MARK: - Errors

    @Test("a database that does not exist is reported as such at open, at once")
    func missingDatabase() async throws {
        var location = try PostgresTestEnvironment.location(schema: PostgresTestEnvironment.freshSchema())
        location.database = "no_such_database"
        let error = await #expect(throws: StoreError.self) { try await PostgresCaseworkStore.open(location) }
        #expect(error?.description.contains("3D000") == true, "\(String(describing: error))")
    }

    @Test("values the schema forbids are refused, and errors name no values")
    func schemaChecks() async throws {
        try await PostgresTestEnvironment.withFreshStore { store, _ in
            let file = try CaseworkStoreContract.sampleCase(id: "case-1", status: .intake)
            try await store.commit(CaseworkChange(cases: [.init(file: file, expectedVersion: nil)]))
            let statements: [PostgresQuery] = [
                "UPDATE case_file SET status = 'pending'",
                "UPDATE case_file SET version = 0",
                "UPDATE case_file SET facts = '[]'",
                "INSERT INTO case_determination (case_id, pathway_key, determination, priority_score) VALUES ('case-1', 'x', 'maybe', 0)",
            ]
            for statement in statements {
                await #expect(throws: PSQLError.self, "\(statement.sql)") { try await store.client.query(statement).collect() }
            }
            let orphan = AssignmentOffer(id: "offer-1", caseID: "Person Secret-Name", attorneyID: "u", offeredBy: "s",
                                         offeredAt: CaseworkStoreContract.instant(0))
            let error = await #expect(throws: StoreError.self) { try await store.commit(CaseworkChange(offers: [orphan])) }
            let text = error?.description ?? ""
            #expect(text.contains("assignment_offer_case_id_fkey"), "\(text)")
            #expect(!text.contains("Secret"), "\(text)")
        }
    }
}

@Suite("PostgresLocation and opening")
struct PostgresLocationTests {
    @Test("a URL gives host, port, user, database, schema and TLS; the password comes from the URL or the fallback")
    func parsesURLs() throws {
        let full = try PostgresLocation(url: "postgres://clem%40ency:s%3Acret@db.example.org:6543/casework?sslmode=require&schema=clemency",
                                        fallbackPassword: "ignored")
        #expect(full == PostgresLocation(host: "db.example.org", port: 6543, username: "clem@ency", password: "s:cret",
                                         database: "casework", schema: "clemency", tls: .require))
        let plain = try PostgresLocation(url: "postgresql://app@127.0.0.1/clemency", fallbackPassword: "from-env")
        #expect(plain == PostgresLocation(host: "127.0.0.1", port: 5432, username: "app", password: "from-env",
                                          database: "clemency", schema: nil, tls: .prefer))
        #expect(try PostgresLocation(url: "postgres://app@localhost:5433").database == nil)
        #expect(try PostgresLocation(url: "postgres://app@localhost:5433/db?sslmode=disable").tls == .disable)
    }

    @Test("the description never shows the password")
    func descriptionHidesPassword() throws {
        let location = try PostgresLocation(url: "postgres://app:hunter2-secret@127.0.0.1:5432/clemency?schema=cw")
        #expect(location.description == "postgres://app@127.0.0.1:5432/clemency?schema=cw")
        #expect(!location.description.contains("hunter2"))
    }

    @Test("bad URLs are refused saying what is wrong, without quoting the password")
    func refusesBadURLs() {
        let bad = [
            "clemency.sqlite", "postgres://127.0.0.1/db", "postgres://app:pw-secret@/db", "postgres://app@host/a/b",
            "postgres://app@host/db?sslmode=sometimes", "postgres://app@host/db?schema=Bad-Name", "postgres://app@host/db?color=red",
        ]
        for url in bad {
            let error = #expect(throws: StoreError.self, "\(url)") { try PostgresLocation(url: url) }
            #expect(error?.description.contains("pw-secret") == false)
        }
        #expect(PostgresLocation.isURL("postgres://x@y/z") && PostgresLocation.isURL("PostgreSQL://x@y/z"))
        #expect(!PostgresLocation.isURL("clemency.sqlite") && !PostgresLocation.isURL("/var/lib/postgres://x"))
    }

    @Test("opening a server that does not answer fails with a store error in time")
    func unreachableServer() async throws {
        // Port 1 on loopback: nothing listens there.
        let location = PostgresLocation(host: "127.0.0.1", port: 1, username: "nobody", password: "pw-secret", database: "none",
                                        tls: .disable)
        let start = ContinuousClock.now
        let error = await #expect(throws: StoreError.self) {
            try await PostgresCaseworkStore.open(location, connectTimeout: .seconds(3))
        }
        #expect(ContinuousClock.now - start < .seconds(20))
        #expect(error?.description.contains("PostgreSQL connection failed") == true, "\(String(describing: error))")
        #expect(error?.description.contains("pw-secret") == false)
    }
}

/// The error a commit threw, as a `StoreError`, or `nil` when it succeeded.
private func outcome(_ body: () async throws -> Void) async -> StoreError? {
    do {
        try await body()
        return nil
    } catch let error as StoreError {
        return error
    } catch {
        return .database("unexpected \(type(of: error))")
    }
}

/// The kept determination counts and a fresh count of every determination, as sorted `key|determination|count` lines.
private func countsKeptAndCounted(_ store: PostgresCaseworkStore) async throws -> (kept: [String], counted: [String]) {
    func lines(_ query: PostgresQuery) async throws -> [String] {
        try await store.client.query(query).collect().map { row in
            let (key, determination, count) = try row.decode((String, String, Int).self)
            return "\(key)|\(determination)|\(count)"
        }
    }
    return (try await lines("SELECT pathway_key, determination, count FROM determination_count WHERE count > 0 ORDER BY 1, 2"),
            try await lines("SELECT pathway_key, determination, COUNT(*) FROM case_determination GROUP BY 1, 2 ORDER BY 1, 2"))
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
