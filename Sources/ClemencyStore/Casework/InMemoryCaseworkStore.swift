import ClemencyRules
import ClemencyWorkflow
import Foundation

/// A `CaseworkStore` held in memory, for tests and demonstrations. It keeps the same rules as the
/// database adapters (unique emails, version checks, all-or-nothing commits), so the contract
/// suite holds for it too.
public actor InMemoryCaseworkStore: CaseworkStore {
    private var usersByID: [String: UserAccount] = [:]
    private var sessions: [String: UserSession] = [:]
    private var tokens: [String: APIToken] = [:]
    private var cases: [String: CaseFile] = [:]
    private var offersByID: [String: AssignmentOffer] = [:]
    private var events: [AuditEvent] = []
    private var imports: [ImportRecord] = []

    /// Creates an empty store.
    public init() {}

    /// Adds an account; throws `StoreError.duplicateUser` when the email is taken.
    public func createUser(_ user: UserAccount) throws {
        guard !usersByID.values.contains(where: { $0.email == user.email }) else { throw StoreError.duplicateUser(user.email) }
        guard usersByID[user.id] == nil else { throw StoreError.database("create user: the id \(user.id) exists") }
        usersByID[user.id] = user
    }

    /// Replaces an account's changeable fields; throws `StoreError.userNotFound` for an unknown id.
    public func updateUser(_ user: UserAccount) throws {
        guard let existing = usersByID[user.id] else { throw StoreError.userNotFound(user.id) }
        guard existing.email == user.email else { throw StoreError.database("update user: the email cannot change") }
        usersByID[user.id] = user
    }

    /// The account with an identifier, or `nil`.
    public func fetchUser(id: String) -> UserAccount? { usersByID[id] }

    /// The account with an email address (any case), or `nil`.
    public func fetchUser(email: String) -> UserAccount? {
        let email = email.lowercased()
        return usersByID.values.first { $0.email == email }
    }

    /// Every account, by email (byte order, as the SQL adapters sort).
    public func users() -> [UserAccount] {
        usersByID.values.sorted { $0.email.utf8.lexicographicallyPrecedes($1.email.utf8) }
    }

    /// Saves a session, replacing one with the same token hash.
    public func saveSession(_ session: UserSession) { sessions[session.tokenHash] = session }

    /// The session with a token hash, or `nil`.
    public func fetchSession(tokenHash: String) -> UserSession? { sessions[tokenHash] }

    /// Deletes a session; deleting an unknown session does nothing.
    /// The session with a token hash and its account, or `nil` when either is missing.
    public func fetchSessionUser(tokenHash: String) -> (session: UserSession, user: UserAccount)? {
        guard let session = sessions[tokenHash], let user = usersByID[session.userID] else { return nil }
        return (session, user)
    }

    public func deleteSession(tokenHash: String) { sessions[tokenHash] = nil }

    /// Saves an API token, replacing one with the same hash.
    /// Ends every session and revokes every API token of an account.
    public func revokeAccess(userID: String) {
        sessions = sessions.filter { $0.value.userID != userID }
        tokens = tokens.filter { $0.value.userID != userID }
    }

    public func saveAPIToken(_ token: APIToken) { tokens[token.tokenHash] = token }

    /// The API token with a hash, or `nil`.
    public func fetchAPIToken(tokenHash: String) -> APIToken? { tokens[tokenHash] }

    /// Saves a change atomically: every version is checked before anything is written.
    public func commit(_ change: CaseworkChange) throws {
        var seen: Set<String> = []
        for write in change.cases {
            let id = write.file.caseID
            guard !id.isEmpty else { throw StoreError.database("commit: a case has an empty id") }
            guard seen.insert(id).inserted else { throw StoreError.database("commit: case \(id) is written twice") }
            let actual = cases[id]?.version
            guard actual == write.expectedVersion else {
                throw StoreError.versionConflict(caseID: id, expected: write.expectedVersion, actual: actual)
            }
        }
        if let record = change.importRecord, imports.contains(where: { $0.id == record.id }) {
            throw StoreError.database("commit: import \(record.id) exists")
        }
        for write in change.cases {
            var file = write.file
            file.version = (write.expectedVersion ?? 0) + 1
            cases[file.caseID] = file
        }
        for offer in change.offers { offersByID[offer.id] = offer }
        events.append(contentsOf: change.events)
        if let record = change.importRecord { imports.append(record) }
    }

    /// The case with an identifier, or `nil`.
    public func fetchCase(id: String) -> CaseFile? { cases[id] }

    /// The case with an identifier with its audit trail and offers, or `nil`.
    public func fetchCaseWithHistory(id: String) -> CaseWithHistory? {
        guard let file = cases[id] else { return nil }
        return CaseWithHistory(file: file, auditTrail: auditTrail(caseID: id), offers: offers(caseID: id))
    }

    /// The cases with these identifiers that exist, keyed by identifier.
    public func fetchCases(ids: [String]) -> [String: CaseFile] {
        var found: [String: CaseFile] = [:]
        for id in ids { if let file = cases[id] { found[id] = file } }
        return found
    }

    /// The attorney's assigned, drafted and filed cases, by case identifier.
    public func activeCases(attorneyID: String) -> [CaseFile] {
        cases.values.filter { $0.assignedAttorneyID == attorneyID && $0.status.countsAgainstCaseload }
            .sorted { $0.caseID < $1.caseID }
    }

    /// One page of the case list.
    /// Every attorney's active cases and open offers, by user identifier.
    public func caseloads() -> [String: Caseload] {
        var active: [String: Int] = [:], pending: [String: Int] = [:]
        for file in cases.values where file.status.countsAgainstCaseload {
            if let attorney = file.assignedAttorneyID { active[attorney, default: 0] += 1 }
        }
        for offer in offersByID.values where offer.state == .offered { pending[offer.attorneyID, default: 0] += 1 }
        var loads: [String: Caseload] = [:]
        for id in Set(active.keys).union(pending.keys) {
            loads[id] = Caseload(active: active[id] ?? 0, pendingOffers: pending[id] ?? 0)
        }
        return loads
    }

    public func listCases(_ query: CaseQuery) -> CaseListPage {
        let matching = cases.values.lazy.map(\.summary).filter { summary in
            if let pathway = query.pathway, let determination = query.determination,
               summary.determinations[pathway] != determination { return false }
            if let status = query.status, summary.status != status { return false }
            if let district = query.district, summary.district != district { return false }
            if let attorney = query.assignedAttorneyID, summary.assignedAttorneyID != attorney { return false }
            // Bytes, as SQL compares: `hasPrefix` would match canonically equivalent spellings
            // ("é" and "e" + U+0301) and miss "e" at the start of a decomposed "é".
            if let prefix = query.caseIDPrefix, !summary.caseID.utf8.starts(with: prefix.utf8) { return false }
            return true
        }
        let sorted = matching.sorted(by: Self.ordering(query.order))
        let page = sorted.dropFirst(query.offset).prefix(query.limit)
        return CaseListPage(cases: Array(page), total: sorted.count)
    }

    /// The order of a query, as the SQL adapters sort: ties broken by case identifier (byte order).
    static func ordering(_ order: CaseQuery.Order) -> (CaseSummary, CaseSummary) -> Bool {
        switch order {
        case .priority:
            return { $0.priorityScore != $1.priorityScore ? $0.priorityScore > $1.priorityScore : precedes($0.caseID, $1.caseID) }
        case .caseID:
            return { precedes($0.caseID, $1.caseID) }
        case .oldestStatus:
            return { $0.statusChangedAt != $1.statusChangedAt ? $0.statusChangedAt < $1.statusChangedAt : precedes($0.caseID, $1.caseID) }
        }
    }

    private static func precedes(_ lhs: String, _ rhs: String) -> Bool { lhs.utf8.lexicographicallyPrecedes(rhs.utf8) }

    /// The dashboard's figures.
    public func dashboard() -> CaseworkDashboard {
        var determinations: [String: [Determination: Int]] = [:]
        var statuses: [CaseStatus: Int] = [:]
        var overserved = 0
        var waiting: [CaseSummary] = []
        for file in cases.values {
            let summary = file.summary
            for (key, value) in summary.determinations { determinations[key, default: [:]][value, default: 0] += 1 }
            statuses[summary.status, default: 0] += 1
            if (summary.overservedMonths ?? 0) > 0 { overserved += 1 }
            if summary.status == .intake || summary.status == .screened { waiting.append(summary) }
        }
        waiting.sort(by: Self.ordering(.oldestStatus))
        return CaseworkDashboard(totalCases: cases.count, determinations: determinations, statuses: statuses,
                                 overserved: overserved, oldestWaiting: Array(waiting.prefix(10)))
    }

    /// The offer with an identifier, or `nil`.
    public func fetchOffer(id: String) -> AssignmentOffer? { offersByID[id] }

    /// A case's offers, oldest first (ties by offer identifier).
    public func offers(caseID: String) -> [AssignmentOffer] {
        offersByID.values.filter { $0.caseID == caseID }.sorted(by: Self.offerOrder)
    }

    /// An attorney's offers in a state, oldest first (ties by offer identifier).
    public func offers(attorneyID: String, state: AssignmentOffer.State) -> [AssignmentOffer] {
        offersByID.values.filter { $0.attorneyID == attorneyID && $0.state == state }.sorted(by: Self.offerOrder)
    }

    private static func offerOrder(_ lhs: AssignmentOffer, _ rhs: AssignmentOffer) -> Bool {
        lhs.offeredAt != rhs.offeredAt ? lhs.offeredAt < rhs.offeredAt : precedes(lhs.id, rhs.id)
    }

    /// A case's audit trail, oldest first; events of one instant in the order written.
    public func auditTrail(caseID: String) -> [AuditEvent] {
        // Stable: events of one instant keep the order they were written in.
        events.enumerated().filter { $0.element.caseID == caseID }
            .sorted { $0.element.at != $1.element.at ? $0.element.at < $1.element.at : $0.offset < $1.offset }
            .map(\.element)
    }

    /// Every import, newest first; imports of one instant, the last written first.
    public func importRecords() -> [ImportRecord] {
        imports.enumerated().sorted { $0.element.at != $1.element.at ? $0.element.at > $1.element.at : $0.offset > $1.offset }
            .map(\.element)
    }

    /// The import with an identifier, or `nil`.
    public func fetchImportRecord(id: String) -> ImportRecord? { imports.first { $0.id == id } }
}
