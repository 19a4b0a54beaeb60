import ClemencyRules
import ClemencyWorkflow

/// A filter, order and page of the case list.
public struct CaseQuery: Sendable, Hashable, Codable {
    /// The order of the list.
    public enum Order: String, Sendable, Hashable, Codable, CaseIterable {
        /// Highest priority score first, then case identifier.
        case priority
        /// Case identifier, ascending.
        case caseID = "case_id"
        /// Longest unchanged status first, then case identifier.
        case oldestStatus = "oldest_status"
    }

    /// Only cases whose determination for this pathway key is `determination` (both must be set to filter).
    public var pathway: String?
    /// See `pathway`.
    public var determination: Determination?
    /// Only cases in this status.
    public var status: CaseStatus?
    /// Only cases of this district (exact).
    public var district: String?
    /// Only cases assigned to this attorney (user identifier).
    public var assignedAttorneyID: String?
    /// Only cases whose identifier starts with this text.
    public var caseIDPrefix: String?
    /// The order.
    public var order: Order
    /// Rows to skip (0-based).
    public var offset: Int
    /// Rows to return (1...500).
    public var limit: Int

    /// Creates a query.
    public init(pathway: String? = nil, determination: Determination? = nil, status: CaseStatus? = nil,
                district: String? = nil, assignedAttorneyID: String? = nil, caseIDPrefix: String? = nil,
                order: Order = .priority, offset: Int = 0, limit: Int = 50) {
        self.pathway = pathway
        self.determination = determination
        self.status = status
        self.district = district
        self.assignedAttorneyID = assignedAttorneyID
        self.caseIDPrefix = caseIDPrefix
        self.order = order
        self.offset = max(0, offset)
        self.limit = min(500, max(1, limit))
    }
}

/// One page of the case list.
public struct CaseListPage: Sendable, Hashable, Codable {
    /// The rows, in the query's order.
    public let cases: [CaseSummary]
    /// How many cases match the filter in all.
    public let total: Int

    /// Creates a page.
    public init(cases: [CaseSummary], total: Int) {
        self.cases = cases
        self.total = total
    }
}

/// The figures of the dashboard.
public struct CaseworkDashboard: Sendable, Hashable, Codable {
    /// Cases in all.
    public let totalCases: Int
    /// Cases per pathway key per determination.
    public let determinations: [String: [Determination: Int]]
    /// Cases per status.
    public let statuses: [CaseStatus: Int]
    /// Cases whose time served already exceeds the estimated sentence today.
    public let overserved: Int
    /// The cases waiting longest in intake or screened (oldest first, at most 10).
    public let oldestWaiting: [CaseSummary]

    /// Creates dashboard figures.
    public init(totalCases: Int, determinations: [String: [Determination: Int]], statuses: [CaseStatus: Int],
                overserved: Int, oldestWaiting: [CaseSummary]) {
        self.totalCases = totalCases
        self.determinations = determinations
        self.statuses = statuses
        self.overserved = overserved
        self.oldestWaiting = oldestWaiting
    }
}

/// An attorney's load: what counts against their caseload limit, and what waits for their answer.
public struct Caseload: Sendable, Hashable, Codable {
    /// Cases assigned to them whose status counts against the caseload (assigned, petition drafted, filed).
    public let active: Int
    /// Offers waiting for their answer.
    public let pendingOffers: Int

    /// Creates a caseload.
    public init(active: Int, pendingOffers: Int) {
        self.active = active
        self.pendingOffers = pendingOffers
    }
}
