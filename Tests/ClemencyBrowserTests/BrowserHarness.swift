import ClemencyLawData
import ClemencyRules
import ClemencyStore
import ClemencyUseCases
import ClemencyWeb
import ClemencyWorkflow
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Testing

/// The web app over an in-memory store, served on a free loopback port, with one account per role
/// (password `correct horse battery`; attorneys may hold 2 cases).
struct BrowserHarness {
    static let password = "correct horse battery"
    static let asOf = CalendarDate(iso: "2026-11-30")!

    let store: InMemoryCaseworkStore
    let service: CaseworkService
    let hasher: BcryptPasswordHasher
    let screener: UserAccount
    let attorney: UserAccount
    let otherAttorney: UserAccount

    static func make() async throws -> BrowserHarness {
        let store = InMemoryCaseworkStore()
        let counter = IDCounter()
        let service = CaseworkService(store: store, law: try LawData.loadBundled(), policy: try PolicyData.loadDefault(), asOf: { asOf },
                                      makeID: { "id-\(counter.next())" })
        let hasher = BcryptPasswordHasher(cost: 4)
        func add(_ email: String, _ role: UserRole) async throws -> UserAccount {
            try await service.createUser(email: email, displayName: email.split(separator: "@")[0].capitalized, role: role,
                                         password: password, caseloadLimit: role == .attorney ? 2 : nil, hasher: hasher, now: Date())
        }
        _ = try await add("admin@example.org", .administrator)
        return BrowserHarness(store: store, service: service, hasher: hasher,
                              screener: try await add("screener@example.org", .screener),
                              attorney: try await add("attorney@example.org", .attorney),
                              otherAttorney: try await add("other.attorney@example.org", .attorney))
    }

    /// Serves the app on 127.0.0.1 at a port the system picks, runs `body` with its base URL, then stops it.
    func withServer<T>(_ body: (URL) async throws -> T) async throws -> T {
        let router = try await buildRouter(WebDependencies(service: service, hasher: hasher, configuration: WebConfiguration(port: 0, bcryptCost: 4)))
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "clemency-browser-test")
        logger.logLevel = .warning
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "clemency"),
                              onServerRunning: { channel in
                                  if let port = channel.localAddress?.port { continuation.yield(port) }
                              },
                              logger: logger)
        let services = ServiceGroup(configuration: .init(services: [app], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { continuation.finish() }
                try await services.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await group.next()
                throw BrowserSetupError("the web app stopped before it listened")
            }
            do {
                let value = try await body(URL(string: "http://127.0.0.1:\(port)")!)
                await services.triggerGracefulShutdown()
                return value
            } catch {
                await services.triggerGracefulShutdown()
                throw error
            }
        }
    }

    /// The case file the web tests import (3 cases, 1 rejected row).
    static var fixture: URL {
        BrowserEnvironment.packageRoot.appendingPathComponent("Tests/ClemencyWebTests/Fixtures/cases.csv")
    }
}

final class IDCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.withLock { value += 1; return value } }
}

/// One headless Chromium driven through ChromeDriver against the app at `base`, with numbered
/// screenshots saved as `<prefix>-<NN>-<name>.png` in the output folder.
final class BrowserSession: @unchecked Sendable {
    let driver: WebDriver
    let base: URL
    let prefix: String
    let folder: URL
    private var step = 0

    private init(driver: WebDriver, base: URL, prefix: String, folder: URL) {
        self.driver = driver
        self.base = base
        self.prefix = prefix
        self.folder = folder
    }

    /// Starts ChromeDriver and a browser session, runs `body`, and always ends both (after a
    /// screenshot and the page source of the failure, if `body` failed).
    static func run(prefix: String, base: URL, _ body: (BrowserSession) async throws -> Void) async throws {
        let tools = try BrowserEnvironment.requireTools()
        let folder = BrowserEnvironment.outputDirectory
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasPrefix(prefix + "-") {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
        let chromeDriver = try await ChromeDriverProcess(executable: tools.chromeDriver,
                                                         logFile: folder.appendingPathComponent("\(prefix)-chromedriver.log"))
        defer { chromeDriver.stop() }
        let driver = try await WebDriver.startSession(endpoint: chromeDriver.endpoint, chromium: tools.chromium)
        let session = BrowserSession(driver: driver, base: base, prefix: prefix, folder: folder)
        do {
            try await body(session)
        } catch {
            try? await session.saveFailure()
            try? await driver.quit()
            throw error
        }
        try? await driver.quit()
    }

    // MARK: Steps

    /// Saves a screenshot of the viewport as the next numbered step.
    func screenshot(_ name: String) async throws {
        step += 1
        let file = folder.appendingPathComponent(String(format: "%@-%02d-%@.png", prefix, step, name))
        try await driver.screenshot().write(to: file)
    }

    /// Scrolls to the `h2` that reads `heading`, then saves a screenshot as the next step.
    func screenshot(_ name: String, at heading: String) async throws {
        if let element = try await driver.findElements(xpath: "//h2[normalize-space()='\(heading)']").first {
            try await driver.scroll(to: element)
        }
        try await screenshot(name)
    }

    private func saveFailure() async throws {
        try await driver.screenshot().write(to: folder.appendingPathComponent("\(prefix)-failure.png"))
        try await driver.pageSource().write(to: folder.appendingPathComponent("\(prefix)-failure.html"), atomically: true, encoding: .utf8)
    }

    func url(_ path: String) -> URL { URL(string: path, relativeTo: base)!.absoluteURL }

    func open(_ path: String) async throws { try await driver.navigate(to: url(path)) }

    /// Waits until the page's heading reads `text`.
    func waitForHeading(_ text: String, timeout: TimeInterval = 20) async throws {
        try await driver.waitForText("h1", timeout: timeout, description: "the heading \"\(text)\"") { $0 == text }
    }

    /// Signs in through the sign-in form and waits for the signed-in page.
    func signIn(_ email: String, password: String = BrowserHarness.password) async throws {
        try await open("/login")
        try await waitForHeading("Sign in")
        try await driver.findElement("#email").sendKeys(email)
        try await driver.findElement("#password").sendKeys(password)
        try await driver.findElement("form[action='/login'] button[type=submit]").click()
        let name = String(email.split(separator: "@")[0]).capitalized
        try await driver.waitForText("header .who", description: "the signed-in name \(name)") { $0.hasPrefix(name) }
    }

    /// Signs out with the header's button and waits for the sign-in page.
    func signOut() async throws {
        try await driver.findElement("form.signout button").click()
        try await waitForHeading("Sign in")
    }

    /// Chooses `value` in the select named `name` (within `scope`), by clicking its option.
    func choose(_ value: String, in name: String, scope: String = "") async throws {
        try await driver.findElement("\(scope) select[name='\(name)'] option[value='\(value)']").click()
    }

    /// The text of each cell of each body row of the first table after the `h2` that reads `heading`.
    func tableRows(under heading: String) async throws -> [[String]] {
        var rows: [[String]] = []
        for row in try await driver.findElements(xpath: "//h2[normalize-space()='\(heading)']/following-sibling::*[1]/descendant-or-self::table/tbody/tr") {
            var cells: [String] = []
            for cell in try await row.findElements("td") { cells.append(try await cell.text()) }
            rows.append(cells)
        }
        return rows
    }
}
