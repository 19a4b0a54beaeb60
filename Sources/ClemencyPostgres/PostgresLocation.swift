internal import Foundation
import ClemencyStore

/// Where a PostgreSQL casework store lives, read from a URL such as
/// `postgres://clemency@127.0.0.1:5432/clemency?sslmode=disable&schema=casework`.
///
/// The password comes from the URL or, when the URL has none, from the caller (the CLI passes the
/// standard `PGPASSWORD` environment variable). `description` never shows it.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// Whether the connection uses TLS (the URL's `sslmode`).
    public enum TLSMode: String, Sendable, Equatable {
        /// Never.
        case disable
        /// When the server offers it (certificates verified); plain otherwise. The default.
        case prefer
        /// Always (certificates verified); fail when the server has no TLS.
        case require
    }

    /// The server's host name or address.
    public var host: String
    /// The server's port (default 5432).
    public var port: Int
    /// The role to connect as.
    public var username: String
    /// The password, if any. Never shown or logged.
    public var password: String?
    /// The database (default: the server's default, the role's name).
    public var database: String?
    /// The schema the tables live in (default: the role's `search_path`, normally `public`).
    public var schema: String?
    /// TLS use.
    public var tls: TLSMode

    /// Creates a location from its parts.
    public init(host: String, port: Int = 5432, username: String, password: String? = nil, database: String? = nil,
                schema: String? = nil, tls: TLSMode = .prefer) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.schema = schema
        self.tls = tls
    }

    /// Whether a `--db` value names a PostgreSQL server (`postgres://` or `postgresql://`) rather than a file.
    public static func isURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// Reads a location from a URL: `postgres://USER[:PASSWORD]@HOST[:PORT][/DATABASE][?sslmode=disable|prefer|require&schema=NAME]`.
    ///
    /// - Parameters:
    ///   - url: The URL (`postgres://` or `postgresql://`); user and password may be percent-encoded.
    ///   - fallbackPassword: The password to use when the URL has none (e.g. `PGPASSWORD`).
    /// - Throws: `StoreError.database` saying what is wrong with the URL (never quoting its password).
    public init(url: String, fallbackPassword: String? = nil) throws {
        guard Self.isURL(url), let components = URLComponents(string: url) else {
            throw StoreError.database("open database: expected a URL like postgres://USER@HOST:PORT/DATABASE")
        }
        guard let host = components.host, !host.isEmpty else {
            throw StoreError.database("open database: the URL names no host (postgres://USER@HOST:PORT/DATABASE)")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StoreError.database("open database: the URL names no user (postgres://USER@HOST:PORT/DATABASE)")
        }
        let port = components.port ?? 5432
        guard (1...65_535).contains(port) else { throw StoreError.database("open database: the URL's port is out of range") }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.contains("/") else { throw StoreError.database("open database: the URL's path must be one database name") }
        var tls = TLSMode.prefer
        var schema: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                switch item.value ?? "" {
                case "disable": tls = .disable
                case "allow", "prefer": tls = .prefer
                case "require", "verify-ca", "verify-full": tls = .require
                default: throw StoreError.database("open database: sslmode expects disable, prefer or require")
                }
            case "schema":
                guard let value = item.value, Self.isPlainIdentifier(value) else {
                    throw StoreError.database("open database: schema expects a plain name (lower-case letters, digits, _)")
                }
                schema = value
            default:
                throw StoreError.database("open database: unknown URL parameter \(item.name) (known: sslmode, schema)")
            }
        }
        let password = components.password.flatMap { $0.isEmpty ? nil : $0 } ?? fallbackPassword.flatMap { $0.isEmpty ? nil : $0 }
        self.init(host: host, port: port, username: user, password: password, database: path.isEmpty ? nil : path,
                  schema: schema, tls: tls)
    }

    /// The URL without the password: `postgres://USER@HOST:PORT/DATABASE`.
    public var description: String {
        var text = "postgres://\(username)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database ?? "")"
        var parameters: [String] = []
        if tls != .prefer { parameters.append("sslmode=\(tls.rawValue)") }
        if let schema { parameters.append("schema=\(schema)") }
        if !parameters.isEmpty { text += "?" + parameters.joined(separator: "&") }
        return text
    }

    /// Whether a name is a plain SQL identifier that needs no quoting: `[a-z_][a-z0-9_]*`, at most 63 bytes.
    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.utf8.count <= 63 else { return false }
        let lower = Unicode.Scalar("a")...Unicode.Scalar("z"), digits = Unicode.Scalar("0")...Unicode.Scalar("9")
        guard lower.contains(first) || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy { lower.contains($0) || digits.contains($0) || $0 == "_" }
    }
}
