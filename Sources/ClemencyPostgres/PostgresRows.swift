internal import Foundation
internal import PostgresNIO
import ClemencyRules
import ClemencyStore
import ClemencyWorkflow

/// A value bound to a query parameter.
enum SQLValue {
    /// Text, or NULL.
    case text(String?)
    /// An integer (bound as `int8`), or NULL.
    case integer(Int?)
    /// An instant (bound as `timestamptz`), or NULL.
    case timestamp(Date?)
    /// JSON text, cast to `jsonb` by the server.
    case jsonb(String)
    /// A calendar date (`YYYY-MM-DD`), cast to `date` by the server.
    case date(String)
}

/// Builds a parameterised query: SQL text made only of constants and `$n` placeholders, and the
/// values bound to them. Values never become SQL text.
struct SQLBuilder {
    private(set) var sql = ""
    private(set) var binds = PostgresBindings()
    private var parameters = 0

    init(_ sql: String = "") { self.sql = sql }

    /// Appends constant SQL.
    mutating func append(_ text: String) { sql += text }

    /// Appends a placeholder bound to `value` (with its cast, if any).
    mutating func bind(_ value: SQLValue) {
        parameters += 1
        sql += "$\(parameters)"
        switch value {
        case .text(let text):
            if let text { binds.append(text) } else { binds.appendNull() }
        case .integer(let number):
            if let number { binds.append(number) } else { binds.appendNull() }
        case .timestamp(let date):
            if let date { binds.append(date) } else { binds.appendNull() }
        case .jsonb(let json):
            binds.append(json)
            sql += "::jsonb"
        case .date(let text):
            binds.append(text)
            sql += "::date"
        }
    }

    /// Appends a placeholder bound to an array of texts (a `text[]`).
    mutating func bind(_ texts: [String]) {
        parameters += 1
        sql += "$\(parameters)"
        binds.append(texts)
    }

    /// Appends `(v1, v2, …)` for one row of values.
    mutating func row(_ values: [SQLValue]) {
        sql += "("
        for (index, value) in values.enumerated() {
            if index > 0 { sql += ", " }
            bind(value)
        }
        sql += ")"
    }

    /// The query.
    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }

    /// How many rows of `columns` values go in one statement (PostgreSQL takes at most 65,535 parameters).
    static func rowsPerStatement(columns: Int) -> Int { max(1, 30_000 / max(1, columns)) }
}

/// The SQL and row mapping of the casework tables (see `PostgresMigrations`).
///
/// Rows are read by column position from the `…Columns` lists below; JSON columns are written with
/// sorted keys and no escaped slashes, and read back as text.
enum PostgresRows {
    // MARK: Accounts

    static let userColumns = "id, email, display_name, role, password_hash, caseload_limit, created_at, disabled_at"

    static func user(_ row: PostgresRow) throws -> UserAccount {
        let row = row.makeRandomAccess()
        return UserAccount(
            id: try row[0].decode(String.self), email: try row[1].decode(String.self),
            displayName: try row[2].decode(String.self),
            role: try StoreColumnCoding.enumValue(UserRole.self, try row[3].decode(String.self), operation: "read user", column: "role"),
            passwordHash: try row[4].decode(String.self), caseloadLimit: try row[5].decode(Int?.self),
            createdAt: try row[6].decode(Date.self), disabledAt: try row[7].decode(Date?.self))
    }

    static func userValues(_ user: UserAccount) -> [SQLValue] {
        [.text(user.id), .text(user.email), .text(user.displayName), .text(user.role.rawValue), .text(user.passwordHash),
         .integer(user.caseloadLimit), .timestamp(user.createdAt), .timestamp(user.disabledAt)]
    }

    static let sessionColumns = "token_hash, user_id, csrf_token, created_at, expires_at"

    /// A session read from the five `sessionColumns` starting at `offset`.
    static func session(_ row: PostgresRandomAccessRow, offset: Int = 0) throws -> UserSession {
        UserSession(tokenHash: try row[offset].decode(String.self), userID: try row[offset + 1].decode(String.self),
                    csrfToken: try row[offset + 2].decode(String.self), createdAt: try row[offset + 3].decode(Date.self),
                    expiresAt: try row[offset + 4].decode(Date.self))
    }

    static let tokenColumns = "token_hash, user_id, label, created_at"

    static func token(_ row: PostgresRow) throws -> APIToken {
        let row = row.makeRandomAccess()
        return APIToken(tokenHash: try row[0].decode(String.self), userID: try row[1].decode(String.self),
                        label: try row[2].decode(String.self), createdAt: try row[3].decode(Date.self))
    }

    // MARK: Cases

    /// The columns a `CaseFile` is read from (JSON as text, the date as `YYYY-MM-DD`).
    static let caseColumns = """
        case_id, person_name, co_defendants::text, facts::text, screening::text, to_char(screened_as_of, 'YYYY-MM-DD'), \
        law_version, status, status_changed_at, assigned_attorney_id, version, created_at, updated_at
        """

    /// The columns a `CaseSummary` is read from (no JSON), with its determinations as two parallel arrays.
    static let summaryColumns = """
        c.case_id, c.district, c.status, c.status_changed_at, c.priority_score, c.overserved_months, \
        c.reduction_months, c.sentence_imposed, c.estimated_sentence_today, c.assigned_attorney_id, c.missing_fact_count, \
        ARRAY(SELECT d.pathway_key FROM case_determination d WHERE d.case_id = c.case_id ORDER BY d.pathway_key), \
        ARRAY(SELECT d.determination FROM case_determination d WHERE d.case_id = c.case_id ORDER BY d.pathway_key)
        """

    /// Every written column of `case_file`, in the order of `caseValues`.
    static let writtenCaseColumns = [
        "case_id", "person_name", "co_defendants", "facts", "screening", "screened_as_of", "law_version", "status",
        "status_changed_at", "assigned_attorney_id", "version", "created_at", "updated_at", "district", "priority_score",
        "overserved_months", "reduction_months", "sentence_imposed", "estimated_sentence_today", "missing_fact_count",
    ]

    /// The values of `writtenCaseColumns` for a case saved at `version`.
    static func caseValues(_ file: CaseFile, version: Int, summary: CaseSummary, encoder: JSONEncoder) throws -> [SQLValue] {
        let operation = "commit"
        return [
            .text(file.caseID), .text(file.personName),
            .jsonb(try StoreColumnCoding.json(file.coDefendants, encoder, operation: operation, column: "co_defendants")),
            .jsonb(try StoreColumnCoding.json(file.facts, encoder, operation: operation, column: "facts")),
            .jsonb(try StoreColumnCoding.json(file.screening, encoder, operation: operation, column: "screening")),
            .date(file.screenedAsOf.description), .text(file.lawVersion), .text(file.status.rawValue),
            .timestamp(file.statusChangedAt), .text(file.assignedAttorneyID), .integer(version), .timestamp(file.createdAt),
            .timestamp(file.updatedAt), .text(summary.district), .integer(summary.priorityScore),
            .integer(summary.overservedMonths), .integer(summary.reductionMonths), .text(summary.sentenceImposed),
            .text(summary.estimatedSentenceToday), .integer(summary.missingFactCount),
        ]
    }

    static func caseFile(_ row: PostgresRow, decoder: JSONDecoder) throws -> CaseFile {
        let operation = "read case"
        let row = row.makeRandomAccess()
        let asOfText = try row[5].decode(String.self)
        guard let asOf = CalendarDate(iso: asOfText) else {
            throw StoreError.database("\(operation): screened_as_of is not a YYYY-MM-DD date")
        }
        return CaseFile(
            caseID: try row[0].decode(String.self),
            personName: try row[1].decode(String?.self),
            coDefendants: try StoreColumnCoding.value([String].self, json: try row[2].decode(String.self), decoder, operation: operation,
                                    column: "co_defendants"),
            facts: try StoreColumnCoding.value(CaseFacts.self, json: try row[3].decode(String.self), decoder, operation: operation,
                             column: "facts"),
            screening: try StoreColumnCoding.value(ScreeningResult.self, json: try row[4].decode(String.self), decoder, operation: operation,
                                 column: "screening"),
            screenedAsOf: asOf,
            lawVersion: try row[6].decode(String.self),
            status: try StoreColumnCoding.enumValue(CaseStatus.self, try row[7].decode(String.self), operation: operation, column: "status"),
            statusChangedAt: try row[8].decode(Date.self),
            assignedAttorneyID: try row[9].decode(String?.self),
            version: try row[10].decode(Int.self),
            createdAt: try row[11].decode(Date.self),
            updatedAt: try row[12].decode(Date.self))
    }

    /// A summary row (from `summaryColumns`), with its determinations.
    static func summary(_ row: PostgresRow) throws -> CaseSummary {
        let operation = "read cases"
        let row = row.makeRandomAccess()
        let keys = try row[11].decode([String].self)
        let values = try row[12].decode([String].self)
        guard keys.count == values.count else { throw StoreError.database("\(operation): determinations do not pair up") }
        var determinations: [String: Determination] = [:]
        for (key, raw) in zip(keys, values) {
            determinations[key] = try StoreColumnCoding.enumValue(Determination.self, raw, operation: operation, column: "determination")
        }
        return CaseSummary(
            caseID: try row[0].decode(String.self), district: try row[1].decode(String?.self),
            status: try StoreColumnCoding.enumValue(CaseStatus.self, try row[2].decode(String.self), operation: operation, column: "status"),
            statusChangedAt: try row[3].decode(Date.self), priorityScore: try row[4].decode(Int.self),
            overservedMonths: try row[5].decode(Int?.self), reductionMonths: try row[6].decode(Int?.self),
            sentenceImposed: try row[7].decode(String?.self), estimatedSentenceToday: try row[8].decode(String?.self),
            determinations: determinations, assignedAttorneyID: try row[9].decode(String?.self),
            missingFactCount: try row[10].decode(Int.self))
    }

    // MARK: Offers, events, imports

    static let offerColumns = "id, case_id, attorney_id, offered_by, offered_at, state, decided_at, conflicts::text, note"
    static let writtenOfferColumns = "id, case_id, attorney_id, offered_by, offered_at, state, decided_at, conflicts, note"

    static func offerValues(_ offer: AssignmentOffer, encoder: JSONEncoder) throws -> [SQLValue] {
        [
            .text(offer.id), .text(offer.caseID), .text(offer.attorneyID), .text(offer.offeredBy), .timestamp(offer.offeredAt),
            .text(offer.state.rawValue), .timestamp(offer.decidedAt),
            .jsonb(try StoreColumnCoding.json(offer.conflicts, encoder, operation: "commit", column: "conflicts")), .text(offer.note),
        ]
    }

    static func offer(_ row: PostgresRow, decoder: JSONDecoder) throws -> AssignmentOffer {
        let operation = "read offers"
        let row = row.makeRandomAccess()
        var offer = AssignmentOffer(id: try row[0].decode(String.self), caseID: try row[1].decode(String.self),
                                    attorneyID: try row[2].decode(String.self), offeredBy: try row[3].decode(String.self),
                                    offeredAt: try row[4].decode(Date.self))
        offer.state = try StoreColumnCoding.enumValue(AssignmentOffer.State.self, try row[5].decode(String.self), operation: operation,
                                    column: "state")
        offer.decidedAt = try row[6].decode(Date?.self)
        offer.conflicts = try StoreColumnCoding.value([String].self, json: try row[7].decode(String.self), decoder, operation: operation,
                                    column: "conflicts")
        offer.note = try row[8].decode(String?.self)
        return offer
    }

    static let eventColumns = "id, case_id, at, actor, kind, subject, old_value, new_value, detail"

    static func eventValues(_ event: AuditEvent) -> [SQLValue] {
        [.text(event.id), .text(event.caseID), .timestamp(event.at), .text(event.actor), .text(event.kind.rawValue),
         .text(event.subject), .text(event.oldValue), .text(event.newValue), .text(event.detail)]
    }

    static func event(_ row: PostgresRow) throws -> AuditEvent {
        let row = row.makeRandomAccess()
        return AuditEvent(
            id: try row[0].decode(String.self), caseID: try row[1].decode(String.self), at: try row[2].decode(Date.self),
            actor: try row[3].decode(String.self),
            kind: try StoreColumnCoding.enumValue(AuditEvent.Kind.self, try row[4].decode(String.self), operation: "read audit trail",
                                column: "kind"),
            subject: try row[5].decode(String?.self), oldValue: try row[6].decode(String?.self),
            newValue: try row[7].decode(String?.self), detail: try row[8].decode(String.self))
    }

    static let importColumns = """
        id, file_name, file_digest, format, actor, at, created, updated, unchanged, out_of_scope::text, rejected::text, \
        accepted::text
        """
    static let writtenImportColumns = """
        id, file_name, file_digest, format, actor, at, created, updated, unchanged, out_of_scope, rejected, accepted
        """

    static func importValues(_ record: ImportRecord, encoder: JSONEncoder) throws -> [SQLValue] {
        [
            .text(record.id), .text(record.fileName), .text(record.fileDigest), .text(record.format), .text(record.actor),
            .timestamp(record.at), .integer(record.created), .integer(record.updated), .integer(record.unchanged),
            .jsonb(try StoreColumnCoding.json(record.outOfScope, encoder, operation: "commit", column: "out_of_scope")),
            .jsonb(try StoreColumnCoding.json(record.rejected, encoder, operation: "commit", column: "rejected")),
            .jsonb(try StoreColumnCoding.json(record.accepted, encoder, operation: "commit", column: "accepted")),
        ]
    }

    static func importRecord(_ row: PostgresRow, decoder: JSONDecoder) throws -> ImportRecord {
        let operation = "read imports"
        let row = row.makeRandomAccess()
        return ImportRecord(
            id: try row[0].decode(String.self), fileName: try row[1].decode(String.self),
            fileDigest: try row[2].decode(String.self), format: try row[3].decode(String.self),
            actor: try row[4].decode(String.self), at: try row[5].decode(Date.self), created: try row[6].decode(Int.self),
            updated: try row[7].decode(Int.self), unchanged: try row[8].decode(Int.self),
            outOfScope: try StoreColumnCoding.value([ImportRecord.Rejection].self, json: try row[9].decode(String.self), decoder,
                                  operation: operation, column: "out_of_scope"),
            rejected: try StoreColumnCoding.value([ImportRecord.Rejection].self, json: try row[10].decode(String.self), decoder,
                                operation: operation, column: "rejected"),
            accepted: try StoreColumnCoding.value([ImportRecord.Accepted].self, json: try row[11].decode(String.self), decoder,
                                operation: operation, column: "accepted"))
    }

    // MARK: Prefixes

    /// The least text greater, in byte order, than every text starting with `prefix` (`StoreColumnCoding.successor`).
    static func successor(ofPrefix prefix: String) -> String? { StoreColumnCoding.successor(ofPrefix: prefix) }
}
