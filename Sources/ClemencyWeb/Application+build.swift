import ClemencyRules
import ClemencyStore
import ClemencyUseCases
import Foundation
import Hummingbird
import Logging

/// Everything the web app needs, passed in by the composition root (`clemency serve`) or a test.
public struct WebDependencies: Sendable {
    /// The casework operations (store, law, policy, as-of date).
    public let service: CaseworkService
    /// The password hasher.
    public let hasher: any PasswordHasher
    /// The settings.
    public let configuration: WebConfiguration

    /// Creates the dependencies.
    public init(service: CaseworkService, hasher: any PasswordHasher, configuration: WebConfiguration) {
        self.service = service
        self.hasher = hasher
        self.configuration = configuration
    }
}

/// Builds the web application: pages, the JSON API under `/api/v1`, sign-in, and the middleware
/// that checks who is asking on every route.
///
/// - Parameters:
///   - dependencies: The service, hasher and settings.
///   - logger: The logger (never given case data).
/// - Returns: The application, ready to `runService()`.
/// - Throws: when the bundled templates cannot be loaded.
public func buildApplication(_ dependencies: WebDependencies, logger: Logger) async throws -> some ApplicationProtocol {
    let router = try await buildRouter(dependencies)
    let configuration = dependencies.configuration
    return Application(router: router,
                       configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "clemency"),
                       logger: logger)
}

/// Builds the router alone (for tests with `app.test(.router)`).
///
/// - Throws: when the bundled templates cannot be loaded.
public func buildRouter(_ dependencies: WebDependencies) async throws -> Router<AppRequestContext> {
    let renderer = try await PageRenderer()
    let service = dependencies.service
    let configuration = dependencies.configuration
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorMiddleware(renderer: renderer))
    router.add(middleware: AuthenticationMiddleware(store: service.store))
    router.add(middleware: CSRFMiddleware(maxBodyBytes: configuration.maxUploadBytes))

    StaticController().addRoutes(to: router)
    SessionController(store: service.store, hasher: dependencies.hasher, renderer: renderer,
                      throttle: LoginThrottle(limit: configuration.maxLoginFailures, windowSeconds: configuration.loginWindowSeconds),
                      configuration: configuration).addRoutes(to: router)
    let pages = Pages(service: service, renderer: renderer, configuration: configuration)
    DashboardController(pages: pages).addRoutes(to: router)
    CaseController(pages: pages).addRoutes(to: router)
    ImportController(pages: pages).addRoutes(to: router)
    AssignmentController(pages: pages).addRoutes(to: router)
    APIController(service: service, configuration: configuration).addRoutes(to: router)
    return router
}

/// What the page controllers share.
struct Pages: Sendable {
    let service: CaseworkService
    let renderer: PageRenderer
    let configuration: WebConfiguration
    /// The pathway keys the screener produces, in its order (for filters and columns).
    let pathwayKeys: [String]

    init(service: CaseworkService, renderer: PageRenderer, configuration: WebConfiguration) {
        self.service = service
        self.renderer = renderer
        self.configuration = configuration
        pathwayKeys = service.screen(CaseFacts(caseID: "pathways")).result.pathways.map(\.key)
    }
}

/// Builds the web application and serves it until the process is interrupted (SIGINT, SIGTERM)
/// or the task is cancelled.
///
/// - Throws: when the templates cannot be loaded or the address cannot be bound.
public func serveWebApp(_ dependencies: WebDependencies, logger: Logger) async throws {
    let app = try await buildApplication(dependencies, logger: logger)
    try await app.runService()
}
