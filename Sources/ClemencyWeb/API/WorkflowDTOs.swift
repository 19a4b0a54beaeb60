import ClemencyRules
import ClemencyStore
import ClemencyUseCases
import ClemencyWorkflow
import Foundation

// The DTOs of offers, attorneys, imports and the dashboard.

/// A list of assignment offers.
public struct OfferListResponse: Codable, Sendable, Equatable {
    /// The offers, oldest first.
    public let offers: [OfferResponse]

    /// Creates the list.
    public init(_ offers: [AssignmentOffer]) { self.offers = offers.map(OfferResponse.init) }
}

/// An assignment offer.
public struct OfferResponse: Codable, Sendable, Equatable {
    /// The offer's identifier.
    public let id: String
    /// The case offered.
    public let caseID: String
    /// The attorney's user identifier.
    public let attorneyID: String
    /// Who made the offer (user identifier).
    public let offeredBy: String
    /// When the offer was made.
    public let offeredAt: Date
    /// `offered`, `accepted`, `declined` or `withdrawn`.
    public let state: String
    /// When it was answered or withdrawn.
    public let decidedAt: Date?
    /// The conflicts shown to the attorney when they answered.
    public let conflicts: [String]
    /// The attorney's note.
    public let note: String?

    enum CodingKeys: String, CodingKey {
        case id
        case caseID = "case_id"
        case attorneyID = "attorney_id"
        case offeredBy = "offered_by"
        case offeredAt = "offered_at"
        case state
        case decidedAt = "decided_at"
        case conflicts, note
    }

    init(_ offer: AssignmentOffer) {
        id = offer.id
        caseID = offer.caseID
        attorneyID = offer.attorneyID
        offeredBy = offer.offeredBy
        offeredAt = offer.offeredAt
        state = offer.state.rawValue
        decidedAt = offer.decidedAt
        conflicts = offer.conflicts
        note = offer.note
    }

    /// Encodes every key, with `null` for a value that is absent (the synthesized encoder would omit it).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(caseID, forKey: .caseID)
        try container.encode(attorneyID, forKey: .attorneyID)
        try container.encode(offeredBy, forKey: .offeredBy)
        try container.encode(offeredAt, forKey: .offeredAt)
        try container.encode(state, forKey: .state)
        try container.encode(decidedAt, forKey: .decidedAt)
        try container.encode(conflicts, forKey: .conflicts)
        try container.encode(note, forKey: .note)
    }
}

/// An offer with its conflict check (`GET /api/v1/offers/{id}`): what the attorney sees before the file.
public struct OfferReviewResponse: Codable, Sendable, Equatable {
    /// The offer.
    public let offer: OfferResponse
    /// The case's district.
    public let district: String?
    /// The sentence imposed, in words.
    public let sentenceImposed: String?
    /// The conflicts with the attorney's present cases, one sentence each; empty when none.
    public let conflicts: [String]

    enum CodingKeys: String, CodingKey {
        case offer, district
        case sentenceImposed = "sentence_imposed"
        case conflicts
    }

    init(_ review: CaseworkService.OfferReview) {
        offer = OfferResponse(review.offer)
        district = review.district
        sentenceImposed = review.sentenceImposed
        conflicts = review.conflicts
    }

    /// Encodes every key, with `null` for a value that is absent (the synthesized encoder would omit it).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(offer, forKey: .offer)
        try container.encode(district, forKey: .district)
        try container.encode(sentenceImposed, forKey: .sentenceImposed)
        try container.encode(conflicts, forKey: .conflicts)
    }
}

/// `POST /api/v1/cases/{id}/offers`: offer a screened case to an attorney.
public struct OfferRequest: Codable, Sendable, Equatable {
    /// The attorney's user identifier.
    public let attorneyID: String

    enum CodingKeys: String, CodingKey {
        case attorneyID = "attorney_id"
    }
}

/// `POST /api/v1/offers/{id}/answer`: the attorney accepts or declines.
public struct OfferAnswerRequest: Codable, Sendable, Equatable {
    /// `true` to accept, `false` to decline.
    public let accept: Bool
    /// A note (a reason for declining, say).
    public let note: String?
}

/// An attorney with their caseload.
public struct AttorneyResponse: Codable, Sendable, Equatable {
    /// The user identifier (for `attorney_id` and the case list's `attorney` filter).
    public let id: String
    /// The email address.
    public let email: String
    /// The display name.
    public let displayName: String
    /// Cases they will carry at once.
    public let caseloadLimit: Int
    /// Cases assigned, drafted or filed.
    public let activeCases: Int
    /// Offers waiting for their answer.
    public let pendingOffers: Int
    /// Whether they can take another case.
    public let hasCapacity: Bool

    enum CodingKeys: String, CodingKey {
        case id, email
        case displayName = "display_name"
        case caseloadLimit = "caseload_limit"
        case activeCases = "active_cases"
        case pendingOffers = "pending_offers"
        case hasCapacity = "has_capacity"
    }

    init(_ load: CaseworkService.AttorneyLoad) {
        id = load.attorney.id
        email = load.attorney.email
        displayName = load.attorney.displayName
        caseloadLimit = load.attorney.caseloadLimit ?? 0
        activeCases = load.active
        pendingOffers = load.pendingOffers
        hasCapacity = load.hasCapacity
    }
}

/// The attorneys (`GET /api/v1/attorneys`).
public struct AttorneyListResponse: Codable, Sendable, Equatable {
    /// Every attorney, by email.
    public let attorneys: [AttorneyResponse]
}

/// A row an import rejected or set aside, kept whole.
public struct ImportRowResponse: Codable, Sendable, Equatable {
    /// The line in the file.
    public let line: Int
    /// The problems, one sentence each (field, value, expected form).
    public let problems: [String]
    /// The row as read (field → text).
    public let values: [String: String]

    init(_ rejection: ImportRecord.Rejection) {
        line = rejection.line
        problems = rejection.problems
        values = rejection.values
    }
}

/// An import with every rejected row (`POST /api/v1/imports`, `GET /api/v1/imports/{id}`).
public struct ImportResponse: Codable, Sendable, Equatable {
    /// The import's identifier.
    public let id: String
    /// The file's name as given.
    public let fileName: String
    /// SHA-256 (hex) of the file's bytes.
    public let fileDigest: String
    /// The record format found (`case`, `ussc`, `grant-list`).
    public let format: String
    /// Who imported (email).
    public let actor: String
    /// When.
    public let at: Date
    /// Cases created.
    public let created: Int
    /// Cases updated.
    public let updated: Int
    /// Cases already held with the same facts.
    public let unchanged: Int
    /// Rows rejected, with their reasons.
    public let rejected: [ImportRowResponse]
    /// Rows outside the system's scope, with their reasons.
    public let outOfScope: [ImportRowResponse]

    enum CodingKeys: String, CodingKey {
        case id
        case fileName = "file_name"
        case fileDigest = "file_digest"
        case format, actor, at, created, updated, unchanged, rejected
        case outOfScope = "out_of_scope"
    }

    init(_ record: ImportRecord) {
        id = record.id
        fileName = record.fileName
        fileDigest = record.fileDigest
        format = record.format
        actor = record.actor
        at = record.at
        created = record.created
        updated = record.updated
        unchanged = record.unchanged
        rejected = record.rejected.map(ImportRowResponse.init)
        outOfScope = record.outOfScope.map(ImportRowResponse.init)
    }
}

/// One import in the list, with counts instead of rows.
public struct ImportSummaryResponse: Codable, Sendable, Equatable {
    /// The import's identifier.
    public let id: String
    /// The file's name as given.
    public let fileName: String
    /// The record format found.
    public let format: String
    /// Who imported (email).
    public let actor: String
    /// When.
    public let at: Date
    /// Cases created.
    public let created: Int
    /// Cases updated.
    public let updated: Int
    /// Cases already held with the same facts.
    public let unchanged: Int
    /// How many rows were rejected.
    public let rejectedCount: Int
    /// How many rows were outside the system's scope.
    public let outOfScopeCount: Int

    enum CodingKeys: String, CodingKey {
        case id
        case fileName = "file_name"
        case format, actor, at, created, updated, unchanged
        case rejectedCount = "rejected_count"
        case outOfScopeCount = "out_of_scope_count"
    }

    init(_ record: ImportRecord) {
        id = record.id
        fileName = record.fileName
        format = record.format
        actor = record.actor
        at = record.at
        created = record.created
        updated = record.updated
        unchanged = record.unchanged
        rejectedCount = record.rejected.count
        outOfScopeCount = record.outOfScope.count
    }
}

/// The imports, newest first (`GET /api/v1/imports`).
public struct ImportListResponse: Codable, Sendable, Equatable {
    /// The imports.
    public let imports: [ImportSummaryResponse]
}

/// The dashboard's figures (`GET /api/v1/dashboard`).
public struct DashboardResponse: Codable, Sendable, Equatable {
    /// Cases in all.
    public let totalCases: Int
    /// Cases whose time served already exceeds the estimated sentence today.
    public let overserved: Int
    /// Cases per pathway key per determination (`eligible`, `ineligible`, `needs_information`).
    public let determinations: [String: [String: Int]]
    /// Cases per status (every status, 0 included).
    public let statuses: [String: Int]
    /// The cases waiting longest in intake or screened, oldest first (at most 10).
    public let oldestWaiting: [CaseSummaryResponse]

    enum CodingKeys: String, CodingKey {
        case totalCases = "total_cases"
        case overserved, determinations, statuses
        case oldestWaiting = "oldest_waiting"
    }

    init(_ figures: CaseworkDashboard) {
        totalCases = figures.totalCases
        overserved = figures.overserved
        determinations = figures.determinations.mapValues { counts in
            Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) })
        }
        statuses = Dictionary(uniqueKeysWithValues: CaseStatus.allCases.map { ($0.rawValue, figures.statuses[$0] ?? 0) })
        oldestWaiting = figures.oldestWaiting.enumerated().map { CaseSummaryResponse($0.element, rank: $0.offset + 1) }
    }
}
