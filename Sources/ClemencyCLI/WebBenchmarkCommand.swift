import ArgumentParser
import ClemencyLawData
import ClemencyRules
import ClemencySQLite
import ClemencyStore
import ClemencyUseCases
import ClemencyWeb
import ClemencyWorkflow
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging

/// `clemency benchmark web`: the web app under load from `wrk` on loopback, over a SQLite store of
/// generated cases. Prints the case list's and the case page's requests per second and latency
/// percentiles. Build with -c release.
struct WebBenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "web",
        abstract: "Load the web app with wrk (Debian's wrk package) over a store of generated cases; print requests per second and p50/p99 latency for the case list and the case page.",
        discussion: "Imports the generated cases through the same path as the Import page (one transaction), then serves them on 127.0.0.1 and runs wrk against random case-list pages and random case pages, signed in as a screener."
    )

    @Option(help: "How many generated cases in the store.")
    var cases = 200_000

    @Option(help: "Seed of the synthetic case generator.")
    var seed: UInt64 = 2014

    @Option(help: "Seconds of load per endpoint.")
    var duration = 15

    @Option(help: "Open connections.")
    var connections = 32

    @Option(help: "wrk threads.")
    var threads = 1

    @Option(help: "The port to serve on.")
    var port = 18_480

    @Option(help: "A scratch folder (deleted afterwards).")
    var scratch = ".benchmark-web"

    @Option(help: "Keep the store in this database file and reuse it on later runs with the same --cases and --seed (skips the import; for comparing builds). By default the store is made afresh in the scratch folder.")
    var store: String?

    @OptionGroup var asOf: AsOfOption

    func run() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/wrk") else {
            throw CommandFailure("wrk is not installed: apt-get install wrk")
        }
        let folder = URL(fileURLWithPath: scratch)
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let law = try LawData.loadBundled()
        let input = folder.appendingPathComponent("cases.csv")
        var ids: [String] = []
        try writePopulation(to: input, law: law, ids: &ids)

        let storePath = self.store ?? folder.appendingPathComponent("web.sqlite").path
        let store = try SQLiteStore(path: storePath)
        let date = try asOf.asOf()
        let service = CaseworkService(store: store, law: law, policy: try PolicyData.loadDefault(), asOf: { date })
        let screener: UserAccount
        if self.store != nil, let existing = try await store.fetchUser(email: "bench@example.org") {
            screener = existing
            print("store: reusing \(storePath) (\(try await store.listCases(CaseQuery(limit: 1)).total) cases)")
        } else {
            screener = try await service.createUser(email: "bench@example.org", displayName: "Benchmark", role: .screener,
                                                    password: SecretToken.make(), caseloadLimit: nil, hasher: BcryptPasswordHasher(cost: 4), now: Date())
            let importStart = DispatchTime.now().uptimeNanoseconds
            let record = try await service.importFile(at: input.path, fileName: "cases.csv", by: screener, now: Date())
            let importSeconds = Double(DispatchTime.now().uptimeNanoseconds - importStart) / 1e9
            print("store: \(record.created) generated cases (synthetic, seed \(seed)) imported in \(String(format: "%.1f", importSeconds)) s through the Import path; peak memory so far \(peakResidentMegabytes()) MB")
        }

        let token = SecretToken.make()
        try await store.saveSession(UserSession(tokenHash: SecretToken.digest(token), userID: screener.id, csrfToken: SecretToken.make(),
                                                createdAt: Date(), expiresAt: Date().addingTimeInterval(86_400)))
        var logger = Logger(label: "clemency.web.benchmark")
        // Reads still in flight when wrk stops are cancelled as the server shuts down; their errors are not the run's
        // (wrk counts any failed response in the errors column).
        logger.logLevel = .critical
        let configuration = WebConfiguration(port: port)
        let dependencies = WebDependencies(service: service, hasher: BcryptPasswordHasher(cost: 4), configuration: configuration)
        let server = Task { try await serveWebApp(dependencies, logger: logger) }
        defer { server.cancel() }
        try await waitForServer()

        let pageCount = max(1, (ids.count + configuration.pageSize - 1) / configuration.pageSize)
        var listPaths = (1...min(pageCount, 2_000)).map { "/cases?page=\($0)" }
        listPaths += ["/cases?pathway=first_step_act_404&determination=eligible", "/cases?status=intake&page=3",
                      "/cases?sort=case_id&page=10", "/cases?district=DC"]
        var generator = SeededGenerator(seed: seed)
        let casePaths = (0..<5_000).map { _ in "/cases/" + ids[Int(generator.next() % UInt64(ids.count))] }
        print("load: wrk, \(connections) connections, \(threads) thread(s), \(duration) s per endpoint, on \(ProcessInfo.processInfo.activeProcessorCount) cores shared with the server")
        print("endpoint                       requests/s      p50       p90       p99    errors  server CPU/request")
        for (name, paths) in [("case list (/cases?page=N)", listPaths), ("case page (/cases/ID)", casePaths)] {
            let cpuBefore = Self.processCPUSeconds()
            let result = try runWrk(paths: paths, cookie: "clemency_session=\(token)", folder: folder)
            let cpu = Self.processCPUSeconds() - cpuBefore
            let perRequest = result.requests > 0 ? String(format: "%.3f ms", cpu * 1000 / Double(result.requests)) : "?"
            print(name.padding(toLength: 30, withPad: " ", startingAt: 0) + String(format: "%10.0f", result.requestsPerSecond)
                  + result.p50.leftPadded(10) + result.p90.leftPadded(10) + result.p99.leftPadded(10) + String(result.errors).leftPadded(10)
                  + perRequest.leftPadded(20))
        }
        print("server CPU/request: user + system CPU time of this process (the server; wrk is a separate process) during the run, divided by the requests served")
        print("targets: p99 under 50 ms; at least 1,000 case pages per second")
    }

    struct WrkResult {
        var requestsPerSecond = 0.0
        var p50 = "?", p90 = "?", p99 = "?"
        var errors = 0
        var requests = 0
    }

    /// User plus system CPU seconds used so far by this process (all threads).
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
        let who = __rusage_who_t(RUSAGE_SELF.rawValue)
        #else
        let who = RUSAGE_SELF
        #endif
        guard getrusage(who, &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    func runWrk(paths: [String], cookie: String, folder: URL) throws -> WrkResult {
        let list = folder.appendingPathComponent("paths-\(paths.count).txt")
        try paths.joined(separator: "\n").write(to: list, atomically: true, encoding: .utf8)
        let script = folder.appendingPathComponent("paths.lua")
        try """
            local paths = {}
            init = function(args)
              for line in io.lines(args[1]) do paths[#paths + 1] = line end
              math.randomseed(os.time() + #paths)
            end
            request = function()
              return wrk.format("GET", paths[math.random(#paths)])
            end
            """.write(to: script, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/wrk")
        process.arguments = ["-t\(threads)", "-c\(connections)", "-d\(duration)s", "--latency", "-H", "Cookie: \(cookie)",
                             "-s", script.path, "http://127.0.0.1:\(port)", "--", list.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var result = WrkResult()
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = fields.first else { continue }
            switch first {
            case _ where fields.count > 2 && fields[1] == "requests" && fields[2] == "in": result.requests = Int(first) ?? 0
            case "Requests/sec:": result.requestsPerSecond = fields.count > 1 ? Double(fields[1]) ?? 0 : 0
            case "50%": result.p50 = fields.count > 1 ? String(fields[1]) : "?"
            case "90%": result.p90 = fields.count > 1 ? String(fields[1]) : "?"
            case "99%": result.p99 = fields.count > 1 ? String(fields[1]) : "?"
            case "Non-2xx": result.errors += fields.last.flatMap { Int($0) } ?? 0
            case "Socket": result.errors += line.split(separator: ",").compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }.reduce(0, +)
            default: break
            }
        }
        return result
    }

    func waitForServer() async throws {
        for _ in 0..<600 {
            if Self.accepts(port: port) { return }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        throw CommandFailure("the web app did not start on port \(port)")
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    static func accepts(port: Int) -> Bool {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return result == 0
    }

    private func writePopulation(to url: URL, law: LawLibrary, ids: inout [String]) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil), let handle = FileHandle(forWritingAtPath: url.path) else {
            throw CommandFailure("cannot write \(url.path)")
        }
        defer { try? handle.close() }
        var generator = SyntheticCaseGenerator(seed: seed, law: law)
        var buffer = CaseFormatWriter.header(synthetic: true) + "\n"
        for index in 0..<cases {
            let facts = generator.next(index: index)
            ids.append(facts.caseID)
            buffer += CaseFormatWriter.row(facts, synthetic: "yes") + "\n"
            if buffer.utf8.count > 1 << 20 {
                handle.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        handle.write(Data(buffer.utf8))
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? " " + self : String(repeating: " ", count: width - count) + self }
}
