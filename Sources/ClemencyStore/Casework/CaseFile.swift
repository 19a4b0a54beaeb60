import ClemencyRules
import ClemencyWorkflow
import Foundation

/// One person's case as the casework system keeps it: the facts (with where each came from), the
/// latest screening, and where the petition stands.
///
/// `version` counts saved changes; a write names the version it started from, and the store
/// refuses it when someone else saved in between (`StoreError.versionConflict`), so concurrent
/// edits never lose an update.
public struct CaseFile: Sendable, Hashable, Codable, Identifiable {
    /// The case identifier (as imported).
    public var caseID: String
    /// The person's name, when the record carries one. Personal data: never logged.
    public var personName: String?
    /// Co-defendants (case identifiers or names), for the conflict check.
    public var coDefendants: [String]
    /// The facts, with their origins.
    public var facts: CaseFacts
    /// The latest screening of the facts (analysis, determinations, priority).
    public var screening: ScreeningResult
    /// The as-of date of that screening.
    public var screenedAsOf: CalendarDate
    /// The law-data version of that screening.
    public var lawVersion: String
    /// Where the petition stands.
    public var status: CaseStatus
    /// When the status last changed.
    public var statusChangedAt: Date
    /// The attorney who accepted the case (user identifier), if any.
    public var assignedAttorneyID: String?
    /// Saved changes so far (1 after the first save).
    public var version: Int
    /// When the case was first imported.
    public var createdAt: Date
    /// When the case last changed.
    public var updatedAt: Date

    /// The case identifier.
    public var id: String { caseID }

    /// Creates a case file.
    public init(caseID: String, personName: String?, coDefendants: [String], facts: CaseFacts, screening: ScreeningResult,
                screenedAsOf: CalendarDate, lawVersion: String, status: CaseStatus, statusChangedAt: Date,
                assignedAttorneyID: String?, version: Int, createdAt: Date, updatedAt: Date) {
        self.caseID = caseID
        self.personName = personName
        self.coDefendants = coDefendants
        self.facts = facts
        self.screening = screening
        self.screenedAsOf = screenedAsOf
        self.lawVersion = lawVersion
        self.status = status
        self.statusChangedAt = statusChangedAt
        self.assignedAttorneyID = assignedAttorneyID
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The list row of this case.
    public var summary: CaseSummary {
        var determinations: [String: Determination] = [:]
        for pathway in screening.pathways { determinations[pathway.key] = pathway.determination }
        return CaseSummary(
            caseID: caseID, district: facts.district, status: status, statusChangedAt: statusChangedAt,
            priorityScore: screening.priority.score, overservedMonths: screening.overservedMonths,
            reductionMonths: screening.analysis.reductionMonths,
            sentenceImposed: screening.analysis.sentenceImposed?.description,
            estimatedSentenceToday: screening.analysis.estimatedSentenceToday?.description,
            determinations: determinations, assignedAttorneyID: assignedAttorneyID,
            missingFactCount: Set((screening.analysis.missingFacts + screening.pathways.flatMap(\.missingFacts)).map(\.fact)).count)
    }

    /// The conflict-check view of this case.
    public var party: ConflictCheck.Party {
        ConflictCheck.Party(caseID: caseID, personName: personName, coDefendants: coDefendants)
    }
}

/// One row of the case list: what is needed to filter, sort and show a case without its file.
public struct CaseSummary: Sendable, Hashable, Codable {
    /// The case identifier.
    public let caseID: String
    /// The district.
    public let district: String?
    /// Where the petition stands.
    public let status: CaseStatus
    /// When the status last changed.
    public let statusChangedAt: Date
    /// The priority score (higher first).
    public let priorityScore: Int
    /// Months served beyond the estimated sentence today, if known.
    public let overservedMonths: Int?
    /// Months of reduction under current law, if known.
    public let reductionMonths: Int?
    /// The sentence imposed, in words.
    public let sentenceImposed: String?
    /// The estimated sentence today, in words.
    public let estimatedSentenceToday: String?
    /// Determination by pathway key (`pathway` or `pathway/variant`).
    public let determinations: [String: Determination]
    /// The assigned attorney's user identifier.
    public let assignedAttorneyID: String?
    /// How many distinct facts are missing (for the analysis or any pathway).
    public let missingFactCount: Int

    /// Creates a summary.
    public init(caseID: String, district: String?, status: CaseStatus, statusChangedAt: Date, priorityScore: Int,
                overservedMonths: Int?, reductionMonths: Int?, sentenceImposed: String?, estimatedSentenceToday: String?,
                determinations: [String: Determination], assignedAttorneyID: String?, missingFactCount: Int) {
        self.caseID = caseID
        self.district = district
        self.status = status
        self.statusChangedAt = statusChangedAt
        self.priorityScore = priorityScore
        self.overservedMonths = overservedMonths
        self.reductionMonths = reductionMonths
        self.sentenceImposed = sentenceImposed
        self.estimatedSentenceToday = estimatedSentenceToday
        self.determinations = determinations
        self.assignedAttorneyID = assignedAttorneyID
        self.missingFactCount = missingFactCount
    }
}
