import ClemencyUseCases
import HummingbirdBcrypt

/// Password hashing with bcrypt (HummingbirdBcrypt): salted, with a tunable cost.
public struct BcryptPasswordHasher: PasswordHasher {
    /// The cost: 2^cost rounds.
    public let cost: UInt8

    /// Creates a hasher.
    ///
    /// - Parameter cost: 2^cost rounds (4...31); 12 in production, lower only in tests.
    public init(cost: UInt8 = 12) { self.cost = cost }

    /// The bcrypt hash of a password.
    public func hash(_ password: String) -> String { Bcrypt.hash(password, cost: cost) }

    /// Whether a password matches a bcrypt hash.
    public func verify(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }
}
