import ClemencyLawData
import ClemencyRules
import ClemencyStore
import ClemencyUseCases
import ClemencyWorkflow
import Foundation
import Testing

/// A hasher for tests: not a password hash, only a stand-in that keeps tests fast.
private struct PlainHasher: PasswordHasher {
    func hash(_ password: String) -> String { "plain:" + password }
    func verify(_ password: String, hash: String) -> Bool { hash == "plain:" + password }
}

private final class IDs: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    func make() -> String { lock.withLock { next += 1; return "id-\(next)" } }
}

@Suite("Casework: import, answers, offers and the pipeline")
struct CaseworkServiceTests {
    let store = InMemoryCaseworkStore()
    let service: CaseworkService
    let now = Date(timeIntervalSince1970: 1_764_547_200)

    init() throws {
        let ids = IDs()
        service = CaseworkService(store: store, law: try LawData.loadBundled(), policy: try PolicyData.loadDefault(),
                                  asOf: { CalendarDate(iso: "2026-11-30")! }, makeID: { ids.make() })
    }

    func user(_ email: String, _ role: UserRole, caseload: Int? = 1) async throws -> UserAccount {
        try await service.createUser(email: email, displayName: nil, role: role, password: "long enough password", caseloadLimit: caseload,
                                     hasher: PlainHasher(), now: now)
    }

    func file(_ rows: [String]) throws -> String {
        let header = CaseFormatWriter.header(synthetic: false) + ",person_name,co_defendants"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("casework-\(UUID().uuidString).csv")
        try ([header] + rows).joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func row(_ id: String, chc: String = "III", sentence: String = "360", extra: String = ",,") -> String {
        var facts = CaseFacts(caseID: id)
        facts.district = "DC"
        facts.offenseDate = CalendarDate(iso: "2006-03-01")
        facts.sentencingDate = CalendarDate(iso: "2007-02-15")
        facts.custodyStartDate = CalendarDate(iso: "2006-03-01")
        facts.statute = StatuteOfConviction(text: "21 U.S.C. 841(b)(1)(A)")
        facts.drugs = [DrugQuantity(substance: "cocaine_base", amount: Amount(whole: 60), unit: .gram)]
        facts.prior851Count = 0
        facts.totalOffenseLevel = 31
        facts.criminalHistoryCategory = chc.isEmpty ? nil : CriminalHistoryCategory(text: chc)
        facts.sentence = .months(Int(sentence) ?? 0)
        return CaseFormatWriter.row(facts, synthetic: nil) + extra
    }

    @Test("Import: new cases in intake; the same file again changes nothing; a case id twice in one file is rejected with its line")
    func importOnce() async throws {
        let screener = try await user("s@example.org", .screener)
        let path = try file([row("A-1"), row("A-2"), row("A-1")])
        let first = try await service.importFile(at: path, fileName: "cases.csv", by: screener, now: now)
        #expect(first.created == 2)
        #expect(first.rejected.count == 1)
        #expect(first.rejected.first?.line == 4)
        #expect(first.rejected.first?.problems.first?.contains("first used at line 2") == true)
        let again = try await service.importFile(at: path, fileName: "cases.csv", by: screener, now: now)
        #expect((again.created, again.updated, again.unchanged) == (0, 0, 2))
        #expect(try await store.fetchCase(id: "A-1")?.status == .intake)
        #expect(try await store.fetchCase(id: "A-1")?.version == 1)
    }

    @Test("Import: an empty field never erases a known fact; a changed value is recorded with the old one")
    func reimportKeepsAnswers() async throws {
        let screener = try await user("s@example.org", .screener)
        _ = try await service.importFile(at: try file([row("A-1", chc: "")]), fileName: "one.csv", by: screener, now: now)
        _ = try await service.answerFact(caseID: "A-1", field: "criminal_history_category", value: "II", expectedVersion: 1, by: screener, now: now)
        let second = try await service.importFile(at: try file([row("A-1", chc: "", sentence: "300")]), fileName: "two.csv", by: screener, now: now)
        #expect(second.updated == 1)
        let saved = try #require(try await store.fetchCase(id: "A-1"))
        #expect(saved.facts.criminalHistoryCategory == .ii)
        #expect(saved.facts.sentence == .months(300))
        let event = try #require(try await store.auditTrail(caseID: "A-1").first { $0.kind == .reimported })
        #expect((event.subject, event.oldValue, event.newValue) == ("sentence_months", "360", "300"))
    }

    @Test("Attorneys may not import; a failed import (unreadable header) saves nothing")
    func importRules() async throws {
        let attorney = try await user("a@example.org", .attorney)
        let screener = try await user("s@example.org", .screener)
        await #expect(throws: CaseworkError.self) {
            _ = try await service.importFile(at: try file([row("A-1")]), fileName: "x.csv", by: attorney, now: now)
        }
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).csv")
        try "name,age\nx,1\n".write(to: bad, atomically: true, encoding: .utf8)
        await #expect(throws: InputProblem.self) {
            _ = try await service.importFile(at: bad.path, fileName: "bad.csv", by: screener, now: now)
        }
        #expect(try await store.importRecords().isEmpty)
        #expect(try await store.listCases(CaseQuery()).total == 0)
    }

    @Test("The stored screening is compact; the explanation is rebuilt with the same determinations and every step")
    func compactScreening() async throws {
        let screener = try await user("s@example.org", .screener)
        _ = try await service.importFile(at: try file([row("A-1")]), fileName: "x.csv", by: screener, now: now)
        let saved = try #require(try await store.fetchCase(id: "A-1"))
        let stored = try JSONEncoder().encode(saved.screening)
        let full = service.explanation(of: saved)
        #expect(stored.count < 6_000)
        #expect(try JSONEncoder().encode(full).count > stored.count * 2)
        #expect(full.pathways.map(\.determination) == saved.screening.pathways.map(\.determination))
        #expect(full.priority.score == saved.screening.priority.score)
        #expect(!full.analysis.steps.isEmpty)
    }

    @Test("Offers: conflict check with a co-defendant, the caseload limit, acceptance assigns; only the offered attorney answers")
    func offers() async throws {
        let screener = try await user("s@example.org", .screener)
        let attorney = try await user("a@example.org", .attorney, caseload: 1)
        let other = try await user("b@example.org", .attorney, caseload: 1)
        _ = try await service.importFile(at: try file([row("A-1", extra: ",Pat Roe,A-2"), row("A-2", extra: ",Lee Poe,A-1")]),
                                         fileName: "x.csv", by: screener, now: now)
        for id in ["A-1", "A-2"] {
            _ = try await service.changeStatus(caseID: id, to: .screened, expectedVersion: 1, note: nil, by: screener, now: now)
        }
        let first = try await service.offer(caseID: "A-1", to: attorney.id, by: screener, now: now)
        await #expect(throws: CaseworkError.forbidden("see an offer made to another attorney")) {
            _ = try await service.answerOffer(id: first.id, accept: true, note: nil, by: other, now: now)
        }
        _ = try await service.answerOffer(id: first.id, accept: true, note: nil, by: attorney, now: now)
        #expect(try await store.fetchCase(id: "A-1")?.status == .assigned)
        #expect(try await store.fetchCase(id: "A-1")?.assignedAttorneyID == attorney.id)
        // The caseload is full (limit 1): no new offer.
        await #expect(throws: WorkflowError.caseloadFull(limit: 1)) {
            _ = try await service.offer(caseID: "A-2", to: attorney.id, by: screener, now: now)
        }
        var raised = attorney
        raised.caseloadLimit = 2
        try await store.updateUser(raised)
        let second = try await service.offer(caseID: "A-2", to: attorney.id, by: screener, now: now)
        let review = try await service.reviewOffer(id: second.id, for: raised)
        #expect(review.conflicts == ["Case A-1, which you represent, is a co-defendant of case A-2."])
        _ = try await service.answerOffer(id: second.id, accept: false, note: "co-defendant conflict", by: raised, now: now)
        let trail = try await store.auditTrail(caseID: "A-2").map(\.kind)
        #expect(trail.suffix(2) == [.offered, .declined])
        #expect(try await store.offers(caseID: "A-2").first?.conflicts.count == 1)
    }

    @Test("The conflict check also looks at the attorney's former clients, whose petitions ended (ABA Model Rule 1.9(a))")
    func formerClientConflict() async throws {
        let screener = try await user("s@example.org", .screener)
        let attorney = try await user("a@example.org", .attorney, caseload: 1)
        _ = try await service.importFile(at: try file([row("A-1", extra: ",Pat Roe,A-2"), row("A-2", extra: ",Lee Poe,A-1")]),
                                         fileName: "x.csv", by: screener, now: now)
        for id in ["A-1", "A-2"] {
            _ = try await service.changeStatus(caseID: id, to: .screened, expectedVersion: 1, note: nil, by: screener, now: now)
        }
        let first = try await service.offer(caseID: "A-1", to: attorney.id, by: screener, now: now)
        _ = try await service.answerOffer(id: first.id, accept: true, note: nil, by: attorney, now: now)
        for (version, status) in [(3, CaseStatus.petitionDrafted), (4, .filed), (5, .granted)] {
            _ = try await service.changeStatus(caseID: "A-1", to: status, expectedVersion: version, note: nil, by: attorney, now: now)
        }
        // A-1 has ended, so the caseload (limit 1) has room again; its co-defendant is still a conflict to weigh.
        let second = try await service.offer(caseID: "A-2", to: attorney.id, by: screener, now: now)
        let review = try await service.reviewOffer(id: second.id, for: attorney)
        #expect(review.conflicts == ["Case A-1, whom you formerly represented, is a co-defendant of case A-2."])
    }

    @Test("A disabled attorney has no capacity and can be offered no case")
    func disabledAttorney() async throws {
        let screener = try await user("s@example.org", .screener)
        var attorney = try await user("a@example.org", .attorney, caseload: 2)
        _ = try await service.importFile(at: try file([row("A-1")]), fileName: "x.csv", by: screener, now: now)
        _ = try await service.changeStatus(caseID: "A-1", to: .screened, expectedVersion: 1, note: nil, by: screener, now: now)
        attorney.disabledAt = now
        try await store.updateUser(attorney)
        let load = try #require(try await service.attorneys(for: screener).first { $0.attorney.id == attorney.id })
        #expect(!load.hasCapacity)
        await #expect(throws: CaseworkError.invalid("the account of a@example.org is disabled: it can be offered no case")) {
            _ = try await service.offer(caseID: "A-1", to: attorney.id, by: screener, now: now)
        }
    }

    @Test("An attorney sees only their cases; moving back to screened releases the attorney")
    func attorneyAccess() async throws {
        let screener = try await user("s@example.org", .screener)
        let attorney = try await user("a@example.org", .attorney)
        _ = try await service.importFile(at: try file([row("A-1"), row("A-2")]), fileName: "x.csv", by: screener, now: now)
        _ = try await service.changeStatus(caseID: "A-1", to: .screened, expectedVersion: 1, note: nil, by: screener, now: now)
        let offer = try await service.offer(caseID: "A-1", to: attorney.id, by: screener, now: now)
        _ = try await service.answerOffer(id: offer.id, accept: true, note: nil, by: attorney, now: now)
        #expect(try await service.listCases(CaseQuery(), for: attorney).cases.map(\.caseID) == ["A-1"])
        await #expect(throws: CaseworkError.forbidden("open a case that is not assigned to you")) {
            _ = try await service.caseFile(id: "A-2", for: attorney)
        }
        let released = try await service.changeStatus(caseID: "A-1", to: .screened, expectedVersion: 3, note: "withdrew", by: attorney, now: now)
        #expect(released.assignedAttorneyID == nil)
        #expect(try await store.offers(caseID: "A-1").first?.state == .withdrawn)
    }

    @Test("People on the pardon office's grant list are recorded as granted, never queued as candidates")
    func grantListIsGranted() async throws {
        let screener = try await user("s@example.org", .screener)
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../data/pardon_office_commutations_2013_2017.csv").path
        let record = try await service.importFile(at: path, fileName: "grants.csv", by: screener, now: now)
        #expect(record.created == 89)
        #expect(try await store.listCases(CaseQuery(status: .granted)).total == 89)
        #expect(try await store.listCases(CaseQuery(status: .intake)).total == 0)
        let trail = try await store.auditTrail(caseID: "OBAMA-COM-PP1138")
        #expect(trail.last?.detail.contains("Already granted clemency according to the grant list (Commutation 2017-01-19)") == true)
    }

    @Test("A case id with a slash is rejected (it could not be opened by its address); over-long notes are refused")
    func identifiersAndLengths() async throws {
        let screener = try await user("s@example.org", .screener)
        let record = try await service.importFile(at: try file([row("A/1"), row("A-2")]), fileName: "x.csv", by: screener, now: now)
        #expect(record.created == 1)
        #expect(record.rejected.first?.problems.first?.contains("without \"/\"") == true)
        await #expect(throws: CaseworkError.self) {
            _ = try await service.changeStatus(caseID: "A-2", to: .screened, expectedVersion: 1,
                                               note: String(repeating: "x", count: 2_001), by: screener, now: now)
        }
        // A stale version is reported as such, before the pipeline rules are looked at.
        _ = try await service.changeStatus(caseID: "A-2", to: .screened, expectedVersion: 1, note: nil, by: screener, now: now)
        await #expect(throws: StoreError.versionConflict(caseID: "A-2", expected: 1, actual: 2)) {
            _ = try await service.changeStatus(caseID: "A-2", to: .screened, expectedVersion: 1, note: nil, by: screener, now: now)
        }
    }
}
