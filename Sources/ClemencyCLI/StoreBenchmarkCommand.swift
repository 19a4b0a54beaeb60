import ArgumentParser
import ClemencyLawData
import ClemencyRules
import ClemencyStore
import ClemencyUseCases
import ClemencyWeb
import ClemencyWorkflow
import Foundation

/// `clemency benchmark store`: the casework store's own speed, without HTTP: generated cases are
/// imported through the Import path into an empty store (a SQLite file, or PostgreSQL with
/// `--db postgres://…`), then a case page's data (fetchCase, offers, audit trail), a page of the
/// case list and the dashboard are read many times; prints p50/p99 per read.
struct StoreBenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Time the casework store's reads (case page data, case-list pages, dashboard) over generated cases; SQLite or PostgreSQL.",
        discussion: """
            The store must hold no cases: give a new SQLite file, or a PostgreSQL URL with a new schema, e.g. \
            --db 'postgres://clemency@127.0.0.1:5432/clemency?schema=bench'. Without --db a scratch SQLite file is used and deleted.
            """
    )

    @Option(help: "The store: a SQLite file or a PostgreSQL URL (default: a scratch SQLite file).")
    var db: String?

    @Option(help: "How many generated cases in the store.")
    var cases = 20_000

    @Option(help: "Seed of the synthetic case generator.")
    var seed: UInt64 = 2014

    @Option(help: "How many timed reads of each kind.")
    var reads = 2_000

    @Option(help: "A scratch folder (deleted afterwards).")
    var scratch = ".benchmark-store"

    @OptionGroup var asOf: AsOfOption

    func run() async throws {
        let folder = URL(fileURLWithPath: scratch)
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let database = try await CaseworkDatabase.open(db ?? folder.appendingPathComponent("store.sqlite").path)
        do {
            try await measure(database, folder: folder)
            await database.close()
        } catch {
            await database.close()
            throw error
        }
    }

    private func measure(_ database: CaseworkDatabase, folder: URL) async throws {
        let store = database.store
        guard try await store.listCases(CaseQuery(limit: 1)).total == 0 else {
            throw CommandFailure("the store already holds cases: give an empty database (for PostgreSQL, a new ?schema=NAME)")
        }
        let law = try LawData.loadBundled()
        let input = folder.appendingPathComponent("cases.csv")
        var ids: [String] = []
        try writePopulation(to: input, law: law, ids: &ids)
        let date = try asOf.asOf()
        let service = CaseworkService(store: store, law: law, policy: try PolicyData.loadDefault(), asOf: { date })
        let screener = try await service.createUser(email: "bench-\(UInt32.random(in: 0...UInt32.max))@example.org", displayName: "Benchmark",
                                                    role: .screener, password: SecretToken.make(), caseloadLimit: nil,
                                                    hasher: BcryptPasswordHasher(cost: 4), now: Date())
        let importStart = ContinuousClock.now
        let record = try await service.importFile(at: input.path, fileName: "cases.csv", by: screener, now: Date())
        let importTime = ContinuousClock.now - importStart
        print("store: \(database.description); \(record.created) generated cases (seed \(seed)) imported in \(seconds(importTime)) s through the Import path")

        var generator = SeededGenerator(seed: seed)
        let total = try await store.listCases(CaseQuery(limit: 1)).total
        var casePage: [Duration] = [], listPage: [Duration] = [], filtered: [Duration] = [], dashboard: [Duration] = []
        let pathway = try await store.dashboard().determinations.keys.sorted().first
        for index in 0..<reads {
            let id = ids[Int(generator.next() % UInt64(ids.count))]
            let start = ContinuousClock.now
            guard try await store.fetchCase(id: id) != nil else { throw CommandFailure("case \(id) is missing") }
            _ = try await store.offers(caseID: id)
            _ = try await store.auditTrail(caseID: id)
            casePage.append(ContinuousClock.now - start)

            let offset = Int(generator.next() % UInt64(max(1, total - 50)))
            let order = CaseQuery.Order.allCases[index % CaseQuery.Order.allCases.count]
            let listStart = ContinuousClock.now
            _ = try await store.listCases(CaseQuery(order: order, offset: offset, limit: 50))
            listPage.append(ContinuousClock.now - listStart)

            let filters = [CaseQuery(pathway: pathway, determination: .eligible, offset: offset % 500),
                           CaseQuery(status: .intake, offset: offset % 500), CaseQuery(caseIDPrefix: String(id.prefix(4)))]
            let filterStart = ContinuousClock.now
            _ = try await store.listCases(filters[index % filters.count])
            filtered.append(ContinuousClock.now - filterStart)

            if index % 10 == 0 {
                let dashboardStart = ContinuousClock.now
                _ = try await store.dashboard()
                dashboard.append(ContinuousClock.now - dashboardStart)
            }
        }
        print("read (one at a time, \(reads) random)           p50        p99       mean")
        for (name, times) in [("case page data (case, offers, audit trail)", casePage), ("case list page of 50 (random offset, 3 orders)", listPage),
                              ("filtered list page (pathway, status, prefix)", filtered), ("dashboard (every 10th round)", dashboard)] {
            let sorted = times.sorted()
            let mean = sorted.reduce(Duration.zero, +) / max(1, sorted.count)
            print(name.padding(toLength: 46, withPad: " ", startingAt: 0) + milliseconds(percentile(sorted, 0.5)).leftPadded(9)
                  + milliseconds(percentile(sorted, 0.99)).leftPadded(11) + milliseconds(mean).leftPadded(11))
        }
    }

    private func percentile(_ sorted: [Duration], _ fraction: Double) -> Duration {
        guard !sorted.isEmpty else { return .zero }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
    }

    private func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.2f ms", Double(seconds) * 1_000 + Double(attoseconds) / 1e15)
    }

    private func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.1f", Double(seconds) + Double(attoseconds) / 1e18)
    }

    private func writePopulation(to url: URL, law: LawLibrary, ids: inout [String]) throws {
        var generator = SyntheticCaseGenerator(seed: seed, law: law)
        var text = CaseFormatWriter.header(synthetic: true) + "\n"
        for index in 0..<cases {
            let facts = generator.next(index: index)
            ids.append(facts.caseID)
            text += CaseFormatWriter.row(facts, synthetic: "yes") + "\n"
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
}
