import ClemencyRules

/// One recorded run of `clemency screen`: what went in, under which law and policy, and how many cases.
public struct ScreeningRun: Sendable, Hashable, Codable {
    /// The run's identifier (a UUID string).
    public let id: String
    /// When the run was made, as an ISO 8601 timestamp (UTC).
    public let createdAt: String
    /// The date whose law was current law.
    public let asOf: CalendarDate
    /// SHA-256 of the input files' bytes, in order.
    public let inputDigest: String
    /// The input files as given.
    public let inputFiles: [String]
    /// The law-data version used.
    public let lawVersion: String
    /// The policy version used.
    public let policyVersion: String
    /// Cases screened.
    public let casesScreened: Int
    /// Records rejected.
    public let casesRejected: Int

    /// Creates a run record.
    public init(id: String, createdAt: String, asOf: CalendarDate, inputDigest: String, inputFiles: [String],
                lawVersion: String, policyVersion: String, casesScreened: Int, casesRejected: Int) {
        self.id = id
        self.createdAt = createdAt
        self.asOf = asOf
        self.inputDigest = inputDigest
        self.inputFiles = inputFiles
        self.lawVersion = lawVersion
        self.policyVersion = policyVersion
        self.casesScreened = casesScreened
        self.casesRejected = casesRejected
    }
}

/// One case's outcome in a run, as stored: enough to reopen the ranked list and compare two runs.
public struct ScreeningRunResult: Sendable, Hashable, Codable {
    /// The case's identifier.
    public let caseID: String
    /// The district.
    public let district: String?
    /// The rank in the run (1 = first).
    public let rank: Int
    /// The priority score.
    public let score: Int
    /// The sentence imposed ("240 months", "life"), if known.
    public let sentenceImposed: String?
    /// The estimated sentence under current law, if known.
    public let estimatedSentenceToday: String?
    /// Months of reduction, if known.
    public let reductionMonths: Int?
    /// Months served beyond the estimate, if known.
    public let overservedMonths: Int?
    /// Determination by pathway key (`pathway` or `pathway/variant`).
    public let determinations: [String: Determination]
    /// The same determinations in the compact form a producer may already hold, which an adapter may
    /// store as it is; `nil` when not given. Not part of equality or hashing: it only repeats `determinations`.
    public private(set) var letters: DeterminationLetters?

    /// Creates a result record.
    public init(caseID: String, district: String?, rank: Int, score: Int, sentenceImposed: String?,
                estimatedSentenceToday: String?, reductionMonths: Int?, overservedMonths: Int?,
                determinations: [String: Determination], letters: DeterminationLetters? = nil) {
        self.letters = letters
        self.caseID = caseID
        self.district = district
        self.rank = rank
        self.score = score
        self.sentenceImposed = sentenceImposed
        self.estimatedSentenceToday = estimatedSentenceToday
        self.reductionMonths = reductionMonths
        self.overservedMonths = overservedMonths
        self.determinations = determinations
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.caseID == rhs.caseID && lhs.district == rhs.district && lhs.rank == rhs.rank && lhs.score == rhs.score
            && lhs.sentenceImposed == rhs.sentenceImposed && lhs.estimatedSentenceToday == rhs.estimatedSentenceToday
            && lhs.reductionMonths == rhs.reductionMonths && lhs.overservedMonths == rhs.overservedMonths
            && lhs.determinations == rhs.determinations
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(caseID)
        hasher.combine(rank)
        hasher.combine(determinations)
    }

    enum CodingKeys: String, CodingKey {
        case caseID, district, rank, score, sentenceImposed, estimatedSentenceToday, reductionMonths, overservedMonths, determinations
    }
}

/// Determinations as one letter per pathway: `letters` holds, at each position of `pathways`, `e`
/// (eligible), `i` (ineligible), `n` (needs information) or `-` (none for this case).
public struct DeterminationLetters: Sendable, Hashable {
    /// The pathway keys, by position (one array shared by a run's results).
    public let pathways: [String]
    /// One letter per pathway.
    public let letters: Substring

    /// Creates the letters.
    public init(pathways: [String], letters: Substring) {
        self.pathways = pathways
        self.letters = letters
    }
}

/// A failure of the store.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// No run with that identifier.
    case runNotFound(String)
    /// A run with that identifier already exists.
    case duplicateRun(String)
    /// The underlying database failed; the message names what was being done.
    case database(String)
    /// The case changed since the version the write started from (or a new case's id exists).
    case versionConflict(caseID: String, expected: Int?, actual: Int?)
    /// An account with that email address already exists.
    case duplicateUser(String)
    /// No account with that identifier.
    case userNotFound(String)

    public var description: String {
        switch self {
        case .runNotFound(let id): return "no screening run with id \(id)"
        case .duplicateRun(let id): return "a screening run with id \(id) already exists"
        case .database(let message): return "database error: \(message)"
        case .versionConflict(let caseID, let expected, let actual):
            guard let expected else { return "case \(caseID) already exists" }
            guard let actual else { return "case \(caseID) no longer exists" }
            return "case \(caseID) was changed by someone else (version \(actual) instead of \(expected)); reload it and try again"
        case .duplicateUser(let email): return "an account with email \(email) already exists"
        case .userNotFound(let id): return "no account with id \(id)"
        }
    }
}

/// Where screening runs are recorded: the persistence port for `clemency screen`.
///
/// Adapters: `InMemoryStore` (tests), `SQLiteStore` (GRDB, the default file store). Every adapter
/// passes the same contract suite in `ClemencyTestSupport`.
public protocol ScreeningRunStore: Sendable {
    /// Records a run and the results `produce` emits, atomically: if `produce` or the store throws,
    /// nothing of the run is kept, and an error thrown by `produce` is rethrown unchanged.
    ///
    /// - Parameters:
    ///   - run: The run.
    ///   - produce: Emits the results, in rank order (it may read them from disk and fail).
    /// - Throws: `StoreError.duplicateRun` when the id exists; `StoreError.database` on failure; whatever
    ///   `produce` throws.
    func saveRun(_ run: ScreeningRun, producing produce: (_ emit: (ScreeningRunResult) throws -> Void) throws -> Void) throws

    /// Every recorded run, newest first.
    func runs() throws -> [ScreeningRun]

    /// The run with an id, or `nil`.
    func fetchRun(id: String) throws -> ScreeningRun?

    /// A run's results in rank order.
    ///
    /// - Throws: `StoreError.runNotFound` when there is no such run.
    func results(runID: String) throws -> [ScreeningRunResult]
}

extension ScreeningRunStore {
    /// Records a run and all its results atomically (see `saveRun(_:producing:)`).
    public func saveRun(_ run: ScreeningRun, results: some Sequence<ScreeningRunResult>) throws {
        try saveRun(run) { emit in
            for result in results { try emit(result) }
        }
    }
}
