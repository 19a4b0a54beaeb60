import ClemencyRules
import ClemencyStore
import ClemencyWorkflow
import Foundation

/// The casework operations of the web app, the API and the `user` command: reading cases as a
/// role may see them, answering missing facts (which re-runs the analysis at once), offering cases
/// to volunteer attorneys, and moving petitions through the pipeline. Every change is one
/// transaction with its audit events; every read and write checks who is asking.
///
/// The law engine does the legal work (`Screener`); this type decides who may do what, records
/// it, and keeps the history.
public struct CaseworkService: Sendable {
    /// The store.
    public let store: any CaseworkStore
    /// The law data.
    public let law: LawLibrary
    /// The screening policy.
    public let policy: ScreeningPolicy
    /// The date whose law is "current law" for a screening made now (normally today).
    public let asOf: @Sendable () -> CalendarDate
    let makeID: @Sendable () -> String
    private let screeners: ScreenerCache

    /// Creates the service.
    ///
    /// - Parameters:
    ///   - store: Where casework is kept.
    ///   - law: The law data.
    ///   - policy: The screening policy.
    ///   - asOf: The as-of date of screenings made now (the composition root passes today's date).
    ///   - makeID: Makes identifiers for offers, events and imports (random UUIDs by default).
    public init(store: any CaseworkStore, law: LawLibrary, policy: ScreeningPolicy,
                asOf: @escaping @Sendable () -> CalendarDate,
                makeID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }) {
        self.store = store
        self.law = law
        self.policy = policy
        self.asOf = asOf
        self.makeID = makeID
        self.screeners = ScreenerCache(law: law, policy: policy)
    }

    /// The case-format fields a screener may answer or correct, plus `person_name` and `co_defendants`.
    public static let editableFields = CaseRecordDecoder.fields.filter { $0 != "case_id" } + ["person_name", "co_defendants"]

    /// The shortest password accepted, in characters.
    public static let minimumPasswordLength = 12

    /// The longest answer or note accepted, in characters: the audit trail keeps every one for good.
    public static let maximumTextLength = 2_000

    static func requireLength(_ text: String?, _ what: String) throws {
        if let text, text.count > maximumTextLength {
            throw CaseworkError.invalid("\(what): at most \(maximumTextLength) characters (this one has \(text.count))")
        }
    }

    // MARK: Screening

    /// Screens facts under the law of today's as-of date, for storing: determinations, missing
    /// facts, time served and priority, without the text of every step (a full explanation is about
    /// 15 KB a case; `explanation(of:)` rebuilds it from the facts whenever a page or the API asks).
    ///
    /// - Returns: The screening and the as-of date used.
    public func screen(_ facts: CaseFacts) -> (result: ScreeningResult, asOf: CalendarDate) {
        let date = asOf()
        return (screeners.screener(asOf: date).screen(facts, detail: false), date)
    }

    /// The full screening of a case, every step and reason with its citation, rebuilt by the law
    /// engine from the case's facts as of the date it was screened. Pure and repeatable: the same
    /// facts, date and law data give the same explanation as the stored determinations.
    public func explanation(of file: CaseFile) -> ScreeningResult {
        screeners.screener(asOf: file.screenedAsOf).screen(file.facts, detail: true)
    }

    // MARK: Reading

    /// A case, if the person may see it.
    ///
    /// - Throws: `CaseworkError.caseNotFound` when there is no such case; `CaseworkError.forbidden`
    ///   when an attorney asks for a case not assigned to them.
    public func caseFile(id: String, for user: UserAccount) async throws -> CaseFile {
        guard let file = try await store.fetchCase(id: id) else {
            // An attorney learns nothing about cases that are not theirs, not even whether one exists.
            if !user.role.seesAllCases { throw CaseworkError.forbidden("open a case that is not assigned to you") }
            throw CaseworkError.caseNotFound(id)
        }
        try requireAccess(to: file, user)
        return file
    }

    /// A case with its audit trail and offers, read with one access check (for the case page).
    public struct CaseRecord: Sendable {
        /// The case.
        public let file: CaseFile
        /// Its audit trail, oldest first.
        public let auditTrail: [AuditEvent]
        /// Its offers, oldest first.
        public let offers: [AssignmentOffer]
    }

    /// A case with its audit trail and offers, if the person may see it.
    ///
    /// - Throws: as `caseFile(id:for:)`.
    public func caseRecord(id: String, for user: UserAccount) async throws -> CaseRecord {
        guard let record = try await store.fetchCaseWithHistory(id: id) else {
            // As `caseFile(id:for:)`: an attorney learns nothing about cases that are not theirs.
            if !user.role.seesAllCases { throw CaseworkError.forbidden("open a case that is not assigned to you") }
            throw CaseworkError.caseNotFound(id)
        }
        try requireAccess(to: record.file, user)
        return CaseRecord(file: record.file, auditTrail: record.auditTrail, offers: record.offers)
    }

    /// One page of the case list as the person may see it: an attorney sees only their own cases,
    /// whatever the query says.
    public func listCases(_ query: CaseQuery, for user: UserAccount) async throws -> CaseListPage {
        var query = query
        if !user.role.seesAllCases { query.assignedAttorneyID = user.id }
        return try await store.listCases(query)
    }

    /// The dashboard's figures.
    ///
    /// - Throws: `CaseworkError.forbidden` for attorneys (the figures cover every case).
    public func dashboard(for user: UserAccount) async throws -> CaseworkDashboard {
        try requireStaff(user, "see the dashboard of every case")
        return try await store.dashboard()
    }

    /// A case's audit trail, oldest first.
    ///
    /// - Throws: as `caseFile(id:for:)`.
    public func auditTrail(caseID: String, for user: UserAccount) async throws -> [AuditEvent] {
        _ = try await caseFile(id: caseID, for: user)
        return try await store.auditTrail(caseID: caseID)
    }

    /// An attorney's caseload: their limit and the cases that count against it.
    public struct AttorneyLoad: Sendable, Hashable {
        /// The attorney.
        public let attorney: UserAccount
        /// Cases assigned, drafted or filed.
        public let active: Int
        /// Offers waiting for their answer.
        public let pendingOffers: Int

        /// Whether they can take another case.
        public var hasCapacity: Bool { !attorney.isDisabled && active < (attorney.caseloadLimit ?? 0) }
    }

    /// Every attorney with their caseload, by email.
    ///
    /// - Throws: `CaseworkError.forbidden` unless the person is a screener or administrator.
    public func attorneys(for user: UserAccount) async throws -> [AttorneyLoad] {
        try requireStaff(user, "see the attorneys' caseloads")
        let counts = try await store.caseloads()
        return try await store.users().filter { $0.role == .attorney }.map { attorney in
            let load = counts[attorney.id]
            return AttorneyLoad(attorney: attorney, active: load?.active ?? 0, pendingOffers: load?.pendingOffers ?? 0)
        }
    }

    /// The attorneys' accounts, by email, without their caseloads (for filters).
    ///
    /// - Throws: `CaseworkError.forbidden` unless the person is a screener or administrator.
    public func attorneyAccounts(for user: UserAccount) async throws -> [UserAccount] {
        try requireStaff(user, "see the attorneys")
        return try await store.users().filter { $0.role == .attorney }
    }

    /// The imports so far, newest first.
    ///
    /// - Throws: `CaseworkError.forbidden` for attorneys.
    public func importRecords(for user: UserAccount) async throws -> [ImportRecord] {
        try requireStaff(user, "see imports")
        return try await store.importRecords()
    }

    /// One import with its rejected rows.
    ///
    /// - Throws: `CaseworkError.forbidden` for attorneys; `CaseworkError.importNotFound` when there is no such import.
    public func importRecord(id: String, for user: UserAccount) async throws -> ImportRecord {
        try requireStaff(user, "see imports")
        guard let record = try await store.fetchImportRecord(id: id) else { throw CaseworkError.importNotFound(id) }
        return record
    }

    // MARK: Answering and correcting facts

    /// Answers a missing fact or corrects a known one, re-screens the case at once, and records the
    /// change (who, when, the old value and the new) with every determination it changed.
    ///
    /// - Parameters:
    ///   - caseID: The case.
    ///   - field: A case-format field (see `editableFields`), e.g. `criminal_history_category`.
    ///   - value: The answer as text in the case format (empty to mark the fact unknown again).
    ///   - expectedVersion: The case version the person saw; the save fails if it changed since.
    ///   - user: Who answers.
    ///   - now: When.
    /// - Returns: The case as saved.
    /// - Throws: `CaseworkError.forbidden` / `.caseNotFound` / `.invalid` (an unknown field);
    ///   `WorkflowError.invalidAnswer` naming the expected form; `StoreError.versionConflict` when
    ///   someone else saved the case first.
    public func answerFact(caseID: String, field: String, value: String, expectedVersion: Int,
                           by user: UserAccount, now: Date) async throws -> CaseFile {
        guard Self.editableFields.contains(field) else {
            throw CaseworkError.invalid("\(field) is not a field that can be answered; expected one of: \(Self.editableFields.joined(separator: ", "))")
        }
        try Self.requireLength(value, field)
        let file = try await caseFile(id: caseID, for: user)
        let value = value.trimmed
        var updated = file
        let oldValue: String
        switch field {
        case "person_name":
            oldValue = file.personName ?? ""
            updated.personName = value.isEmpty ? nil : value
        case "co_defendants":
            oldValue = file.coDefendants.joined(separator: ";")
            updated.coDefendants = Self.list(value)
        default:
            var values = CaseFormatWriter.fields(file.facts)
            oldValue = values[field] ?? ""
            values[field] = value
            switch CaseRecordDecoder(law: law).decode(values, file: "answer", line: 1) {
            case .success(var facts):
                facts.origins = file.facts.origins
                facts.origins[field] = value.isEmpty ? nil
                    : FactOrigin(source: "entered by \(user.email) on \(Self.timestamp(now))", text: value, parsed: false)
                updated.facts = facts
            case .failure(let rejection):
                let expected = rejection.problems.map(\.expected).joined(separator: "; ")
                throw WorkflowError.invalidAnswer(fact: field, expected: expected)
            }
        }
        guard oldValue != value || field == "co_defendants" && file.coDefendants != updated.coDefendants else { return file }
        let kind: AuditEvent.Kind = oldValue.isEmpty ? .factAnswered : .factCorrected
        var events = [AuditEvent(id: makeID(), caseID: caseID, at: now, actor: user.email, kind: kind, subject: field,
                                 oldValue: oldValue.isEmpty ? nil : oldValue, newValue: value.isEmpty ? nil : value,
                                 detail: kind == .factAnswered ? "Answered \(field)." : "Corrected \(field).")]
        events += rescreen(&updated, at: now, actor: user.email)
        updated.updatedAt = now
        try await store.commit(CaseworkChange(cases: [.init(file: updated, expectedVersion: expectedVersion)], events: events))
        updated.version = expectedVersion + 1
        return updated
    }

    /// Re-screens a case's facts under today's law and returns one event per determination that changed.
    func rescreen(_ file: inout CaseFile, at now: Date, actor: String) -> [AuditEvent] {
        let before = file.summary.determinations
        let (result, date) = screen(file.facts)
        file.screening = result
        file.screenedAsOf = date
        file.lawVersion = law.version
        let after = file.summary.determinations
        return Set(before.keys).union(after.keys).sorted().compactMap { key in
            guard before[key] != after[key] else { return nil }
            return AuditEvent(id: makeID(), caseID: file.caseID, at: now, actor: actor, kind: .rescreened, subject: key,
                              oldValue: before[key]?.rawValue, newValue: after[key]?.rawValue,
                              detail: "The \(key) determination changed from \(before[key]?.rawValue ?? "none") to \(after[key]?.rawValue ?? "none").")
        }
    }

    // MARK: Assignment

    /// Offers a screened case to a volunteer attorney with room in their caseload.
    ///
    /// - Throws: `CaseworkError.forbidden` unless a screener or administrator offers;
    ///   `CaseworkError.userNotFound` / `.invalid` when the attorney is unknown, not an attorney, or
    ///   the case already has an open offer; `WorkflowError.notOfferable` unless the case is
    ///   screened; `WorkflowError.caseloadFull` when the attorney is at their limit.
    public func offer(caseID: String, to attorneyID: String, by user: UserAccount, now: Date) async throws -> AssignmentOffer {
        try requireStaff(user, "offer cases to attorneys")
        let file = try await caseFile(id: caseID, for: user)
        guard let attorney = try await store.fetchUser(id: attorneyID) else { throw CaseworkError.userNotFound(attorneyID) }
        guard attorney.role == .attorney else { throw CaseworkError.invalid("\(attorney.email) is not an attorney") }
        guard !attorney.isDisabled else { throw CaseworkError.invalid("the account of \(attorney.email) is disabled: it can be offered no case") }
        guard file.status == .screened else { throw WorkflowError.notOfferable(file.status) }
        if let open = try await store.offers(caseID: caseID).first(where: { $0.state == .offered }) {
            let holder = try await store.fetchUser(id: open.attorneyID)?.email ?? open.attorneyID
            throw CaseworkError.invalid("case \(caseID) is already offered to \(holder); withdraw that offer first")
        }
        try await requireCapacity(attorney)
        let offer = AssignmentOffer(id: makeID(), caseID: caseID, attorneyID: attorney.id, offeredBy: user.id, offeredAt: now)
        let event = AuditEvent(id: makeID(), caseID: caseID, at: now, actor: user.email, kind: .offered, subject: attorney.email,
                               detail: "Offered to \(attorney.displayName) (\(attorney.email)).")
        try await store.commit(CaseworkChange(offers: [offer], events: [event]))
        return offer
    }

    /// What an attorney sees before the file: the offered case in outline and the conflict check.
    public struct OfferReview: Sendable, Hashable {
        /// The offer.
        public let offer: AssignmentOffer
        /// The case's district.
        public let district: String?
        /// The sentence imposed, in words.
        public let sentenceImposed: String?
        /// The conflicts found with the attorney's present cases, one sentence each; empty when none.
        public let conflicts: [String]
    }

    /// The conflict check of an offer, for the attorney it was made to.
    ///
    /// - Throws: `CaseworkError.offerNotFound`; `CaseworkError.forbidden` for anyone but that
    ///   attorney (or staff).
    public func reviewOffer(id: String, for user: UserAccount) async throws -> OfferReview {
        guard let offer = try await store.fetchOffer(id: id) else { throw CaseworkError.offerNotFound(id) }
        guard offer.attorneyID == user.id || user.role.seesAllCases else { throw CaseworkError.forbidden("see an offer made to another attorney") }
        guard let file = try await store.fetchCase(id: offer.caseID) else { throw CaseworkError.caseNotFound(offer.caseID) }
        let present = try await store.activeCases(attorneyID: offer.attorneyID).map(\.party)
        let former = try await formerClients(attorneyID: offer.attorneyID)
        return OfferReview(offer: offer, district: file.facts.district,
                           sentenceImposed: file.screening.analysis.sentenceImposed?.description,
                           conflicts: ConflictCheck.conflicts(of: file.party, with: present, former: former))
    }

    /// The offers made to one attorney in one state, oldest first. An attorney sees only their own offers
    /// (`attorneyID` nil or theirs); staff name the attorney.
    ///
    /// - Throws: `CaseworkError.forbidden` when an attorney asks for another's offers; `CaseworkError.invalid`
    ///   when staff name no attorney.
    public func offers(attorneyID: String?, state: AssignmentOffer.State, for user: UserAccount) async throws -> [AssignmentOffer] {
        if user.role.seesAllCases {
            guard let attorneyID, !attorneyID.isEmpty else { throw CaseworkError.invalid("attorney_id: name the attorney whose offers to list") }
            return try await store.offers(attorneyID: attorneyID, state: state)
        }
        guard attorneyID == nil || attorneyID == user.id else { throw CaseworkError.forbidden("see the offers made to another attorney") }
        return try await store.offers(attorneyID: user.id, state: state)
    }

    /// The attorney's former clients in this project: cases assigned to them whose petitions have ended
    /// (granted, denied or closed), up to 500 of each, for the former-client check of ABA Model Rule 1.9.
    private func formerClients(attorneyID: String) async throws -> [ConflictCheck.Party] {
        var ids: [String] = []
        for status in [CaseStatus.granted, .denied, .closed] {
            ids += try await store.listCases(CaseQuery(status: status, assignedAttorneyID: attorneyID, order: .caseID, limit: 500)).cases.map(\.caseID)
        }
        return try await store.fetchCases(ids: ids).values.map(\.party).sorted { $0.caseID < $1.caseID }
    }

    /// The attorney's answer to an offer. Accepting assigns the case to them (status `assigned`).
    ///
    /// - Parameters:
    ///   - id: The offer.
    ///   - accept: Accept or decline.
    ///   - note: The attorney's note (a reason for declining, say).
    ///   - user: The attorney.
    ///   - now: When.
    /// - Returns: The offer as answered.
    /// - Throws: `WorkflowError.notTheOfferedAttorney` / `.offerAlreadyDecided` / `.caseloadFull` /
    ///   `.notOfferable` (the case moved on); `StoreError.versionConflict` when the case changed meanwhile.
    public func answerOffer(id: String, accept: Bool, note: String?, by user: UserAccount, now: Date) async throws -> AssignmentOffer {
        try Self.requireLength(note, "note")
        let review = try await reviewOffer(id: id, for: user)
        var offer = review.offer
        try offer.answer(accept: accept, by: user.id, at: now, conflicts: review.conflicts, note: note?.trimmed.nilIfEmpty)
        guard var file = try await store.fetchCase(id: offer.caseID) else { throw CaseworkError.caseNotFound(offer.caseID) }
        var change = CaseworkChange(offers: [offer])
        let conflictText = review.conflicts.isEmpty ? "No conflicts found." : "Conflicts shown: " + review.conflicts.joined(separator: " ")
        if accept {
            guard file.status == .screened else { throw WorkflowError.notOfferable(file.status) }
            try await requireCapacity(user)
            let version = file.version
            file.status = .assigned
            file.statusChangedAt = now
            file.assignedAttorneyID = user.id
            file.updatedAt = now
            change.cases = [.init(file: file, expectedVersion: version)]
            change.events = [
                AuditEvent(id: makeID(), caseID: file.caseID, at: now, actor: user.email, kind: .accepted, subject: user.email,
                           newValue: offer.note,
                           detail: "Accepted by \(user.displayName) after the conflict check. \(conflictText)"
                               + (offer.note.map { " Note: \($0)" } ?? "")),
                AuditEvent(id: makeID(), caseID: file.caseID, at: now, actor: user.email, kind: .statusChanged, subject: "status",
                           oldValue: CaseStatus.screened.rawValue, newValue: CaseStatus.assigned.rawValue,
                           detail: "Status: screened → assigned."),
            ]
        } else {
            change.events = [AuditEvent(id: makeID(), caseID: file.caseID, at: now, actor: user.email, kind: .declined, subject: user.email,
                                        newValue: offer.note, detail: "Declined by \(user.displayName). \(conflictText)")]
        }
        try await store.commit(change)
        return offer
    }

    /// Takes back an offer that is still open.
    ///
    /// - Throws: `CaseworkError.forbidden` unless staff; `CaseworkError.offerNotFound`; `WorkflowError.offerAlreadyDecided`.
    public func withdrawOffer(id: String, by user: UserAccount, now: Date) async throws -> AssignmentOffer {
        try requireStaff(user, "withdraw offers")
        guard var offer = try await store.fetchOffer(id: id) else { throw CaseworkError.offerNotFound(id) }
        guard offer.state == .offered else { throw WorkflowError.offerAlreadyDecided(offer.state) }
        offer.state = .withdrawn
        offer.decidedAt = now
        let event = AuditEvent(id: makeID(), caseID: offer.caseID, at: now, actor: user.email, kind: .withdrawn,
                               detail: "The offer was withdrawn.")
        try await store.commit(CaseworkChange(offers: [offer], events: [event]))
        return offer
    }

    // MARK: Status

    /// Moves a case to another status, if the pipeline allows it and the person may.
    ///
    /// Moving an assigned case back to `screened` releases the attorney (the accepted offer is marked
    /// withdrawn). Reaching `assigned` from `screened` happens only by accepting an offer.
    ///
    /// - Throws: `WorkflowError.transitionNotAllowed` / `.roleNotAllowed`; `CaseworkError.forbidden` /
    ///   `.caseNotFound`; `StoreError.versionConflict` when someone else saved the case first.
    public func changeStatus(caseID: String, to status: CaseStatus, expectedVersion: Int, note: String?,
                             by user: UserAccount, now: Date) async throws -> CaseFile {
        try Self.requireLength(note, "note")
        var file = try await caseFile(id: caseID, for: user)
        guard file.version == expectedVersion else {
            throw StoreError.versionConflict(caseID: caseID, expected: expectedVersion, actual: file.version)
        }
        let old = file.status
        try StatusChange.check(from: old, to: status, role: user.role)
        var change = CaseworkChange()
        let note = note?.trimmed.nilIfEmpty
        change.events.append(AuditEvent(id: makeID(), caseID: caseID, at: now, actor: user.email, kind: .statusChanged, subject: "status",
                                        oldValue: old.rawValue, newValue: status.rawValue,
                                        detail: "Status: \(old) → \(status)." + (note.map { " Note: \($0)" } ?? "")))
        if status == .screened || (status == .closed && file.assignedAttorneyID != nil && !old.countsAgainstCaseload) {
            file.assignedAttorneyID = nil
        }
        if status == .screened, old.countsAgainstCaseload {
            for var offer in try await store.offers(caseID: caseID) where offer.state == .accepted {
                offer.state = .withdrawn
                offer.decidedAt = now
                change.offers.append(offer)
                change.events.append(AuditEvent(id: makeID(), caseID: caseID, at: now, actor: user.email, kind: .withdrawn,
                                                detail: "The attorney was released from the case."))
            }
        }
        file.status = status
        file.statusChangedAt = now
        file.updatedAt = now
        change.cases = [.init(file: file, expectedVersion: expectedVersion)]
        try await store.commit(change)
        file.version = expectedVersion + 1
        return file
    }

    // MARK: Accounts

    /// Creates an account.
    ///
    /// - Parameters:
    ///   - email: The email address (the sign-in name).
    ///   - displayName: The name shown.
    ///   - role: The role.
    ///   - password: At least 12 characters.
    ///   - caseloadLimit: For attorneys, cases at once (default 5).
    ///   - hasher: The password hasher (bcrypt).
    ///   - now: When.
    /// - Throws: `CaseworkError.invalid` for a malformed email, a short password or a bad limit;
    ///   `StoreError.duplicateUser` when the email is taken.
    public func createUser(email: String, displayName: String?, role: UserRole, password: String, caseloadLimit: Int?,
                           hasher: any PasswordHasher, now: Date) async throws -> UserAccount {
        let email = email.trimmed.lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !email.contains(where: \.isWhitespace) else {
            throw CaseworkError.invalid("email: expected an address such as name@example.org, got \"\(email)\"")
        }
        guard password.count >= Self.minimumPasswordLength else {
            throw CaseworkError.invalid("password: expected at least \(Self.minimumPasswordLength) characters")
        }
        if let caseloadLimit, !(0...500).contains(caseloadLimit) {
            throw CaseworkError.invalid("caseload limit: expected 0 to 500 cases, got \(caseloadLimit)")
        }
        let user = UserAccount(id: makeID(), email: email, displayName: displayName?.trimmed.nilIfEmpty ?? String(parts[0]), role: role,
                               passwordHash: hasher.hash(password),
                               caseloadLimit: role == .attorney ? (caseloadLimit ?? 5) : nil, createdAt: now)
        try await store.createUser(user)
        return user
    }

    // MARK: Access rules

    func requireAccess(to file: CaseFile, _ user: UserAccount) throws {
        guard user.role.seesAllCases || file.assignedAttorneyID == user.id else {
            throw CaseworkError.forbidden("open a case that is not assigned to you")
        }
    }

    func requireStaff(_ user: UserAccount, _ action: String) throws {
        guard user.role.seesAllCases else { throw CaseworkError.forbidden(action) }
    }

    private func requireCapacity(_ attorney: UserAccount) async throws {
        let limit = attorney.caseloadLimit ?? 0
        if try await store.caseloads()[attorney.id]?.active ?? 0 >= limit { throw WorkflowError.caseloadFull(limit: limit) }
    }

    static func list(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == ";" || $0 == "|" }).map { String($0).trimmed }.filter { !$0.isEmpty }
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}

/// One screener per as-of date, built once: building one prepares the proposed-law scenarios.
private final class ScreenerCache: @unchecked Sendable {
    // `@unchecked`: `screeners` is read and written only under `lock`.
    private let lock = NSLock()
    private var screeners: [CalendarDate: Screener] = [:]
    let law: LawLibrary
    let policy: ScreeningPolicy

    init(law: LawLibrary, policy: ScreeningPolicy) {
        self.law = law
        self.policy = policy
    }

    func screener(asOf date: CalendarDate) -> Screener {
        lock.withLock {
            if let screener = screeners[date] { return screener }
            let screener = Screener(law: law, policy: policy, asOf: date)
            screeners[date] = screener
            return screener
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
