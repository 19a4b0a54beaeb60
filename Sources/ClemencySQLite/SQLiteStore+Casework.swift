internal import Foundation
internal import GRDB
import ClemencyRules
import ClemencyStore
import ClemencyWorkflow

/// The SQLite adapter of `CaseworkStore`.
///
/// Each method is one asynchronous GRDB read or write transaction. (Synchronous reads on the
/// calling thread were tried: less CPU per request, but under load the web app's p90 latency went
/// from about 25 ms to 400 ms, so reads stay asynchronous; pages read in as few transactions as they can.) A case is kept as JSON (facts
/// and screening) plus the columns the list and the dashboard need, so that a page of 200,000
/// cases is read from indexes without decoding any JSON; its determinations are rows of
/// `case_determination`, indexed for the list's pathway filter.
extension SQLiteStore: CaseworkStore {
    // MARK: - Accounts

    /// Adds an account.
    ///
    /// - Throws: `StoreError.duplicateUser` when the email is taken; `StoreError.database` when the id
    ///   exists, a value breaks the schema, or the database fails.
    public func createUser(_ user: UserAccount) async throws {
        try await Self.perform("create user") {
            try await writer.write { db in
                let taken = try Bool.fetchOne(db, sql: "SELECT 1 FROM user_account WHERE email = ?", arguments: [user.email])
                guard taken != true else { throw StoreError.duplicateUser(user.email) }
                do {
                    try db.execute(sql: "INSERT INTO user_account (\(CaseworkRows.userColumns)) VALUES (\(CaseworkRows.placeholders(8)))",
                                   arguments: CaseworkRows.userArguments(user))
                } catch let error as DatabaseError
                    where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE && error.message?.contains("email") == true
                {
                    // Another connection took the email between the check and the insert.
                    throw StoreError.duplicateUser(user.email)
                }
            }
        }
    }

    /// Replaces an account's name, role, password hash and caseload limit.
    ///
    /// - Throws: `StoreError.userNotFound` when there is no such account; `StoreError.database` when
    ///   the email differs from the stored one (it cannot change) or the database fails.
    public func updateUser(_ user: UserAccount) async throws {
        try await Self.perform("update user") {
            try await writer.write { db in
                guard let email = try String.fetchOne(db, sql: "SELECT email FROM user_account WHERE id = ?", arguments: [user.id])
                else { throw StoreError.userNotFound(user.id) }
                guard email == user.email else { throw StoreError.database("update user: the email cannot change") }
                try db.execute(
                    sql: "UPDATE user_account SET display_name = ?, role = ?, password_hash = ?, caseload_limit = ?, disabled_at = ? WHERE id = ?",
                    arguments: [user.displayName, user.role.rawValue, user.passwordHash, user.caseloadLimit, user.disabledAt, user.id])
            }
        }
    }

    /// The account with an identifier, or `nil`.
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func fetchUser(id: String) async throws -> UserAccount? {
        try await fetchOne("read user", sql: "SELECT \(CaseworkRows.userColumns) FROM user_account WHERE id = ?",
                           arguments: [id], CaseworkRows.user)
    }

    /// The account with an email address (any case), or `nil`.
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func fetchUser(email: String) async throws -> UserAccount? {
        try await fetchOne("read user", sql: "SELECT \(CaseworkRows.userColumns) FROM user_account WHERE email = ?",
                           arguments: [email.lowercased()], CaseworkRows.user)
    }

    /// Every account, by email (byte order).
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func users() async throws -> [UserAccount] {
        try await fetchAll("read users", sql: "SELECT \(CaseworkRows.userColumns) FROM user_account ORDER BY email",
                           arguments: [], CaseworkRows.user)
    }

    // MARK: - Sessions and API tokens

    /// Saves a session, replacing one with the same token hash.
    ///
    /// - Throws: `StoreError.database` when its user does not exist or the database fails.
    public func saveSession(_ session: UserSession) async throws {
        try await execute("save session", sql: """
            INSERT INTO user_session (\(CaseworkRows.sessionColumns)) VALUES (\(CaseworkRows.placeholders(5)))
            ON CONFLICT (token_hash) DO UPDATE SET user_id = excluded.user_id, csrf_token = excluded.csrf_token,
                created_at = excluded.created_at, expires_at = excluded.expires_at
            """, arguments: [session.tokenHash, session.userID, session.csrfToken, session.createdAt, session.expiresAt])
    }

    /// The session with a token hash, or `nil` (expired sessions included).
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func fetchSession(tokenHash: String) async throws -> UserSession? {
        try await fetchOne("read session", sql: "SELECT \(CaseworkRows.sessionColumns) FROM user_session WHERE token_hash = ?",
                           arguments: [tokenHash], CaseworkRows.session)
    }

    /// The session with a token hash and its account, in one read, or `nil` when either is missing.
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func fetchSessionUser(tokenHash: String) async throws -> (session: UserSession, user: UserAccount)? {
        try await Self.perform("read session") {
            try await writer.read { db -> (session: UserSession, user: UserAccount)? in
                guard let sessionRow = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT \(CaseworkRows.sessionColumns) FROM user_session WHERE token_hash = ?"),
                    arguments: [tokenHash]) else { return nil }
                let session = try CaseworkRows.session(sessionRow)
                guard let userRow = try Row.fetchOne(db.cachedStatement(sql: "SELECT \(CaseworkRows.userColumns) FROM user_account WHERE id = ?"),
                                                     arguments: [session.userID]) else { return nil }
                return (session, try CaseworkRows.user(userRow))
            }
        }
    }

    /// Deletes a session; deleting an unknown session does nothing.
    ///
    /// - Throws: `StoreError.database` when the database fails.
    public func deleteSession(tokenHash: String) async throws {
        try await execute("delete session", sql: "DELETE FROM user_session WHERE token_hash = ?", arguments: [tokenHash])
    }

    /// Ends every session and revokes every API token of an account, in one transaction.
    ///
    /// - Throws: `StoreError.database` when the database fails.
    public func revokeAccess(userID: String) async throws {
        try await Self.perform("revoke access") {
            try await writer.write { db in
                try db.execute(sql: "DELETE FROM user_session WHERE user_id = ?", arguments: [userID])
                try db.execute(sql: "DELETE FROM api_token WHERE user_id = ?", arguments: [userID])
            }
        }
    }

    /// Saves an API token, replacing one with the same hash.
    ///
    /// - Throws: `StoreError.database` when its user does not exist or the database fails.
    public func saveAPIToken(_ token: APIToken) async throws {
        try await execute("save API token", sql: """
            INSERT INTO api_token (\(CaseworkRows.tokenColumns)) VALUES (\(CaseworkRows.placeholders(4)))
            ON CONFLICT (token_hash) DO UPDATE SET user_id = excluded.user_id, label = excluded.label,
                created_at = excluded.created_at
            """, arguments: [token.tokenHash, token.userID, token.label, token.createdAt])
    }

    /// The API token with a hash, or `nil`.
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func fetchAPIToken(tokenHash: String) async throws -> APIToken? {
        try await fetchOne("read API token", sql: "SELECT \(CaseworkRows.tokenColumns) FROM api_token WHERE token_hash = ?",
                           arguments: [tokenHash], CaseworkRows.token)
    }

    // MARK: - Cases

    /// Saves a casework change in one write transaction: every case's version is checked first, then
    /// cases (with their determinations), offers, events and the import record are written.
    ///
    /// - Throws: `StoreError.versionConflict` when a case changed since its expected version (or a
    ///   new case's id exists); `StoreError.database` when a case is written twice, a value breaks
    ///   the schema (an offer or event of an unknown case, an import id that exists) or the database
    ///   fails. Nothing is saved when it throws.
    public func commit(_ change: CaseworkChange) async throws {
        try await Self.perform("commit") {
            try await writer.write { db in
                // 1. Every check before any write.
                let selectVersion = try db.cachedStatement(sql: "SELECT version FROM case_file WHERE case_id = ?")
                var seen: Set<String> = []
                for write in change.cases {
                    let id = write.file.caseID
                    guard seen.insert(id).inserted else { throw StoreError.database("commit: a case is written twice") }
                    let actual = try Int.fetchOne(selectVersion, arguments: [id])
                    guard actual == write.expectedVersion else {
                        throw StoreError.versionConflict(caseID: id, expected: write.expectedVersion, actual: actual)
                    }
                }

                // 2. The writes.
                let encoder = StoreColumnCoding.makeEncoder()
                let insertCase = try db.cachedStatement(sql: CaseworkRows.insertCaseSQL)
                let updateCase = try db.cachedStatement(sql: CaseworkRows.updateCaseSQL)
                let clearDeterminations = try db.cachedStatement(sql: "DELETE FROM case_determination WHERE case_id = ?")
                let insertDetermination = try db.cachedStatement(sql: """
                    INSERT OR REPLACE INTO case_determination (case_id, pathway_key, determination, priority_score) VALUES (?, ?, ?, ?)
                    """)
                for write in change.cases {
                    let summary = write.file.summary
                    let version = (write.expectedVersion ?? 0) + 1
                    let arguments = try CaseworkRows.caseArguments(write.file, version: version, summary: summary,
                                                                   encoder: encoder)
                    if write.expectedVersion == nil {
                        try insertCase.execute(arguments: arguments)
                    } else {
                        try updateCase.execute(arguments: arguments)
                        try clearDeterminations.execute(arguments: [write.file.caseID])
                    }
                    for (key, determination) in summary.determinations {
                        try insertDetermination.execute(arguments: [write.file.caseID, key, determination.rawValue, summary.priorityScore])
                    }
                }
                let upsertOffer = try db.cachedStatement(sql: CaseworkRows.upsertOfferSQL)
                for offer in change.offers {
                    try upsertOffer.execute(arguments: CaseworkRows.offerArguments(offer, encoder: encoder))
                }
                let insertEvent = try db.cachedStatement(sql: CaseworkRows.insertEventSQL)
                for event in change.events { try insertEvent.execute(arguments: CaseworkRows.eventArguments(event)) }
                if let record = change.importRecord {
                    try db.execute(sql: CaseworkRows.insertImportSQL,
                                   arguments: CaseworkRows.importArguments(record, encoder: encoder))
                }
            }
        }
    }

    /// The case with an identifier, or `nil`.
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func fetchCase(id: String) async throws -> CaseFile? {
        try await fetchOne("read case", sql: "SELECT \(CaseworkRows.caseColumns) FROM case_file WHERE case_id = ?",
                           arguments: [id]) { row in try CaseworkRows.caseFile(row, decoder: JSONDecoder()) }
    }

    /// The case with an identifier with its audit trail and offers, in one read transaction, or `nil`.
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func fetchCaseWithHistory(id: String) async throws -> CaseWithHistory? {
        try await Self.perform("read case") {
            try await writer.read { db -> CaseWithHistory? in
                guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT \(CaseworkRows.caseColumns) FROM case_file WHERE case_id = ?"),
                                                 arguments: [id]) else { return nil }
                let decoder = JSONDecoder()
                let file = try CaseworkRows.caseFile(row, decoder: decoder)
                let events = try Row.fetchAll(
                    db.cachedStatement(sql: "SELECT \(CaseworkRows.eventColumns) FROM audit_event WHERE case_id = ? ORDER BY at, sequence"),
                    arguments: [id]).map(CaseworkRows.event)
                let offers = try Row.fetchAll(
                    db.cachedStatement(sql: "SELECT \(CaseworkRows.offerColumns) FROM assignment_offer WHERE case_id = ? ORDER BY offered_at, id"),
                    arguments: [id]).map { try CaseworkRows.offer($0, decoder: decoder) }
                return CaseWithHistory(file: file, auditTrail: events, offers: offers)
            }
        }
    }

    /// The cases with these identifiers that exist, keyed by identifier (read 500 at a time).
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func fetchCases(ids: [String]) async throws -> [String: CaseFile] {
        let unique = Array(Set(ids))
        guard !unique.isEmpty else { return [:] }
        return try await Self.perform("read cases") {
            try await writer.read { db in
                let decoder = JSONDecoder()
                var found: [String: CaseFile] = [:]
                for start in stride(from: 0, to: unique.count, by: 500) {
                    let chunk = Array(unique[start..<min(start + 500, unique.count)])
                    let rows = try Row.fetchCursor(
                        db, sql: "SELECT \(CaseworkRows.caseColumns) FROM case_file WHERE case_id IN (\(CaseworkRows.placeholders(chunk.count)))",
                        arguments: StatementArguments(chunk))
                    while let row = try rows.next() {
                        let file = try CaseworkRows.caseFile(row, decoder: decoder)
                        found[file.caseID] = file
                    }
                }
                return found
            }
        }
    }

    /// The cases assigned to an attorney in a status that counts against the caseload, by case identifier.
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func activeCases(attorneyID: String) async throws -> [CaseFile] {
        let statuses = CaseStatus.allCases.filter(\.countsAgainstCaseload).map(\.rawValue)
        return try await fetchAll(
            "read active cases",
            sql: """
                SELECT \(CaseworkRows.caseColumns) FROM case_file
                WHERE assigned_attorney_id = ? AND status IN (\(CaseworkRows.placeholders(statuses.count)))
                ORDER BY case_id
                """,
            arguments: StatementArguments([attorneyID] + statuses)
        ) { row in try CaseworkRows.caseFile(row, decoder: JSONDecoder()) }
    }

    /// Every attorney's active cases and open offers, counted in SQL.
    ///
    /// - Throws: `StoreError.database` when the database fails.
    public func caseloads() async throws -> [String: Caseload] {
        let statuses = CaseStatus.allCases.filter(\.countsAgainstCaseload).map(\.rawValue)
        return try await Self.perform("read caseloads") {
            try await writer.read { db in
                var active: [String: Int] = [:], pending: [String: Int] = [:]
                for row in try Row.fetchAll(db, sql: """
                    SELECT assigned_attorney_id, COUNT(*) FROM case_file
                    WHERE assigned_attorney_id IS NOT NULL AND status IN (\(CaseworkRows.placeholders(statuses.count)))
                    GROUP BY assigned_attorney_id
                    """, arguments: StatementArguments(statuses)) {
                    active[try row.decode(atIndex: 0)] = try row.decode(atIndex: 1)
                }
                for row in try Row.fetchAll(db, sql: """
                    SELECT attorney_id, COUNT(*) FROM assignment_offer WHERE state = ? GROUP BY attorney_id
                    """, arguments: [AssignmentOffer.State.offered.rawValue]) {
                    pending[try row.decode(atIndex: 0)] = try row.decode(atIndex: 1)
                }
                var loads: [String: Caseload] = [:]
                for id in Set(active.keys).union(pending.keys) {
                    loads[id] = Caseload(active: active[id] ?? 0, pendingOffers: pending[id] ?? 0)
                }
                return loads
            }
        }
    }

    /// One page of the case list, read from the list columns and indexes (no JSON is decoded).
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func listCases(_ query: CaseQuery) async throws -> CaseListPage {
        let filter = CaseListFilter(query)
        let order: String
        switch query.order {
        case .priority: order = "c.priority_score DESC, c.case_id"
        case .caseID: order = "c.case_id"
        case .oldestStatus: order = "c.status_changed_at, c.case_id"
        }
        let pageArguments = filter.arguments + [query.limit, query.offset]
        // A pathway filter alone, by priority: the page and the count come from one index of case_determination.
        let pathwayOnly = query.pathway != nil && query.determination != nil && query.status == nil && query.district == nil
            && query.assignedAttorneyID == nil && (query.caseIDPrefix ?? "").isEmpty
        if pathwayOnly, let pathway = query.pathway, let determination = query.determination, query.order == .priority {
            return try await Self.perform("read cases") {
                try await writer.read { db in
                    let key: StatementArguments = [pathway, determination.rawValue]
                    let total = try Int.fetchOne(db, sql: """
                        SELECT COUNT(*) FROM case_determination WHERE pathway_key = ? AND determination = ?
                        """, arguments: key) ?? 0
                    let cases = try Self.summaries(db, pageIDs: """
                        SELECT d.case_id FROM case_determination d
                        WHERE d.pathway_key = ? AND d.determination = ?
                        ORDER BY d.priority_score DESC, d.case_id LIMIT ? OFFSET ?
                        """, arguments: key + [query.limit, query.offset])
                    return CaseListPage(cases: cases, total: total)
                }
            }
        }
        // No filter but the status: the total comes from the counts kept by triggers (migration 0015),
        // not from counting 200,000 index entries on every page.
        let countedByStatus = query.pathway == nil && query.district == nil && query.assignedAttorneyID == nil
            && (query.caseIDPrefix ?? "").isEmpty
        return try await Self.perform("read cases") {
            try await writer.read { db in
                let total: Int
                if countedByStatus, let status = query.status {
                    total = try Int.fetchOne(db.cachedStatement(sql: "SELECT count FROM case_status_count WHERE status = ?"),
                                             arguments: [status.rawValue]) ?? 0
                } else if countedByStatus {
                    total = try Int.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(SUM(count), 0) FROM case_status_count")) ?? 0
                } else {
                    total = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM case_file c\(filter.sql)"),
                                             arguments: filter.arguments) ?? 0
                }
                let cases = try Self.summaries(
                    db, pageIDs: "SELECT c.case_id FROM case_file c\(filter.sql) ORDER BY \(order) LIMIT ? OFFSET ?",
                    arguments: pageArguments)
                return CaseListPage(cases: cases, total: total)
            }
        }
    }

    /// The dashboard's figures, computed with SQL aggregates.
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func dashboard() async throws -> CaseworkDashboard {
        try await Self.perform("read dashboard") {
            try await writer.read { db in
                var total = 0
                var statuses: [CaseStatus: Int] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT status, count FROM case_status_count WHERE count > 0") {
                    let status = try StoreColumnCoding.enumValue(CaseStatus.self, try row.decode(atIndex: 0),
                                                            operation: "read dashboard", column: "status")
                    let count: Int = try row.decode(atIndex: 1)
                    statuses[status] = count
                    total += count
                }
                var determinations: [String: [Determination: Int]] = [:]
                let determinationRows = try Row.fetchAll(db, sql: """
                    SELECT pathway_key, determination, count FROM determination_count WHERE count > 0
                    """)
                for row in determinationRows {
                    let determination = try StoreColumnCoding.enumValue(Determination.self, try row.decode(atIndex: 1),
                                                                   operation: "read dashboard", column: "determination")
                    determinations[try row.decode(atIndex: 0), default: [:]][determination] = try row.decode(atIndex: 2)
                }
                let overserved = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_file WHERE overserved_months > 0") ?? 0
                // The ten oldest of each waiting status, from the status-time index, then the ten oldest of both.
                var waiting: [CaseSummary] = []
                for status in [CaseStatus.intake, CaseStatus.screened] {
                    waiting += try Self.summaries(db, sql: """
                        SELECT \(CaseworkRows.summaryColumns) FROM case_file c WHERE c.status = ?
                        ORDER BY c.status_changed_at, c.case_id LIMIT 10
                        """, arguments: [status.rawValue])
                }
                waiting.sort { lhs, rhs in
                    lhs.statusChangedAt != rhs.statusChangedAt ? lhs.statusChangedAt < rhs.statusChangedAt
                        : lhs.caseID.utf8.lexicographicallyPrecedes(rhs.caseID.utf8)
                }
                waiting = Array(waiting.prefix(10))
                return CaseworkDashboard(totalCases: total, determinations: determinations, statuses: statuses,
                                         overserved: overserved, oldestWaiting: waiting)
            }
        }
    }

    // MARK: - Offers, audit trail, imports

    /// The offer with an identifier, or `nil`.
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func fetchOffer(id: String) async throws -> AssignmentOffer? {
        try await fetchOne("read offer", sql: "SELECT \(CaseworkRows.offerColumns) FROM assignment_offer WHERE id = ?",
                           arguments: [id]) { row in try CaseworkRows.offer(row, decoder: JSONDecoder()) }
    }

    /// A case's offers, oldest first (ties by offer identifier).
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func offers(caseID: String) async throws -> [AssignmentOffer] {
        let decoder = JSONDecoder()
        return try await fetchAll(
            "read offers",
            sql: "SELECT \(CaseworkRows.offerColumns) FROM assignment_offer WHERE case_id = ? ORDER BY offered_at, id",
            arguments: [caseID]) { row in try CaseworkRows.offer(row, decoder: decoder) }
    }

    /// An attorney's offers in a state, oldest first (ties by offer identifier).
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func offers(attorneyID: String, state: AssignmentOffer.State) async throws -> [AssignmentOffer] {
        let decoder = JSONDecoder()
        return try await fetchAll(
            "read offers",
            sql: """
                SELECT \(CaseworkRows.offerColumns) FROM assignment_offer WHERE attorney_id = ? AND state = ?
                ORDER BY offered_at, id
                """,
            arguments: [attorneyID, state.rawValue]) { row in try CaseworkRows.offer(row, decoder: decoder) }
    }

    /// A case's audit trail, oldest first; events of one instant in the order they were written.
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func auditTrail(caseID: String) async throws -> [AuditEvent] {
        try await fetchAll(
            "read audit trail",
            sql: "SELECT \(CaseworkRows.eventColumns) FROM audit_event WHERE case_id = ? ORDER BY at, sequence",
            arguments: [caseID], CaseworkRows.event)
    }

    /// Every import, newest first; imports of one instant, the last written first.
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func importRecords() async throws -> [ImportRecord] {
        let decoder = JSONDecoder()
        return try await fetchAll(
            "read imports",
            sql: "SELECT \(CaseworkRows.importColumns) FROM import_record ORDER BY at DESC, sequence DESC",
            arguments: []) { row in try CaseworkRows.importRecord(row, decoder: decoder) }
    }

    /// The import with an identifier, or `nil`.
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func fetchImportRecord(id: String) async throws -> ImportRecord? {
        try await fetchOne("read import", sql: "SELECT \(CaseworkRows.importColumns) FROM import_record WHERE id = ?",
                           arguments: [id]) { row in try CaseworkRows.importRecord(row, decoder: JSONDecoder()) }
    }

    // MARK: - Helpers

    /// Summary rows of a query selecting `CaseworkRows.summaryColumns`, with their determinations.
    /// The summaries of one page, in two steps: the page's case ids from an index alone (skipping `OFFSET`
    /// rows costs index entries, not table rows), then those cases' rows, in the ids' order.
    private static func summaries(_ db: Database, pageIDs sql: String, arguments: StatementArguments) throws -> [CaseSummary] {
        let ids = try String.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
        guard !ids.isEmpty else { return [] }
        let rows = try summaries(db, sql: """
            SELECT \(CaseworkRows.summaryColumns) FROM case_file c WHERE c.case_id IN (\(CaseworkRows.placeholders(ids.count)))
            """, arguments: StatementArguments(ids), cached: ids.count <= 100)
        let byID = Dictionary(rows.map { ($0.caseID, $0) }, uniquingKeysWith: { first, _ in first })
        return ids.compactMap { byID[$0] }
    }

    private static func summaries(_ db: Database, sql: String, arguments: StatementArguments, cached: Bool = true) throws -> [CaseSummary] {
        let rows = try Row.fetchAll(statement(db, sql: sql, cached: cached), arguments: arguments)
        guard !rows.isEmpty else { return [] }
        let ids: [String] = try rows.map { try $0.decode(atIndex: 0) }
        var determinations: [String: [String: Determination]] = [:]
        let determinationRows = try Row.fetchCursor(
            statement(db, sql: "SELECT case_id, pathway_key, determination FROM case_determination WHERE case_id IN (\(CaseworkRows.placeholders(ids.count)))",
                      cached: ids.count <= 100),
            arguments: StatementArguments(ids))
        while let row = try determinationRows.next() {
            let determination = try StoreColumnCoding.enumValue(Determination.self, try row.decode(atIndex: 2),
                                                           operation: "read cases", column: "determination")
            determinations[try row.decode(atIndex: 0), default: [:]][try row.decode(atIndex: 1)] = determination
        }
        return try zip(rows, ids).map { row, id in try CaseworkRows.summary(row, determinations: determinations[id] ?? [:]) }
    }

    /// A prepared statement: from the connection's cache when `cached` (the SQL of a page, whose
    /// `IN (?, …)` lists have at most a page's length), else compiled for this use only (so that
    /// reads of any number of ids do not fill the cache with one statement per length).
    private static func statement(_ db: Database, sql: String, cached: Bool) throws -> Statement {
        cached ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
    }

    private func fetchOne<T: Sendable>(_ operation: String, sql: String, arguments: StatementArguments,
                                       _ map: @escaping @Sendable (Row) throws -> T) async throws -> T? {
        try await Self.perform(operation) {
            try await writer.read { db in try Row.fetchOne(db.cachedStatement(sql: sql), arguments: arguments).map(map) }
        }
    }

    private func fetchAll<T: Sendable>(_ operation: String, sql: String, arguments: StatementArguments,
                                       _ map: @escaping @Sendable (Row) throws -> T) async throws -> [T] {
        try await Self.perform(operation) {
            try await writer.read { db in try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map(map) }
        }
    }

    private func execute(_ operation: String, sql: String, arguments: StatementArguments) async throws {
        try await Self.perform(operation) {
            try await writer.write { db in try db.execute(sql: sql, arguments: arguments) }
        }
    }
}

/// The join and `WHERE` clause of a case-list query, and their arguments in order.
struct CaseListFilter {
    /// ` JOIN … WHERE …` (empty when nothing filters), for `FROM case_file c`.
    let sql: String
    /// The arguments of `sql`, in order.
    let arguments: StatementArguments

    init(_ query: CaseQuery) {
        var sql = ""
        var arguments = StatementArguments()
        if let pathway = query.pathway, let determination = query.determination {
            // (case_id, pathway_key) is the key of case_determination: the join never repeats a case.
            sql += " JOIN case_determination d ON d.case_id = c.case_id AND d.pathway_key = ? AND d.determination = ?"
            arguments += [pathway, determination.rawValue]
        }
        var conditions: [String] = []
        if let status = query.status {
            conditions.append("c.status = ?")
            arguments += [status.rawValue]
        }
        if let district = query.district {
            conditions.append("c.district = ?")
            arguments += [district]
        }
        if let attorney = query.assignedAttorneyID {
            conditions.append("c.assigned_attorney_id = ?")
            arguments += [attorney]
        }
        if let prefix = query.caseIDPrefix, !prefix.isEmpty {
            // A range on the key, so the primary-key index serves it: [prefix, successor of prefix).
            conditions.append("c.case_id >= ?")
            arguments += [prefix]
            if let upper = Self.successor(ofPrefix: prefix) {
                conditions.append("c.case_id < ?")
                arguments += [upper]
            }
        }
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        self.sql = sql
        self.arguments = arguments
    }

    /// The least text greater, in byte order, than every text starting with `prefix` (`StoreColumnCoding.successor`).
    static func successor(ofPrefix prefix: String) -> String? { StoreColumnCoding.successor(ofPrefix: prefix) }
}
