/// A casework action that the pipeline's rules do not allow. Each case names what was tried.
public enum WorkflowError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The status change is not one of the allowed next steps.
    case transitionNotAllowed(from: CaseStatus, to: CaseStatus)
    /// The role may not take this action.
    case roleNotAllowed(role: UserRole, action: String)
    /// The attorney's caseload is full.
    case caseloadFull(limit: Int)
    /// The case cannot be offered in its present status.
    case notOfferable(CaseStatus)
    /// The offer was already decided or withdrawn.
    case offerAlreadyDecided(AssignmentOffer.State)
    /// Only the attorney the offer was made to may answer it.
    case notTheOfferedAttorney
    /// The answer is not a valid value for the fact.
    case invalidAnswer(fact: String, expected: String)

    public var description: String {
        switch self {
        case .transitionNotAllowed(let from, let to):
            "a case cannot move from \(from) to \(to); allowed next: "
                + (from.allowedNext.isEmpty ? "none (the case is closed)" : from.allowedNext.map(\.description).joined(separator: ", "))
        case .roleNotAllowed(let role, let action): "the \(role) role may not \(action)"
        case .caseloadFull(let limit): "the attorney's caseload is full (limit \(limit) cases)"
        case .notOfferable(let status): "a case that is \(status) cannot be offered to an attorney; it must be screened"
        case .offerAlreadyDecided(let state): "the offer was already \(state.rawValue)"
        case .notTheOfferedAttorney: "only the attorney the case was offered to may answer the offer"
        case .invalidAnswer(let fact, let expected): "\(fact): expected \(expected)"
        }
    }
}
