import ClemencyStore
import Hummingbird
import Logging
import NIOCore

/// The request context of every route: who is asking (set by `AuthenticationMiddleware`) and how.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    /// How the person proved who they are.
    public enum Credential: Sendable {
        /// A browser session cookie; forms must carry the session's CSRF token.
        case session(UserSession)
        /// A bearer API token (scripts); no CSRF token needed, since browsers never send it on their own.
        case apiToken
    }

    /// The Hummingbird core storage.
    public var coreContext: CoreRequestContextStorage
    /// The signed-in person, or `nil`.
    public var user: UserAccount?
    /// How they signed in.
    public var credential: Credential?
    /// The peer's address.
    public let remoteAddress: SocketAddress?

    /// Creates a context for a request.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The session's CSRF token, for forms; empty for API tokens and anonymous requests.
    var csrfToken: String {
        if case .session(let session) = credential { return session.csrfToken }
        return ""
    }
}
