import ClemencyRules
import ClemencyStore
import ClemencyUseCases
import ClemencyWorkflow
import Foundation

// The case DTOs of the JSON API. They copy what they show from the domain types, so a refactor of
// `CaseFile` or `ScreeningResult` cannot change the JSON without a change here (and in openapi.json).

/// One row of the case list (`GET /api/v1/cases`).
public struct CaseSummaryResponse: Codable, Sendable, Equatable {
    /// The position in the whole filtered list (1 = first).
    public let rank: Int
    /// The case identifier.
    public let caseID: String
    /// The district, if known.
    public let district: String?
    /// The status (`intake`, `screened`, …).
    public let status: String
    /// When the status last changed.
    public let statusChangedAt: Date
    /// The priority score (higher first).
    public let priorityScore: Int
    /// Months served beyond the estimated sentence today, if known.
    public let overservedMonths: Int?
    /// Months of reduction under current law, if known.
    public let reductionMonths: Int?
    /// The sentence imposed, in words ("360 months", "life").
    public let sentenceImposed: String?
    /// The estimated sentence under today's law, in words.
    public let estimatedSentenceToday: String?
    /// Determination by pathway key (`pathway` or `pathway/variant`).
    public let determinations: [String: String]
    /// The assigned attorney's user identifier.
    public let assignedAttorneyID: String?
    /// How many distinct facts are missing.
    public let missingFactCount: Int

    enum CodingKeys: String, CodingKey {
        case rank
        case caseID = "case_id"
        case district, status
        case statusChangedAt = "status_changed_at"
        case priorityScore = "priority_score"
        case overservedMonths = "overserved_months"
        case reductionMonths = "reduction_months"
        case sentenceImposed = "sentence_imposed"
        case estimatedSentenceToday = "estimated_sentence_today"
        case determinations
        case assignedAttorneyID = "assigned_attorney_id"
        case missingFactCount = "missing_fact_count"
    }

    init(_ summary: CaseSummary, rank: Int) {
        self.rank = rank
        caseID = summary.caseID
        district = summary.district
        status = summary.status.rawValue
        statusChangedAt = summary.statusChangedAt
        priorityScore = summary.priorityScore
        overservedMonths = summary.overservedMonths
        reductionMonths = summary.reductionMonths
        sentenceImposed = summary.sentenceImposed
        estimatedSentenceToday = summary.estimatedSentenceToday
        determinations = summary.determinations.mapValues(\.rawValue)
        assignedAttorneyID = summary.assignedAttorneyID
        missingFactCount = summary.missingFactCount
    }

    /// Encodes every key, with `null` for a value that is absent (the synthesized encoder would omit it).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rank, forKey: .rank)
        try container.encode(caseID, forKey: .caseID)
        try container.encode(district, forKey: .district)
        try container.encode(status, forKey: .status)
        try container.encode(statusChangedAt, forKey: .statusChangedAt)
        try container.encode(priorityScore, forKey: .priorityScore)
        try container.encode(overservedMonths, forKey: .overservedMonths)
        try container.encode(reductionMonths, forKey: .reductionMonths)
        try container.encode(sentenceImposed, forKey: .sentenceImposed)
        try container.encode(estimatedSentenceToday, forKey: .estimatedSentenceToday)
        try container.encode(determinations, forKey: .determinations)
        try container.encode(assignedAttorneyID, forKey: .assignedAttorneyID)
        try container.encode(missingFactCount, forKey: .missingFactCount)
    }
}

/// One page of the case list (`GET /api/v1/cases`).
public struct CaseListResponse: Codable, Sendable, Equatable {
    /// How many cases match the filter in all.
    public let total: Int
    /// Rows skipped.
    public let offset: Int
    /// The page size asked for.
    public let limit: Int
    /// The rows, in the order asked for.
    public let cases: [CaseSummaryResponse]

    init(_ page: CaseListPage, query: CaseQuery) {
        total = page.total
        offset = query.offset
        limit = query.limit
        cases = page.cases.enumerated().map { CaseSummaryResponse($0.element, rank: query.offset + $0.offset + 1) }
    }
}

/// Where a fact came from.
public struct FactOriginResponse: Codable, Sendable, Equatable {
    /// The source, e.g. "imported from cases.csv by … on …" or "entered by … on …".
    public let source: String
    /// The original text the fact was read or parsed from, verbatim.
    public let text: String?
    /// Whether the fact was inferred by parsing free text.
    public let parsed: Bool

    enum CodingKeys: String, CodingKey {
        case source, text, parsed
    }

    init(_ origin: FactOrigin) {
        source = origin.source
        text = origin.text
        parsed = origin.parsed
    }

    /// Encodes every key, with `null` for a value that is absent (the synthesized encoder would omit it).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(source, forKey: .source)
        try container.encode(text, forKey: .text)
        try container.encode(parsed, forKey: .parsed)
    }
}

/// A fact the analysis needs, with the question that would settle it.
public struct MissingFactResponse: Codable, Sendable, Equatable {
    /// The case-format field to answer.
    public let fact: String
    /// The question for a screener or lawyer.
    public let question: String
    /// What the answer would decide.
    public let affects: String

    init(_ missing: MissingFact) {
        fact = missing.fact
        question = missing.question
        affects = missing.affects
    }
}

/// A warning of the analysis.
public struct FlagResponse: Codable, Sendable, Equatable {
    /// A stable code (`fact_disagreement`, `assumption`, `unconfirmed_law`, …).
    public let code: String
    /// The warning.
    public let text: String
}

/// Time served on the screening's as-of date.
public struct TimeServedResponse: Codable, Sendable, Equatable {
    /// Whole months served.
    public let servedMonths: Int
    /// The projected release date (YYYY-MM-DD), if known.
    public let projectedRelease: String?
    /// Whether the person is still in prison on the as-of date.
    public let stillServing: Bool

    enum CodingKeys: String, CodingKey {
        case servedMonths = "served_months"
        case projectedRelease = "projected_release"
        case stillServing = "still_serving"
    }

    /// Encodes every key, with `null` for a value that is absent (the synthesized encoder would omit it).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(servedMonths, forKey: .servedMonths)
        try container.encode(projectedRelease, forKey: .projectedRelease)
        try container.encode(stillServing, forKey: .stillServing)
    }
}

/// The priority score and its components.
public struct PriorityResponse: Codable, Sendable, Equatable {
    /// The score: higher comes first.
    public let score: Int
    /// Each component of the score in words.
    public let reasons: [String]
}

/// The screening of a case in brief (the full analysis is at `/api/v1/cases/{id}/analysis`).
public struct ScreeningSummaryResponse: Codable, Sendable, Equatable {
    /// The as-of date of the screening (YYYY-MM-DD).
    public let screenedAsOf: String
    /// The law-data version used.
    public let lawVersion: String
    /// The screening-policy version used.
    public let policyVersion: String
    /// The sentence imposed, in words.
    public let sentenceImposed: String?
    /// The estimated sentence under today's law, in words.
    public let estimatedSentenceToday: String?
    /// Months of reduction under current law, if known.
    public let reductionMonths: Int?
    /// Months served beyond the estimated sentence today, if known.
    public let overservedMonths: Int?
    /// Time served, when the custody dates allow.
    public let timeServed: TimeServedResponse?
    /// The priority.
    public let priority: PriorityResponse
    /// Determination by pathway key.
    public let determinations: [String: String]
    /// The facts still needed, once each, with their questions.
    public let missingFacts: [MissingFactResponse]
    /// The warnings.
    public let flags: [FlagResponse]

    enum CodingKeys: String, CodingKey {
        case screenedAsOf = "screened_as_of"
        case lawVersion = "law_version"
        case policyVersion = "policy_version"
        case sentenceImposed = "sentence_imposed"
        case estimatedSentenceToday = "estimated_sentence_today"
        case reductionMonths = "reduction_months"
        case overservedMonths = "overserved_months"
        case timeServed = "time_served"
        case priority, determinations
        case missingFacts = "missing_facts"
        case flags
    }

    init(_ file: CaseFile) {
        let screening = file.screening
        let analysis = screening.analysis
        screenedAsOf = file.screenedAsOf.description
        lawVersion = file.lawVersion
        policyVersion = screening.policyVersion
        sentenceImposed = analysis.sentenceImposed?.description
        estimatedSentenceToday = analysis.estimatedSentenceToday?.description
        reductionMonths = analysis.reductionMonths
        overservedMonths = screening.overservedMonths
        timeServed = screening.timeServed.map {
            TimeServedResponse(servedMonths: $0.servedMonths, projectedRelease: $0.projectedRelease?.description, stillServing: $0.stillServing)
        }
        priority = PriorityResponse(score: screening.priority.score, reasons: screening.priority.reasons)
        determinations = file.summary.determinations.mapValues(\.rawValue)
        var seen: Set<String> = []
        missingFacts = analysis.missingFacts.filter { seen.insert($0.fact).inserted }.map(MissingFactResponse.init)
        flags = analysis.flags.map { FlagResponse(code: $0.code, text: $0.text) }
    }

    /// Encodes every key, with `null` for a value that is absent (the synthesized encoder would omit it).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(screenedAsOf, forKey: .screenedAsOf)
        try container.encode(lawVersion, forKey: .lawVersion)
        try container.encode(policyVersion, forKey: .policyVersion)
        try container.encode(sentenceImposed, forKey: .sentenceImposed)
        try container.encode(estimatedSentenceToday, forKey: .estimatedSentenceToday)
        try container.encode(reductionMonths, forKey: .reductionMonths)
        try container.encode(overservedMonths, forKey: .overservedMonths)
        try container.encode(timeServed, forKey: .timeServed)
        try container.encode(priority, forKey: .priority)
        try container.encode(determinations, forKey: .determinations)
        try container.encode(missingFacts, forKey: .missingFacts)
        try container.encode(flags, forKey: .flags)
    }
}

/// A case (`GET /api/v1/cases/{id}`, and the answer to every change of a case).
public struct CaseResponse: Codable, Sendable, Equatable {
    /// The case identifier.
    public let caseID: String
    /// The version: send it back as `expected_version` with a change.
    public let version: Int
    /// The status.
    public let status: String
    /// When the status last changed.
    public let statusChangedAt: Date
    /// The statuses the case may move to next by a status change (whoever asks).
    public let nextStatuses: [String]
    /// The assigned attorney's user identifier.
    public let assignedAttorneyID: String?
    /// The person's name, when the record carries one.
    public let personName: String?
    /// Co-defendants, for the conflict check.
    public let coDefendants: [String]
    /// Every case-format field → its value as text in the case format, `null` when unknown.
    public let facts: [String: String?]
    /// Where each fact came from, by field (only fields with a recorded origin).
    public let origins: [String: FactOriginResponse]
    /// The screening in brief.
    public let screening: ScreeningSummaryResponse
    /// When the case was first imported.
    public let createdAt: Date
    /// When the case last changed.
    public let updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case caseID = "case_id"
        case version, status
        case statusChangedAt = "status_changed_at"
        case nextStatuses = "next_statuses"
        case assignedAttorneyID = "assigned_attorney_id"
        case personName = "person_name"
        case coDefendants = "co_defendants"
        case facts, origins, screening
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    /// Encodes `null` for unknown facts (the synthesized encoder would too, but this keeps it explicit).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(caseID, forKey: .caseID)
        try container.encode(version, forKey: .version)
        try container.encode(status, forKey: .status)
        try container.encode(statusChangedAt, forKey: .statusChangedAt)
        try container.encode(nextStatuses, forKey: .nextStatuses)
        try container.encode(assignedAttorneyID, forKey: .assignedAttorneyID)
        try container.encode(personName, forKey: .personName)
        try container.encode(coDefendants, forKey: .coDefendants)
        try container.encode(facts, forKey: .facts)
        try container.encode(origins, forKey: .origins)
        try container.encode(screening, forKey: .screening)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }

    init(_ file: CaseFile) {
        caseID = file.caseID
        version = file.version
        status = file.status.rawValue
        statusChangedAt = file.statusChangedAt
        nextStatuses = file.status.allowedNext.map(\.rawValue)
        assignedAttorneyID = file.assignedAttorneyID
        personName = file.personName
        coDefendants = file.coDefendants
        let values = CaseFormatWriter.fields(file.facts)
        var facts: [String: String?] = [:]
        for field in CaseRecordDecoder.fields {
            let value = values[field] ?? ""
            facts[field] = .some(value.isEmpty ? nil : value)
        }
        self.facts = facts
        origins = file.facts.origins.mapValues(FactOriginResponse.init)
        screening = ScreeningSummaryResponse(file)
        createdAt = file.createdAt
        updatedAt = file.updatedAt
    }
}

/// The full analysis of a case (`GET /api/v1/cases/{id}/analysis`): the fields of the
/// `clemency screen` JSON output (`case_id`, `as_of`, `at_sentencing`, `current_law`, `steps`,
/// `missing_facts`, `flags`, `pathways`, `priority`, …) with the case's `version` and `law_version`.
///
/// The screening part is the engine's own encoding, which the command line's JSON output already
/// fixes; the OpenAPI document describes it.
public struct AnalysisResponse: Encodable, Sendable {
    /// The case version the analysis belongs to.
    public let version: Int
    /// The law-data version used.
    public let lawVersion: String
    /// The screening.
    public let screening: ScreeningResult

    enum CodingKeys: String, CodingKey {
        case version
        case lawVersion = "law_version"
    }

    /// - Parameters:
    ///   - file: The case.
    ///   - explanation: The full screening rebuilt by the engine (`CaseworkService.explanation(of:)`).
    init(_ file: CaseFile, explanation: ScreeningResult) {
        version = file.version
        lawVersion = file.lawVersion
        screening = explanation
    }

    /// The screening's fields at the top level, then `version` and `law_version`.
    public func encode(to encoder: any Encoder) throws {
        try screening.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(lawVersion, forKey: .lawVersion)
    }
}

/// One audit event.
public struct AuditEventResponse: Codable, Sendable, Equatable {
    /// The event's identifier.
    public let id: String
    /// When.
    public let at: Date
    /// Who (an email address, or `system`).
    public let actor: String
    /// What happened (`imported`, `fact_answered`, `status_changed`, …).
    public let kind: String
    /// The field or subject.
    public let subject: String?
    /// The value before.
    public let oldValue: String?
    /// The value after.
    public let newValue: String?
    /// A sentence describing the event.
    public let detail: String

    enum CodingKeys: String, CodingKey {
        case id, at, actor, kind, subject
        case oldValue = "old_value"
        case newValue = "new_value"
        case detail
    }

    /// Encodes every key, with `null` for a value that is absent (the synthesized encoder would omit it).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(at, forKey: .at)
        try container.encode(actor, forKey: .actor)
        try container.encode(kind, forKey: .kind)
        try container.encode(subject, forKey: .subject)
        try container.encode(oldValue, forKey: .oldValue)
        try container.encode(newValue, forKey: .newValue)
        try container.encode(detail, forKey: .detail)
    }
}

/// A case's audit trail, oldest first (`GET /api/v1/cases/{id}/audit`).
public struct AuditTrailResponse: Codable, Sendable, Equatable {
    /// The case.
    public let caseID: String
    /// The events, oldest first.
    public let events: [AuditEventResponse]

    enum CodingKeys: String, CodingKey {
        case caseID = "case_id"
        case events
    }

    init(caseID: String, events: [AuditEvent]) {
        self.caseID = caseID
        self.events = events.map {
            AuditEventResponse(id: $0.id, at: $0.at, actor: $0.actor, kind: $0.kind.rawValue, subject: $0.subject,
                               oldValue: $0.oldValue, newValue: $0.newValue, detail: $0.detail)
        }
    }
}

/// `POST /api/v1/cases/{id}/facts`: answer a missing fact or correct a known one.
public struct FactChangeRequest: Codable, Sendable, Equatable {
    /// A case-format field (or `person_name`, `co_defendants`).
    public let field: String
    /// The value as text in the case format; empty or `null` marks the fact unknown again.
    public let value: String?
    /// The case version the change starts from.
    public let expectedVersion: Int

    enum CodingKeys: String, CodingKey {
        case field, value
        case expectedVersion = "expected_version"
    }
}

/// `POST /api/v1/cases/{id}/status`: move a case to another status.
public struct StatusChangeRequest: Codable, Sendable, Equatable {
    /// The new status.
    public let status: String
    /// The case version the change starts from.
    public let expectedVersion: Int
    /// A note kept in the audit trail.
    public let note: String?

    enum CodingKeys: String, CodingKey {
        case status
        case expectedVersion = "expected_version"
        case note
    }
}
