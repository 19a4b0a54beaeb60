import ClemencyRules
import ClemencyStore
import Testing

/// The behaviours every `ScreeningRunStore` adapter must share, checked with Swift Testing.
///
/// Each adapter's test target runs every check against a fresh, empty store, so a check added here
/// runs against every backend without touching their tests:
///
/// ```swift
/// @Test("meets the store contract", arguments: StoreContract.Check.allCases)
/// func contract(_ check: StoreContract.Check) throws {
///     try check.run(on: InMemoryStore())
/// }
/// ```
public enum StoreContract {
    /// One behaviour of the contract.
    public enum Check: String, CaseIterable, Sendable, CustomTestStringConvertible {
        /// A saved run comes back from `fetchRun` and `runs()` with every field intact.
        case savedRunRoundTrips
        /// Results come back in rank order (ties by case id) with every field, whatever order they went in.
        case resultsRoundTripInRankOrder
        /// A run with no results is kept and has an empty result list.
        case runWithoutResultsRoundTrips
        /// `runs()` lists newest first by `createdAt`, equal timestamps by id.
        case runsAreNewestFirst
        /// Saving an id twice throws `duplicateRun` and leaves the first run and its results intact.
        case duplicateRunIsRejected
        /// A results sequence that turns bad midway (a case listed twice) keeps no run and no result.
        case failedSaveKeepsNothing
        /// Values the schema forbids (empty ids, negative counts, rank 0) are rejected and keep nothing.
        case invalidValuesAreRejected
        /// `results(runID:)` of an unknown id throws `runNotFound`.
        case resultsOfUnknownRunThrow
        /// `fetchRun(id:)` of an unknown id returns `nil`.
        case fetchOfUnknownRunIsNil
        /// Two runs, even with the same case ids, keep their results apart.
        case runsKeepResultsApart
        /// The results sequence is iterated exactly once.
        case resultsAreReadOnce
        /// 10,000 results round-trip.
        case tenThousandResultsRoundTrip

        /// The check's sentence, shown as the test case's name.
        public var testDescription: String {
            switch self {
            case .savedRunRoundTrips: "a saved run round-trips every field"
            case .resultsRoundTripInRankOrder: "results come back in rank order with every field"
            case .runWithoutResultsRoundTrips: "a run without results round-trips"
            case .runsAreNewestFirst: "runs are listed newest first"
            case .duplicateRunIsRejected: "a duplicate run id throws and keeps the first run"
            case .failedSaveKeepsNothing: "a save that fails midway keeps no run and no result"
            case .invalidValuesAreRejected: "values the schema forbids are rejected"
            case .resultsOfUnknownRunThrow: "results of an unknown run throw runNotFound"
            case .fetchOfUnknownRunIsNil: "fetching an unknown run returns nil"
            case .runsKeepResultsApart: "two runs keep their results apart"
            case .resultsAreReadOnce: "the results sequence is read once"
            case .tenThousandResultsRoundTrip: "10,000 results round-trip"
            }
        }

        /// Runs the check.
        ///
        /// - Parameter store: A fresh, empty store of the adapter under test.
        /// - Throws: Whatever the store throws where the contract expects no error.
        public func run(on store: some ScreeningRunStore) throws {
            switch self {
            case .savedRunRoundTrips: try StoreContract.savedRunRoundTrips(store)
            case .resultsRoundTripInRankOrder: try StoreContract.resultsRoundTripInRankOrder(store)
            case .runWithoutResultsRoundTrips: try StoreContract.runWithoutResultsRoundTrips(store)
            case .runsAreNewestFirst: try StoreContract.runsAreNewestFirst(store)
            case .duplicateRunIsRejected: try StoreContract.duplicateRunIsRejected(store)
            case .failedSaveKeepsNothing: try StoreContract.failedSaveKeepsNothing(store)
            case .invalidValuesAreRejected: try StoreContract.invalidValuesAreRejected(store)
            case .resultsOfUnknownRunThrow: try StoreContract.resultsOfUnknownRunThrow(store)
            case .fetchOfUnknownRunIsNil: try StoreContract.fetchOfUnknownRunIsNil(store)
            case .runsKeepResultsApart: try StoreContract.runsKeepResultsApart(store)
            case .resultsAreReadOnce: try StoreContract.resultsAreReadOnce(store)
            case .tenThousandResultsRoundTrip: try StoreContract.tenThousandResultsRoundTrip(store)
            }
        }
    }

    // MARK: - Checks

    /// A saved run comes back from `fetchRun` and `runs()` with every field intact.
    public static func savedRunRoundTrips(_ store: some ScreeningRunStore) throws {
        // Given a run whose text needs escaping in JSON and SQL
        let run = sampleRun(
            id: "0F9B6C1E-7A55-4C2B-9D0E-3E1F2A4B5C6D",
            createdAt: "2025-06-30T14:05:09Z",
            asOf: date(2025, 6, 30),
            inputFiles: ["cases/2025 intake.csv", "données/é\"quoted\".json", "back\\slash.csv"],
            casesScreened: 1_234,
            casesRejected: 0
        )

        // When it is saved
        try store.saveRun(run, results: [sampleResult(caseID: "1:05-cr-00042", rank: 1)])

        // Then both reads return it unchanged
        #expect(try store.fetchRun(id: run.id) == run)
        #expect(try store.runs() == [run])
    }

    /// Results come back in rank order (ties by case id) with every field, whatever order they went in.
    public static func resultsRoundTripInRankOrder(_ store: some ScreeningRunStore) throws {
        // Given results with every field set, all optionals nil, several pathways and a tie in rank
        let full = sampleResult(
            caseID: "2:99-cr-00100",
            rank: 1,
            district: "E.D. Va.",
            score: 9_875,
            sentenceImposed: "life",
            estimatedSentenceToday: "300 months",
            reductionMonths: 120,
            overservedMonths: 37,
            determinations: [
                "clemency_initiative_2014/april": .eligible,
                "first_step_act_404": .ineligible,
                "guideline_reduction_3582c2/782": .needsInformation,
                "proposed_law/smarter_sentencing_act": .eligible,
                "odd \"key\"\\ with\nnewline\t\u{1}é": .ineligible,
            ]
        )
        let sparse = ScreeningRunResult(
            caseID: "1:10-cr-00001",
            district: nil,
            rank: 2,
            score: 0,
            sentenceImposed: nil,
            estimatedSentenceToday: nil,
            reductionMonths: nil,
            overservedMonths: nil,
            determinations: [:]
        )
        let tiedB = sampleResult(caseID: "b-tied", rank: 3, reductionMonths: 0, overservedMonths: 0)
        let tiedA = sampleResult(caseID: "a-tied", rank: 3)
        let run = sampleRun(id: "run-ranked")

        // When they are saved out of order
        try store.saveRun(run, results: [tiedB, sparse, tiedA, full])

        // Then they come back by rank, then case id, unchanged
        #expect(try store.results(runID: run.id) == [full, sparse, tiedA, tiedB])
    }

    /// A run with no results is kept and has an empty result list.
    public static func runWithoutResultsRoundTrips(_ store: some ScreeningRunStore) throws {
        let run = sampleRun(id: "run-empty", inputFiles: [], casesScreened: 0, casesRejected: 3)

        try store.saveRun(run, results: [])

        #expect(try store.fetchRun(id: run.id) == run)
        #expect(try store.results(runID: run.id) == [])
    }

    /// `runs()` lists newest first by `createdAt`, equal timestamps by id.
    public static func runsAreNewestFirst(_ store: some ScreeningRunStore) throws {
        // Given runs saved in no particular order, two of them made in the same second
        let created = [
            ("run-c", "2024-03-01T10:00:00Z"), ("run-a", "2025-01-15T09:30:00Z"),
            ("run-z", "2024-12-31T23:59:59Z"), ("run-y", "2024-12-31T23:59:59Z"), ("run-b", "2023-07-04T00:00:00Z"),
        ]
        for (id, createdAt) in created {
            try store.saveRun(sampleRun(id: id, createdAt: createdAt), results: [sampleResult(caseID: "c", rank: 1)])
        }

        // When they are listed
        let ids = try store.runs().map(\.id)

        // Then the newest comes first
        #expect(ids == ["run-a", "run-y", "run-z", "run-c", "run-b"])
    }

    /// Saving an id twice throws `duplicateRun` and leaves the first run and its results intact.
    public static func duplicateRunIsRejected(_ store: some ScreeningRunStore) throws {
        // Given a saved run
        let first = sampleRun(id: "run-dup", lawVersion: "2024.1")
        let firstResults = [sampleResult(caseID: "first-1", rank: 1), sampleResult(caseID: "first-2", rank: 2)]
        try store.saveRun(first, results: firstResults)

        // When another run with the same id is saved
        let second = sampleRun(id: "run-dup", createdAt: "2026-01-01T00:00:00Z", lawVersion: "2025.2")
        #expect(throws: StoreError.duplicateRun("run-dup")) {
            try store.saveRun(second, results: [sampleResult(caseID: "second-1", rank: 1)])
        }

        // Then the first run and its results are unchanged
        #expect(try store.fetchRun(id: "run-dup") == first)
        #expect(try store.runs() == [first])
        #expect(try store.results(runID: "run-dup") == firstResults)
    }

    /// A results sequence that turns bad midway (a case listed twice) keeps no run and no result.
    ///
    /// `Sequence` cannot throw, so a producer failing midway is modelled by the first result the
    /// store must refuse; the store's error then aborts the save after 500 results were written.
    public static func failedSaveKeepsNothing(_ store: some ScreeningRunStore) throws {
        // Given another run already saved
        let other = sampleRun(id: "run-other")
        let otherResults = [sampleResult(caseID: "case-1", rank: 1)]
        try store.saveRun(other, results: otherResults)

        // When a run's results list case 250 again after 500 good results
        let run = sampleRun(id: "run-broken", createdAt: "2030-01-01T00:00:00Z")
        let poisoned = (1...501).lazy.map { rank in
            sampleResult(caseID: rank <= 500 ? "case-\(rank)" : "case-250", rank: rank)
        }
        expectDatabaseError { try store.saveRun(run, results: poisoned) }

        // Then nothing of that run is kept, and the other run is untouched
        #expect(try store.fetchRun(id: run.id) == nil)
        #expect(try store.runs() == [other])
        #expect(throws: StoreError.runNotFound(run.id)) { try store.results(runID: run.id) }
        #expect(try store.results(runID: other.id) == otherResults)

        // And the id is free: the same run saves cleanly afterwards
        try store.saveRun(run, results: poisoned.prefix(500))
        #expect(try store.results(runID: run.id).count == 500)
    }

    /// Values the schema forbids (empty ids, negative counts, rank 0) are rejected and keep nothing.
    public static func invalidValuesAreRejected(_ store: some ScreeningRunStore) throws {
        let result = sampleResult(caseID: "case-1", rank: 1)
        let badRuns = [
            sampleRun(id: ""),
            sampleRun(id: "run-no-time", createdAt: ""),
            sampleRun(id: "run-neg-screened", casesScreened: -1),
            sampleRun(id: "run-neg-rejected", casesRejected: -1),
        ]
        for run in badRuns {
            expectDatabaseError { try store.saveRun(run, results: [result]) }
        }
        let badResults = [
            sampleResult(caseID: "case-2", rank: 0),
            sampleResult(caseID: "", rank: 2),
        ]
        for bad in badResults {
            expectDatabaseError { try store.saveRun(sampleRun(id: "run-bad-result"), results: [result, bad]) }
        }
        #expect(try store.runs() == [])
    }

    /// `results(runID:)` of an unknown id throws `runNotFound`.
    public static func resultsOfUnknownRunThrow(_ store: some ScreeningRunStore) throws {
        try store.saveRun(sampleRun(id: "run-known"), results: [sampleResult(caseID: "case-1", rank: 1)])

        #expect(throws: StoreError.runNotFound("run-unknown")) { try store.results(runID: "run-unknown") }
    }

    /// `fetchRun(id:)` of an unknown id returns `nil`.
    public static func fetchOfUnknownRunIsNil(_ store: some ScreeningRunStore) throws {
        #expect(try store.fetchRun(id: "run-unknown") == nil)

        try store.saveRun(sampleRun(id: "run-known"), results: [])

        #expect(try store.fetchRun(id: "run-unknown") == nil)
    }

    /// Two runs, even with the same case ids, keep their results apart.
    public static func runsKeepResultsApart(_ store: some ScreeningRunStore) throws {
        // Given two runs screening the same cases with different outcomes
        let first = (1...3).map { sampleResult(caseID: "case-\($0)", rank: $0, score: 100 - $0) }
        let second = (1...4).map { rank in
            sampleResult(
                caseID: "case-\(5 - rank)",
                rank: rank,
                score: 200 - rank,
                determinations: ["proposed_law": .eligible]
            )
        }
        try store.saveRun(sampleRun(id: "run-1"), results: first)
        try store.saveRun(sampleRun(id: "run-2", createdAt: "2025-07-01T00:00:00Z"), results: second)

        // Then each run returns only its own
        #expect(try store.results(runID: "run-1") == first)
        #expect(try store.results(runID: "run-2") == second)
    }

    /// The results sequence is iterated exactly once.
    public static func resultsAreReadOnce(_ store: some ScreeningRunStore) throws {
        let results = CountingResults((1...10).map { sampleResult(caseID: "case-\($0)", rank: $0) })

        try store.saveRun(sampleRun(id: "run-once"), results: results)

        #expect(results.iterations == 1)
        #expect(try store.results(runID: "run-once") == results.base)
    }

    /// 10,000 results round-trip.
    public static func tenThousandResultsRoundTrip(_ store: some ScreeningRunStore) throws {
        let results = manyResults(10_000)

        try store.saveRun(sampleRun(id: "run-10k"), results: results)

        let fetched = try store.results(runID: "run-10k")
        #expect(fetched.count == 10_000)
        #expect(fetched == results)
    }

    // MARK: - Builders

    /// A valid run; arguments override what a check cares about.
    public static func sampleRun(
        id: String,
        createdAt: String = "2025-06-01T12:00:00Z",
        asOf: CalendarDate = date(2025, 6, 1),
        inputDigest: String = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        inputFiles: [String] = ["cases.csv"],
        lawVersion: String = "2025.1",
        policyVersion: String = "2025.1",
        casesScreened: Int = 10,
        casesRejected: Int = 1
    ) -> ScreeningRun {
        ScreeningRun(
            id: id,
            createdAt: createdAt,
            asOf: asOf,
            inputDigest: inputDigest,
            inputFiles: inputFiles,
            lawVersion: lawVersion,
            policyVersion: policyVersion,
            casesScreened: casesScreened,
            casesRejected: casesRejected
        )
    }

    /// A valid result; arguments override what a check cares about.
    public static func sampleResult(
        caseID: String,
        rank: Int,
        district: String? = "S.D.N.Y.",
        score: Int = 500,
        sentenceImposed: String? = "240 months",
        estimatedSentenceToday: String? = "120 months",
        reductionMonths: Int? = 120,
        overservedMonths: Int? = 14,
        determinations: [String: Determination] = ["first_step_act_404": .eligible, "proposed_law": .ineligible]
    ) -> ScreeningRunResult {
        ScreeningRunResult(
            caseID: caseID,
            district: district,
            rank: rank,
            score: score,
            sentenceImposed: sentenceImposed,
            estimatedSentenceToday: estimatedSentenceToday,
            reductionMonths: reductionMonths,
            overservedMonths: overservedMonths,
            determinations: determinations
        )
    }

    /// `count` valid results ranked 1 to `count`, varied enough to exercise every column.
    public static func manyResults(_ count: Int) -> [ScreeningRunResult] {
        let outcomes = Determination.allCases
        return (1...max(count, 1)).prefix(count).map { rank in
            sampleResult(
                caseID: "case-\(rank)",
                rank: rank,
                district: rank % 7 == 0 ? nil : "D. Dist. \(rank % 94)",
                score: 1_000_000 - rank,
                reductionMonths: rank % 5 == 0 ? nil : rank % 360,
                determinations: [
                    "first_step_act_404": outcomes[rank % 3],
                    "guideline_reduction_3582c2/782": outcomes[(rank / 3) % 3],
                ]
            )
        }
    }

    /// A calendar date known to exist.
    ///
    /// - Precondition: The day exists.
    public static func date(_ year: Int, _ month: Int, _ day: Int) -> CalendarDate {
        guard let date = CalendarDate(year: year, month: month, day: day) else {
            preconditionFailure("\(year)-\(month)-\(day) is not a day")
        }
        return date
    }

    // MARK: - Helpers

    private static func expectDatabaseError(
        sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () throws -> Void
    ) {
        let error = #expect(throws: StoreError.self, sourceLocation: sourceLocation) { try body() }
        if let error, case .database = error {
        } else if let error {
            Issue.record("expected StoreError.database, got \(error)", sourceLocation: sourceLocation)
        }
    }
}

/// A results sequence that counts how many times it is iterated.
private final class CountingResults: Sequence {
    let base: [ScreeningRunResult]
    private(set) var iterations = 0

    init(_ base: [ScreeningRunResult]) { self.base = base }

    func makeIterator() -> IndexingIterator<[ScreeningRunResult]> {
        iterations += 1
        return base.makeIterator()
    }
}
