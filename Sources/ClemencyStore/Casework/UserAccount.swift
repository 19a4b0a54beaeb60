import ClemencyWorkflow
import Foundation

/// A person who signs in: a screener, a volunteer attorney or an administrator.
public struct UserAccount: Sendable, Hashable, Codable, Identifiable {
    /// The user identifier (a UUID string).
    public let id: String
    /// The email address, lower-cased; unique.
    public let email: String
    /// The display name.
    public var displayName: String
    /// The role.
    public var role: UserRole
    /// The bcrypt hash of the password. Never shown or logged.
    public var passwordHash: String
    /// For attorneys: how many active cases they will carry at once.
    public var caseloadLimit: Int?
    /// When the account was created.
    public let createdAt: Date
    /// When the account was disabled (`clemency user disable`), or `nil` while it is in use. A disabled
    /// account cannot sign in, is offered no cases, and is kept with its history.
    public var disabledAt: Date?

    /// Whether the account is disabled.
    public var isDisabled: Bool { disabledAt != nil }

    /// Creates an account.
    public init(id: String, email: String, displayName: String, role: UserRole, passwordHash: String,
                caseloadLimit: Int?, createdAt: Date, disabledAt: Date? = nil) {
        self.disabledAt = disabledAt
        self.id = id
        self.email = email.lowercased()
        self.displayName = displayName
        self.role = role
        self.passwordHash = passwordHash
        self.caseloadLimit = caseloadLimit
        self.createdAt = createdAt
    }
}

/// A signed-in browser session. The cookie carries a random token; the store keeps only its SHA-256.
public struct UserSession: Sendable, Hashable, Codable {
    /// SHA-256 (hex) of the session token.
    public let tokenHash: String
    /// The user.
    public let userID: String
    /// The token that every form of this session must carry (CSRF protection).
    public let csrfToken: String
    /// When the session was created.
    public let createdAt: Date
    /// When it stops being valid.
    public let expiresAt: Date

    /// Creates a session.
    public init(tokenHash: String, userID: String, csrfToken: String, createdAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// A bearer token for scripts calling the API. The store keeps only its SHA-256.
public struct APIToken: Sendable, Hashable, Codable {
    /// SHA-256 (hex) of the token.
    public let tokenHash: String
    /// The user the token acts as.
    public let userID: String
    /// A label ("nightly import script").
    public let label: String
    /// When it was created.
    public let createdAt: Date

    /// Creates a token record.
    public init(tokenHash: String, userID: String, label: String, createdAt: Date) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.label = label
        self.createdAt = createdAt
    }
}
