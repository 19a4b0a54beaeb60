internal import Foundation
import Logging
internal import PostgresNIO
import ClemencyStore

/// The PostgreSQL adapter of `CaseworkStore`, for a multi-user deployment (PostgresNIO).
///
/// A store owns a `PostgresClient` (a connection pool) and the task that runs it; `open` connects,
/// brings the schema up to date (`PostgresMigrations`, each recorded in `schema_migration`, under an
/// advisory lock so that two processes opening at once do not race) and returns the store. Every
/// query is parameterised. Each write is one transaction; a commit checks every case's version under
/// a row lock inside its transaction, so concurrent commits never lose an update.
///
/// ```swift
/// let store = try await PostgresCaseworkStore.open(PostgresLocation(url: "postgres://clemency@127.0.0.1/clemency"))
/// let page = try await store.listCases(CaseQuery())
/// await store.close()
/// ```
///
/// Open one store per process and share it; it is `Sendable`. Call `close()` when done.
public final class PostgresCaseworkStore: Sendable {
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>
    /// Where the store lives (without the password), for messages.
    public let location: String

    private init(client: PostgresClient, runner: Task<Void, Never>, logger: Logger, location: String) {
        self.client = client
        self.runner = runner
        self.logger = logger
        self.location = location
    }

    /// Connects to a PostgreSQL server and migrates the casework schema (creating the location's schema if needed).
    ///
    /// - Parameters:
    ///   - location: The server, database, schema and credentials.
    ///   - maximumConnections: The most connections the store opens at once.
    ///   - connectTimeout: How long to wait for the first connection and the migrations.
    ///   - logger: Where PostgresNIO logs connection trouble (never query values); silent by default.
    /// - Returns: A store ready for use; `close()` it when done.
    /// - Throws: `StoreError.database` when the server cannot be reached in time, refuses the credentials,
    ///   or a migration fails.
    public static func open(_ location: PostgresLocation, maximumConnections: Int = 20,
                            connectTimeout: Duration = .seconds(15),
                            logger: Logger = Logger(label: "clemency.postgres", factory: { _ in SwiftLogNoOpLogHandler() }))
        async throws -> PostgresCaseworkStore
    {
        // One connection first, so that a refused connection, a wrong password or a missing database is
        // reported at once and as such (the pool would retry quietly until the timeout).
        try await withTimeout(connectTimeout, operation: "open database: no answer from \(location.description)") {
            try await checkConnection(location, connectTimeout: connectTimeout, logger: logger)
        }
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password,
            database: location.database, tls: tls(location.tls))
        configuration.options.maximumConnections = max(1, maximumConnections)
        configuration.options.connectTimeout = connectTimeout
        if let schema = location.schema {
            // Every connection resolves the tables in the schema (a startup parameter, not SQL).
            configuration.options.additionalStartupParameters = [("search_path", schema)]
        }
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let runner = Task { await client.run() }
        let store = PostgresCaseworkStore(client: client, runner: runner, logger: logger, location: location.description)
        do {
            try await withTimeout(connectTimeout, operation: "open database: no answer from \(location.description)") {
                try await store.migrate(schema: location.schema)
            }
        } catch {
            await store.close()
            throw error
        }
        return store
    }

    /// Closes the store's connections. The store cannot be used afterwards.
    public func close() async {
        runner.cancel()
        await runner.value
    }

    /// Connects once and disconnects.
    ///
    /// - Throws: `StoreError.database` saying why the server refused or could not be reached.
    private static func checkConnection(_ location: PostgresLocation, connectTimeout: Duration, logger: Logger) async throws {
        let operation = "open database \(location.description)"
        do {
            let tls: PostgresConnection.Configuration.TLS
            switch location.tls {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
            var configuration = PostgresConnection.Configuration(
                host: location.host, port: location.port, username: location.username, password: location.password,
                database: location.database, tls: tls)
            let (seconds, attoseconds) = connectTimeout.components
            configuration.options.connectTimeout = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            try await connection.close()
        } catch {
            throw storeError(error, operation: operation)
        }
    }

    private static func tls(_ mode: PostgresLocation.TLSMode) -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: return .disable
        case .prefer: return .prefer(.makeClientConfiguration())
        case .require: return .require(.makeClientConfiguration())
        }
    }

    // MARK: - Migrations

    /// The names of the migrations recorded as applied, in the order applied.
    ///
    /// - Throws: `StoreError.database` when the database fails.
    public func appliedMigrations() async throws -> [String] {
        try await rows("read migrations", "SELECT name FROM schema_migration ORDER BY name") { try $0.decode(String.self) }
    }

    /// Creates the schema (if named) and runs, in one transaction, every migration not yet recorded.
    private func migrate(schema: String?) async throws {
        try await transaction("migrate database") { connection in
            // One migrator at a time per schema; the lock ends with the transaction.
            try await connection.exec("SELECT pg_advisory_xact_lock(hashtext('clemency migrations ' || \(schema ?? "")))",
                                       logger: logger)
            if let schema {
                guard PostgresLocation.isPlainIdentifier(schema) else { throw StoreError.database("open database: bad schema name") }
                // An identifier cannot be a parameter; the name was checked to be plain.
                try await connection.exec(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"), logger: logger)
                    
            }
            try await connection.exec("""
                CREATE TABLE IF NOT EXISTS schema_migration (
                    name text COLLATE "C" PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, logger: logger)
            var applied: Set<String> = []
            for row in try await connection.query("SELECT name FROM schema_migration", logger: logger).collect() {
                applied.insert(try row.decode(String.self))
            }
            for migration in PostgresMigrations.all where !applied.contains(migration.name) {
                for statement in migration.statements {
                    try await connection.exec(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.exec("INSERT INTO schema_migration (name) VALUES (\(migration.name))", logger: logger)
                    
            }
        }
    }

    // MARK: - Running queries

    /// Runs `body` in one transaction on one connection: committed when it returns, rolled back when it throws.
    ///
    /// - Throws: What `body` throws, or `StoreError.database` when the database fails.
    func transaction<T: Sendable>(_ operation: String, readOnly: Bool = false,
                                  _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await perform(operation) {
            try await client.withConnection { connection in
                let begin: PostgresQuery = readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN"
                try await connection.exec(begin, logger: logger)
                do {
                    let value = try await body(connection)
                    try await connection.exec("COMMIT", logger: logger)
                    return value
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger).collect()
                    throw error
                }
            }
        }
    }

    /// Every row of one query, mapped.
    ///
    /// - Throws: `StoreError.database` when the database fails or a row cannot be mapped.
    func rows<T>(_ operation: String, _ query: PostgresQuery, _ map: (PostgresRow) throws -> T) async throws -> [T] {
        try await perform(operation) {
            try await client.query(query, logger: logger).collect().map(map)
        }
    }

    /// Runs one statement and discards its rows.
    ///
    /// - Throws: `StoreError.database` when the database fails.
    func execute(_ operation: String, _ query: PostgresQuery) async throws {
        try await perform(operation) { _ = try await client.query(query, logger: logger).collect() }
    }

    /// Awaits `body`, turning any failure that is not already a `StoreError` into `StoreError.database`.
    func perform<T>(_ operation: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw Self.storeError(error, operation: operation)
        }
    }

    /// The SQLSTATE of a server error, if the error is one.
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// The error to throw for a failure during `operation`.
    ///
    /// Names the operation, the SQLSTATE and the server's message (which names tables, columns and
    /// constraints) but never the server's detail or the query's values, which may hold personal data.
    static func storeError(_ error: any Error, operation: String) -> any Error {
        switch error {
        case let error as StoreError:
            return error
        case let error as PSQLError:
            if let info = error.serverInfo {
                let state = info[.sqlState] ?? "?"
                let message = info[.message].map { ": \($0)" } ?? ""
                return StoreError.database("\(operation): PostgreSQL error \(state)\(message)")
            }
            let underlying = error.underlying.map { " (\($0))" } ?? ""
            return StoreError.database("\(operation): PostgreSQL connection failed: \(error.code)\(underlying)")
        case let error as PostgresDecodingError:
            return StoreError.database("\(operation): column \(error.columnName) cannot be read as \(error.targetType)")
        default:
            // Other errors may quote values: name only the kind of failure.
            return StoreError.database("\(operation): \(type(of: error))")
        }
    }
}

/// Runs `body`, throwing `StoreError.database(message)` if it has not finished after `timeout`.
private func withTimeout<T: Sendable>(_ timeout: Duration, operation message: String,
                                      _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try? await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw StoreError.database(message)
        }
        return value
    }
}

extension PostgresConnection {
    /// Runs one statement and discards its rows.
    func exec(_ query: PostgresQuery, logger: Logger) async throws {
        _ = try await self.query(query, logger: logger).collect()
    }
}
