/// Hashes and checks passwords. The web module provides the bcrypt implementation; tests may use a
/// cheaper one.
public protocol PasswordHasher: Sendable {
    /// The hash of a password, salted.
    func hash(_ password: String) -> String
    /// Whether a password matches a hash made by `hash(_:)`.
    func verify(_ password: String, hash: String) -> Bool
}
