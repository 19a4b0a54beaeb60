@testable import ClemencyPostgres
import Foundation
import PostgresNIO

/// Where the PostgreSQL tests find a server, and whether they must run.
///
/// `scripts/test` starts a throwaway server on loopback and exports `CLEMENCY_TEST_POSTGRES_URL`.
/// Without it the tests are skipped (reported as not run), unless `CLEMENCY_REQUIRE_POSTGRES=1`
/// (CI sets it), in which case they fail saying what is missing.
enum PostgresTestEnvironment {
    static let environment = ProcessInfo.processInfo.environment

    /// The server's URL, if set.
    static let url: String? = environment["CLEMENCY_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    /// Whether a missing server is a failure rather than a skip.
    static var required: Bool { environment["CLEMENCY_REQUIRE_POSTGRES"] == "1" }
    /// Whether the server tests run (and fail, when required but missing).
    static var shouldRun: Bool { url != nil || required }

    static let skipReason = "CLEMENCY_TEST_POSTGRES_URL is not set (scripts/test starts a PostgreSQL server and sets it); "
        + "set CLEMENCY_REQUIRE_POSTGRES=1 to make this a failure"

    /// The server's location, in a schema of its own.
    ///
    /// - Throws: `PostgresSetupError` when no server is configured (only reached when one is required).
    static func location(schema: String) throws -> PostgresLocation {
        guard let url else {
            throw PostgresSetupError("CLEMENCY_REQUIRE_POSTGRES=1 but CLEMENCY_TEST_POSTGRES_URL is not set: run the tests with "
                + "scripts/test, which starts a throwaway PostgreSQL server (apt-get install postgresql if initdb is missing)")
        }
        var location = try PostgresLocation(url: url, fallbackPassword: environment["PGPASSWORD"])
        location.schema = schema
        return location
    }

    /// A fresh schema name: `test_` and 16 random hex digits.
    static func freshSchema() -> String {
        "test_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
    }

    /// Runs `body` on a store in a fresh, empty schema, then closes the store and drops the schema.
    static func withFreshStore<T>(_ body: (PostgresCaseworkStore, PostgresLocation) async throws -> T) async throws -> T {
        let location = try location(schema: freshSchema())
        let store = try await PostgresCaseworkStore.open(location, maximumConnections: 4)
        do {
            let value = try await body(store, location)
            try await dropSchema(of: store, location)
            await store.close()
            return value
        } catch {
            try? await dropSchema(of: store, location)
            await store.close()
            throw error
        }
    }

    /// Runs `body` on another store at the same location (as a second process would have), then closes it.
    static func withStore<T>(_ location: PostgresLocation, maximumConnections: Int,
                             _ body: (PostgresCaseworkStore) async throws -> T) async throws -> T {
        let store = try await PostgresCaseworkStore.open(location, maximumConnections: maximumConnections)
        do {
            let value = try await body(store)
            await store.close()
            return value
        } catch {
            await store.close()
            throw error
        }
    }

    private static func dropSchema(of store: PostgresCaseworkStore, _ location: PostgresLocation) async throws {
        guard let schema = location.schema, PostgresLocation.isPlainIdentifier(schema) else { return }
        _ = try await store.client.query(PostgresQuery(unsafeSQL: "DROP SCHEMA \(schema) CASCADE")).collect()
    }
}

struct PostgresSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
