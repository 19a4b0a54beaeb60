import ClemencyWorkflow

/// Where the casework lives: accounts, sessions, cases, offers, audit trails and imports.
/// The persistence port of the web app and the `user` command.
///
/// Adapters: `InMemoryCaseworkStore` (tests) and `SQLiteStore` (GRDB, the default file store);
/// both pass the contract suite in `ClemencyTestSupport` (`CaseworkStoreContract`). The methods are
/// shaped by use, not by tables, so a PostgreSQL adapter can follow without touching the web layer.
public protocol CaseworkStore: Sendable {
    // MARK: Accounts

    /// Adds an account.
    ///
    /// - Throws: `StoreError.duplicateUser` when the email is taken; `StoreError.database` on failure.
    func createUser(_ user: UserAccount) async throws

    /// Replaces an account's changeable fields (name, role, password hash, caseload limit).
    ///
    /// - Throws: `StoreError.userNotFound` when there is no such account.
    func updateUser(_ user: UserAccount) async throws

    /// The account with an identifier, or `nil`.
    func fetchUser(id: String) async throws -> UserAccount?

    /// The account with an email address (any case), or `nil`.
    func fetchUser(email: String) async throws -> UserAccount?

    /// Every account, by email.
    func users() async throws -> [UserAccount]

    // MARK: Sessions and API tokens

    /// Saves a session.
    func saveSession(_ session: UserSession) async throws

    /// The session with a token hash, or `nil` (expired sessions included; the caller checks `expiresAt`).
    func fetchSession(tokenHash: String) async throws -> UserSession?

    /// The session with a token hash and its account, read together, or `nil` when either is missing.
    func fetchSessionUser(tokenHash: String) async throws -> (session: UserSession, user: UserAccount)?

    /// Deletes a session (sign-out). Deleting an unknown session does nothing.
    func deleteSession(tokenHash: String) async throws

    /// Ends every session of an account and revokes every API token it has (for a disabled account or a
    /// new password). Doing it for an account without any does nothing.
    func revokeAccess(userID: String) async throws

    /// Saves an API token.
    func saveAPIToken(_ token: APIToken) async throws

    /// The API token with a hash, or `nil`.
    func fetchAPIToken(tokenHash: String) async throws -> APIToken?

    // MARK: Cases

    /// Saves a casework change atomically: every case write's version is checked first, then
    /// cases, offers, events and the import record are written together.
    ///
    /// - Throws: `StoreError.versionConflict` when a case changed since `expectedVersion` (or a new
    ///   case's id exists); `StoreError.database` on failure. Nothing is saved when it throws.
    func commit(_ change: CaseworkChange) async throws

    /// The case with an identifier, or `nil`.
    func fetchCase(id: String) async throws -> CaseFile?

    /// The case with an identifier with its audit trail and offers (each oldest first, as
    /// `auditTrail(caseID:)` and `offers(caseID:)` give them), read together in one transaction so
    /// the three agree; `nil` when there is no such case.
    func fetchCaseWithHistory(id: String) async throws -> CaseWithHistory?

    /// The cases with these identifiers that exist, keyed by identifier.
    func fetchCases(ids: [String]) async throws -> [String: CaseFile]

    /// The cases assigned to an attorney whose status counts against the caseload.
    func activeCases(attorneyID: String) async throws -> [CaseFile]

    /// Every attorney's caseload by user identifier: active cases (assigned, drafted, filed) and open
    /// offers. Attorneys with neither are absent.
    func caseloads() async throws -> [String: Caseload]

    /// One page of the case list.
    func listCases(_ query: CaseQuery) async throws -> CaseListPage

    /// The dashboard's figures.
    func dashboard() async throws -> CaseworkDashboard

    // MARK: Offers, audit trail, imports

    /// The offer with an identifier, or `nil`.
    func fetchOffer(id: String) async throws -> AssignmentOffer?

    /// A case's offers, oldest first.
    func offers(caseID: String) async throws -> [AssignmentOffer]

    /// An attorney's offers in a state, oldest first.
    func offers(attorneyID: String, state: AssignmentOffer.State) async throws -> [AssignmentOffer]

    /// A case's audit trail, oldest first.
    func auditTrail(caseID: String) async throws -> [AuditEvent]

    /// Every import, newest first.
    func importRecords() async throws -> [ImportRecord]

    /// The import with an identifier, or `nil`.
    func fetchImportRecord(id: String) async throws -> ImportRecord?
}

/// A case with its audit trail and offers, as `CaseworkStore.fetchCaseWithHistory(id:)` reads them.
public struct CaseWithHistory: Sendable, Hashable {
    /// The case.
    public let file: CaseFile
    /// Its audit trail, oldest first; events of one instant in the order written.
    public let auditTrail: [AuditEvent]
    /// Its offers, oldest first (ties by offer identifier).
    public let offers: [AssignmentOffer]

    /// Creates the record.
    public init(file: CaseFile, auditTrail: [AuditEvent], offers: [AssignmentOffer]) {
        self.file = file
        self.auditTrail = auditTrail
        self.offers = offers
    }
}
