import ClemencyLawData
import ClemencyRules
import ClemencyStore
import ClemencyUseCases
import ClemencyWeb
import ClemencyWorkflow
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A web app over an in-memory store with one account per role, all with password `correct horse battery`.
struct WebHarness {
    static let password = "correct horse battery"
    static let asOf = CalendarDate(iso: "2026-11-30")!

    let store: InMemoryCaseworkStore
    let service: CaseworkService
    let app: Application<RouterResponder<AppRequestContext>>
    let admin: UserAccount
    let screener: UserAccount
    let attorney: UserAccount
    let otherAttorney: UserAccount

    static func make(configuration: WebConfiguration = WebConfiguration(bcryptCost: 4)) async throws -> WebHarness {
        let store = InMemoryCaseworkStore()
        let law = try LawData.loadBundled()
        let counter = Counter()
        let service = CaseworkService(store: store, law: law, policy: try PolicyData.loadDefault(), asOf: { asOf },
                                      makeID: { "id-\(counter.next())" })
        let hasher = BcryptPasswordHasher(cost: 4)
        let now = Date(timeIntervalSince1970: 1_764_547_200)  // 2025-12-01
        func add(_ email: String, _ role: UserRole) async throws -> UserAccount {
            try await service.createUser(email: email, displayName: email.split(separator: "@")[0].capitalized, role: role,
                                         password: password, caseloadLimit: role == .attorney ? 2 : nil, hasher: hasher, now: now)
        }
        let admin = try await add("admin@example.org", .administrator)
        let screener = try await add("screener@example.org", .screener)
        let attorney = try await add("attorney@example.org", .attorney)
        let other = try await add("other.attorney@example.org", .attorney)
        let router = try await buildRouter(WebDependencies(service: service, hasher: hasher, configuration: configuration))
        return WebHarness(store: store, service: service, app: Application(responder: router.buildResponder()), admin: admin,
                          screener: screener, attorney: attorney, otherAttorney: other)
    }

    /// Imports the fixture case file as the screener, through the service.
    func importFixture(_ name: String = "cases.csv") async throws -> ImportRecord {
        try await service.importFile(at: Self.fixture(name), fileName: name, by: screener, now: Date(timeIntervalSince1970: 1_764_547_200))
    }

    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
    }
}

/// A thread-safe counter for deterministic identifiers.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.withLock { value += 1; return value } }
}

/// A signed-in browser: the session cookie and the CSRF token of its forms.
struct Browser {
    let cookie: String
    let csrfToken: String

    /// Signs in through the login form, as a browser would.
    static func signIn(_ client: some TestClientProtocol, email: String, password: String = WebHarness.password) async throws -> Browser {
        let response = try await postLogin(client, email: email, password: password)
        #expect(response.status == .seeOther)
        let session = try #require(cookieValue(response, "clemency_session"))
        let page = try await client.execute(uri: "/cases", method: .get, headers: [.cookie: "clemency_session=\(session)"])
        let csrf = try #require(hiddenValue(String(buffer: page.body), "csrf_token"))
        return Browser(cookie: "clemency_session=\(session)", csrfToken: csrf)
    }

    /// Opens the sign-in form and posts it, with its double-submit cookie and token, as a browser would.
    static func postLogin(_ client: some TestClientProtocol, email: String, password: String) async throws -> TestResponse {
        let form = try await client.execute(uri: "/login", method: .get)
        let loginCookie = try #require(cookieValue(form, "clemency_login_csrf"))
        let token = try #require(hiddenValue(String(buffer: form.body), "csrf_token"))
        let body = "email=\(email.formEncoded)&password=\(password.formEncoded)&csrf_token=\(token)"
        return try await client.execute(uri: "/login", method: .post,
                                        headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "clemency_login_csrf=\(loginCookie)"],
                                        body: ByteBuffer(string: body))
    }

    func get(_ client: some TestClientProtocol, _ uri: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie])
    }

    /// Posts a URL-encoded form; the CSRF token is added unless `csrf` is false.
    func post(_ client: some TestClientProtocol, _ uri: String, _ fields: [(String, String)], csrf: Bool = true) async throws -> TestResponse {
        let all = (csrf ? [("csrf_token", csrfToken)] : []) + fields
        let body = all.map { "\($0.0)=\($0.1.formEncoded)" }.joined(separator: "&")
        return try await client.execute(uri: uri, method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                                        body: ByteBuffer(string: body))
    }
}

func cookieValue(_ response: TestResponse, _ name: String) -> String? {
    for field in response.headers where field.name == .setCookie {
        let value = field.value
        if value.hasPrefix(name + "=") {
            return String(value.dropFirst(name.count + 1).prefix { $0 != ";" })
        }
    }
    return nil
}

func hiddenValue(_ html: String, _ name: String) -> String? {
    guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
    return String(html[range.upperBound...].prefix { $0 != "\"" })
}

extension String {
    var formEncoded: String {
        addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~"))) ?? self
    }
}
