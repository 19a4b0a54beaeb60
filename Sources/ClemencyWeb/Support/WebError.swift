import NIOCore
import ClemencyStore
import ClemencyUseCases
import ClemencyWorkflow
import Hummingbird

/// A failure of a web request, with the HTTP status it maps to. Errors of the other modules are
/// mapped here, at the edge (`WebError.from(_:)`); the engine and the use cases know no HTTP.
public struct WebError: Error, Sendable, Equatable {
    /// The HTTP status.
    public let status: HTTPResponse.Status
    /// What went wrong, in words the person can act on. Never carries personal data from a case.
    public let message: String
    /// Seconds to wait (for 429).
    public var retryAfter: Int?

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, _ message: String, retryAfter: Int? = nil) {
        self.status = status
        self.message = message
        self.retryAfter = retryAfter
    }

    /// Not signed in.
    static let unauthenticated = WebError(.unauthorized, "Sign in first.")
    /// A form without the session's CSRF token.
    static let csrf = WebError(.forbidden, "The form is out of date or did not come from this site (CSRF token missing or wrong). Reload the page and try again.")

    /// The role does not allow the action.
    static func forbidden(_ action: String) -> WebError { WebError(.forbidden, "Not allowed: \(action).") }

    /// The status and message for any error thrown while handling a request.
    static func from(_ error: any Error) -> WebError {
        switch error {
        case let error as WebError: return error
        case let error as CaseworkError:
            switch error {
            case .forbidden: return WebError(.forbidden, error.description)
            case .caseNotFound, .offerNotFound, .userNotFound, .importNotFound: return WebError(.notFound, error.description)
            case .invalid: return WebError(.unprocessableContent, error.description)
            }
        case let error as WorkflowError:
            switch error {
            case .roleNotAllowed, .notTheOfferedAttorney: return WebError(.forbidden, error.description)
            case .invalidAnswer: return WebError(.unprocessableContent, error.description)
            case .transitionNotAllowed, .caseloadFull, .notOfferable, .offerAlreadyDecided: return WebError(.conflict, error.description)
            }
        case let error as StoreError:
            switch error {
            case .versionConflict, .duplicateUser, .duplicateRun: return WebError(.conflict, error.description)
            case .runNotFound, .userNotFound: return WebError(.notFound, error.description)
            case .database: return WebError(.internalServerError, "The database failed; nothing was saved. Try again, and tell the administrator if it persists.")
            }
        case let error as InputProblem: return WebError(.unprocessableContent, error.description)
        case let error as HTTPError: return WebError(error.status, error.body ?? error.status.reasonPhrase)
        case is NIOTooManyBytesError: return WebError(.contentTooLarge, "The form or file is larger than this server accepts.")
        default: return WebError(.internalServerError, "Something went wrong; nothing was saved.")
        }
    }
}
