import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the browser tests find Chromium and ChromeDriver, and whether they must run.
///
/// Debian's `chromium` and `chromium-driver` packages install `/usr/bin/chromium` and
/// `/usr/bin/chromedriver`; `CLEMENCY_CHROMIUM` and `CLEMENCY_CHROMEDRIVER` name others.
/// Without them the browser tests are skipped, unless `CLEMENCY_REQUIRE_BROWSER=1` (CI sets it),
/// in which case they fail saying what is missing.
enum BrowserEnvironment {
    static let environment = ProcessInfo.processInfo.environment

    static let chromium: String? = locate(environment["CLEMENCY_CHROMIUM"], ["chromium", "chromium-browser", "google-chrome"])
    static let chromeDriver: String? = locate(environment["CLEMENCY_CHROMEDRIVER"], ["chromedriver"])

    /// Whether both programs were found.
    static var available: Bool { chromium != nil && chromeDriver != nil }
    /// Whether a missing browser is a failure rather than a skip.
    static var required: Bool { environment["CLEMENCY_REQUIRE_BROWSER"] == "1" }
    /// Whether the browser tests run (and fail, when required but missing).
    static var shouldRun: Bool { available || required }

    static let skipReason: String = "Chromium and ChromeDriver are not installed (apt-get install chromium chromium-driver); "
        + "set CLEMENCY_REQUIRE_BROWSER=1 to make this a failure"

    /// The two programs, or an error that says what is missing and how to install it.
    static func requireTools() throws -> (chromium: String, chromeDriver: String) {
        guard let chromium, let chromeDriver else {
            let missing = [chromium == nil ? "chromium (Debian package chromium, or CLEMENCY_CHROMIUM)" : nil,
                           chromeDriver == nil ? "chromedriver (Debian package chromium-driver, or CLEMENCY_CHROMEDRIVER)" : nil]
                .compactMap { $0 }.joined(separator: " and ")
            throw BrowserSetupError("CLEMENCY_REQUIRE_BROWSER=1 but \(missing) not found on PATH. Install with: apt-get install chromium chromium-driver")
        }
        return (chromium, chromeDriver)
    }

    /// The folder the screenshots go to: `CLEMENCY_TEST_OUTPUT` if set, else `.build/test-output/browser` in the package.
    static var outputDirectory: URL {
        if let folder = environment["CLEMENCY_TEST_OUTPUT"], !folder.isEmpty { return URL(fileURLWithPath: folder, isDirectory: true) }
        return packageRoot.appendingPathComponent(".build/test-output/browser", isDirectory: true)
    }

    /// The package's root folder (this file is `Tests/ClemencyBrowserTests/BrowserEnvironment.swift`).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private static func locate(_ override: String?, _ names: [String]) -> String? {
        if let override, !override.isEmpty { return FileManager.default.isExecutableFile(atPath: override) ? override : nil }
        let path = (environment["PATH"] ?? "") + ":/usr/bin:/usr/local/bin"
        for name in names {
            for folder in path.split(separator: ":") {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }
}

struct BrowserSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A ChromeDriver subprocess on a free loopback port; `stop()` ends it (and the browsers it started).
final class ChromeDriverProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    let logFile: URL
    var endpoint: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Starts ChromeDriver and waits until it answers `/status` as ready.
    init(executable: String, logFile: URL) async throws {
        port = try Self.freePort()
        self.logFile = logFile
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--port=\(port)", "--allowed-ips=127.0.0.1", "--log-path=\(logFile.path)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        do {
            try await waitUntilReady()
        } catch {
            stop()
            throw error
        }
    }

    private func waitUntilReady(timeout: TimeInterval = 20) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        let url = endpoint.appendingPathComponent("status")
        var last = "no answer"
        while Date() < deadline {
            guard process.isRunning else {
                throw BrowserSetupError("chromedriver exited at start (status \(process.terminationStatus)); see \(logFile.path)")
            }
            do {
                let value = try await WebDriver.send("GET", url, nil) as? [String: Any]
                if let ready = value?["ready"], (ready as? Bool) ?? (ready as? NSNumber)?.boolValue ?? false { return }
                last = "\(value ?? [:])"
            } catch {
                last = "\(error)"
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        throw BrowserSetupError("chromedriver did not become ready on port \(port) within \(Int(timeout)) s (\(last)); see \(logFile.path)")
    }

    /// Ends ChromeDriver: SIGTERM, then SIGKILL if it is still running after two seconds.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// A loopback TCP port that is free now (bound to port 0, read, released).
    static func freePort() throws -> Int {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw BrowserSetupError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw BrowserSetupError("could not find a free loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
