internal import Foundation
internal import GRDB
import ClemencyRules
import ClemencyStore
import ClemencyWorkflow

/// The SQL and row mapping of the casework tables (see the migrations from "0003 create user_account").
///
/// Rows are read by column position from the `…Columns` lists below and written with prepared
/// statements; JSON columns are written with sorted keys and no escaped slashes.
enum CaseworkRows {
    /// `count` SQL placeholders separated by commas: `?, ?, ?`.
    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    // MARK: Accounts

    static let userColumns = "id, email, display_name, role, password_hash, caseload_limit, created_at, disabled_at"

    static func user(_ row: Row) throws -> UserAccount {
        UserAccount(
            id: try row.decode(atIndex: 0), email: try row.decode(atIndex: 1), displayName: try row.decode(atIndex: 2),
            role: try StoreColumnCoding.enumValue(UserRole.self, try row.decode(atIndex: 3), operation: "read user", column: "role"),
            passwordHash: try row.decode(atIndex: 4), caseloadLimit: try row.decode(atIndex: 5),
            createdAt: try row.decode(atIndex: 6), disabledAt: try row.decode(atIndex: 7))
    }

    static func userArguments(_ user: UserAccount) -> StatementArguments {
        [user.id, user.email, user.displayName, user.role.rawValue, user.passwordHash, user.caseloadLimit, user.createdAt, user.disabledAt]
    }

    static let sessionColumns = "token_hash, user_id, csrf_token, created_at, expires_at"

    static func session(_ row: Row) throws -> UserSession {
        UserSession(tokenHash: try row.decode(atIndex: 0), userID: try row.decode(atIndex: 1),
                    csrfToken: try row.decode(atIndex: 2), createdAt: try row.decode(atIndex: 3),
                    expiresAt: try row.decode(atIndex: 4))
    }

    static let tokenColumns = "token_hash, user_id, label, created_at"

    static func token(_ row: Row) throws -> APIToken {
        APIToken(tokenHash: try row.decode(atIndex: 0), userID: try row.decode(atIndex: 1), label: try row.decode(atIndex: 2),
                 createdAt: try row.decode(atIndex: 3))
    }

    // MARK: Cases

    /// The columns a `CaseFile` is read from.
    static let caseColumns = """
        case_id, person_name, co_defendants, facts, screening, screened_as_of, law_version, status, \
        status_changed_at, assigned_attorney_id, version, created_at, updated_at
        """

    /// The columns a `CaseSummary` is read from (no JSON); its determinations come from `case_determination`.
    static let summaryColumns = """
        c.case_id, c.district, c.status, c.status_changed_at, c.priority_score, c.overserved_months, \
        c.reduction_months, c.sentence_imposed, c.estimated_sentence_today, c.assigned_attorney_id, c.missing_fact_count
        """

    /// Every written column of `case_file`, in the order of `caseArguments`.
    static let writtenCaseColumns = [
        "person_name", "co_defendants", "facts", "screening", "screened_as_of", "law_version", "status",
        "status_changed_at", "assigned_attorney_id", "version", "created_at", "updated_at", "district", "priority_score",
        "overserved_months", "reduction_months", "sentence_imposed", "estimated_sentence_today", "missing_fact_count",
        "case_id",
    ]

    static let insertCaseSQL =
        "INSERT INTO case_file (\(writtenCaseColumns.joined(separator: ", "))) VALUES (\(placeholders(writtenCaseColumns.count)))"

    static let updateCaseSQL =
        "UPDATE case_file SET \(writtenCaseColumns.dropLast().map { "\($0) = ?" }.joined(separator: ", ")) WHERE case_id = ?"

    /// The values of `writtenCaseColumns` for a case saved at `version`.
    static func caseArguments(_ file: CaseFile, version: Int, summary: CaseSummary, encoder: JSONEncoder) throws
        -> StatementArguments
    {
        let operation = "commit"
        let values: [(any DatabaseValueConvertible)?] = [
            file.personName,
            try StoreColumnCoding.json(file.coDefendants, encoder, operation: operation, column: "co_defendants"),
            try StoreColumnCoding.json(file.facts, encoder, operation: operation, column: "facts"),
            try StoreColumnCoding.json(file.screening, encoder, operation: operation, column: "screening"),
            file.screenedAsOf.description, file.lawVersion, file.status.rawValue, file.statusChangedAt,
            file.assignedAttorneyID, version, file.createdAt, file.updatedAt, summary.district, summary.priorityScore,
            summary.overservedMonths, summary.reductionMonths, summary.sentenceImposed, summary.estimatedSentenceToday,
            summary.missingFactCount, file.caseID,
        ]
        return StatementArguments(values)
    }

    static func caseFile(_ row: Row, decoder: JSONDecoder) throws -> CaseFile {
        let operation = "read case"
        let asOfText: String = try row.decode(atIndex: 5)
        guard let asOf = CalendarDate(iso: asOfText) else {
            throw StoreError.database("\(operation): screened_as_of is not a YYYY-MM-DD date")
        }
        return CaseFile(
            caseID: try row.decode(atIndex: 0),
            personName: try row.decode(atIndex: 1),
            coDefendants: try StoreColumnCoding.value([String].self, json: try row.decode(atIndex: 2), decoder, operation: operation,
                                    column: "co_defendants"),
            facts: try StoreColumnCoding.value(CaseFacts.self, json: try row.decode(atIndex: 3), decoder, operation: operation, column: "facts"),
            screening: try StoreColumnCoding.value(ScreeningResult.self, json: try row.decode(atIndex: 4), decoder, operation: operation,
                                 column: "screening"),
            screenedAsOf: asOf,
            lawVersion: try row.decode(atIndex: 6),
            status: try StoreColumnCoding.enumValue(CaseStatus.self, try row.decode(atIndex: 7), operation: operation, column: "status"),
            statusChangedAt: try row.decode(atIndex: 8),
            assignedAttorneyID: try row.decode(atIndex: 9),
            version: try row.decode(atIndex: 10),
            createdAt: try row.decode(atIndex: 11),
            updatedAt: try row.decode(atIndex: 12))
    }

    /// A summary row, with its determinations.
    static func summary(_ row: Row, determinations: [String: Determination]) throws -> CaseSummary {
        let operation = "read cases"
        return CaseSummary(
            caseID: try row.decode(atIndex: 0), district: try row.decode(atIndex: 1),
            status: try StoreColumnCoding.enumValue(CaseStatus.self, try row.decode(atIndex: 2), operation: operation, column: "status"),
            statusChangedAt: try row.decode(atIndex: 3), priorityScore: try row.decode(atIndex: 4),
            overservedMonths: try row.decode(atIndex: 5), reductionMonths: try row.decode(atIndex: 6),
            sentenceImposed: try row.decode(atIndex: 7), estimatedSentenceToday: try row.decode(atIndex: 8),
            determinations: determinations, assignedAttorneyID: try row.decode(atIndex: 9),
            missingFactCount: try row.decode(atIndex: 10))
    }

    // MARK: Offers, events, imports

    static let offerColumns = "id, case_id, attorney_id, offered_by, offered_at, state, decided_at, conflicts, note"

    static let upsertOfferSQL = """
        INSERT INTO assignment_offer (\(offerColumns)) VALUES (\(placeholders(9)))
        ON CONFLICT (id) DO UPDATE SET
            case_id = excluded.case_id, attorney_id = excluded.attorney_id, offered_by = excluded.offered_by,
            offered_at = excluded.offered_at, state = excluded.state, decided_at = excluded.decided_at,
            conflicts = excluded.conflicts, note = excluded.note
        """

    static func offerArguments(_ offer: AssignmentOffer, encoder: JSONEncoder) throws -> StatementArguments {
        [
            offer.id, offer.caseID, offer.attorneyID, offer.offeredBy, offer.offeredAt, offer.state.rawValue,
            offer.decidedAt, try StoreColumnCoding.json(offer.conflicts, encoder, operation: "commit", column: "conflicts"), offer.note,
        ]
    }

    static func offer(_ row: Row, decoder: JSONDecoder) throws -> AssignmentOffer {
        let operation = "read offers"
        var offer = AssignmentOffer(id: try row.decode(atIndex: 0), caseID: try row.decode(atIndex: 1),
                                    attorneyID: try row.decode(atIndex: 2), offeredBy: try row.decode(atIndex: 3),
                                    offeredAt: try row.decode(atIndex: 4))
        offer.state = try StoreColumnCoding.enumValue(AssignmentOffer.State.self, try row.decode(atIndex: 5), operation: operation, column: "state")
        offer.decidedAt = try row.decode(atIndex: 6)
        offer.conflicts = try StoreColumnCoding.value([String].self, json: try row.decode(atIndex: 7), decoder, operation: operation,
                                    column: "conflicts")
        offer.note = try row.decode(atIndex: 8)
        return offer
    }

    static let eventColumns = "id, case_id, at, actor, kind, subject, old_value, new_value, detail"

    static let insertEventSQL = "INSERT INTO audit_event (\(eventColumns)) VALUES (\(placeholders(9)))"

    static func eventArguments(_ event: AuditEvent) -> StatementArguments {
        [event.id, event.caseID, event.at, event.actor, event.kind.rawValue, event.subject, event.oldValue, event.newValue,
         event.detail]
    }

    static func event(_ row: Row) throws -> AuditEvent {
        AuditEvent(id: try row.decode(atIndex: 0), caseID: try row.decode(atIndex: 1), at: try row.decode(atIndex: 2),
                   actor: try row.decode(atIndex: 3),
                   kind: try StoreColumnCoding.enumValue(AuditEvent.Kind.self, try row.decode(atIndex: 4), operation: "read audit trail",
                                       column: "kind"),
                   subject: try row.decode(atIndex: 5), oldValue: try row.decode(atIndex: 6),
                   newValue: try row.decode(atIndex: 7), detail: try row.decode(atIndex: 8))
    }

    static let importColumns = """
        id, file_name, file_digest, format, actor, at, created, updated, unchanged, out_of_scope, rejected, accepted
        """

    static let insertImportSQL = "INSERT INTO import_record (\(importColumns)) VALUES (\(placeholders(12)))"

    static func importArguments(_ record: ImportRecord, encoder: JSONEncoder) throws -> StatementArguments {
        [
            record.id, record.fileName, record.fileDigest, record.format, record.actor, record.at, record.created,
            record.updated, record.unchanged,
            try StoreColumnCoding.json(record.outOfScope, encoder, operation: "commit", column: "out_of_scope"),
            try StoreColumnCoding.json(record.rejected, encoder, operation: "commit", column: "rejected"),
            try StoreColumnCoding.json(record.accepted, encoder, operation: "commit", column: "accepted"),
        ]
    }

    static func importRecord(_ row: Row, decoder: JSONDecoder) throws -> ImportRecord {
        let operation = "read imports"
        return ImportRecord(
            id: try row.decode(atIndex: 0), fileName: try row.decode(atIndex: 1), fileDigest: try row.decode(atIndex: 2),
            format: try row.decode(atIndex: 3), actor: try row.decode(atIndex: 4), at: try row.decode(atIndex: 5),
            created: try row.decode(atIndex: 6), updated: try row.decode(atIndex: 7), unchanged: try row.decode(atIndex: 8),
            outOfScope: try StoreColumnCoding.value([ImportRecord.Rejection].self, json: try row.decode(atIndex: 9), decoder,
                                  operation: operation, column: "out_of_scope"),
            rejected: try StoreColumnCoding.value([ImportRecord.Rejection].self, json: try row.decode(atIndex: 10), decoder,
                                operation: operation, column: "rejected"),
            accepted: try StoreColumnCoding.value([ImportRecord.Accepted].self, json: try row.decode(atIndex: 11), decoder,
                                operation: operation, column: "accepted"))
    }
}
