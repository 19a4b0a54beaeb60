import ArgumentParser
import ClemencyPostgres
import ClemencySQLite
import ClemencyStore
import Foundation

/// The casework store a `--db` value names: a `postgres://` (or `postgresql://`) URL opens the
/// PostgreSQL adapter, anything else is the path of a SQLite file.
struct CaseworkDatabase {
    /// The store.
    let store: any CaseworkStore
    /// Where it lives, fit to print: the file's path, or the URL without its password.
    let description: String
    private let closer: @Sendable () async -> Void

    /// The `--db` option's help, shared by the commands that take it.
    static let help = ArgumentHelp(
        "The casework database: a SQLite file, or a PostgreSQL URL postgres://USER@HOST:PORT/DATABASE "
            + "(password in the URL or in PGPASSWORD; ?sslmode=disable|prefer|require, ?schema=NAME).",
        valueName: "file-or-url")

    /// Opens (and migrates) the store `db` names.
    ///
    /// - Throws: `StoreError.database` when the file or server cannot be opened or migrated, or the URL is malformed.
    static func open(_ db: String) async throws -> CaseworkDatabase {
        if PostgresLocation.isURL(db) {
            let location = try PostgresLocation(url: db, fallbackPassword: ProcessInfo.processInfo.environment["PGPASSWORD"])
            let store = try await PostgresCaseworkStore.open(location)
            return CaseworkDatabase(store: store, description: location.description, closer: { await store.close() })
        }
        return CaseworkDatabase(store: try SQLiteStore(path: db), description: db, closer: {})
    }

    /// Runs `body` on the store `db` names, then closes it.
    ///
    /// - Throws: What opening the store or `body` throws.
    static func with<T>(_ db: String, _ body: (any CaseworkStore) async throws -> T) async throws -> T {
        let database = try await open(db)
        do {
            let value = try await body(database.store)
            await database.close()
            return value
        } catch {
            await database.close()
            throw error
        }
    }

    /// Closes the store's connections (nothing to do for a SQLite file).
    func close() async { await closer() }
}
