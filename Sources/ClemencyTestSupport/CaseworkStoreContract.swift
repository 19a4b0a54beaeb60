import ClemencyLawData
import ClemencyRules
import ClemencyStore
import ClemencyWorkflow
import Foundation
import Testing

/// The behaviours every `CaseworkStore` adapter must share, checked with Swift Testing.
///
/// Each adapter's test target runs every check against a fresh, empty store, so a check added here
/// runs against every backend without touching their tests:
///
/// ```swift
/// @Test("meets the casework store contract", arguments: CaseworkStoreContract.Check.allCases)
/// func contract(_ check: CaseworkStoreContract.Check) async throws {
///     try await check.run(on: InMemoryCaseworkStore())
/// }
/// ```
///
/// Cases carry real facts (with origins) and real screenings made by the law engine with the
/// bundled law data and default policy. Timestamps are whole seconds: adapters may keep
/// timestamps to the millisecond only.
public enum CaseworkStoreContract {
    /// One behaviour of the contract.
    public enum Check: String, CaseIterable, Sendable, CustomTestStringConvertible {
        /// Accounts come back by id, by email in any case, and in `users()` ordered by email.
        case userRoundTrips
        /// A second account with a taken email (any case) throws `duplicateUser` and keeps the first.
        case duplicateEmailIsRejected
        /// `updateUser` replaces the changeable fields; an unknown id throws `userNotFound`.
        case updateUserReplacesFields
        /// Sessions are saved (replacing one with the same hash), fetched and deleted.
        case sessionsSaveFetchDelete
        /// API tokens are saved and fetched by hash.
        case apiTokensRoundTrip
        /// A committed new case comes back with every field, facts, origins and screening intact.
        case newCaseRoundTripsEveryField
        /// Each commit of a case sets its version to the expected version plus one.
        case versionsIncrement
        /// A stale expected version throws `versionConflict` and saves nothing of the change.
        case staleVersionSavesNothing
        /// A new case whose id exists, or an update of a missing case, throws `versionConflict`.
        case conflictingCaseExistenceIsRejected
        /// `fetchCases(ids:)` with 2,000 ids returns exactly the cases that exist.
        case fetchCasesOfTwoThousandIDs
        /// `activeCases` returns an attorney's assigned, drafted and filed cases only.
        case activeCasesCountOnlyCaseloadStatuses
        /// Every list filter, alone and combined, returns exactly the matching summaries.
        case listFiltersMatch
        /// The three list orders hold, ties broken by case id in byte order.
        case listOrdersBreakTiesByCaseID
        /// Offset and limit page through the list; `total` counts every match.
        case listPagesAndTotal
        /// The dashboard counts determinations, statuses, overserved cases and the oldest waiting.
        case dashboardFigures
        /// Offers are inserted or replaced by id and queried by case and by attorney and state.
        case offersUpsertAndQueries
        /// A case's audit trail is oldest first, events of one instant in the order written.
        case auditTrailOldestFirst
        /// Import records are listed newest first and fetched by id with every rejected row whole.
        case importRecordsNewestFirst
        /// `fetchCaseWithHistory` gives what `fetchCase`, `auditTrail` and `offers` give, or `nil` for a missing case.
        case caseWithHistoryMatchesSeparateReads

        /// The check's sentence, shown as the test case's name.
        public var testDescription: String {
            switch self {
            case .userRoundTrips: "an account round-trips by id and by email in any case"
            case .duplicateEmailIsRejected: "a taken email throws duplicateUser and keeps the first account"
            case .updateUserReplacesFields: "updateUser replaces the changeable fields (disabling too); unknown ids throw userNotFound"
            case .sessionsSaveFetchDelete: "sessions are saved, replaced, fetched and deleted"
            case .apiTokensRoundTrip: "API tokens round-trip by hash"
            case .newCaseRoundTripsEveryField: "a new case round-trips every field, facts and screening"
            case .versionsIncrement: "each commit of a case increments its version"
            case .staleVersionSavesNothing: "a stale version throws versionConflict and saves nothing of the change"
            case .conflictingCaseExistenceIsRejected: "a new case whose id exists, or an update of a missing case, conflicts"
            case .fetchCasesOfTwoThousandIDs: "fetchCases with 2,000 ids returns the cases that exist"
            case .activeCasesCountOnlyCaseloadStatuses: "active cases are the attorney's assigned, drafted and filed ones"
            case .listFiltersMatch: "list filters return exactly the matching summaries"
            case .listOrdersBreakTiesByCaseID: "list orders hold with ties by case id in byte order"
            case .listPagesAndTotal: "offset and limit page through the list with the full total"
            case .dashboardFigures: "the dashboard's figures match the cases"
            case .offersUpsertAndQueries: "offers upsert by id and come back by case and by attorney, oldest first"
            case .auditTrailOldestFirst: "the audit trail is oldest first, keeping write order within an instant"
            case .importRecordsNewestFirst: "import records are newest first and keep rejected rows whole"
            case .caseWithHistoryMatchesSeparateReads: "a case with its history equals the case, trail and offers read apart"
            }
        }

        /// Runs the check.
        ///
        /// - Parameter store: A fresh, empty store of the adapter under test.
        /// - Throws: Whatever the store throws where the contract expects no error.
        public func run(on store: any CaseworkStore) async throws {
            let contract = CaseworkStoreContract.self
            switch self {
            case .userRoundTrips: try await contract.userRoundTrips(store)
            case .duplicateEmailIsRejected: try await contract.duplicateEmailIsRejected(store)
            case .updateUserReplacesFields: try await contract.updateUserReplacesFields(store)
            case .sessionsSaveFetchDelete: try await contract.sessionsSaveFetchDelete(store)
            case .apiTokensRoundTrip: try await contract.apiTokensRoundTrip(store)
            case .newCaseRoundTripsEveryField: try await contract.newCaseRoundTripsEveryField(store)
            case .versionsIncrement: try await contract.versionsIncrement(store)
            case .staleVersionSavesNothing: try await contract.staleVersionSavesNothing(store)
            case .conflictingCaseExistenceIsRejected: try await contract.conflictingCaseExistenceIsRejected(store)
            case .fetchCasesOfTwoThousandIDs: try await contract.fetchCasesOfTwoThousandIDs(store)
            case .activeCasesCountOnlyCaseloadStatuses: try await contract.activeCasesCountOnlyCaseloadStatuses(store)
            case .listFiltersMatch: try await contract.listFiltersMatch(store)
            case .listOrdersBreakTiesByCaseID: try await contract.listOrdersBreakTiesByCaseID(store)
            case .listPagesAndTotal: try await contract.listPagesAndTotal(store)
            case .dashboardFigures: try await contract.dashboardFigures(store)
            case .offersUpsertAndQueries: try await contract.offersUpsertAndQueries(store)
            case .auditTrailOldestFirst: try await contract.auditTrailOldestFirst(store)
            case .importRecordsNewestFirst: try await contract.importRecordsNewestFirst(store)
            case .caseWithHistoryMatchesSeparateReads: try await contract.caseWithHistoryMatchesSeparateReads(store)
            }
        }
    }

    // MARK: - Accounts, sessions, tokens

    static func userRoundTrips(_ store: any CaseworkStore) async throws {
        // Given two accounts, one with a caseload limit and a name that needs escaping
        let alice = sampleUser(id: "u-alice", email: "Alice.Smith@Example.ORG", role: .attorney, caseloadLimit: 4,
                               displayName: "Alice \"Al\" O'Smith-Zoë")
        let bob = sampleUser(id: "u-bob", email: "bob@example.org", role: .screener)
        // Emails sort in byte order: a decomposed "é" (65 CC 81) comes before "f", though "é" (U+00E9) does not
        let emile = sampleUser(id: "u-emile", email: "e\u{301}mile@example.org", role: .screener)
        let fay = sampleUser(id: "u-fay", email: "fay@example.org", role: .screener)

        // When they are created
        for user in [fay, bob, emile, alice] { try await store.createUser(user) }

        // Then they come back by id, by email in any case, and listed by email
        #expect(alice.email == "alice.smith@example.org")
        #expect(try await store.fetchUser(id: "u-alice") == alice)
        #expect(try await store.fetchUser(email: "ALICE.SMITH@example.org") == alice)
        #expect(try await store.fetchUser(email: "alice.smith@example.org") == alice)
        #expect(try await store.fetchUser(email: "Bob@Example.Org") == bob)
        #expect(try await store.users() == [alice, bob, emile, fay])
        #expect(try await store.fetchUser(id: "u-nobody") == nil)
        #expect(try await store.fetchUser(email: "nobody@example.org") == nil)
    }

    static func duplicateEmailIsRejected(_ store: any CaseworkStore) async throws {
        let first = sampleUser(id: "u-1", email: "pat@example.org", role: .administrator)
        try await store.createUser(first)

        let second = sampleUser(id: "u-2", email: "PAT@Example.org", role: .attorney)
        await #expect(throws: StoreError.duplicateUser("pat@example.org")) { try await store.createUser(second) }

        #expect(try await store.fetchUser(id: "u-2") == nil)
        #expect(try await store.fetchUser(email: "pat@example.org") == first)
        #expect(try await store.users() == [first])
    }

    static func updateUserReplacesFields(_ store: any CaseworkStore) async throws {
        // Given an account
        let original = sampleUser(id: "u-1", email: "sam@example.org", role: .screener)
        try await store.createUser(original)

        // When its changeable fields are replaced
        var changed = original
        changed.displayName = "Samantha Q. Public"
        changed.role = .attorney
        changed.passwordHash = "$2b$12$changedchangedchangedchangedchangedchangedchangedcha"
        changed.caseloadLimit = 7
        changed.disabledAt = Date(timeIntervalSince1970: 1_764_633_600)
        try await store.updateUser(changed)

        // Then both reads return the new fields
        #expect(try await store.fetchUser(id: "u-1") == changed)
        #expect(try await store.fetchUser(email: "sam@example.org") == changed)

        // And a limit and the disabling can be cleared again
        changed.caseloadLimit = nil
        changed.disabledAt = nil
        try await store.updateUser(changed)
        #expect(try await store.fetchUser(id: "u-1")?.caseloadLimit == nil)
        #expect(try await store.fetchUser(id: "u-1")?.isDisabled == false)

        // And an unknown account throws userNotFound and is not created
        let stranger = sampleUser(id: "u-unknown", email: "stranger@example.org", role: .screener)
        await #expect(throws: StoreError.userNotFound("u-unknown")) { try await store.updateUser(stranger) }
        #expect(try await store.users() == [changed])
    }

    static func sessionsSaveFetchDelete(_ store: any CaseworkStore) async throws {
        // Given an account with two sessions, one already expired
        try await store.createUser(sampleUser(id: "u-1", email: "kim@example.org", role: .screener))
        let live = UserSession(tokenHash: hex("live"), userID: "u-1", csrfToken: "csrf-live",
                               createdAt: instant(0), expiresAt: instant(86_400))
        let expired = UserSession(tokenHash: hex("expired"), userID: "u-1", csrfToken: "csrf-expired",
                                  createdAt: instant(-200_000), expiresAt: instant(-100_000))
        try await store.saveSession(live)
        try await store.saveSession(expired)

        // Then both come back, the expired one too
        #expect(try await store.fetchSession(tokenHash: live.tokenHash) == live)
        #expect(try await store.fetchSession(tokenHash: expired.tokenHash) == expired)
        #expect(try await store.fetchSession(tokenHash: hex("unknown")) == nil)
        // And the session and its account are read together
        let pair = try await store.fetchSessionUser(tokenHash: live.tokenHash)
        #expect(pair?.session == live)
        #expect(pair?.user == (try await store.fetchUser(id: "u-1")))
        #expect(try await store.fetchSessionUser(tokenHash: hex("unknown")) == nil)

        // When a session with the same hash is saved again, it replaces the first
        let renewed = UserSession(tokenHash: live.tokenHash, userID: "u-1", csrfToken: "csrf-renewed",
                                  createdAt: instant(0), expiresAt: instant(172_800))
        try await store.saveSession(renewed)
        #expect(try await store.fetchSession(tokenHash: live.tokenHash) == renewed)

        // When one is deleted, only that one goes; deleting an unknown one does nothing
        try await store.deleteSession(tokenHash: live.tokenHash)
        try await store.deleteSession(tokenHash: hex("unknown"))
        #expect(try await store.fetchSession(tokenHash: live.tokenHash) == nil)
        #expect(try await store.fetchSession(tokenHash: expired.tokenHash) == expired)
    }

    static func apiTokensRoundTrip(_ store: any CaseworkStore) async throws {
        try await store.createUser(sampleUser(id: "u-1", email: "ops@example.org", role: .administrator))
        let nightly = APIToken(tokenHash: hex("nightly"), userID: "u-1", label: "nightly import script “USSC”",
                               createdAt: instant(3_600))
        let adhoc = APIToken(tokenHash: hex("adhoc"), userID: "u-1", label: "", createdAt: instant(7_200))

        try await store.saveAPIToken(nightly)
        try await store.saveAPIToken(adhoc)

        #expect(try await store.fetchAPIToken(tokenHash: nightly.tokenHash) == nightly)
        #expect(try await store.fetchAPIToken(tokenHash: adhoc.tokenHash) == adhoc)
        #expect(try await store.fetchAPIToken(tokenHash: hex("unknown")) == nil)

        // When the account's access is revoked, its tokens and sessions go; another account's stay
        try await store.createUser(sampleUser(id: "u-2", email: "other@example.org", role: .screener))
        let other = APIToken(tokenHash: hex("other"), userID: "u-2", label: "other", createdAt: instant(1))
        try await store.saveAPIToken(other)
        try await store.saveSession(UserSession(tokenHash: hex("s-1"), userID: "u-1", csrfToken: "c", createdAt: instant(0),
                                                expiresAt: instant(86_400)))
        try await store.revokeAccess(userID: "u-1")
        try await store.revokeAccess(userID: "u-nobody")
        #expect(try await store.fetchAPIToken(tokenHash: nightly.tokenHash) == nil)
        #expect(try await store.fetchAPIToken(tokenHash: adhoc.tokenHash) == nil)
        #expect(try await store.fetchSession(tokenHash: hex("s-1")) == nil)
        #expect(try await store.fetchAPIToken(tokenHash: other.tokenHash) == other)
    }

    // MARK: - Cases and versions

    static func newCaseRoundTripsEveryField(_ store: any CaseworkStore) async throws {
        // Given a full case (real facts with origins, a real screening, an attorney) and a sparse one
        var full = try sampleCase(id: "1:05-cr-00042-JAB", status: .assigned, attorneyID: "u-att",
                                  district: "Eastern District of Tennessee", birthYear: 1961)
        full.personName = "Zoë \"Z\" O'Neil\\Ω"
        full.coDefendants = ["1:05-cr-00042-2", "Jean-Luc Picard", "ÉMILE d'Arc"]
        full.version = 42
        var sparse = try sampleCase(id: "sparse-1", facts: CaseFacts(caseID: "sparse-1"), status: .intake)
        sparse.personName = nil
        sparse.coDefendants = []
        #expect(!full.facts.origins.isEmpty)
        #expect(full.screening.pathways.count >= 3)
        #expect(!sparse.screening.analysis.missingFacts.isEmpty)

        // When both are committed as new cases
        try await store.commit(CaseworkChange(cases: [
            .init(file: full, expectedVersion: nil), .init(file: sparse, expectedVersion: nil),
        ]))

        // Then each comes back whole, at version 1 whatever version it carried
        full.version = 1
        sparse.version = 1
        #expect(try await store.fetchCase(id: full.caseID) == full)
        #expect(try await store.fetchCase(id: sparse.caseID) == sparse)
        #expect(try await store.fetchCase(id: "missing") == nil)
        #expect(try await store.fetchCases(ids: [full.caseID, sparse.caseID]) == [full.caseID: full, sparse.caseID: sparse])

        // And its list row is its summary
        let page = try await store.listCases(CaseQuery(order: .caseID))
        #expect(page.cases == [full.summary, sparse.summary])
        #expect(page.total == 2)
    }

    static func versionsIncrement(_ store: any CaseworkStore) async throws {
        var file = try sampleCase(id: "case-v", status: .intake)
        file.version = 99
        try await store.commit(CaseworkChange(cases: [.init(file: file, expectedVersion: nil)]))
        #expect(try await store.fetchCase(id: "case-v")?.version == 1)

        for next in 2...4 {
            file.status = next.isMultiple(of: 2) ? .screened : .intake
            file.statusChangedAt = instant(next * 60)
            file.updatedAt = instant(next * 60)
            file.version = 0
            try await store.commit(CaseworkChange(cases: [.init(file: file, expectedVersion: next - 1)]))

            var expected = file
            expected.version = next
            #expect(try await store.fetchCase(id: "case-v") == expected)
        }
    }

    static func staleVersionSavesNothing(_ store: any CaseworkStore) async throws {
        // Given case A at version 1 and case B at version 2, with one event, one offer and one import
        let a = try sampleCase(id: "case-A", status: .screened)
        var b = try sampleCase(id: "case-B", status: .intake)
        let seedEvent = sampleEvent(id: "evt-seed", caseID: "case-A", at: instant(10))
        let seedOffer = AssignmentOffer(id: "offer-seed", caseID: "case-A", attorneyID: "u-att", offeredBy: "u-scr",
                                        offeredAt: instant(10))
        let seedImport = sampleImport(id: "import-seed", at: instant(10))
        try await store.commit(CaseworkChange(
            cases: [.init(file: a, expectedVersion: nil), .init(file: b, expectedVersion: nil)],
            offers: [seedOffer], events: [seedEvent], importRecord: seedImport))
        b.status = .screened
        try await store.commit(CaseworkChange(cases: [.init(file: b, expectedVersion: 1)]))
        var storedA = a
        storedA.version = 1
        var storedB = b
        storedB.version = 2

        // When a change writes a new case C, a correct update of A, then a stale update of B
        // (with offers, events and an import record)
        var changedA = a
        changedA.status = .closed
        var staleB = b
        staleB.status = .closed
        let c = try sampleCase(id: "case-C", status: .intake)
        var answeredSeed = seedOffer
        try answeredSeed.answer(accept: false, by: "u-att", at: instant(20), conflicts: [], note: "no")
        let change = CaseworkChange(
            cases: [
                .init(file: c, expectedVersion: nil), .init(file: changedA, expectedVersion: 1),
                .init(file: staleB, expectedVersion: 1),
            ],
            offers: [answeredSeed, AssignmentOffer(id: "offer-new", caseID: "case-C", attorneyID: "u-att",
                                                   offeredBy: "u-scr", offeredAt: instant(20))],
            events: [sampleEvent(id: "evt-A", caseID: "case-A", at: instant(20)),
                     sampleEvent(id: "evt-C", caseID: "case-C", at: instant(20))],
            importRecord: sampleImport(id: "import-new", at: instant(20)))

        // Then it throws versionConflict for B
        await #expect(throws: StoreError.versionConflict(caseID: "case-B", expected: 1, actual: 2)) {
            try await store.commit(change)
        }

        // And nothing of it was saved: no case, no offer, no event, no import
        #expect(try await store.fetchCase(id: "case-C") == nil)
        #expect(try await store.fetchCase(id: "case-A") == storedA)
        #expect(try await store.fetchCase(id: "case-B") == storedB)
        #expect(try await store.fetchOffer(id: "offer-seed") == seedOffer)
        #expect(try await store.fetchOffer(id: "offer-new") == nil)
        #expect(try await store.offers(caseID: "case-C") == [])
        #expect(try await store.auditTrail(caseID: "case-A") == [seedEvent])
        #expect(try await store.auditTrail(caseID: "case-C") == [])
        #expect(try await store.importRecords() == [seedImport])
        #expect(try await store.fetchImportRecord(id: "import-new") == nil)
        #expect(try await store.listCases(CaseQuery()).total == 2)
        #expect(try await store.dashboard().statuses == [.screened: 2])

        // And the same change with B's current version saves all of it
        let fixed = CaseworkChange(cases: Array(change.cases.dropLast()) + [.init(file: staleB, expectedVersion: 2)],
                                   offers: change.offers, events: change.events, importRecord: change.importRecord)
        try await store.commit(fixed)
        #expect(try await store.fetchCase(id: "case-B")?.version == 3)
        #expect(try await store.fetchCase(id: "case-C")?.version == 1)
        #expect(try await store.fetchOffer(id: "offer-seed") == answeredSeed)
        #expect(try await store.importRecords().map(\.id) == ["import-new", "import-seed"])
    }

    static func conflictingCaseExistenceIsRejected(_ store: any CaseworkStore) async throws {
        let existing = try sampleCase(id: "case-1", status: .intake)
        try await store.commit(CaseworkChange(cases: [.init(file: existing, expectedVersion: nil)]))

        // A new case whose id exists
        var again = existing
        again.status = .closed
        await #expect(throws: StoreError.versionConflict(caseID: "case-1", expected: nil, actual: 1)) {
            try await store.commit(CaseworkChange(cases: [.init(file: again, expectedVersion: nil)]))
        }

        // An update of a case that does not exist, after a valid new case in the same change
        let fresh = try sampleCase(id: "case-2", status: .intake)
        let ghost = try sampleCase(id: "case-ghost", status: .screened)
        await #expect(throws: StoreError.versionConflict(caseID: "case-ghost", expected: 3, actual: nil)) {
            try await store.commit(CaseworkChange(cases: [.init(file: fresh, expectedVersion: nil),
                                                          .init(file: ghost, expectedVersion: 3)]))
        }

        var stored = existing
        stored.version = 1
        #expect(try await store.fetchCase(id: "case-1") == stored)
        #expect(try await store.fetchCase(id: "case-2") == nil)
        #expect(try await store.fetchCase(id: "case-ghost") == nil)
    }

    static func fetchCasesOfTwoThousandIDs(_ store: any CaseworkStore) async throws {
        // Given 1,500 cases saved in one commit (one screening shared, to keep the check quick)
        let template = try sampleCase(id: "bulk-template", status: .screened)
        let files: [CaseFile] = (0..<1_500).map { index in
            var file = template
            file.caseID = String(format: "bulk-%04d", index)
            file.facts.caseID = file.caseID
            file.personName = "Person \(index)"
            file.status = CaseStatus.allCases[index % CaseStatus.allCases.count]
            file.version = 1
            return file
        }
        try await store.commit(CaseworkChange(cases: files.map { .init(file: $0, expectedVersion: nil) }))

        // When 2,000 ids are asked for: all 1,500, 500 unknown, in a shuffled order
        var ids = files.map(\.caseID) + (0..<500).map { "unknown-\($0)" }
        ids.reverse()
        ids.swapAt(0, 1_000)
        let fetched = try await store.fetchCases(ids: ids)

        // Then exactly the 1,500 come back, whole
        #expect(fetched.count == 1_500)
        #expect(fetched == Dictionary(uniqueKeysWithValues: files.map { ($0.caseID, $0) }))
        #expect(try await store.fetchCases(ids: []) == [:])
        #expect(try await store.fetchCases(ids: ["unknown-1", "bulk-0007", "bulk-0007"]) == ["bulk-0007": files[7]])
    }

    static func activeCasesCountOnlyCaseloadStatuses(_ store: any CaseworkStore) async throws {
        // Given one attorney's cases in every status, and another attorney's assigned case
        var mine: [CaseFile] = []
        for (index, status) in CaseStatus.allCases.enumerated() {
            mine.append(try sampleCase(id: "mine-\(index)", status: status, attorneyID: "u-att-1"))
        }
        let theirs = try sampleCase(id: "theirs-1", status: .assigned, attorneyID: "u-att-2")
        let unassigned = try sampleCase(id: "free-1", status: .assigned)
        try await store.commit(CaseworkChange(cases: (mine + [theirs, unassigned]).map { .init(file: $0, expectedVersion: nil) }))

        // Then the attorney's active cases are the assigned, drafted and filed ones
        let active = try await store.activeCases(attorneyID: "u-att-1").sorted { $0.caseID < $1.caseID }
        let expected = mine.filter { [.assigned, .petitionDrafted, .filed].contains($0.status) }.map { file in
            var stored = file
            stored.version = 1
            return stored
        }
        #expect(active.map(\.status) == [.assigned, .petitionDrafted, .filed])
        #expect(active == expected)
        #expect(try await store.activeCases(attorneyID: "u-att-2").map(\.caseID) == ["theirs-1"])
        #expect(try await store.activeCases(attorneyID: "u-nobody") == [])

        // And the caseloads count the same cases, with the open offers (only `offered` ones)
        var open = AssignmentOffer(id: "offer-open", caseID: "free-1", attorneyID: "u-att-2", offeredBy: "u-scr",
                                   offeredAt: Date(timeIntervalSince1970: 1_000))
        var declined = AssignmentOffer(id: "offer-declined", caseID: "free-1", attorneyID: "u-att-3", offeredBy: "u-scr",
                                       offeredAt: Date(timeIntervalSince1970: 1_000))
        try declined.answer(accept: false, by: "u-att-3", at: Date(timeIntervalSince1970: 2_000), conflicts: [], note: nil)
        open.note = nil
        try await store.commit(CaseworkChange(offers: [open, declined]))
        let loads = try await store.caseloads()
        #expect(loads["u-att-1"] == Caseload(active: 3, pendingOffers: 0))
        #expect(loads["u-att-2"] == Caseload(active: 1, pendingOffers: 1))
        #expect(loads["u-att-3"] == nil)
    }

    // MARK: - The list and the dashboard

    static func listFiltersMatch(_ store: any CaseworkStore) async throws {
        let files = try listFixture()
        try await store.commit(CaseworkChange(cases: files.map { .init(file: $0, expectedVersion: nil) }))
        let summaries = files.map(\.summary)
        let pathway = try #require(files.first?.screening.pathways.first?.key)

        let queries: [CaseQuery] = [
            CaseQuery(pathway: pathway, determination: .eligible),
            CaseQuery(pathway: pathway, determination: .needsInformation),
            CaseQuery(status: .screened),
            CaseQuery(district: "Southern District of New York"),
            CaseQuery(assignedAttorneyID: "u-att-1"),
            CaseQuery(caseIDPrefix: "cr-"),
            CaseQuery(caseIDPrefix: "CR-1"),
            CaseQuery(caseIDPrefix: "Éx"),
            CaseQuery(caseIDPrefix: "CR-12"),
            CaseQuery(caseIDPrefix: "none-"),
            CaseQuery(caseIDPrefix: "e"),
            CaseQuery(caseIDPrefix: "é"),
            CaseQuery(pathway: pathway, determination: .ineligible, status: .closed),
            CaseQuery(pathway: pathway, determination: .eligible, district: "Eastern District of Virginia",
                      assignedAttorneyID: "u-att-0"),
            CaseQuery(status: .assigned, district: "Southern District of New York", caseIDPrefix: "AB"),
        ]
        for var query in queries {
            query.limit = 500
            let expected = summaries.filter { matches($0, query) }.sorted(by: precedes(query.order))
            let page = try await store.listCases(query)
            #expect(page.cases == expected, "query \(query)")
            #expect(page.total == expected.count, "query \(query)")
        }

        // Each filter selects some cases but not all
        for query in queries.prefix(9) {
            let count = summaries.filter { matches($0, query) }.count
            #expect(count > 0 && count < summaries.count, "fixture for \(query)")
        }

        // Prefixes compare bytes (Unicode scalars), not characters
        let decomposed = try await store.listCases(CaseQuery(caseIDPrefix: "e"))
        #expect(decomposed.cases.map(\.caseID) == ["e\u{301}x-46"])
        #expect(try await store.listCases(CaseQuery(caseIDPrefix: "é")).total == 0)

        // A pathway without a determination (or the reverse) does not filter
        #expect(try await store.listCases(CaseQuery(pathway: pathway, limit: 500)).total == files.count)
        #expect(try await store.listCases(CaseQuery(determination: .eligible, limit: 500)).total == files.count)
    }

    static func listOrdersBreakTiesByCaseID(_ store: any CaseworkStore) async throws {
        let files = try listFixture()
        try await store.commit(CaseworkChange(cases: files.reversed().map { .init(file: $0, expectedVersion: nil) }))
        let summaries = files.map(\.summary)

        // The fixture has ties in score and in status time, and ids whose byte order differs from numeric order
        #expect(Set(summaries.map(\.priorityScore)).count < summaries.count / 2)
        #expect(Set(summaries.map(\.statusChangedAt)).count < summaries.count / 2)

        for order in CaseQuery.Order.allCases {
            let page = try await store.listCases(CaseQuery(order: order, limit: 500))
            #expect(page.cases == summaries.sorted(by: precedes(order)), "order \(order)")
        }

        // By case id, spelled out: uppercase before lowercase before accented, "CR-12" before "CR-4"
        let ids = try await store.listCases(CaseQuery(order: .caseID, limit: 500)).cases.map(\.caseID)
        let crIDs = ids.filter { $0.hasPrefix("CR-") }
        #expect(crIDs.prefix(4) == ["CR-0", "CR-12", "CR-16", "CR-20"])
        #expect(ids.first == "AB-11")
        #expect(ids.last?.hasPrefix("Éx-") == true)
        let firstLower = try #require(ids.firstIndex { $0.hasPrefix("cr-") })
        let lastUpper = try #require(ids.lastIndex { $0.hasPrefix("CR-") })
        #expect(lastUpper < firstLower)
    }

    static func listPagesAndTotal(_ store: any CaseworkStore) async throws {
        let files = try listFixture()
        try await store.commit(CaseworkChange(cases: files.map { .init(file: $0, expectedVersion: nil) }))
        let expected = files.map(\.summary).sorted(by: precedes(.priority))

        // Pages of 7 cover the whole list, each with the full total
        var collected: [CaseSummary] = []
        for offset in stride(from: 0, to: files.count, by: 7) {
            let page = try await store.listCases(CaseQuery(order: .priority, offset: offset, limit: 7))
            #expect(page.total == files.count)
            #expect(page.cases.count == min(7, files.count - offset))
            collected += page.cases
        }
        #expect(collected == expected)

        // A page past the end is empty but keeps the total; a filtered page counts its matches
        let past = try await store.listCases(CaseQuery(offset: files.count + 5, limit: 10))
        #expect(past.cases == [])
        #expect(past.total == files.count)
        let screened = expected.filter { $0.status == .screened }
        let secondPage = try await store.listCases(CaseQuery(status: .screened, offset: 2, limit: 3))
        #expect(secondPage.cases == Array(screened.dropFirst(2).prefix(3)))
        #expect(secondPage.total == screened.count)
    }

    static func dashboardFigures(_ store: any CaseworkStore) async throws {
        // An empty store has empty figures
        let empty = try await store.dashboard()
        #expect(empty == CaseworkDashboard(totalCases: 0, determinations: [:], statuses: [:], overserved: 0, oldestWaiting: []))

        // Given the list fixture
        let files = try listFixture()
        try await store.commit(CaseworkChange(cases: files.map { .init(file: $0, expectedVersion: nil) }))
        let summaries = files.map(\.summary)

        // Then every figure matches the cases
        var determinations: [String: [Determination: Int]] = [:]
        var statuses: [CaseStatus: Int] = [:]
        for summary in summaries {
            for (key, value) in summary.determinations { determinations[key, default: [:]][value, default: 0] += 1 }
            statuses[summary.status, default: 0] += 1
        }
        let waiting = summaries.filter { $0.status == .intake || $0.status == .screened }
            .sorted(by: precedes(.oldestStatus))
        let dashboard = try await store.dashboard()
        #expect(dashboard.totalCases == files.count)
        #expect(dashboard.determinations == determinations)
        #expect(dashboard.statuses == statuses)
        #expect(dashboard.overserved == summaries.filter { ($0.overservedMonths ?? 0) > 0 }.count)
        #expect(dashboard.overserved > 0 && dashboard.overserved < files.count)
        #expect(waiting.count > 10)
        #expect(dashboard.oldestWaiting == Array(waiting.prefix(10)))
        // Spelled out for one pathway: the fixture rotates determinations evenly
        let key = try #require(files.first?.screening.pathways.first?.key)
        #expect(dashboard.determinations[key]?.values.reduce(0, +) == files.count)
    }

    // MARK: - Offers, audit trail, imports

    static func offersUpsertAndQueries(_ store: any CaseworkStore) async throws {
        // Given two cases and four offers made at various times (two at the same instant)
        let cases = [try sampleCase(id: "case-A", status: .screened), try sampleCase(id: "case-B", status: .screened)]
        let o1 = AssignmentOffer(id: "offer-1", caseID: "case-A", attorneyID: "u-att-1", offeredBy: "u-scr", offeredAt: instant(100))
        let o2 = AssignmentOffer(id: "offer-2", caseID: "case-A", attorneyID: "u-att-2", offeredBy: "u-scr", offeredAt: instant(50))
        let o0 = AssignmentOffer(id: "offer-0", caseID: "case-B", attorneyID: "u-att-1", offeredBy: "u-adm", offeredAt: instant(100))
        let o4 = AssignmentOffer(id: "offer-4", caseID: "case-A", attorneyID: "u-att-1", offeredBy: "u-scr", offeredAt: instant(200))
        try await store.commit(CaseworkChange(cases: cases.map { .init(file: $0, expectedVersion: nil) },
                                              offers: [o1, o2, o0, o4]))

        // When two are answered (one with conflicts and a note) in a later commit
        var accepted = o1
        try accepted.answer(accept: true, by: "u-att-1", at: instant(150),
                            conflicts: ["Case X, which you represent, is a co-defendant of case case-A."], note: "Glad to — «help».")
        var declined = o2
        try declined.answer(accept: false, by: "u-att-2", at: instant(160), conflicts: [], note: nil)
        try await store.commit(CaseworkChange(offers: [accepted, declined]))

        // Then each offer is replaced by id, not duplicated
        #expect(try await store.fetchOffer(id: "offer-1") == accepted)
        #expect(try await store.fetchOffer(id: "offer-2") == declined)
        #expect(try await store.fetchOffer(id: "offer-0") == o0)
        #expect(try await store.fetchOffer(id: "offer-9") == nil)
        #expect(try await store.offers(caseID: "case-A") == [declined, accepted, o4])
        #expect(try await store.offers(caseID: "case-B") == [o0])
        #expect(try await store.offers(caseID: "case-Z") == [])
        #expect(try await store.offers(attorneyID: "u-att-1", state: .offered) == [o0, o4])
        #expect(try await store.offers(attorneyID: "u-att-1", state: .accepted) == [accepted])
        #expect(try await store.offers(attorneyID: "u-att-2", state: .declined) == [declined])
        #expect(try await store.offers(attorneyID: "u-att-2", state: .offered) == [])
    }

    static func caseWithHistoryMatchesSeparateReads(_ store: any CaseworkStore) async throws {
        // Given two cases, events and offers of both, written over two commits
        let cases = [try sampleCase(id: "case-A", status: .screened), try sampleCase(id: "case-B", status: .intake)]
        let offers = [
            AssignmentOffer(id: "offer-2", caseID: "case-A", attorneyID: "u-att-1", offeredBy: "u-scr", offeredAt: instant(200)),
            AssignmentOffer(id: "offer-1", caseID: "case-A", attorneyID: "u-att-2", offeredBy: "u-scr", offeredAt: instant(100)),
            AssignmentOffer(id: "offer-3", caseID: "case-B", attorneyID: "u-att-1", offeredBy: "u-scr", offeredAt: instant(100)),
        ]
        try await store.commit(CaseworkChange(cases: cases.map { .init(file: $0, expectedVersion: nil) }, offers: offers,
                                              events: [sampleEvent(id: "evt-2", caseID: "case-A", at: instant(300)),
                                                       sampleEvent(id: "evt-b", caseID: "case-B", at: instant(1))]))
        try await store.commit(CaseworkChange(events: [sampleEvent(id: "evt-1", caseID: "case-A", at: instant(300)),
                                                       sampleEvent(id: "evt-0", caseID: "case-A", at: instant(5))]))

        // Then each case's history is what the separate reads give, in their orders
        for id in ["case-A", "case-B"] {
            let record = try #require(try await store.fetchCaseWithHistory(id: id))
            #expect(record.file == (try await store.fetchCase(id: id)))
            #expect(record.auditTrail == (try await store.auditTrail(caseID: id)))
            #expect(record.offers == (try await store.offers(caseID: id)))
        }
        let a = try #require(try await store.fetchCaseWithHistory(id: "case-A"))
        #expect(a.auditTrail.map(\.id) == ["evt-0", "evt-2", "evt-1"])
        #expect(a.offers.map(\.id) == ["offer-1", "offer-2"])
        #expect(try await store.fetchCaseWithHistory(id: "case-Z") == nil)
    }

    static func auditTrailOldestFirst(_ store: any CaseworkStore) async throws {
        // Given events of case A written over two commits, three of them at the same instant and
        // ids that sort against their write order, plus an event of case B
        let cases = [try sampleCase(id: "case-A", status: .intake), try sampleCase(id: "case-B", status: .intake)]
        let e1 = AuditEvent(id: "evt-z", caseID: "case-A", at: instant(300), actor: "system", kind: .imported,
                            detail: "Imported from cases.csv, line 2.")
        let e2 = AuditEvent(id: "evt-y", caseID: "case-A", at: instant(100), actor: "screener@example.org",
                            kind: .factAnswered, subject: "prior_851_count", oldValue: nil, newValue: "0",
                            detail: "Answered prior_851_count: 0 — “none filed”.")
        let e3 = sampleEvent(id: "evt-a", caseID: "case-A", at: instant(300))
        let other = sampleEvent(id: "evt-b1", caseID: "case-B", at: instant(1))
        try await store.commit(CaseworkChange(cases: cases.map { .init(file: $0, expectedVersion: nil) },
                                              events: [e1, e2, other, e3]))
        let e4 = AuditEvent(id: "evt-m", caseID: "case-A", at: instant(300), actor: "admin@example.org",
                            kind: .statusChanged, subject: "status", oldValue: "intake", newValue: "screened",
                            detail: "Status changed from intake to screened.")
        let e5 = sampleEvent(id: "evt-0", caseID: "case-A", at: instant(50))
        try await store.commit(CaseworkChange(events: [e4, e5]))

        // Then A's trail is oldest first, events of one instant in the order written
        #expect(try await store.auditTrail(caseID: "case-A") == [e5, e2, e1, e3, e4])
        #expect(try await store.auditTrail(caseID: "case-B") == [other])
        #expect(try await store.auditTrail(caseID: "case-Z") == [])
    }

    static func importRecordsNewestFirst(_ store: any CaseworkStore) async throws {
        // Given four imports, two at the same instant, one with rejected and out-of-scope rows
        let rejection = ImportRecord.Rejection(
            line: 17,
            problems: ["sentence_months: \"abc\" is not a number of months or \"life\"", "district: missing"],
            values: ["case_id": "1:07-cr-9", "sentence_months": "abc", "person_name": "José \"Pepe\" Núñez", "empty": ""])
        let outOfScope = ImportRecord.Rejection(line: 3, problems: ["offense type 13 (fraud) is not a drug offense"],
                                                values: ["OFFGUIDE": "13"])
        let detailed = ImportRecord(id: "import-2", fileName: "USSC FY2015 (copy).csv", fileDigest: hex("file-2"),
                                    format: "ussc_datafile", actor: "screener@example.org", at: instant(300),
                                    created: 120, updated: 3, unchanged: 7, outOfScope: [outOfScope, outOfScope],
                                    rejected: [rejection],
                                    accepted: [.init(line: 2, caseID: "1:07-cr-1", outcome: .created),
                                               .init(line: 4, caseID: "1:07-cr-2", outcome: .unchanged)])
        let records = [
            sampleImport(id: "import-1", at: instant(100)), detailed,
            sampleImport(id: "import-3", at: instant(200)), sampleImport(id: "import-4", at: instant(300)),
        ]
        for record in records { try await store.commit(CaseworkChange(importRecord: record)) }

        // Then they are newest first (of one instant, the later written first) and fetched whole
        #expect(try await store.importRecords().map(\.id) == ["import-4", "import-2", "import-3", "import-1"])
        #expect(try await store.fetchImportRecord(id: "import-2") == detailed)
        #expect(try await store.fetchImportRecord(id: "import-1") == records[0])
        #expect(try await store.fetchImportRecord(id: "import-9") == nil)
        #expect(try await store.importRecords().first { $0.id == "import-2" } == detailed)
    }

    // MARK: - Builders

    /// The screener of the contract's cases: bundled law data, default policy, as of 2025-06-30.
    private static let screener: Result<Screener, any Error> = Result {
        Screener(law: try LawData.loadBundled(), policy: try PolicyData.loadDefault(), asOf: date(2025, 6, 30))
    }

    /// The as-of date of the contract's screenings.
    public static let asOf = date(2025, 6, 30)

    /// An instant `seconds` after 2025-06-15 12:00:00 UTC (whole seconds, which every adapter keeps).
    public static func instant(_ seconds: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(1_749_988_800 + seconds))
    }

    /// A calendar date known to exist.
    ///
    /// - Precondition: The day exists.
    public static func date(_ year: Int, _ month: Int, _ day: Int) -> CalendarDate {
        StoreContract.date(year, month, day)
    }

    /// A valid account; arguments override what a check cares about.
    public static func sampleUser(id: String, email: String, role: UserRole, caseloadLimit: Int? = nil,
                                  displayName: String = "Test User") -> UserAccount {
        UserAccount(id: id, email: email, displayName: displayName, role: role,
                    passwordHash: "$2b$12$abcdefghijklmnopqrstuuN0pQ1rS2tU3vW4xY5z6A7b8C9d0E1f2",
                    caseloadLimit: caseloadLimit, createdAt: instant(-86_400))
    }

    /// The facts of a crack-cocaine case sentenced in 2006, with an origin for every fact read.
    ///
    /// - Parameters:
    ///   - caseID: The case identifier.
    ///   - district: The district.
    ///   - birthYear: The year of birth (it moves the priority score).
    public static func sampleFacts(caseID: String, district: String? = "Eastern District of Virginia",
                                   birthYear: Int = 1970) -> CaseFacts {
        var facts = CaseFacts(caseID: caseID)
        facts.district = district
        facts.offenseDate = date(2005, 3, 14)
        facts.sentencingDate = date(2006, 1, 20)
        facts.custodyStartDate = date(2005, 4, 1)
        facts.jailCreditDays = 12
        facts.statute = StatuteOfConviction(section: .section841, tier: .a)
        facts.drugs = [DrugQuantity(substance: "cocaine_base", amount: Amount(whole: 62), unit: .gram)]
        facts.prior851Count = 1
        facts.deathOrSeriousInjury = .no
        facts.criminalHistoryCategory = .ii
        facts.criminalHistoryPoints = 3
        facts.careerOffender = .no
        facts.safetyValve = .no
        facts.substantialAssistance = .no
        facts.sentence = .months(240)
        facts.birthYear = birthYear
        facts.goodPrisonConduct = .yes
        facts.drugOffense = .yes
        facts.origins = [
            "drugs": FactOrigin(source: "parsed from offense text", text: "62 grams of \"crack\" cocaine", parsed: true),
            "statute": FactOrigin(source: "column statute", text: "21 U.S.C. § 841(b)(1)(A)", parsed: false),
            "sentence_months": FactOrigin(source: "column sentence_months", text: "240", parsed: false),
            "prior_851_count": FactOrigin(source: "corrected by a user", text: nil, parsed: false),
        ]
        return facts
    }

    /// A real screening of facts by the contract's screener.
    ///
    /// - Throws: When the bundled law data or default policy cannot be read.
    public static func screen(_ facts: CaseFacts) throws -> ScreeningResult {
        try screener.get().screen(facts)
    }

    /// A valid case, screened for real; arguments override what a check cares about.
    ///
    /// - Throws: When the bundled law data or default policy cannot be read.
    public static func sampleCase(id: String, facts: CaseFacts? = nil, status: CaseStatus, attorneyID: String? = nil,
                                  district: String? = "Eastern District of Virginia", birthYear: Int = 1970,
                                  statusChangedAt: Date = instant(0)) throws -> CaseFile {
        let facts = facts ?? sampleFacts(caseID: id, district: district, birthYear: birthYear)
        return CaseFile(
            caseID: id, personName: "Person \(id)", coDefendants: ["\(id)-2"], facts: facts, screening: try screen(facts),
            screenedAsOf: asOf, lawVersion: "2025.1", status: status, statusChangedAt: statusChangedAt,
            assignedAttorneyID: attorneyID, version: 1, createdAt: instant(-3_600), updatedAt: statusChangedAt)
    }

    /// 48 cases for the list and dashboard checks: every status, three districts (one unknown), two
    /// attorneys, determinations rotated per pathway, scores and status times with many ties, and
    /// ids in four spellings (`CR-`, `cr-`, `Éx-`, `AB-`) whose byte order is not numeric order, plus
    /// one (`e\u{301}x-46`) whose "é" is decomposed.
    ///
    /// - Throws: When the bundled law data or default policy cannot be read.
    public static func listFixture() throws -> [CaseFile] {
        let prefixes = ["CR-", "cr-", "Éx-", "AB-"]
        let districts: [String?] = ["Eastern District of Virginia", "Southern District of New York", nil]
        return try (0..<48).map { index in
            // One id spells "é" decomposed ("e" + U+0301): it starts with "e" byte for byte, not with "é".
            let id = index == 46 ? "e\u{301}x-46" : prefixes[index % 4] + "\(index)"
            let status = CaseStatus.allCases[index % CaseStatus.allCases.count]
            let attorney = status == .intake || status == .screened ? nil : "u-att-\(index % 2)"
            let facts = sampleFacts(caseID: id, district: districts[index % 3], birthYear: 1950 + (index % 5) * 3)
            let real = try screen(facts)
            let pathways = real.pathways.enumerated().map { offset, pathway in
                PathwayDetermination(
                    pathway: pathway.pathway, variant: pathway.variant,
                    determination: Determination.allCases[(index / 2 + offset) % 3], reasons: pathway.reasons,
                    missingFacts: pathway.missingFacts, estimatedSentence: pathway.estimatedSentence,
                    earliestDate: pathway.earliestDate)
            }
            let overserved: Int? = [12, 0, nil, 30][index % 4]
            let screening = ScreeningResult(analysis: real.analysis, timeServed: real.timeServed, overservedMonths: overserved,
                                            pathways: pathways, priority: real.priority, policyVersion: real.policyVersion,
                                            district: real.district)
            return CaseFile(
                caseID: id, personName: index % 5 == 0 ? nil : "Person \(index)", coDefendants: [], facts: facts,
                screening: screening, screenedAsOf: asOf, lawVersion: "2025.1", status: status,
                statusChangedAt: instant((index % 6) * 86_400), assignedAttorneyID: attorney, version: 1,
                createdAt: instant(-7 * 86_400), updatedAt: instant((index % 6) * 86_400))
        }
    }

    /// A plain audit event; arguments override what a check cares about.
    public static func sampleEvent(id: String, caseID: String, at: Date) -> AuditEvent {
        AuditEvent(id: id, caseID: caseID, at: at, actor: "system", kind: .rescreened, detail: "Re-screened \(caseID).")
    }

    /// An import record with no rejected rows; arguments override what a check cares about.
    public static func sampleImport(id: String, at: Date) -> ImportRecord {
        ImportRecord(id: id, fileName: "cases.csv", fileDigest: hex(id), format: "case_format",
                     actor: "screener@example.org", at: at, created: 2, updated: 0, unchanged: 0, outOfScope: [],
                     rejected: [])
    }

    /// Whether a summary passes a query's filters (the contract's own reading of `CaseQuery`).
    public static func matches(_ summary: CaseSummary, _ query: CaseQuery) -> Bool {
        if let pathway = query.pathway, let determination = query.determination,
           summary.determinations[pathway] != determination { return false }
        if let status = query.status, summary.status != status { return false }
        if let district = query.district, summary.district != district { return false }
        if let attorney = query.assignedAttorneyID, summary.assignedAttorneyID != attorney { return false }
        if let prefix = query.caseIDPrefix, !summary.caseID.utf8.starts(with: prefix.utf8) { return false }
        return true
    }

    /// A query order as a sort predicate, ties by case id in byte order.
    public static func precedes(_ order: CaseQuery.Order) -> (CaseSummary, CaseSummary) -> Bool {
        let byID: (CaseSummary, CaseSummary) -> Bool = { $0.caseID.utf8.lexicographicallyPrecedes($1.caseID.utf8) }
        switch order {
        case .priority:
            return { $0.priorityScore != $1.priorityScore ? $0.priorityScore > $1.priorityScore : byID($0, $1) }
        case .caseID:
            return byID
        case .oldestStatus:
            return { $0.statusChangedAt != $1.statusChangedAt ? $0.statusChangedAt < $1.statusChangedAt : byID($0, $1) }
        }
    }

    /// A 64-character lowercase hex text derived from a seed (a stand-in for a SHA-256).
    public static func hex(_ seed: String) -> String {
        var value: UInt64 = 14_695_981_039_346_656_037
        for byte in seed.utf8 { value = (value ^ UInt64(byte)) &* 1_099_511_628_211 }
        let word = String(value, radix: 16)
        let padded = String(repeating: "0", count: 16 - word.count) + word
        return String(repeating: padded, count: 4)
    }
}
