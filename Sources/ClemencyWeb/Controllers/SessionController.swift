import ClemencyStore
import ClemencyUseCases
import ClemencyWorkflow
import Foundation
import Hummingbird
import Logging

/// Sign-in and sign-out. Passwords are checked with bcrypt; failed attempts are limited per account
/// and per address; the session cookie is HttpOnly and SameSite=Strict, and the store keeps only a
/// digest of its token.
struct SessionController {
    static let loginCSRFCookie = "clemency_login_csrf"

    let store: any CaseworkStore
    let hasher: any PasswordHasher
    let renderer: PageRenderer
    let throttle: LoginThrottle
    let configuration: WebConfiguration

    struct LoginPage {
        let layout: Layout
        let csrfToken: String
        let next: String
        let email: String
        let error: String?
    }

    struct LoginForm: Decodable {
        let email: String
        let password: String
        let csrf_token: String
        let next: String?
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/login") { request, context in try await loginPage(request, context) }
        router.post("/login") { request, context in try await login(request, context) }
        router.post("/logout") { request, context in try await logout(request, context) }
    }

    func loginPage(_ request: Request, _ context: AppRequestContext, error: String? = nil, email: String = "",
                   status: HTTPResponse.Status = .ok) async throws -> Response {
        let token = SecretToken.make()
        let next = Self.safeNext(request.uri.queryParameters["next"].map(String.init))
        var response = renderer.response(LoginPage(layout: Layout(title: "Sign in", context: context), csrfToken: token, next: next,
                                                   email: email, error: error),
                                         template: "login", status: status)
        response.setCookie(Cookie(name: Self.loginCSRFCookie, value: token, maxAge: 3600, path: "/login",
                                  secure: configuration.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    func login(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await request.decodeForm(LoginForm.self, context: context)
        guard let cookie = request.cookies[Self.loginCSRFCookie]?.value, SecretToken.constantTimeEqual(cookie, form.csrf_token) else {
            throw WebError.csrf
        }
        let email = form.email.trimmingCharacters(in: .whitespaces).lowercased()
        let keys = ["account:" + email] + (context.remoteAddress?.ipAddress.map { ["address:" + $0] } ?? [])
        let now = Date()
        if let wait = await throttle.retryAfter(keys, now: now) {
            throw WebError(.tooManyRequests, "Too many failed sign-ins. Try again in \(wait / 60 + 1) minutes.", retryAfter: wait)
        }
        let user = try await store.fetchUser(email: email)
        // Verify against a fixed hash when the account is unknown, so timing does not reveal which emails exist.
        let valid = hasher.verify(form.password, hash: user?.passwordHash ?? Self.unknownAccountHash) && user != nil && user?.isDisabled == false
        guard let user, valid else {
            await throttle.recordFailure(keys, now: now)
            return try await loginPage(request, context, error: "The email or password is not right.", email: email, status: .unauthorized)
        }
        await throttle.recordSuccess("account:" + email)
        let token = SecretToken.make()
        let session = UserSession(tokenHash: SecretToken.digest(token), userID: user.id, csrfToken: SecretToken.make(), createdAt: now,
                                  expiresAt: now.addingTimeInterval(TimeInterval(configuration.sessionLifetimeSeconds)))
        try await store.saveSession(session)
        context.logger.info("signed in", metadata: ["role": "\(user.role)"])
        let fallback = user.role == .attorney ? "/cases" : "/"
        var response = Response.redirect(to: Self.safeNext(form.next).isEmpty ? fallback : Self.safeNext(form.next), type: .normal)
        response.setCookie(Cookie(name: AuthenticationMiddleware.sessionCookie, value: token, maxAge: configuration.sessionLifetimeSeconds,
                                  path: "/", secure: configuration.secureCookies, httpOnly: true, sameSite: .strict))
        response.setCookie(Cookie(name: Self.loginCSRFCookie, value: "", maxAge: 0, path: "/login",
                                  secure: configuration.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    func logout(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        if case .session(let session) = context.credential { try await store.deleteSession(tokenHash: session.tokenHash) }
        var response = Response.redirect(to: "/login", type: .normal)
        response.setCookie(Cookie(name: AuthenticationMiddleware.sessionCookie, value: "", maxAge: 0, path: "/",
                                  secure: configuration.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    /// A local path to return to after sign-in, or empty: never another site (`//host`, `https:`).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), next != "/login" else { return "" }
        return next
    }

    /// A bcrypt hash of a random string, checked when no account matches.
    static let unknownAccountHash = "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5mFRFx7Bxs0S3PdmXgmWbY3Qz2nhXfu"
}
