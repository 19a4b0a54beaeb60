import ClemencyRules
import ClemencyStore
import ClemencyUseCases
import ClemencyWeb
import ClemencyWorkflow
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SnapshotTesting
import Testing

/// A harness with a bearer token per account, and requests to the API with one of them.
struct APIHarness {
    let web: WebHarness
    /// Bearer tokens by role name: admin, screener, attorney (the assigned one), other (an attorney not assigned).
    let tokens: [String: String]

    static func make(importFixture: Bool = true) async throws -> APIHarness {
        let web = try await WebHarness.make()
        var tokens: [String: String] = [:]
        for (name, user) in [("admin", web.admin), ("screener", web.screener), ("attorney", web.attorney), ("other", web.otherAttorney)] {
            let token = "test-token-\(name)"
            await web.store.saveAPIToken(APIToken(tokenHash: SecretToken.digest(token), userID: user.id, label: "tests",
                                                  createdAt: Date(timeIntervalSince1970: 1_764_547_200)))
            tokens[name] = token
        }
        if importFixture { _ = try await web.importFixture() }
        return APIHarness(web: web, tokens: tokens)
    }

    /// What the access matrix needs: WEB-001 assigned to `attorney` (version 3), WEB-002 screened and
    /// offered to `attorney` (the offer open), WEB-003 screened with no offer.
    func prepareAssignments() async throws -> (openOfferID: String, importID: String) {
        let service = web.service
        let now = Date(timeIntervalSince1970: 1_764_633_600)
        let importID = try #require(try await service.importRecords(for: web.screener).first?.id)
        for id in ["WEB-001", "WEB-002", "WEB-003"] {
            _ = try await service.changeStatus(caseID: id, to: .screened, expectedVersion: 1, note: nil, by: web.screener, now: now)
        }
        let first = try await service.offer(caseID: "WEB-001", to: web.attorney.id, by: web.screener, now: now)
        _ = try await service.answerOffer(id: first.id, accept: true, note: nil, by: web.attorney, now: now)
        let open = try await service.offer(caseID: "WEB-002", to: web.attorney.id, by: web.screener, now: now)
        return (open.id, importID)
    }

    func call(_ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, as role: String?,
              json: String? = nil, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        if let role, let token = tokens[role] { headers[.authorization] = "Bearer \(token)" }
        if json != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}

/// Decodes an API response body.
func decodeBody<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return try decoder.decode(T.self, from: Data(response.body.readableBytesView))
}

/// An API response body as a JSON object.
func jsonObject(_ response: TestResponse) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
}

@Suite("JSON API")
struct APITests {
    // MARK: Cases

    @Test("GET /api/v1/cases lists cases with rank, determinations and paging; filters are checked")
    func listCases() async throws {
        let api = try await APIHarness.make()
        try await api.web.app.test(.router) { client in
            let response = try await api.call(client, .get, "/api/v1/cases?sort=case_id&limit=2", as: "screener")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            let list = try decodeBody(CaseListResponse.self, response)
            #expect(list.total == 3)
            #expect(list.offset == 0)
            #expect(list.limit == 2)
            #expect(list.cases.map(\.caseID) == ["WEB-001", "WEB-002"])
            #expect(list.cases.map(\.rank) == [1, 2])
            #expect(list.cases[0].district == "DC")
            #expect(list.cases[0].status == "intake")
            #expect(!list.cases[0].determinations.isEmpty)
            #expect(list.cases[0].determinations.values.allSatisfy { ["eligible", "ineligible", "needs_information"].contains($0) })

            let second = try decodeBody(CaseListResponse.self, try await api.call(client, .get, "/api/v1/cases?sort=case_id&limit=2&offset=2", as: "admin"))
            #expect(second.cases.map(\.caseID) == ["WEB-003"])
            #expect(second.cases.map(\.rank) == [3])

            let filtered = try decodeBody(CaseListResponse.self, try await api.call(client, .get, "/api/v1/cases?district=MD", as: "admin"))
            #expect(filtered.cases.map(\.caseID) == ["WEB-003"])
            let prefix = try decodeBody(CaseListResponse.self, try await api.call(client, .get, "/api/v1/cases?q=WEB-00&status=intake", as: "admin"))
            #expect(prefix.total == 3)

            // A pathway filter returns exactly the cases with that determination.
            let key = try #require(list.cases[0].determinations.keys.sorted().first)
            let determination = try #require(list.cases[0].determinations[key])
            let byPathway = try decodeBody(CaseListResponse.self, try await api.call(
                client, .get, "/api/v1/cases?pathway=\(key.formEncoded)&determination=\(determination)", as: "admin"))
            #expect(byPathway.cases.contains { $0.caseID == "WEB-001" })
            #expect(byPathway.cases.allSatisfy { $0.determinations[key] == determination })

            // An attorney sees only their own cases: none yet.
            let mine = try decodeBody(CaseListResponse.self, try await api.call(client, .get, "/api/v1/cases", as: "attorney"))
            #expect(mine.total == 0)
            #expect(mine.cases.isEmpty)

            for (query, field) in [("limit=501", "limit"), ("limit=0", "limit"), ("offset=-1", "offset"), ("sort=newest", "sort"),
                                   ("status=pending", "status"), ("determination=eligible", "pathway, determination"),
                                   ("pathway=nope&determination=eligible", "pathway"), ("pathway=\(key.formEncoded)&determination=maybe", "determination")] {
                let bad = try await api.call(client, .get, "/api/v1/cases?\(query)", as: "admin")
                #expect(bad.status == .unprocessableContent, "\(query)")
                let message = try #require((try jsonObject(bad)["error"] as? [String: Any])?["message"] as? String)
                #expect(message.hasPrefix(field + ":"), "\(query): \(message)")
                #expect(message.contains("expected"), "\(query): \(message)")
            }
        }
    }

    @Test("GET /api/v1/cases/{id} gives facts with origins, status, version and the screening summary")
    func showCase() async throws {
        let api = try await APIHarness.make()
        let file = try #require(await api.web.store.fetchCase(id: "WEB-001"))
        try await api.web.app.test(.router) { client in
            let response = try await api.call(client, .get, "/api/v1/cases/WEB-001", as: "screener")
            #expect(response.status == .ok)
            let item = try decodeBody(CaseResponse.self, response)
            #expect(item.caseID == "WEB-001")
            #expect(item.version == 1)
            #expect(item.status == "intake")
            #expect(item.nextStatuses == ["screened", "closed"])
            #expect(item.assignedAttorneyID == nil)
            #expect(item.personName == "Pat Synthetic")
            #expect(item.coDefendants == ["WEB-002"])
            #expect(item.facts["district"] == .some("DC"))
            #expect(item.facts["statute"] == .some("21 U.S.C. § 841(b)(1)(A)"))
            #expect(item.facts["drugs"] == .some("cocaine_base:60g"))
            #expect(item.facts.keys.contains("prior_851_count"))
            #expect(item.screening.priority.score == file.screening.priority.score)
            #expect(item.screening.screenedAsOf == "2026-11-30")
            #expect(item.screening.lawVersion == file.lawVersion)
            #expect(item.screening.determinations.count == file.screening.pathways.count)
            #expect(item.createdAt == Date(timeIntervalSince1970: 1_764_547_200))
            // Every key of the JSON is snake_case and unknown facts are null, not absent.
            let object = try jsonObject(response)
            #expect(Set(object.keys) == ["case_id", "version", "status", "status_changed_at", "next_statuses", "assigned_attorney_id",
                                         "person_name", "co_defendants", "facts", "origins", "screening", "created_at", "updated_at"])
            #expect(object["status_changed_at"] as? String == "2025-12-01T00:00:00Z")
            let facts = try #require(object["facts"] as? [String: Any])
            #expect(facts.values.contains { $0 is NSNull })

            let missing = try await api.call(client, .get, "/api/v1/cases/NOPE-1", as: "screener")
            #expect(missing.status == .notFound)
            let error = try #require(try jsonObject(missing)["error"] as? [String: Any])
            #expect(error["status"] as? Int == 404)
        }
    }

    @Test("GET /api/v1/cases/{id}/analysis gives the full analysis, every pathway with reasons and missing facts, and the priority")
    func analysis() async throws {
        let api = try await APIHarness.make()
        let file = try #require(await api.web.store.fetchCase(id: "WEB-002"))
        // The stored screening is compact; the API answers with the engine's full explanation of the same facts.
        let full = api.web.service.explanation(of: file)
        #expect(full.pathways.map(\.determination) == file.screening.pathways.map(\.determination))
        try await api.web.app.test(.router) { client in
            let response = try await api.call(client, .get, "/api/v1/cases/WEB-002/analysis", as: "admin")
            #expect(response.status == .ok)
            let object = try jsonObject(response)
            #expect(object["case_id"] as? String == "WEB-002")
            #expect(object["as_of"] as? String == "2026-11-30")
            #expect(object["version"] as? Int == 1)
            #expect(object["law_version"] as? String == file.lawVersion)
            #expect(object["at_sentencing"] is [String: Any])
            #expect((object["steps"] as? [Any])?.isEmpty == false)
            let pathways = try #require(object["pathways"] as? [[String: Any]])
            #expect(pathways.count == full.pathways.count)
            for (json, pathway) in zip(pathways, full.pathways) {
                #expect(!pathway.reasons.isEmpty)
                #expect(json["pathway"] as? String == pathway.pathway)
                #expect(json["variant"] as? String == pathway.variant)
                #expect(json["determination"] as? String == pathway.determination.rawValue)
                let reasons = try #require(json["reasons"] as? [[String: String]])
                #expect(reasons.count == pathway.reasons.count)
                #expect(reasons.first?["text"] == pathway.reasons.first?.text)
                #expect(reasons.first?["citation"] == pathway.reasons.first?.citation)
                let missing = try #require(json["missing_facts"] as? [[String: String]])
                #expect(missing.map { $0["fact"] ?? "" } == pathway.missingFacts.map(\.fact))
                #expect(missing.allSatisfy { $0["question"] != nil && $0["affects"] != nil })
            }
            // WEB-002 lacks criminal history facts: some pathway needs information and says which.
            #expect(pathways.contains { ($0["missing_facts"] as? [Any])?.isEmpty == false })
            let priority = try #require(object["priority"] as? [String: Any])
            #expect(priority["score"] as? Int == file.screening.priority.score)
            #expect((priority["reasons"] as? [String]) == file.screening.priority.reasons)
        }
    }

    @Test("POST /api/v1/cases/{id}/facts answers a fact, re-screens, records it; bad input is 422 naming the field")
    func answerFact() async throws {
        let api = try await APIHarness.make()
        try await api.web.app.test(.router) { client in
            let response = try await api.call(client, .post, "/api/v1/cases/WEB-002/facts", as: "screener",
                                              json: #"{"field": "criminal_history_points", "value": "5", "expected_version": 1}"#)
            #expect(response.status == .ok)
            let item = try decodeBody(CaseResponse.self, response)
            #expect(item.version == 2)
            #expect(item.facts["criminal_history_points"] == .some("5"))
            let origin = try #require(item.origins["criminal_history_points"])
            #expect(origin.source.hasPrefix("entered by screener@example.org"))
            #expect(origin.text == "5")
            #expect(!item.screening.missingFacts.contains { $0.fact == "criminal_history_points" })

            let saved = try #require(await api.web.store.fetchCase(id: "WEB-002"))
            #expect(saved.version == 2)
            #expect(saved.facts.origins["criminal_history_points"]?.text == "5")

            let trail = try decodeBody(AuditTrailResponse.self, try await api.call(client, .get, "/api/v1/cases/WEB-002/audit", as: "screener"))
            let answered = try #require(trail.events.first { $0.kind == "fact_answered" })
            #expect(answered.subject == "criminal_history_points")
            #expect(answered.newValue == "5")
            #expect(answered.actor == "screener@example.org")

            let badValue = try await api.call(client, .post, "/api/v1/cases/WEB-002/facts", as: "screener",
                                              json: #"{"field": "sentencing_date", "value": "yesterday", "expected_version": 2}"#)
            #expect(badValue.status == .unprocessableContent)
            #expect(String(buffer: badValue.body).contains("sentencing_date: expected"))
            let badField = try await api.call(client, .post, "/api/v1/cases/WEB-002/facts", as: "screener",
                                              json: #"{"field": "shoe_size", "value": "9", "expected_version": 2}"#)
            #expect(badField.status == .unprocessableContent)
            #expect(String(buffer: badField.body).contains("shoe_size is not a field"))
            let noVersion = try await api.call(client, .post, "/api/v1/cases/WEB-002/facts", as: "screener",
                                               json: #"{"field": "criminal_history_points", "value": "6"}"#)
            #expect(noVersion.status == .unprocessableContent)
            #expect(String(buffer: noVersion.body).contains("expected_version"))
            let notJSON = try await api.call(client, .post, "/api/v1/cases/WEB-002/facts", as: "screener", json: "{")
            #expect(notJSON.status == .unprocessableContent)
        }
    }

    @Test("Two answers with the same expected_version: the second is 409 and the first's change is kept")
    func versionConflict() async throws {
        let api = try await APIHarness.make()
        try await api.web.app.test(.router) { client in
            let first = try await api.call(client, .post, "/api/v1/cases/WEB-002/facts", as: "screener",
                                           json: #"{"field": "criminal_history_points", "value": "5", "expected_version": 1}"#)
            #expect(first.status == .ok)
            let second = try await api.call(client, .post, "/api/v1/cases/WEB-002/facts", as: "admin",
                                            json: #"{"field": "criminal_history_points", "value": "7", "expected_version": 1}"#)
            #expect(second.status == .conflict)
            let error = try #require(try jsonObject(second)["error"] as? [String: Any])
            #expect(error["status"] as? Int == 409)
            let item = try decodeBody(CaseResponse.self, try await api.call(client, .get, "/api/v1/cases/WEB-002", as: "screener"))
            #expect(item.version == 2)
            #expect(item.facts["criminal_history_points"] == .some("5"))
            let stale = try await api.call(client, .post, "/api/v1/cases/WEB-002/status", as: "screener",
                                           json: #"{"status": "screened", "expected_version": 1}"#)
            #expect(stale.status == .conflict)
        }
    }

    @Test("POST /api/v1/cases/{id}/status moves the case and keeps the note; disallowed steps are 409, unknown statuses 422")
    func changeStatus() async throws {
        let api = try await APIHarness.make()
        try await api.web.app.test(.router) { client in
            let response = try await api.call(client, .post, "/api/v1/cases/WEB-003/status", as: "screener",
                                              json: #"{"status": "screened", "expected_version": 1, "note": "reviewed the PSR"}"#)
            #expect(response.status == .ok)
            let item = try decodeBody(CaseResponse.self, response)
            #expect(item.status == "screened")
            #expect(item.version == 2)
            #expect(item.nextStatuses == ["closed"])
            let trail = try decodeBody(AuditTrailResponse.self, try await api.call(client, .get, "/api/v1/cases/WEB-003/audit", as: "screener"))
            #expect(trail.caseID == "WEB-003")
            #expect(trail.events.map(\.kind) == ["imported", "status_changed"])
            #expect(trail.events[1].oldValue == "intake")
            #expect(trail.events[1].newValue == "screened")
            #expect(trail.events[1].detail.contains("reviewed the PSR"))

            let notAllowed = try await api.call(client, .post, "/api/v1/cases/WEB-003/status", as: "screener",
                                                json: #"{"status": "granted", "expected_version": 2}"#)
            #expect(notAllowed.status == .conflict)
            let unknown = try await api.call(client, .post, "/api/v1/cases/WEB-003/status", as: "screener",
                                             json: #"{"status": "paused", "expected_version": 2}"#)
            #expect(unknown.status == .unprocessableContent)
            #expect(String(buffer: unknown.body).contains("status: expected one of intake, screened"))
        }
    }

    @Test("GET /api/v1/cases/{id}/audit lists the events oldest first")
    func auditTrail() async throws {
        let api = try await APIHarness.make()
        try await api.web.app.test(.router) { client in
            let response = try await api.call(client, .get, "/api/v1/cases/WEB-001/audit", as: "admin")
            #expect(response.status == .ok)
            let trail = try decodeBody(AuditTrailResponse.self, response)
            #expect(trail.events.count == 1)
            let event = try #require(trail.events.first)
            #expect(event.kind == "imported")
            #expect(event.subject == "cases.csv")
            #expect(event.actor == "screener@example.org")
            #expect(event.at == Date(timeIntervalSince1970: 1_764_547_200))
            #expect(event.detail.contains("line 2"))
        }
    }

    // MARK: Offers and attorneys

    @Test("Offers: staff offer, the attorney reviews the conflict check and accepts; another offer is withdrawn")
    func offers() async throws {
        let api = try await APIHarness.make()
        let web = api.web
        try await api.web.app.test(.router) { client in
            for id in ["WEB-001", "WEB-002"] {
                let moved = try await api.call(client, .post, "/api/v1/cases/\(id)/status", as: "screener",
                                               json: #"{"status": "screened", "expected_version": 1}"#)
                #expect(moved.status == .ok)
            }
            let made = try await api.call(client, .post, "/api/v1/cases/WEB-001/offers", as: "screener", json: #"{"attorney_id": "\#(web.attorney.id)"}"#)
            #expect(made.status == .created)
            let offer = try decodeBody(OfferResponse.self, made)
            #expect(offer.caseID == "WEB-001")
            #expect(offer.attorneyID == web.attorney.id)
            #expect(offer.offeredBy == web.screener.id)
            #expect(offer.state == "offered")
            #expect(offer.decidedAt == nil)

            let reviewed = try await api.call(client, .get, "/api/v1/offers/\(offer.id)", as: "attorney")
            #expect(reviewed.status == .ok)
            let review = try decodeBody(OfferReviewResponse.self, reviewed)
            #expect(review.offer.id == offer.id)
            #expect(review.district == "DC")
            #expect(review.sentenceImposed != nil)
            #expect(review.conflicts.isEmpty)

            let answered = try await api.call(client, .post, "/api/v1/offers/\(offer.id)/answer", as: "attorney",
                                              json: #"{"accept": true, "note": "happy to"}"#)
            #expect(answered.status == .ok)
            let accepted = try decodeBody(OfferResponse.self, answered)
            #expect(accepted.state == "accepted")
            #expect(accepted.note == "happy to")
            #expect(accepted.decidedAt != nil)
            let item = try decodeBody(CaseResponse.self, try await api.call(client, .get, "/api/v1/cases/WEB-001", as: "attorney"))
            #expect(item.status == "assigned")
            #expect(item.assignedAttorneyID == web.attorney.id)
            let mine = try decodeBody(CaseListResponse.self, try await api.call(client, .get, "/api/v1/cases", as: "attorney"))
            #expect(mine.cases.map(\.caseID) == ["WEB-001"])

            let again = try await api.call(client, .post, "/api/v1/offers/\(offer.id)/answer", as: "attorney", json: #"{"accept": false}"#)
            #expect(again.status == .conflict)

            // WEB-002 is WEB-001's co-defendant: the conflict check names it.
            let second = try decodeBody(OfferResponse.self, try await api.call(client, .post, "/api/v1/cases/WEB-002/offers", as: "admin",
                                                                               json: #"{"attorney_id": "\#(web.attorney.id)"}"#))
            let secondReview = try decodeBody(OfferReviewResponse.self, try await api.call(client, .get, "/api/v1/offers/\(second.id)", as: "attorney"))
            #expect(!secondReview.conflicts.isEmpty)
            let loads = try decodeBody(AttorneyListResponse.self, try await api.call(client, .get, "/api/v1/attorneys", as: "screener"))
            let load = try #require(loads.attorneys.first { $0.id == web.attorney.id })
            #expect(load.activeCases == 1)
            #expect(load.pendingOffers == 1)
            #expect(load.caseloadLimit == 2)
            #expect(load.hasCapacity)

            // The attorney finds the open offer by listing; staff list it by attorney and by case.
            let open = try decodeBody(OfferListResponse.self, try await api.call(client, .get, "/api/v1/offers", as: "attorney"))
            #expect(open.offers.map(\.id) == [second.id])
            let acceptedList = try decodeBody(OfferListResponse.self, try await api.call(client, .get, "/api/v1/offers?state=accepted", as: "attorney"))
            #expect(acceptedList.offers.map(\.id) == [offer.id])
            let byStaff = try decodeBody(OfferListResponse.self, try await api.call(client, .get, "/api/v1/offers?attorney_id=\(web.attorney.id)", as: "screener"))
            #expect(byStaff.offers.map(\.id) == [second.id])
            #expect(try await api.call(client, .get, "/api/v1/offers", as: "screener").status == .unprocessableContent)
            #expect(try await api.call(client, .get, "/api/v1/offers?state=maybe", as: "attorney").status == .unprocessableContent)
            let caseOffers = try decodeBody(OfferListResponse.self, try await api.call(client, .get, "/api/v1/cases/WEB-002/offers", as: "admin"))
            #expect(caseOffers.offers.map(\.id) == [second.id])

            let withdrawn = try await api.call(client, .post, "/api/v1/offers/\(second.id)/withdraw", as: "screener")
            #expect(withdrawn.status == .ok)
            #expect(try decodeBody(OfferResponse.self, withdrawn).state == "withdrawn")
            let twice = try await api.call(client, .post, "/api/v1/offers/\(second.id)/withdraw", as: "screener")
            #expect(twice.status == .conflict)
            #expect(try await api.call(client, .get, "/api/v1/offers/no-such-offer", as: "admin").status == .notFound)
            let missingField = try await api.call(client, .post, "/api/v1/cases/WEB-003/offers", as: "admin", json: "{}")
            #expect(missingField.status == .unprocessableContent)
            #expect(String(buffer: missingField.body).contains("attorney_id"))
            let intake = try await api.call(client, .post, "/api/v1/cases/WEB-003/offers", as: "admin", json: #"{"attorney_id": "\#(web.otherAttorney.id)"}"#)
            #expect(intake.status == .conflict)
        }
    }

    @Test("GET /api/v1/attorneys lists every attorney with their caseload")
    func attorneys() async throws {
        let api = try await APIHarness.make()
        try await api.web.app.test(.router) { client in
            let response = try await api.call(client, .get, "/api/v1/attorneys", as: "admin")
            #expect(response.status == .ok)
            let list = try decodeBody(AttorneyListResponse.self, response)
            #expect(list.attorneys.map(\.email) == ["attorney@example.org", "other.attorney@example.org"])
            #expect(list.attorneys.map(\.displayName) == ["Attorney", "Other.Attorney"])
            #expect(list.attorneys.allSatisfy { $0.activeCases == 0 && $0.pendingOffers == 0 && $0.caseloadLimit == 2 && $0.hasCapacity })
        }
    }

    // MARK: Imports and the dashboard

    @Test("POST /api/v1/imports takes a raw CSV body and returns every rejected row; GET lists and shows imports")
    func importRawCSV() async throws {
        let api = try await APIHarness.make(importFixture: false)
        let csv = try String(contentsOfFile: WebHarness.fixture("cases.csv"), encoding: .utf8)
        try await api.web.app.test(.router) { client in
            let response = try await api.call(client, .post, "/api/v1/imports?file_name=batch.csv", as: "screener", json: csv,
                                              headers: [.contentType: "text/csv"])
            #expect(response.status == .created)
            let record = try decodeBody(ImportResponse.self, response)
            #expect(record.fileName == "batch.csv")
            #expect(record.format == "case")
            #expect(record.actor == "screener@example.org")
            #expect(record.created == 3)
            #expect(record.updated == 0)
            #expect(record.rejected.count == 1)
            let rejected = try #require(record.rejected.first)
            #expect(rejected.line == 5)
            #expect(rejected.values["case_id"] == "BAD-004")
            #expect(rejected.problems.contains { $0.contains("offense_date") })
            #expect(record.fileDigest.count == 64)

            let again = try decodeBody(ImportResponse.self, try await api.call(client, .post, "/api/v1/imports", as: "admin", json: csv,
                                                                               headers: [.contentType: "text/csv; charset=utf-8"]))
            #expect(again.fileName == "upload.csv")
            #expect(again.created == 0)
            #expect(again.unchanged == 3)

            let list = try decodeBody(ImportListResponse.self, try await api.call(client, .get, "/api/v1/imports", as: "screener"))
            #expect(list.imports.count == 2)
            #expect(Set(list.imports.map(\.id)) == [record.id, again.id])
            let summary = try #require(list.imports.first { $0.id == record.id })
            #expect(summary.rejectedCount == 1)
            #expect(summary.created == 3)

            let shown = try await api.call(client, .get, "/api/v1/imports/\(record.id)", as: "admin")
            #expect(shown.status == .ok)
            #expect(try decodeBody(ImportResponse.self, shown) == record)
            #expect(try await api.call(client, .get, "/api/v1/imports/no-such-import", as: "admin").status == .notFound)

            let unsupported = try await api.call(client, .post, "/api/v1/imports", as: "admin", json: csv, headers: [.contentType: "text/plain"])
            #expect(unsupported.status == .unsupportedMediaType)
            let badFormat = try await api.call(client, .post, "/api/v1/imports?format=excel", as: "admin", json: csv, headers: [.contentType: "text/csv"])
            #expect(badFormat.status == .unprocessableContent)
            #expect(String(buffer: badFormat.body).contains("format: expected one of"))
            let empty = try await api.call(client, .post, "/api/v1/imports", as: "admin", json: "", headers: [.contentType: "text/csv"])
            #expect(empty.status == .unprocessableContent)
        }
    }

    @Test("POST /api/v1/imports takes a multipart upload with a format")
    func importMultipart() async throws {
        let api = try await APIHarness.make(importFixture: false)
        let csv = try String(contentsOfFile: WebHarness.fixture("cases.csv"), encoding: .utf8)
        let boundary = "XyZboundary"
        let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"format\"\r\n\r\ncase\r\n"
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"dir/upload-one.csv\"\r\nContent-Type: text/csv\r\n\r\n"
            + csv + "\r\n--\(boundary)--\r\n"
        try await api.web.app.test(.router) { client in
            let response = try await api.call(client, .post, "/api/v1/imports", as: "admin", json: body,
                                              headers: [.contentType: "multipart/form-data; boundary=\(boundary)"])
            #expect(response.status == .created)
            let record = try decodeBody(ImportResponse.self, response)
            #expect(record.fileName == "upload-one.csv")
            #expect(record.created == 3)
            #expect(record.rejected.map(\.line) == [5])
        }
    }

    @Test("GET /api/v1/dashboard gives the counts by pathway, status and the cases waiting longest")
    func dashboard() async throws {
        let api = try await APIHarness.make()
        let figures = try await api.web.service.dashboard(for: api.web.admin)
        try await api.web.app.test(.router) { client in
            let response = try await api.call(client, .get, "/api/v1/dashboard", as: "screener")
            #expect(response.status == .ok)
            let dashboard = try decodeBody(DashboardResponse.self, response)
            #expect(dashboard.totalCases == 3)
            #expect(dashboard.overserved == figures.overserved)
            #expect(dashboard.statuses["intake"] == 3)
            #expect(dashboard.statuses["closed"] == 0)
            #expect(dashboard.statuses.count == CaseStatus.allCases.count)
            #expect(dashboard.oldestWaiting.count == 3)
            #expect(dashboard.oldestWaiting.map(\.rank) == [1, 2, 3])
            for (key, counts) in figures.determinations {
                for (determination, count) in counts { #expect(dashboard.determinations[key]?[determination.rawValue] == count) }
            }
        }
    }

    // MARK: Access

    /// One API route, how the matrix calls it, and which roles it lets in.
    struct MatrixRoute: CustomStringConvertible {
        let method: HTTPRequest.Method
        /// The route as registered (`{id}` for parameters), to compare with the router.
        let template: String
        let uri: String
        let json: String?
        let allowed: Set<String>
        let success: HTTPResponse.Status
        var description: String { "\(method) \(uri)" }
    }

    static let staff: Set<String> = ["admin", "screener"]
    static let everyone: Set<String> = ["admin", "screener", "attorney", "other"]

    static func matrix(openOfferID: String, importID: String, otherAttorneyID: String) -> [MatrixRoute] {
        let csv = (try? String(contentsOfFile: WebHarness.fixture("cases.csv"), encoding: .utf8)) ?? ""
        let onCase: Set<String> = ["admin", "screener", "attorney"]
        return [
            MatrixRoute(method: .get, template: "/api/v1/cases", uri: "/api/v1/cases", json: nil, allowed: everyone, success: .ok),
            MatrixRoute(method: .get, template: "/api/v1/cases/{id}", uri: "/api/v1/cases/WEB-001", json: nil, allowed: onCase, success: .ok),
            MatrixRoute(method: .get, template: "/api/v1/cases/{id}/analysis", uri: "/api/v1/cases/WEB-001/analysis", json: nil, allowed: onCase, success: .ok),
            MatrixRoute(method: .get, template: "/api/v1/cases/{id}/audit", uri: "/api/v1/cases/WEB-001/audit", json: nil, allowed: onCase, success: .ok),
            MatrixRoute(method: .post, template: "/api/v1/cases/{id}/facts", uri: "/api/v1/cases/WEB-001/facts",
                        json: #"{"field": "jail_credit_days", "value": "10", "expected_version": 3}"#, allowed: onCase, success: .ok),
            MatrixRoute(method: .post, template: "/api/v1/cases/{id}/status", uri: "/api/v1/cases/WEB-001/status",
                        json: #"{"status": "petition_drafted", "expected_version": 4}"#, allowed: onCase, success: .ok),
            MatrixRoute(method: .post, template: "/api/v1/cases/{id}/offers", uri: "/api/v1/cases/WEB-003/offers",
                        json: #"{"attorney_id": "\#(otherAttorneyID)"}"#, allowed: staff, success: .created),
            MatrixRoute(method: .get, template: "/api/v1/cases/{id}/offers", uri: "/api/v1/cases/WEB-001/offers", json: nil, allowed: onCase, success: .ok),
            MatrixRoute(method: .get, template: "/api/v1/offers", uri: "/api/v1/offers?attorney_id=\(otherAttorneyID)", json: nil,
                        allowed: ["admin", "screener", "other"], success: .ok),
            MatrixRoute(method: .get, template: "/api/v1/offers/{id}", uri: "/api/v1/offers/\(openOfferID)", json: nil,
                        allowed: ["admin", "screener", "attorney"], success: .ok),
            MatrixRoute(method: .post, template: "/api/v1/offers/{id}/answer", uri: "/api/v1/offers/\(openOfferID)/answer",
                        json: #"{"accept": false, "note": "no time"}"#, allowed: ["attorney"], success: .ok),
            MatrixRoute(method: .post, template: "/api/v1/offers/{id}/withdraw", uri: "/api/v1/offers/\(openOfferID)/withdraw", json: nil,
                        allowed: staff, success: .ok),
            MatrixRoute(method: .get, template: "/api/v1/attorneys", uri: "/api/v1/attorneys", json: nil, allowed: staff, success: .ok),
            MatrixRoute(method: .get, template: "/api/v1/dashboard", uri: "/api/v1/dashboard", json: nil, allowed: staff, success: .ok),
            MatrixRoute(method: .get, template: "/api/v1/imports", uri: "/api/v1/imports", json: nil, allowed: staff, success: .ok),
            MatrixRoute(method: .post, template: "/api/v1/imports", uri: "/api/v1/imports?file_name=matrix.csv", json: csv, allowed: staff, success: .created),
            MatrixRoute(method: .get, template: "/api/v1/imports/{id}", uri: "/api/v1/imports/\(importID)", json: nil, allowed: staff, success: .ok),
        ]
    }

    @Test("Access matrix: every API route × admin, screener, assigned attorney, other attorney, no token",
          arguments: ["admin", "screener", "attorney", "other", "none"])
    func accessMatrix(role: String) async throws {
        let api = try await APIHarness.make()
        let (openOfferID, importID) = try await api.prepareAssignments()
        let routes = Self.matrix(openOfferID: openOfferID, importID: importID, otherAttorneyID: api.web.otherAttorney.id)
        // Case data that must never appear in a refusal.
        let secrets = ["WEB-00", "Pat Synthetic", "Lee Example", "cocaine", "841(b)", "DC"]
        try await api.web.app.test(.router) { client in
            for route in routes {
                let headers: HTTPFields = route.template == "/api/v1/imports" && route.method == .post ? [.contentType: "text/csv"] : [:]
                let response = try await api.call(client, route.method, route.uri, as: role == "none" ? nil : role, json: route.json, headers: headers)
                let body = String(buffer: response.body)
                if role == "none" {
                    #expect(response.status == .unauthorized, "\(route) without a token")
                    #expect(response.headers[.wwwAuthenticate] == "Bearer", "\(route)")
                } else if route.allowed.contains(role) {
                    #expect(response.status == route.success, "\(route) as \(role): \(body)")
                } else {
                    #expect(response.status == .forbidden, "\(route) as \(role): \(body)")
                }
                if response.status == .unauthorized || response.status == .forbidden {
                    for secret in secrets { #expect(!body.contains(secret), "\(route) as \(role) leaks \(secret): \(body)") }
                    let error = try #require(try jsonObject(response)["error"] as? [String: Any], "\(route) as \(role)")
                    #expect(error["status"] as? Int == Int(response.status.code))
                    #expect(Set(try jsonObject(response).keys) == ["error"])
                }
            }
            let badToken = try await client.execute(uri: "/api/v1/cases", method: .get, headers: [.authorization: "Bearer not-a-token"])
            #expect(badToken.status == .unauthorized)
            let openAPI = try await api.call(client, .get, "/api/v1/openapi.json", as: role == "none" ? nil : role)
            #expect(openAPI.status == .ok)
        }
    }

    @Test("The access matrix and the OpenAPI document cover every route registered under /api/v1")
    func routesDocumented() async throws {
        let api = try await APIHarness.make(importFixture: false)
        let router = try await buildRouter(WebDependencies(service: api.web.service, hasher: BcryptPasswordHasher(cost: 4),
                                                           configuration: WebConfiguration(bcryptCost: 4)))
        let registered = Set(router.routes.filter { $0.path.description.hasPrefix("/api/v1/") }.map { "\($0.method.rawValue.lowercased()) \($0.path.description)" })
        #expect(registered.count == 18)

        try await api.web.app.test(.router) { client in
            let response = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
            #expect(response.status == .ok)
            let document = try jsonObject(response)
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented: Set<String> = []
            for (path, item) in paths {
                for method in item.keys where ["get", "post", "put", "patch", "delete"].contains(method) { documented.insert("\(method) \(path)") }
            }
            #expect(documented == registered)
            // Every operation that needs a credential documents 401, and every schema it names exists.
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            for (path, item) in paths where path != "/api/v1/openapi.json" {
                for (_, value) in item {
                    let operation = try #require(value as? [String: Any])
                    let responses = try #require(operation["responses"] as? [String: Any])
                    #expect(responses["401"] != nil, "\(path)")
                }
            }
            let text = String(buffer: response.body)
            var names: Set<String> = []
            var rest = Substring(text)
            while let range = rest.range(of: "#/components/schemas/") {
                rest = rest[range.upperBound...]
                names.insert(String(rest.prefix { $0 != "\"" }))
            }
            #expect(names.isSubset(of: Set(schemas.keys)), "\(names.subtracting(schemas.keys))")
        }
        let matrix = Self.matrix(openOfferID: "x", importID: "y", otherAttorneyID: "z")
        let covered = Set(matrix.map { "\($0.method.rawValue.lowercased()) \($0.template)" })
        #expect(covered.union(["get /api/v1/openapi.json"]) == registered)
    }

    @Test("A session-cookie POST needs X-CSRF-Token; a bearer POST does not")
    func csrf() async throws {
        let api = try await APIHarness.make()
        try await api.web.app.test(.router) { client in
            let browser = try await Browser.signIn(client, email: "screener@example.org")
            let json = #"{"field": "criminal_history_points", "value": "5", "expected_version": 1}"#
            let refused = try await client.execute(uri: "/api/v1/cases/WEB-002/facts", method: .post,
                                                   headers: [.cookie: browser.cookie, .contentType: "application/json"], body: ByteBuffer(string: json))
            #expect(refused.status == .forbidden)
            #expect(try jsonObject(refused)["error"] != nil)
            #expect(try #require(await api.web.store.fetchCase(id: "WEB-002")).version == 1)
            let wrong = try await client.execute(uri: "/api/v1/cases/WEB-002/facts", method: .post,
                                                 headers: [.cookie: browser.cookie, .contentType: "application/json", HTTPField.Name("X-CSRF-Token")!: "wrong"],
                                                 body: ByteBuffer(string: json))
            #expect(wrong.status == .forbidden)
            let accepted = try await client.execute(uri: "/api/v1/cases/WEB-002/facts", method: .post,
                                                    headers: [.cookie: browser.cookie, .contentType: "application/json",
                                                              HTTPField.Name("X-CSRF-Token")!: browser.csrfToken],
                                                    body: ByteBuffer(string: json))
            #expect(accepted.status == .ok)
            // Reading with the cookie needs no token.
            #expect(try await browser.get(client, "/api/v1/cases/WEB-002").status == .ok)
            // A bearer caller sends none.
            let bearer = try await api.call(client, .post, "/api/v1/cases/WEB-002/facts", as: "screener",
                                            json: #"{"field": "criminal_history_points", "value": "6", "expected_version": 2}"#)
            #expect(bearer.status == .ok)
        }
    }

    // MARK: Snapshots

    @Test("Snapshot: the JSON of a case and of the case list")
    func snapshots() async throws {
        let api = try await APIHarness.make()
        try await api.web.app.test(.router) { client in
            let item = try await api.call(client, .get, "/api/v1/cases/WEB-001", as: "screener")
            #expect(item.status == .ok)
            assertSnapshot(of: String(buffer: item.body), as: .lines, named: "case")
            let list = try await api.call(client, .get, "/api/v1/cases?sort=case_id", as: "screener")
            #expect(list.status == .ok)
            assertSnapshot(of: String(buffer: list.body), as: .lines, named: "list")
        }
    }
}
