import ClemencyStore
import ClemencyTestSupport
import Testing

@Suite("InMemoryCaseworkStore")
struct InMemoryCaseworkStoreTests {
    @Test("meets the casework store contract", arguments: CaseworkStoreContract.Check.allCases)
    func contract(_ check: CaseworkStoreContract.Check) async throws {
        try await check.run(on: InMemoryCaseworkStore())
    }
}
