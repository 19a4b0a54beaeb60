/// A casework request that cannot be carried out, for a reason the person asking can act on.
///
/// The web layer maps these to HTTP statuses (forbidden → 403, not found → 404, invalid → 422);
/// the command line to exit codes.
public enum CaseworkError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The person's role, or their relation to the case, does not allow the action.
    case forbidden(String)
    /// No case with that identifier (or none the person may see).
    case caseNotFound(String)
    /// No offer with that identifier.
    case offerNotFound(String)
    /// No account with that identifier or email.
    case userNotFound(String)
    /// No import with that identifier.
    case importNotFound(String)
    /// The request is malformed; the text says what was expected.
    case invalid(String)

    public var description: String {
        switch self {
        case .forbidden(let action): "not allowed: \(action)"
        case .caseNotFound(let id): "no case \(id)"
        case .offerNotFound(let id): "no offer \(id)"
        case .userNotFound(let who): "no account \(who)"
        case .importNotFound(let id): "no import \(id)"
        case .invalid(let text): text
        }
    }
}
