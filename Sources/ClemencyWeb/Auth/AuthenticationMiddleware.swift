import ClemencyStore
import ClemencyWorkflow
import Foundation
import Hummingbird

/// Finds who is asking: a bearer API token (`Authorization: Bearer …`) or the session cookie.
/// Sets `context.user`; an unknown or expired credential leaves it `nil` (a bad bearer token is
/// refused outright, since a script should learn that its token is wrong).
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let sessionCookie = "clemency_session"

    let store: any CaseworkStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let authorization = request.headers[.authorization] {
            guard authorization.hasPrefix("Bearer "),
                  let token = try await store.fetchAPIToken(tokenHash: SecretToken.digest(String(authorization.dropFirst(7)))),
                  let user = try await store.fetchUser(id: token.userID), !user.isDisabled
            else { throw WebError(.unauthorized, "The API token is not valid.") }
            context.user = user
            context.credential = .apiToken
        } else if let cookie = request.cookies[Self.sessionCookie]?.value,
                  let (session, user) = try await store.fetchSessionUser(tokenHash: SecretToken.digest(cookie)),
                  session.expiresAt > Date(), !user.isDisabled {
            context.user = user
            context.credential = .session(session)
        }
        return try await next(request, context)
    }
}

extension AppRequestContext {
    /// The signed-in person, if their role is one of `roles`.
    ///
    /// - Throws: `WebError.unauthenticated` (401; pages redirect to sign-in) or 403 naming the action.
    func requireUser(_ roles: Set<UserRole> = Set(UserRole.allCases), to action: String = "see this page") throws -> UserAccount {
        guard let user else { throw WebError.unauthenticated }
        guard roles.contains(user.role) else { throw WebError.forbidden("the \(user.role) role may not \(action)") }
        return user
    }
}
