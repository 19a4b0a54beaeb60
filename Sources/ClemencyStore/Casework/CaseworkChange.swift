import ClemencyWorkflow
import Foundation

/// Everything one casework action writes, saved in one transaction: the cases it changes (each
/// with the version it started from), the assignment offers it creates or answers, its audit
/// events and, for an import, the import's record.
///
/// Either all of it is saved or none of it is.
public struct CaseworkChange: Sendable, Hashable {
    /// A case to write.
    public struct CaseWrite: Sendable, Hashable {
        /// The case as it should be saved; the store sets `version` to `expectedVersion + 1` (or 1).
        public let file: CaseFile
        /// The version the change started from; `nil` for a new case (the store refuses it when
        /// the case id exists).
        public let expectedVersion: Int?

        /// Creates a case write.
        public init(file: CaseFile, expectedVersion: Int?) {
            self.file = file
            self.expectedVersion = expectedVersion
        }
    }

    /// The cases to write.
    public var cases: [CaseWrite]
    /// Offers to insert or replace (by id).
    public var offers: [AssignmentOffer]
    /// Audit events to append.
    public var events: [AuditEvent]
    /// The import's record, for an import.
    public var importRecord: ImportRecord?

    /// Creates a change.
    public init(cases: [CaseWrite] = [], offers: [AssignmentOffer] = [], events: [AuditEvent] = [],
                importRecord: ImportRecord? = nil) {
        self.cases = cases
        self.offers = offers
        self.events = events
        self.importRecord = importRecord
    }
}

/// One import of a file through the web app or API: what came in, what was made of it, and every
/// rejected row kept with its reasons.
public struct ImportRecord: Sendable, Hashable, Codable, Identifiable {
    /// A rejected row, kept whole.
    public struct Rejection: Sendable, Hashable, Codable {
        /// The line in the file.
        public let line: Int
        /// The problems, one sentence each (field, value, expected form).
        public let problems: [String]
        /// The row as read (field → text).
        public let values: [String: String]

        /// Creates a rejection.
        public init(line: Int, problems: [String], values: [String: String]) {
            self.line = line
            self.problems = problems
            self.values = values
        }
    }

    /// A row that became a case or updated one.
    public struct Accepted: Sendable, Hashable, Codable {
        /// What the row did.
        public enum Outcome: String, Sendable, Hashable, Codable {
            /// A new case.
            case created
            /// A case already held, with at least one fact changed.
            case updated
            /// A case already held with the same facts.
            case unchanged
        }

        /// The line in the file.
        public let line: Int
        /// The case identifier.
        public let caseID: String
        /// What the row did.
        public let outcome: Outcome

        /// Creates an accepted row.
        public init(line: Int, caseID: String, outcome: Outcome) {
            self.line = line
            self.caseID = caseID
            self.outcome = outcome
        }
    }

    /// The import's identifier (a UUID string).
    public let id: String
    /// The file's name as uploaded.
    public let fileName: String
    /// SHA-256 (hex) of the file's bytes.
    public let fileDigest: String
    /// The record format found (`case_format`, `ussc_datafile`, `grant_list`).
    public let format: String
    /// Who imported (email).
    public let actor: String
    /// When.
    public let at: Date
    /// Cases created.
    public let created: Int
    /// Cases updated (a fact changed).
    public let updated: Int
    /// Cases already held with the same facts.
    public let unchanged: Int
    /// Rows outside the system's scope (non-drug offenses in a USSC file), kept with their reasons.
    public let outOfScope: [Rejection]
    /// Rows rejected, kept with their reasons.
    public let rejected: [Rejection]
    /// Rows accepted, in file order, with what each did.
    public let accepted: [Accepted]

    /// Creates an import record.
    public init(id: String, fileName: String, fileDigest: String, format: String, actor: String, at: Date,
                created: Int, updated: Int, unchanged: Int, outOfScope: [Rejection], rejected: [Rejection],
                accepted: [Accepted] = []) {
        self.id = id
        self.fileName = fileName
        self.fileDigest = fileDigest
        self.format = format
        self.actor = actor
        self.at = at
        self.created = created
        self.updated = updated
        self.unchanged = unchanged
        self.outOfScope = outOfScope
        self.rejected = rejected
        self.accepted = accepted
    }
}
