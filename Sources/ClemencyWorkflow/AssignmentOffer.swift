import Foundation

/// A case offered to a volunteer attorney, and the attorney's answer.
///
/// An offer is made by a screener or administrator; the attorney first sees the conflict check
/// (co-defendants and people they already represent), then accepts or declines. Every offer,
/// acceptance, refusal and withdrawal is kept.
public struct AssignmentOffer: Sendable, Hashable, Codable, Identifiable {
    /// Where the offer stands.
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Waiting for the attorney's answer.
        case offered
        /// The attorney took the case.
        case accepted
        /// The attorney declined the case.
        case declined
        /// The offer was taken back, or the attorney later withdrew from the case.
        case withdrawn
    }

    /// The offer's identifier (a UUID string).
    public let id: String
    /// The case offered.
    public let caseID: String
    /// The attorney's user identifier.
    public let attorneyID: String
    /// Who made the offer (user identifier).
    public let offeredBy: String
    /// When the offer was made.
    public let offeredAt: Date
    /// Where it stands.
    public var state: State
    /// When the attorney answered (or the offer was withdrawn).
    public var decidedAt: Date?
    /// The conflicts the check found when the attorney answered, in words (empty when none).
    public var conflicts: [String]
    /// The attorney's note with the answer (a reason for declining, say).
    public var note: String?

    /// Creates an offer in the `offered` state.
    public init(id: String, caseID: String, attorneyID: String, offeredBy: String, offeredAt: Date) {
        self.id = id
        self.caseID = caseID
        self.attorneyID = attorneyID
        self.offeredBy = offeredBy
        self.offeredAt = offeredAt
        self.state = .offered
        self.decidedAt = nil
        self.conflicts = []
        self.note = nil
    }

    /// Records the attorney's answer.
    ///
    /// - Parameters:
    ///   - accept: `true` to accept, `false` to decline.
    ///   - attorneyID: Who answers; must be the attorney the case was offered to.
    ///   - at: When.
    ///   - conflicts: The conflict check's findings shown to the attorney.
    ///   - note: The attorney's note.
    /// - Throws: `WorkflowError.offerAlreadyDecided` or `WorkflowError.notTheOfferedAttorney`.
    public mutating func answer(accept: Bool, by attorneyID: String, at: Date, conflicts: [String], note: String?) throws {
        guard state == .offered else { throw WorkflowError.offerAlreadyDecided(state) }
        guard attorneyID == self.attorneyID else { throw WorkflowError.notTheOfferedAttorney }
        state = accept ? .accepted : .declined
        decidedAt = at
        self.conflicts = conflicts
        self.note = note
    }
}
