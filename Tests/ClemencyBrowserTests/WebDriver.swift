import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A failed WebDriver command or wait, with what the driver said.
struct WebDriverError: Error, CustomStringConvertible {
    /// The W3C error code (`no such element`, `no such alert`, …), or `timeout` / `protocol` for the client's own.
    let code: String
    let message: String
    var description: String { "WebDriver \(code): \(message)" }
}

/// A small client of the W3C WebDriver HTTP protocol, enough to drive one headless Chromium session:
/// https://www.w3.org/TR/webdriver2/ (new session, navigate, find, type, click, read, screenshot).
///
/// It speaks HTTP through AsyncHTTPClient, not URLSession: on Linux, URLSession (libcurl) refuses
/// ChromeDriver's answers ("Failed writing header"), whose header lines have no space after the colon.
struct WebDriver: Sendable {
    /// The key under which the protocol returns an element reference.
    static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    let endpoint: URL
    let sessionID: String

    private init(endpoint: URL, sessionID: String) {
        self.endpoint = endpoint
        self.sessionID = sessionID
    }

    /// Opens a session of headless Chromium through the driver at `endpoint`.
    static func startSession(endpoint: URL, chromium: String, windowSize: (width: Int, height: Int) = (1280, 1000)) async throws -> WebDriver {
        let capabilities: [String: Any] = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome",
                    "pageLoadStrategy": "normal",
                    // Leave any alert open, so that a test can see it (the default dismisses it).
                    "unhandledPromptBehavior": "ignore",
                    "goog:chromeOptions": [
                        "binary": chromium,
                        "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                 "--window-size=\(windowSize.width),\(windowSize.height)", "--lang=en-US", "--no-first-run"],
                    ] as [String: Any],
                ] as [String: Any],
            ] as [String: Any],
        ]
        let value = try await send("POST", endpoint.appendingPathComponent("session"), capabilities)
        guard let sessionID = (value as? [String: Any])?["sessionId"] as? String else {
            throw WebDriverError(code: "protocol", message: "the new-session answer has no sessionId: \(String(describing: value))")
        }
        let driver = WebDriver(endpoint: endpoint, sessionID: sessionID)
        _ = try await driver.command("POST", "timeouts", ["pageLoad": 30_000, "script": 10_000, "implicit": 0])
        return driver
    }

    /// Ends the session (closes the browser).
    func quit() async throws {
        _ = try await Self.send("DELETE", endpoint.appendingPathComponent("session/\(sessionID)"), nil)
    }

    // MARK: Commands

    func navigate(to url: URL) async throws {
        _ = try await command("POST", "url", ["url": url.absoluteString])
    }

    func currentURL() async throws -> URL {
        let text = try await command("GET", "url") as? String ?? ""
        guard let url = URL(string: text) else { throw WebDriverError(code: "protocol", message: "not a URL: \(text)") }
        return url
    }

    func title() async throws -> String {
        try await command("GET", "title") as? String ?? ""
    }

    func pageSource() async throws -> String {
        try await command("GET", "source") as? String ?? ""
    }

    func findElement(_ css: String) async throws -> Element {
        try element(from: await command("POST", "element", ["using": "css selector", "value": css]), css)
    }

    func findElements(_ css: String) async throws -> [Element] {
        let list = try await command("POST", "elements", ["using": "css selector", "value": css]) as? [Any] ?? []
        return try list.map { try element(from: $0, css) }
    }

    func findElements(xpath: String) async throws -> [Element] {
        let list = try await command("POST", "elements", ["using": "xpath", "value": xpath]) as? [Any] ?? []
        return try list.map { try element(from: $0, xpath) }
    }

    /// The PNG bytes of the viewport.
    func screenshot() async throws -> Data {
        let text = try await command("GET", "screenshot") as? String ?? ""
        guard let data = Data(base64Encoded: text) else { throw WebDriverError(code: "protocol", message: "the screenshot is not base64") }
        return data
    }

    /// The text of the open alert, confirm or prompt; `nil` when none is open.
    func alertText() async throws -> String? {
        do {
            return try await command("GET", "alert/text") as? String ?? ""
        } catch let error as WebDriverError where error.code == "no such alert" {
            return nil
        }
    }

    /// Scrolls the page so that `element` is at the top of the viewport (for a screenshot of it).
    func scroll(to element: Element) async throws {
        _ = try await command("POST", "execute/sync", ["script": "arguments[0].scrollIntoView({block: 'start'})",
                                                       "args": [[Self.elementKey: element.id]]])
    }

    func dismissAlert() async throws {
        _ = try await command("POST", "alert/dismiss", [:])
    }

    /// An element of the page, by its WebDriver reference.
    struct Element: Sendable {
        let driver: WebDriver
        let id: String
        let selector: String

        func click() async throws { _ = try await driver.command("POST", "element/\(id)/click", [:]) }
        func clear() async throws { _ = try await driver.command("POST", "element/\(id)/clear", [:]) }
        func sendKeys(_ text: String) async throws { _ = try await driver.command("POST", "element/\(id)/value", ["text": text]) }
        func text() async throws -> String { try await driver.command("GET", "element/\(id)/text") as? String ?? "" }
        func attribute(_ name: String) async throws -> String? {
            try await driver.command("GET", "element/\(id)/attribute/\(name)") as? String
        }
        func findElements(_ css: String) async throws -> [Element] {
            let list = try await driver.command("POST", "element/\(id)/elements", ["using": "css selector", "value": css]) as? [Any] ?? []
            return try list.map { try driver.element(from: $0, css) }
        }
    }

    // MARK: Waiting

    /// Polls `condition` until it returns a value, or fails after `timeout` seconds naming `what` was awaited.
    /// Errors thrown by the condition (a missing element while the next page loads) count as "not yet".
    @discardableResult
    func wait<T>(for what: String, timeout: TimeInterval = 20, _ condition: () async throws -> T?) async throws -> T {
        let deadline = Date().addingTimeInterval(timeout)
        var lastError: (any Error)?
        while true {
            do {
                if let value = try await condition() { return value }
            } catch {
                lastError = error
            }
            if Date() >= deadline {
                let url = (try? await currentURL().absoluteString) ?? "?"
                throw WebDriverError(code: "timeout", message: "waited \(Int(timeout)) s for \(what) (page \(url))"
                                     + (lastError.map { "; last error: \($0)" } ?? ""))
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
    }

    /// Waits for an element matching `css` and returns it.
    func waitForElement(_ css: String, timeout: TimeInterval = 20) async throws -> Element {
        try await wait(for: "an element \(css)", timeout: timeout) { try await findElements(css).first }
    }

    /// Waits until the text of the first element matching `css` satisfies `predicate`, and returns that text.
    @discardableResult
    func waitForText(_ css: String, timeout: TimeInterval = 20, description: String,
                     _ predicate: @escaping (String) -> Bool) async throws -> String {
        try await wait(for: "\(css) to show \(description)", timeout: timeout) {
            guard let element = try await findElements(css).first else { return nil }
            let text = try await element.text()
            return predicate(text) ? text : nil
        }
    }

    // MARK: Transport

    fileprivate func element(from value: Any?, _ css: String) throws -> Element {
        guard let id = (value as? [String: Any])?[Self.elementKey] as? String else {
            throw WebDriverError(code: "protocol", message: "not an element reference for \(css): \(String(describing: value))")
        }
        return Element(driver: self, id: id, selector: css)
    }

    /// Sends a command of this session and returns the `value` of the answer.
    fileprivate func command(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> Any? {
        try await Self.send(method, endpoint.appendingPathComponent("session/\(sessionID)/\(path)"), body)
    }

    /// Sends one request to the driver and returns the `value` of its JSON answer.
    static func send(_ method: String, _ url: URL, _ body: [String: Any]?) async throws -> Any? {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = HTTPMethod(rawValue: method)
        if let body {
            let data = try JSONSerialization.data(withJSONObject: body)
            request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
            request.body = .bytes(ByteBuffer(bytes: data))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let data = Data(try await response.body.collect(upTo: 64 << 20).readableBytesView)
        let json = data.isEmpty ? nil : try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        let value = (json as? [String: Any])?["value"]
        guard (200..<300).contains(response.status.code) else {
            let detail = value as? [String: Any]
            throw WebDriverError(code: detail?["error"] as? String ?? "http \(response.status.code)",
                                 message: "\(method) \(url.path): " + (detail?["message"] as? String).map { String($0.prefix(300)) }
                                     .orElse(String(decoding: data.prefix(300), as: UTF8.self)))
        }
        return value is NSNull ? nil : value
    }
}

private extension Optional where Wrapped == String {
    func orElse(_ other: @autoclosure () -> String) -> String { self ?? other() }
}
