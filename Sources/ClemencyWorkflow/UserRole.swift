/// What a signed-in person may do in the casework system.
///
/// - `administrator`: manages accounts and may do everything a screener may.
/// - `screener`: imports records, answers missing facts, offers cases to volunteer attorneys and moves
///   cases through the pipeline.
/// - `attorney`: a volunteer lawyer; sees only the cases assigned to them (or offered to them, behind
///   the conflict check) and works their petitions.
public enum UserRole: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case administrator
    case screener
    case attorney

    /// The role's name as shown to users.
    public var description: String { rawValue }

    /// Whether the role sees and works every case (administrators and screeners) rather than only
    /// the cases assigned to it.
    public var seesAllCases: Bool { self != .attorney }
}
