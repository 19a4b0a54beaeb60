import ClemencyStore
import ClemencyTestSupport
import Testing

@Suite("InMemoryStore")
struct InMemoryStoreTests {
    @Test("meets the store contract", arguments: StoreContract.Check.allCases)
    func contract(_ check: StoreContract.Check) throws {
        try check.run(on: InMemoryStore())
    }

    @Test("concurrent saves of one id keep exactly one run")
    func concurrentDuplicateSaves() async throws {
        // Given one store shared by many tasks
        let store = InMemoryStore()

        // When they all save a run with the same id
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for task in 1...20 {
                group.addTask {
                    let results = (1...200).map { StoreContract.sampleResult(caseID: "t\(task)-\($0)", rank: $0) }
                    return (try? store.saveRun(StoreContract.sampleRun(id: "run-shared"), results: results)) != nil
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }

        // Then exactly one succeeded, and its results are whole
        #expect(outcomes.filter { $0 }.count == 1)
        let results = try store.results(runID: "run-shared")
        #expect(results.count == 200)
        #expect(Set(results.map { $0.caseID.split(separator: "-")[0] }).count == 1)
    }
}
