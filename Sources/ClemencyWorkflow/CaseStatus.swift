/// Where a case stands in the petition pipeline, from intake to the pardon attorney's decision.
///
/// The order is the pipeline's: intake → screened → assigned → petition drafted → filed with the
/// pardon office → granted, denied or closed. `granted`, `denied` and `closed` are final.
public enum CaseStatus: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Imported; not yet reviewed by a screener.
    case intake
    /// Reviewed by a screener; waiting for a volunteer attorney.
    case screened
    /// A volunteer attorney accepted the case.
    case assigned
    /// The commutation petition is drafted.
    case petitionDrafted = "petition_drafted"
    /// The petition is filed with the Office of the Pardon Attorney.
    case filed
    /// The President granted clemency (commutation).
    case granted
    /// The petition was denied.
    case denied
    /// Closed without a decision (withdrawn, released, moot, or not pursued).
    case closed

    /// The status in words, e.g. "filed with the pardon office".
    public var description: String {
        switch self {
        case .intake: "intake"
        case .screened: "screened"
        case .assigned: "assigned"
        case .petitionDrafted: "petition drafted"
        case .filed: "filed with the pardon office"
        case .granted: "granted"
        case .denied: "denied"
        case .closed: "closed"
        }
    }

    /// Whether the case's work is over.
    public var isFinal: Bool { self == .granted || self == .denied || self == .closed }

    /// Whether an attorney carries the case in their caseload.
    public var countsAgainstCaseload: Bool { self == .assigned || self == .petitionDrafted || self == .filed }

    /// The statuses a case may move to next by a status change.
    ///
    /// `assigned` is reached only by an attorney accepting an offer (see `AssignmentOffer`), never
    /// by a plain status change; `screened` is reached again when an attorney withdraws.
    public var allowedNext: [CaseStatus] {
        switch self {
        case .intake: [.screened, .closed]
        case .screened: [.closed]
        case .assigned: [.petitionDrafted, .screened, .closed]
        case .petitionDrafted: [.filed, .assigned, .closed]
        case .filed: [.granted, .denied, .closed]
        case .granted, .denied, .closed: []
        }
    }
}
