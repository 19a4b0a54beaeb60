import ArgumentParser
import ClemencyLawData
import ClemencyRules
import ClemencyStore
import ClemencyUseCases
import ClemencyWeb
import Foundation
import Logging

/// `clemency serve`: the web app for screeners, volunteer attorneys and administrators.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web app (and the JSON API under /api/v1) on this machine.",
        discussion: """
            Open the printed address in a browser and sign in with an account made by `clemency user add`. \
            The app listens on loopback (127.0.0.1) unless --host says otherwise. Cases, accounts and the audit trail \
            live in --db: a SQLite file (the same file `clemency screen` records runs in), or, for a multi-user \
            deployment, a PostgreSQL database named by a URL such as postgres://clemency@127.0.0.1:5432/clemency \
            (the password in the URL or in the PGPASSWORD environment variable; never printed).
            """
    )

    @Option(help: CaseworkDatabase.help)
    var db = "clemency.sqlite"

    @Option(help: "The address to listen on (default: loopback only).")
    var host = "127.0.0.1"

    @Option(help: "The port.")
    var port = 8080

    @Option(name: .customLong("as-of"), help: "Screen as of this date (YYYY-MM-DD) instead of today, e.g. for a demonstration.")
    var asOfText: String?

    @Option(help: "A JSON policy file (default: the bundled default policy).")
    var policy: String?

    @Flag(help: "Mark cookies Secure (when served over HTTPS behind a proxy).")
    var secureCookies = false

    func validate() throws {
        if let asOfText, CalendarDate(iso: asOfText) == nil {
            throw ValidationError("--as-of expects a date as YYYY-MM-DD, found \"\(asOfText)\"")
        }
        guard (0...65_535).contains(port) else { throw ValidationError("--port expects 0 to 65535, found \(port)") }
    }

    func run() async throws {
        let database = try await CaseworkDatabase.open(db)
        do {
            let store = database.store
            let service = try CaseworkFactory.service(store: store, policyPath: policy, asOfText: asOfText)
            let configuration = WebConfiguration(host: host, port: port, secureCookies: secureCookies)
            var logger = Logger(label: "clemency.web")
            logger.logLevel = .info
            let dependencies = WebDependencies(service: service, hasher: BcryptPasswordHasher(cost: configuration.bcryptCost),
                                               configuration: configuration)
            if try await store.users().isEmpty {
                printError("No accounts yet: create the first administrator with `clemency user add --role administrator EMAIL --db \(database.description)`.")
            }
            printError("Clemency is serving at http://\(host):\(port)/ (casework in \(database.description)). Stop with Ctrl-C.")
            try await serveWebApp(dependencies, logger: logger)
            await database.close()
        } catch {
            await database.close()
            throw error
        }
    }
}

/// Builds the casework service from command-line settings: the only place the clock is read for it.
enum CaseworkFactory {
    static func service(store: any CaseworkStore, policyPath: String?, asOfText: String?) throws -> CaseworkService {
        let law = try LawData.loadBundled()
        let policy = try policyPath.map { try PolicyData.load(from: URL(fileURLWithPath: $0), law: law) } ?? PolicyData.loadDefault()
        let fixed = asOfText.flatMap(CalendarDate.init(iso:))
        return CaseworkService(store: store, law: law, policy: policy, asOf: { fixed ?? CalendarDate.today() })
    }
}
