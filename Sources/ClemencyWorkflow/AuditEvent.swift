import Foundation

/// One entry of a case's audit trail: who did what, when, and the value before and after.
///
/// Events are written in the same transaction as the change they record and are never edited.
public struct AuditEvent: Sendable, Hashable, Codable, Identifiable {
    /// What happened.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The case was created by an import.
        case imported
        /// A later import changed a fact.
        case reimported
        /// A missing fact was answered.
        case factAnswered = "fact_answered"
        /// A known fact was corrected.
        case factCorrected = "fact_corrected"
        /// The analysis and determinations were recomputed.
        case rescreened
        /// The status changed.
        case statusChanged = "status_changed"
        /// The case was offered to an attorney.
        case offered
        /// The attorney accepted.
        case accepted
        /// The attorney declined.
        case declined
        /// The offer or assignment was withdrawn.
        case withdrawn
    }

    /// The event's identifier (a UUID string).
    public let id: String
    /// The case.
    public let caseID: String
    /// When.
    public let at: Date
    /// Who (the user's email address, or `system`).
    public let actor: String
    /// What happened.
    public let kind: Kind
    /// The field or subject (a case-format field name, `status`, an attorney's email, a determination key).
    public let subject: String?
    /// The value before, as text (`nil` when there was none).
    public let oldValue: String?
    /// The value after, as text.
    public let newValue: String?
    /// A sentence describing the event.
    public let detail: String

    /// Creates an event.
    public init(id: String, caseID: String, at: Date, actor: String, kind: Kind, subject: String? = nil,
                oldValue: String? = nil, newValue: String? = nil, detail: String) {
        self.id = id
        self.caseID = caseID
        self.at = at
        self.actor = actor
        self.kind = kind
        self.subject = subject
        self.oldValue = oldValue
        self.newValue = newValue
        self.detail = detail
    }
}
