internal import Foundation
internal import PostgresNIO
import ClemencyRules
import ClemencyStore
import ClemencyWorkflow

/// The casework operations. A case is kept as JSON (facts and screening) plus the columns the list
/// and the dashboard need, so a page of the list is read from indexes without touching the JSON;
/// its determinations are rows of `case_determination`, indexed for the list's pathway filter.
extension PostgresCaseworkStore: CaseworkStore {
    // MARK: - Accounts

    /// Adds an account.
    ///
    /// - Throws: `StoreError.duplicateUser` when the email is taken; `StoreError.database` when the id
    ///   exists, a value breaks the schema, or the database fails.
    public func createUser(_ user: UserAccount) async throws {
        var insert = SQLBuilder("INSERT INTO user_account (\(PostgresRows.userColumns)) VALUES ")
        insert.row(PostgresRows.userValues(user))
        // A taken email inserts nothing (also when another connection took it a moment ago).
        insert.append(" ON CONFLICT (email) DO NOTHING RETURNING id")
        let inserted = try await rows("create user", insert.query) { try $0.decode(String.self) }
        guard !inserted.isEmpty else { throw StoreError.duplicateUser(user.email) }
    }

    /// Replaces an account's name, role, password hash and caseload limit.
    ///
    /// - Throws: `StoreError.userNotFound` when there is no such account; `StoreError.database` when
    ///   the email differs from the stored one (it cannot change) or the database fails.
    public func updateUser(_ user: UserAccount) async throws {
        try await transaction("update user") { connection in
            let emails = try await connection.query(
                "SELECT email FROM user_account WHERE id = \(user.id) FOR UPDATE", logger: logger
            ).collect().map { try $0.decode(String.self) }
            guard let email = emails.first else { throw StoreError.userNotFound(user.id) }
            guard email == user.email else { throw StoreError.database("update user: the email cannot change") }
            try await connection.exec("""
                UPDATE user_account SET display_name = \(user.displayName), role = \(user.role.rawValue),
                    password_hash = \(user.passwordHash), caseload_limit = \(user.caseloadLimit), disabled_at = \(user.disabledAt)
                WHERE id = \(user.id)
                """, logger: logger)
        }
    }

    /// The account with an identifier, or `nil`.
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func fetchUser(id: String) async throws -> UserAccount? {
        try await rows("read user", "SELECT \(unescaped: PostgresRows.userColumns) FROM user_account WHERE id = \(id)",
                       PostgresRows.user).first
    }

    /// The account with an email address (any case), or `nil`.
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func fetchUser(email: String) async throws -> UserAccount? {
        try await rows("read user",
                       "SELECT \(unescaped: PostgresRows.userColumns) FROM user_account WHERE email = \(email.lowercased())",
                       PostgresRows.user).first
    }

    /// Every account, by email (byte order: the column's collation is "C").
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func users() async throws -> [UserAccount] {
        try await rows("read users", "SELECT \(unescaped: PostgresRows.userColumns) FROM user_account ORDER BY email",
                       PostgresRows.user)
    }

    // MARK: - Sessions and API tokens

    /// Saves a session, replacing one with the same token hash.
    ///
    /// - Throws: `StoreError.database` when its user does not exist or the database fails.
    public func saveSession(_ session: UserSession) async throws {
        try await execute("save session", """
            INSERT INTO user_session (\(unescaped: PostgresRows.sessionColumns))
            VALUES (\(session.tokenHash), \(session.userID), \(session.csrfToken), \(session.createdAt), \(session.expiresAt))
            ON CONFLICT (token_hash) DO UPDATE SET user_id = EXCLUDED.user_id, csrf_token = EXCLUDED.csrf_token,
                created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
            """)
    }

    /// The session with a token hash, or `nil` (expired sessions included).
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func fetchSession(tokenHash: String) async throws -> UserSession? {
        try await rows("read session",
                       "SELECT \(unescaped: PostgresRows.sessionColumns) FROM user_session WHERE token_hash = \(tokenHash)") {
            try PostgresRows.session($0.makeRandomAccess())
        }.first
    }

    /// The session with a token hash and its account, in one query, or `nil` when either is missing.
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func fetchSessionUser(tokenHash: String) async throws -> (session: UserSession, user: UserAccount)? {
        let pairs = try await rows("read session", """
            SELECT u.id, u.email, u.display_name, u.role, u.password_hash, u.caseload_limit, u.created_at, u.disabled_at,
                   s.token_hash, s.user_id, s.csrf_token, s.created_at, s.expires_at
            FROM user_session s JOIN user_account u ON u.id = s.user_id
            WHERE s.token_hash = \(tokenHash)
            """) { row -> (session: UserSession, user: UserAccount) in
            (try PostgresRows.session(row.makeRandomAccess(), offset: 8), try PostgresRows.user(row))
        }
        return pairs.first
    }

    /// Deletes a session; deleting an unknown session does nothing.
    ///
    /// - Throws: `StoreError.database` when the database fails.
    public func deleteSession(tokenHash: String) async throws {
        try await execute("delete session", "DELETE FROM user_session WHERE token_hash = \(tokenHash)")
    }

    /// Ends every session and revokes every API token of an account, in one transaction.
    ///
    /// - Throws: `StoreError.database` when the database fails.
    public func revokeAccess(userID: String) async throws {
        try await transaction("revoke access") { connection in
            try await connection.exec("DELETE FROM user_session WHERE user_id = \(userID)", logger: logger)
            try await connection.exec("DELETE FROM api_token WHERE user_id = \(userID)", logger: logger)
        }
    }

    /// Saves an API token, replacing one with the same hash.
    ///
    /// - Throws: `StoreError.database` when its user does not exist or the database fails.
    public func saveAPIToken(_ token: APIToken) async throws {
        try await execute("save API token", """
            INSERT INTO api_token (\(unescaped: PostgresRows.tokenColumns))
            VALUES (\(token.tokenHash), \(token.userID), \(token.label), \(token.createdAt))
            ON CONFLICT (token_hash) DO UPDATE SET user_id = EXCLUDED.user_id, label = EXCLUDED.label,
                created_at = EXCLUDED.created_at
            """)
    }

    /// The API token with a hash, or `nil`.
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func fetchAPIToken(tokenHash: String) async throws -> APIToken? {
        try await rows("read API token",
                       "SELECT \(unescaped: PostgresRows.tokenColumns) FROM api_token WHERE token_hash = \(tokenHash)",
                       PostgresRows.token).first
    }

    // MARK: - Cases

    /// Saves a casework change in one transaction.
    ///
    /// The cases it writes are locked (`FOR NO KEY UPDATE`, in case-id order, so two commits never wait
    /// on each other's cases in a circle) and their versions checked before anything is written; a new
    /// case is inserted only if its id is still free, an update only if the version is still the one
    /// checked. Then determinations, offers (by id order), events (in the change's order), the import
    /// record and, last, the dashboard's determination counts (in key order) are written. A commit
    /// that the server aborts as a deadlock victim is run again, up to three times.
    ///
    /// - Throws: `StoreError.versionConflict` when a case changed since its expected version (or a
    ///   new case's id exists); `StoreError.database` when a case is written twice, a value breaks
    ///   the schema (an offer or event of an unknown case, an import id that exists) or the database
    ///   fails. Nothing is saved when it throws.
    public func commit(_ change: CaseworkChange) async throws {
        var seen: Set<String> = []
        for write in change.cases {
            guard seen.insert(write.file.caseID).inserted else { throw StoreError.database("commit: a case is written twice") }
        }
        let encoder = StoreColumnCoding.makeEncoder()
        // Everything encoded before the transaction begins, so the transaction holds its locks briefly.
        var newCases: [[SQLValue]] = [], updatedCases: [[SQLValue]] = []
        var determinations: [[SQLValue]] = []
        var initialCounts: [CountKey: Int] = [:]
        for write in change.cases {
            let summary = write.file.summary
            let values = try PostgresRows.caseValues(write.file, version: (write.expectedVersion ?? 0) + 1, summary: summary,
                                                     encoder: encoder)
            if write.expectedVersion == nil { newCases.append(values) } else { updatedCases.append(values) }
            for (key, determination) in summary.determinations.sorted(by: { $0.key < $1.key }) {
                determinations.append([.text(write.file.caseID), .text(key), .text(determination.rawValue),
                                       .integer(summary.priorityScore)])
                initialCounts[CountKey(pathway: key, determination: determination.rawValue), default: 0] += 1
            }
        }
        // The last of several writes of one offer wins, as if written one after the other.
        var offersByID: [String: AssignmentOffer] = [:]
        for offer in change.offers { offersByID[offer.id] = offer }
        let offers = try offersByID.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .map { try PostgresRows.offerValues(offersByID[$0]!, encoder: encoder) }
        let events = change.events.map(PostgresRows.eventValues)
        let importRecord = try change.importRecord.map { try PostgresRows.importValues($0, encoder: encoder) }
        let updatedIDs = change.cases.filter { $0.expectedVersion != nil }.map(\.file.caseID)
        let newIDs = change.cases.filter { $0.expectedVersion == nil }.map(\.file.caseID)

        var attempt = 1
        while true {
            do {
                try await transaction("commit") { connection in
                    var counts = initialCounts
                    // 1. Lock and check every case before any write.
                    if !change.cases.isEmpty {
                        var versions: [String: Int] = [:]
                        let ids = change.cases.map(\.file.caseID)
                        for row in try await connection.query("""
                            SELECT case_id, version FROM case_file WHERE case_id = ANY(\(ids)) ORDER BY case_id FOR NO KEY UPDATE
                            """, logger: logger).collect() {
                            let (id, version) = try row.decode((String, Int).self)
                            versions[id] = version
                        }
                        for write in change.cases where versions[write.file.caseID] != write.expectedVersion {
                            throw StoreError.versionConflict(caseID: write.file.caseID, expected: write.expectedVersion,
                                                             actual: versions[write.file.caseID])
                        }
                    }

                    // 2. New cases, each only if its id is still free.
                    var inserted: Set<String> = []
                    for batch in Self.batches(newCases, columns: PostgresRows.writtenCaseColumns.count) {
                        var insert = SQLBuilder(
                            "INSERT INTO case_file (\(PostgresRows.writtenCaseColumns.joined(separator: ", "))) VALUES ")
                        Self.appendRows(batch, to: &insert)
                        insert.append(" ON CONFLICT (case_id) DO NOTHING RETURNING case_id")
                        for row in try await connection.query(insert.query, logger: logger).collect() {
                            inserted.insert(try row.decode(String.self))
                        }
                    }
                    if let taken = newIDs.first(where: { !inserted.contains($0) }) {
                        // Another commit created it after the check above.
                        let actual = try await connection.query("SELECT version FROM case_file WHERE case_id = \(taken)",
                                                                logger: logger).collect().first?.decode(Int.self)
                        throw StoreError.versionConflict(caseID: taken, expected: nil, actual: actual)
                    }

                    // 3. Updated cases, each only at the version checked (it is locked, so this holds).
                    if !updatedIDs.isEmpty {
                        for row in try await connection.query("""
                            DELETE FROM case_determination WHERE case_id = ANY(\(updatedIDs)) RETURNING pathway_key, determination
                            """, logger: logger).collect() {
                            let (key, determination) = try row.decode((String, String).self)
                            counts[CountKey(pathway: key, determination: determination), default: 0] -= 1
                        }
                    }
                    var updated = 0
                    for batch in Self.batches(updatedCases, columns: PostgresRows.writtenCaseColumns.count) {
                        var upsert = SQLBuilder(
                            "INSERT INTO case_file (\(PostgresRows.writtenCaseColumns.joined(separator: ", "))) VALUES ")
                        Self.appendRows(batch, to: &upsert)
                        let assignments = PostgresRows.writtenCaseColumns.dropFirst().map { "\($0) = EXCLUDED.\($0)" }
                        upsert.append(" ON CONFLICT (case_id) DO UPDATE SET \(assignments.joined(separator: ", "))")
                        upsert.append(" WHERE case_file.version = EXCLUDED.version - 1 RETURNING case_id")
                        updated += try await connection.query(upsert.query, logger: logger).collect().count
                    }
                    guard updated == updatedIDs.count else { throw StoreError.database("commit: a case changed while locked") }

                    // 4. Determinations, offers, events, the import record.
                    for batch in Self.batches(determinations, columns: 4) {
                        var insert = SQLBuilder(
                            "INSERT INTO case_determination (case_id, pathway_key, determination, priority_score) VALUES ")
                        Self.appendRows(batch, to: &insert)
                        try await connection.exec(insert.query, logger: logger)
                    }
                    for batch in Self.batches(offers, columns: 9) {
                        var upsert = SQLBuilder("INSERT INTO assignment_offer (\(PostgresRows.writtenOfferColumns)) VALUES ")
                        Self.appendRows(batch, to: &upsert)
                        upsert.append("""
                             ON CONFLICT (id) DO UPDATE SET
                                case_id = EXCLUDED.case_id, attorney_id = EXCLUDED.attorney_id, offered_by = EXCLUDED.offered_by,
                                offered_at = EXCLUDED.offered_at, state = EXCLUDED.state, decided_at = EXCLUDED.decided_at,
                                conflicts = EXCLUDED.conflicts, note = EXCLUDED.note
                            """)
                        try await connection.exec(upsert.query, logger: logger)
                    }
                    // Rows of one statement are inserted in order, so `sequence` keeps the events' order.
                    for batch in Self.batches(events, columns: 9) {
                        var insert = SQLBuilder("INSERT INTO audit_event (\(PostgresRows.eventColumns)) VALUES ")
                        Self.appendRows(batch, to: &insert)
                        try await connection.exec(insert.query, logger: logger)
                    }
                    if let importRecord {
                        var insert = SQLBuilder("INSERT INTO import_record (\(PostgresRows.writtenImportColumns)) VALUES ")
                        insert.row(importRecord)
                        try await connection.exec(insert.query, logger: logger)
                    }

                    // 5. The dashboard's counts, last and in key order: every commit locks them in the same order.
                    let changes = counts.filter { $0.value != 0 }.sorted { $0.key < $1.key }
                    if !changes.isEmpty {
                        var upsert = SQLBuilder("INSERT INTO determination_count (pathway_key, determination, count) VALUES ")
                        Self.appendRows(changes.map { [.text($0.key.pathway), .text($0.key.determination), .integer($0.value)] },
                                        to: &upsert)
                        upsert.append(" ON CONFLICT (pathway_key, determination) DO UPDATE SET count = determination_count.count + EXCLUDED.count")
                        try await connection.exec(upsert.query, logger: logger)
                    }
                }
                return
            } catch let error as StoreError where attempt < 3 && Self.isRetryable(error) {
                attempt += 1
            }
        }
    }

    /// A key of `determination_count`, ordered as the counts are locked.
    private struct CountKey: Hashable, Comparable {
        let pathway: String
        let determination: String

        static func < (lhs: Self, rhs: Self) -> Bool {
            lhs.pathway != rhs.pathway ? lhs.pathway.utf8.lexicographicallyPrecedes(rhs.pathway.utf8)
                : lhs.determination.utf8.lexicographicallyPrecedes(rhs.determination.utf8)
        }
    }

    /// Whether a failed commit may simply be run again: the server chose it as a deadlock victim or
    /// as a serialization failure (SQLSTATE 40P01, 40001).
    private static func isRetryable(_ error: StoreError) -> Bool {
        guard case .database(let message) = error else { return false }
        return message.contains("PostgreSQL error 40P01") || message.contains("PostgreSQL error 40001")
    }

    /// Rows split into statements of at most `SQLBuilder.rowsPerStatement` rows.
    private static func batches(_ rows: [[SQLValue]], columns: Int) -> [ArraySlice<[SQLValue]>] {
        let size = SQLBuilder.rowsPerStatement(columns: columns)
        return stride(from: 0, to: rows.count, by: size).map { rows[$0..<min($0 + size, rows.count)] }
    }

    private static func appendRows(_ rows: some Collection<[SQLValue]>, to builder: inout SQLBuilder) {
        for (index, values) in rows.enumerated() {
            if index > 0 { builder.append(", ") }
            builder.row(values)
        }
    }

    /// The case with an identifier, or `nil`.
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func fetchCase(id: String) async throws -> CaseFile? {
        let decoder = JSONDecoder()
        return try await rows("read case", "SELECT \(unescaped: PostgresRows.caseColumns) FROM case_file WHERE case_id = \(id)") {
            try PostgresRows.caseFile($0, decoder: decoder)
        }.first
    }

    /// The case with an identifier with its audit trail and offers, read in one repeatable-read
    /// transaction so the three agree; `nil` when there is no such case.
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func fetchCaseWithHistory(id: String) async throws -> CaseWithHistory? {
        let decoder = JSONDecoder()
        return try await transaction("read case", readOnly: true) { connection -> CaseWithHistory? in
            let caseRows = try await connection.query(
                "SELECT \(unescaped: PostgresRows.caseColumns) FROM case_file WHERE case_id = \(id)", logger: logger).collect()
            guard let row = caseRows.first else { return nil }
            let file = try PostgresRows.caseFile(row, decoder: decoder)
            let events = try await connection.query(
                "SELECT \(unescaped: PostgresRows.eventColumns) FROM audit_event WHERE case_id = \(id) ORDER BY at, sequence",
                logger: logger).collect().map(PostgresRows.event)
            let offers = try await connection.query(
                "SELECT \(unescaped: PostgresRows.offerColumns) FROM assignment_offer WHERE case_id = \(id) ORDER BY offered_at, id",
                logger: logger).collect().map { try PostgresRows.offer($0, decoder: decoder) }
            return CaseWithHistory(file: file, auditTrail: events, offers: offers)
        }
    }

    /// The cases with these identifiers that exist, keyed by identifier (one query).
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func fetchCases(ids: [String]) async throws -> [String: CaseFile] {
        let unique = Array(Set(ids))
        guard !unique.isEmpty else { return [:] }
        let decoder = JSONDecoder()
        let files = try await rows(
            "read cases", "SELECT \(unescaped: PostgresRows.caseColumns) FROM case_file WHERE case_id = ANY(\(unique))"
        ) { try PostgresRows.caseFile($0, decoder: decoder) }
        return Dictionary(files.map { ($0.caseID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The cases assigned to an attorney in a status that counts against the caseload, by case identifier.
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func activeCases(attorneyID: String) async throws -> [CaseFile] {
        let statuses = CaseStatus.allCases.filter(\.countsAgainstCaseload).map(\.rawValue)
        let decoder = JSONDecoder()
        return try await rows("read active cases", """
            SELECT \(unescaped: PostgresRows.caseColumns) FROM case_file
            WHERE assigned_attorney_id = \(attorneyID) AND status = ANY(\(statuses))
            ORDER BY case_id
            """) { try PostgresRows.caseFile($0, decoder: decoder) }
    }

    /// Every attorney's active cases and open offers, counted in SQL.
    ///
    /// - Throws: `StoreError.database` when the database fails.
    public func caseloads() async throws -> [String: Caseload] {
        let statuses = CaseStatus.allCases.filter(\.countsAgainstCaseload).map(\.rawValue)
        let rows = try await rows("read caseloads", """
            SELECT 'active', assigned_attorney_id, COUNT(*) FROM case_file
            WHERE assigned_attorney_id IS NOT NULL AND status = ANY(\(statuses))
            GROUP BY assigned_attorney_id
            UNION ALL
            SELECT 'pending', attorney_id, COUNT(*) FROM assignment_offer WHERE state = \(AssignmentOffer.State.offered.rawValue)
            GROUP BY attorney_id
            """) { try $0.decode((String, String, Int).self) }
        var active: [String: Int] = [:], pending: [String: Int] = [:]
        for (kind, attorney, count) in rows {
            if kind == "active" { active[attorney] = count } else { pending[attorney] = count }
        }
        var loads: [String: Caseload] = [:]
        for id in Set(active.keys).union(pending.keys) {
            loads[id] = Caseload(active: active[id] ?? 0, pendingOffers: pending[id] ?? 0)
        }
        return loads
    }

    /// One page of the case list, in two steps: the page's case ids from an index, then those cases'
    /// list columns and determinations (no JSON is read). The count and the page come from one snapshot.
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func listCases(_ query: CaseQuery) async throws -> CaseListPage {
        // No text in PostgreSQL holds NUL, so no case id starts with a prefix that does.
        if let prefix = query.caseIDPrefix, prefix.utf8.contains(0) { return CaseListPage(cases: [], total: 0) }
        let pathwayOnly = query.pathway != nil && query.determination != nil && query.status == nil && query.district == nil
            && query.assignedAttorneyID == nil && (query.caseIDPrefix ?? "").isEmpty && query.order == .priority
        var count = SQLBuilder(), page = SQLBuilder()
        if pathwayOnly, let pathway = query.pathway, let determination = query.determination {
            // A pathway filter alone, by priority: the page and the count come from one index of case_determination.
            count.append("SELECT COUNT(*) FROM case_determination d WHERE d.pathway_key = ")
            count.bind(.text(pathway))
            count.append(" AND d.determination = ")
            count.bind(.text(determination.rawValue))
            page.append("SELECT d.case_id FROM case_determination d WHERE d.pathway_key = ")
            page.bind(.text(pathway))
            page.append(" AND d.determination = ")
            page.bind(.text(determination.rawValue))
            page.append(" ORDER BY d.priority_score DESC, d.case_id")
        } else {
            count.append("SELECT COUNT(*) FROM case_file c")
            Self.appendFilter(query, to: &count)
            page.append("SELECT c.case_id FROM case_file c")
            Self.appendFilter(query, to: &page)
            switch query.order {
            case .priority: page.append(" ORDER BY c.priority_score DESC, c.case_id")
            case .caseID: page.append(" ORDER BY c.case_id")
            case .oldestStatus: page.append(" ORDER BY c.status_changed_at, c.case_id")
            }
        }
        page.append(" LIMIT ")
        page.bind(.integer(query.limit))
        page.append(" OFFSET ")
        page.bind(.integer(query.offset))
        let countQuery = count.query, pageQuery = page.query
        return try await transaction("read cases", readOnly: true) { connection in
            let total = try await connection.query(countQuery, logger: logger).collect().first?.decode(Int.self) ?? 0
            let ids = try await connection.query(pageQuery, logger: logger).collect().map { try $0.decode(String.self) }
            let cases = try await Self.summaries(ids: ids, on: connection, logger: logger)
            return CaseListPage(cases: cases, total: total)
        }
    }

    /// Appends the join and `WHERE` clause of a query's filters to `FROM case_file c`.
    private static func appendFilter(_ query: CaseQuery, to builder: inout SQLBuilder) {
        if let pathway = query.pathway, let determination = query.determination {
            // (case_id, pathway_key) is the key of case_determination: the join never repeats a case.
            builder.append(" JOIN case_determination d ON d.case_id = c.case_id AND d.pathway_key = ")
            builder.bind(.text(pathway))
            builder.append(" AND d.determination = ")
            builder.bind(.text(determination.rawValue))
        }
        var first = true
        func condition(_ sql: String, _ value: SQLValue) {
            builder.append(first ? " WHERE " : " AND ")
            first = false
            builder.append(sql)
            builder.bind(value)
        }
        if let status = query.status { condition("c.status = ", .text(status.rawValue)) }
        if let district = query.district { condition("c.district = ", .text(district)) }
        if let attorney = query.assignedAttorneyID { condition("c.assigned_attorney_id = ", .text(attorney)) }
        if let prefix = query.caseIDPrefix, !prefix.isEmpty {
            // A range on the key (byte order, collation "C"), so the primary-key index serves it.
            condition("c.case_id >= ", .text(prefix))
            if let upper = PostgresRows.successor(ofPrefix: prefix) { condition("c.case_id < ", .text(upper)) }
        }
    }

    /// The summaries of cases, in the order of `ids`.
    private static func summaries(ids: [String], on connection: PostgresConnection, logger: Logger) async throws -> [CaseSummary] {
        guard !ids.isEmpty else { return [] }
        let rows = try await connection.query(
            "SELECT \(unescaped: PostgresRows.summaryColumns) FROM case_file c WHERE c.case_id = ANY(\(ids))", logger: logger
        ).collect()
        let byID = Dictionary(try rows.map(PostgresRows.summary).map { ($0.caseID, $0) }, uniquingKeysWith: { first, _ in first })
        return ids.compactMap { byID[$0] }
    }

    /// The dashboard's figures: counts from SQL aggregates and the kept determination counts, and the
    /// oldest waiting cases of each waiting status from the status-time index. One snapshot.
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func dashboard() async throws -> CaseworkDashboard {
        try await transaction("read dashboard", readOnly: true) { connection in
            var statuses: [CaseStatus: Int] = [:]
            for row in try await connection.query("SELECT status, COUNT(*) FROM case_file GROUP BY status", logger: logger).collect() {
                let (raw, count) = try row.decode((String, Int).self)
                statuses[try StoreColumnCoding.enumValue(CaseStatus.self, raw, operation: "read dashboard", column: "status")] = count
            }
            // Every case has one status: the total is their sum (one scan fewer).
            let total = statuses.values.reduce(0, +)
            var determinations: [String: [Determination: Int]] = [:]
            for row in try await connection.query(
                "SELECT pathway_key, determination, count FROM determination_count WHERE count > 0", logger: logger
            ).collect() {
                let (key, raw, count) = try row.decode((String, String, Int).self)
                let determination = try StoreColumnCoding.enumValue(Determination.self, raw, operation: "read dashboard",
                                                               column: "determination")
                determinations[key, default: [:]][determination] = count
            }
            let overserved = try await connection.query("SELECT COUNT(*) FROM case_file WHERE overserved_months > 0",
                                                        logger: logger).collect().first?.decode(Int.self) ?? 0
            // The ten oldest of each waiting status, from the status-time index, then the ten oldest of both.
            let waitingIDs = try await connection.query("""
                (SELECT case_id, status_changed_at FROM case_file WHERE status = \(CaseStatus.intake.rawValue)
                 ORDER BY status_changed_at, case_id LIMIT 10)
                UNION ALL
                (SELECT case_id, status_changed_at FROM case_file WHERE status = \(CaseStatus.screened.rawValue)
                 ORDER BY status_changed_at, case_id LIMIT 10)
                ORDER BY status_changed_at, case_id LIMIT 10
                """, logger: logger).collect().map { try $0.decode((String, Date).self).0 }
            let waiting = try await Self.summaries(ids: waitingIDs, on: connection, logger: logger)
            return CaseworkDashboard(totalCases: total, determinations: determinations, statuses: statuses,
                                     overserved: overserved, oldestWaiting: waiting)
        }
    }

    // MARK: - Offers, audit trail, imports

    /// The offer with an identifier, or `nil`.
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func fetchOffer(id: String) async throws -> AssignmentOffer? {
        let decoder = JSONDecoder()
        return try await rows("read offer", "SELECT \(unescaped: PostgresRows.offerColumns) FROM assignment_offer WHERE id = \(id)") {
            try PostgresRows.offer($0, decoder: decoder)
        }.first
    }

    /// A case's offers, oldest first (ties by offer identifier).
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func offers(caseID: String) async throws -> [AssignmentOffer] {
        let decoder = JSONDecoder()
        return try await rows("read offers", """
            SELECT \(unescaped: PostgresRows.offerColumns) FROM assignment_offer WHERE case_id = \(caseID) ORDER BY offered_at, id
            """) { try PostgresRows.offer($0, decoder: decoder) }
    }

    /// An attorney's offers in a state, oldest first (ties by offer identifier).
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func offers(attorneyID: String, state: AssignmentOffer.State) async throws -> [AssignmentOffer] {
        let decoder = JSONDecoder()
        return try await rows("read offers", """
            SELECT \(unescaped: PostgresRows.offerColumns) FROM assignment_offer
            WHERE attorney_id = \(attorneyID) AND state = \(state.rawValue) ORDER BY offered_at, id
            """) { try PostgresRows.offer($0, decoder: decoder) }
    }

    /// A case's audit trail, oldest first; events of one instant in the order they were written.
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func auditTrail(caseID: String) async throws -> [AuditEvent] {
        try await rows("read audit trail", """
            SELECT \(unescaped: PostgresRows.eventColumns) FROM audit_event WHERE case_id = \(caseID) ORDER BY at, sequence
            """, PostgresRows.event)
    }

    /// Every import, newest first; imports of one instant, the last written first.
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func importRecords() async throws -> [ImportRecord] {
        let decoder = JSONDecoder()
        return try await rows("read imports", """
            SELECT \(unescaped: PostgresRows.importColumns) FROM import_record ORDER BY at DESC, sequence DESC
            """) { try PostgresRows.importRecord($0, decoder: decoder) }
    }

    /// The import with an identifier, or `nil`.
    ///
    /// - Throws: `StoreError.database` when the database fails or holds a malformed row.
    public func fetchImportRecord(id: String) async throws -> ImportRecord? {
        let decoder = JSONDecoder()
        return try await rows("read import", "SELECT \(unescaped: PostgresRows.importColumns) FROM import_record WHERE id = \(id)") {
            try PostgresRows.importRecord($0, decoder: decoder)
        }.first
    }
}
