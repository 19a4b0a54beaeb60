import ClemencyRules
import ClemencyWeb
import ClemencyStore
import ClemencyUseCases
import ClemencyWorkflow
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Who asks, in the access-control matrix.
enum Asker: String, CaseIterable, Sendable {
    case anonymous, administrator, screener, assignedAttorney, otherAttorney

    var email: String? {
        switch self {
        case .anonymous: nil
        case .administrator: "admin@example.org"
        case .screener: "screener@example.org"
        case .assignedAttorney: "attorney@example.org"
        case .otherAttorney: "other.attorney@example.org"
        }
    }
}

/// A harness with cases in every state the matrix needs: WEB-001 assigned to attorney@ (after an
/// accepted offer), WEB-002 screened and offered to attorney@ (open offer), WEB-003 in intake.
struct MatrixWorld {
    let harness: WebHarness
    let openOfferID: String
    let importID: String

    static func make() async throws -> MatrixWorld {
        let harness = try await WebHarness.make()
        let record = try await harness.importFixture()
        let service = harness.service
        let now = Date(timeIntervalSince1970: 1_764_550_000)
        for id in ["WEB-001", "WEB-002"] {
            let file = try #require(try await harness.store.fetchCase(id: id))
            _ = try await service.changeStatus(caseID: id, to: .screened, expectedVersion: file.version, note: nil, by: harness.screener, now: now)
        }
        let first = try await service.offer(caseID: "WEB-001", to: harness.attorney.id, by: harness.screener, now: now)
        _ = try await service.answerOffer(id: first.id, accept: true, note: nil, by: harness.attorney, now: now)
        let open = try await service.offer(caseID: "WEB-002", to: harness.attorney.id, by: harness.screener, now: now)
        return MatrixWorld(harness: harness, openOfferID: open.id, importID: record.id)
    }
}

@Suite("Web pages: access control, CSRF, conflicts")
struct PageRouteTests {
    /// One route and the status each asker gets.
    struct Route: Sendable, CustomTestStringConvertible {
        let method: HTTPRequest.Method
        let path: String
        let fields: [(String, String)]
        let expected: [Asker: HTTPResponse.Status]

        var testDescription: String { "\(method) \(path)" }

        static func get(_ path: String, _ expected: [Asker: HTTPResponse.Status]) -> Route {
            Route(method: .get, path: path, fields: [], expected: expected)
        }

        static func post(_ path: String, _ fields: [(String, String)], _ expected: [Asker: HTTPResponse.Status]) -> Route {
            Route(method: .post, path: path, fields: fields, expected: expected)
        }
    }

    static let staffOnly: [Asker: HTTPResponse.Status] = [.anonymous: .seeOther, .administrator: .ok, .screener: .ok,
                                                          .assignedAttorney: .forbidden, .otherAttorney: .forbidden]

    static let routes: [Route] = [
        .get("/", [.anonymous: .seeOther, .administrator: .ok, .screener: .ok, .assignedAttorney: .seeOther, .otherAttorney: .seeOther]),
        .get("/cases", [.anonymous: .seeOther, .administrator: .ok, .screener: .ok, .assignedAttorney: .ok, .otherAttorney: .ok]),
        .get("/cases/WEB-001", [.anonymous: .seeOther, .administrator: .ok, .screener: .ok, .assignedAttorney: .ok, .otherAttorney: .forbidden]),
        .get("/cases/WEB-003", [.anonymous: .seeOther, .administrator: .ok, .screener: .ok, .assignedAttorney: .forbidden, .otherAttorney: .forbidden]),
        .get("/imports", staffOnly),
        .get("/imports/{import}", staffOnly),
        .get("/attorneys", staffOnly),
        .get("/offers", [.anonymous: .seeOther, .administrator: .forbidden, .screener: .forbidden, .assignedAttorney: .ok, .otherAttorney: .ok]),
        .get("/offers/{offer}", [.anonymous: .seeOther, .administrator: .ok, .screener: .ok, .assignedAttorney: .ok, .otherAttorney: .forbidden]),
        .post("/cases/WEB-001/facts", [("field", "criminal_history_points"), ("value", "6"), ("expected_version", "3")],
              [.anonymous: .seeOther, .administrator: .seeOther, .screener: .seeOther, .assignedAttorney: .seeOther, .otherAttorney: .forbidden]),
        .post("/cases/WEB-001/status", [("status", "petition_drafted"), ("expected_version", "3")],
              [.anonymous: .seeOther, .administrator: .seeOther, .screener: .seeOther, .assignedAttorney: .seeOther, .otherAttorney: .forbidden]),
        .post("/cases/WEB-003/status", [("status", "screened"), ("expected_version", "1")],
              [.anonymous: .seeOther, .administrator: .seeOther, .screener: .seeOther, .assignedAttorney: .forbidden, .otherAttorney: .forbidden]),
        .post("/cases/WEB-002/offers", [("attorney_id", "id-0")],
              [.anonymous: .seeOther, .administrator: .notFound, .screener: .notFound,
               .assignedAttorney: .forbidden, .otherAttorney: .forbidden]),
        .post("/offers/{offer}/accept", [],
              [.anonymous: .seeOther, .administrator: .forbidden, .screener: .forbidden, .assignedAttorney: .seeOther, .otherAttorney: .forbidden]),
        .post("/offers/{offer}/decline", [("note", "conflict")],
              [.anonymous: .seeOther, .administrator: .forbidden, .screener: .forbidden, .assignedAttorney: .seeOther, .otherAttorney: .forbidden]),
        .post("/offers/{offer}/withdraw", [],
              [.anonymous: .seeOther, .administrator: .seeOther, .screener: .seeOther, .assignedAttorney: .forbidden, .otherAttorney: .forbidden]),
    ]

    @Test("Every page and form answers each role as the access rules say; refusals carry no case data", arguments: routes)
    func accessMatrix(_ route: Route) async throws {
        for asker in Asker.allCases {
            let world = try await MatrixWorld.make()
            let path = route.path.replacingOccurrences(of: "{offer}", with: world.openOfferID)
                .replacingOccurrences(of: "{import}", with: world.importID)
            try await world.harness.app.test(.router) { client in
                let response: TestResponse
                if let email = asker.email {
                    let browser = try await Browser.signIn(client, email: email)
                    response = route.method == .get ? try await browser.get(client, path) : try await browser.post(client, path, route.fields)
                } else {
                    response = try await client.execute(uri: path, method: route.method)
                }
                let expected = try #require(route.expected[asker])
                #expect(response.status == expected, "\(asker) \(route.method) \(path)")
                if response.status == .forbidden || asker == .anonymous {
                    let body = String(buffer: response.body)
                    #expect(!body.contains("Pat Synthetic") && !body.contains("cocaine_base") && !body.contains("360 months"),
                            "\(asker) \(route.method) \(path) leaked case data")
                }
                if asker == .anonymous { #expect(response.headers[.location]?.hasPrefix("/login") == true) }
            }
        }
    }

    @Test("A form posted without the session's CSRF token is refused with 403 and changes nothing",
          arguments: routes.filter { $0.method == .post })
    func csrfRequired(_ route: Route) async throws {
        let world = try await MatrixWorld.make()
        let path = route.path.replacingOccurrences(of: "{offer}", with: world.openOfferID)
        let asker: Asker = route.expected[.screener] == .forbidden ? .assignedAttorney : .screener
        let before = try await world.harness.store.auditTrail(caseID: "WEB-001").count + world.harness.store.auditTrail(caseID: "WEB-002").count
        try await world.harness.app.test(.router) { client in
            let browser = try await Browser.signIn(client, email: try #require(asker.email))
            let missing = try await browser.post(client, path, route.fields, csrf: false)
            #expect(missing.status == .forbidden)
            #expect(String(buffer: missing.body).contains("CSRF"))
            let wrong = try await browser.post(client, path, [("csrf_token", "not-the-token")] + route.fields, csrf: false)
            #expect(wrong.status == .forbidden)
        }
        let after = try await world.harness.store.auditTrail(caseID: "WEB-001").count + world.harness.store.auditTrail(caseID: "WEB-002").count
        #expect(after == before)
    }

    @Test("Two people answering from the same version: the second sees a conflict and the first answer is kept")
    func concurrentEditsKeepBoth() async throws {
        let harness = try await WebHarness.make()
        _ = try await harness.importFixture()
        try await harness.app.test(.router) { client in
            let screener = try await Browser.signIn(client, email: "screener@example.org")
            let admin = try await Browser.signIn(client, email: "admin@example.org")
            let first = try await screener.post(client, "/cases/WEB-002/facts",
                                                [("field", "criminal_history_category"), ("value", "I"), ("expected_version", "1")])
            #expect(first.status == .seeOther)
            let second = try await admin.post(client, "/cases/WEB-002/facts",
                                              [("field", "criminal_history_category"), ("value", "IV"), ("expected_version", "1")])
            #expect(second.status == .conflict)
            #expect(String(buffer: second.body).contains("was changed by someone else"))
        }
        let file = try #require(try await harness.store.fetchCase(id: "WEB-002"))
        #expect(file.facts.criminalHistoryCategory == .i)
        #expect(file.version == 2)
    }

    @Test("Answering a missing fact re-screens at once and records who, when, the old and new value")
    func answerRescreens() async throws {
        let harness = try await WebHarness.make()
        _ = try await harness.importFixture()
        let before = try #require(try await harness.store.fetchCase(id: "WEB-002"))
        #expect(before.screening.determination(of: "clemency_initiative_2014") == .needsInformation)
        try await harness.app.test(.router) { client in
            let screener = try await Browser.signIn(client, email: "screener@example.org")
            let response = try await screener.post(client, "/cases/WEB-002/facts",
                                                   [("field", "criminal_history_category"), ("value", "I"), ("expected_version", "1")])
            #expect(response.status == .seeOther)
            let page = String(buffer: try await screener.get(client, "/cases/WEB-002").body)
            #expect(page.contains("entered by screener@example.org"))
        }
        let after = try #require(try await harness.store.fetchCase(id: "WEB-002"))
        #expect(after.screening.determination(of: "clemency_initiative_2014") == .eligible)
        let trail = try await harness.store.auditTrail(caseID: "WEB-002")
        let answer = try #require(trail.first { $0.kind == .factAnswered })
        #expect(answer.actor == "screener@example.org")
        #expect(answer.subject == "criminal_history_category")
        #expect(answer.oldValue == nil)
        #expect(answer.newValue == "I")
        let change = try #require(trail.first { $0.kind == .rescreened && $0.subject == "clemency_initiative_2014/april_2014" })
        #expect(change.oldValue == "needs_information")
        #expect(change.newValue == "eligible")
    }

    @Test("A bad answer shows the case page again with the expected form, and saves nothing")
    func badAnswer() async throws {
        let harness = try await WebHarness.make()
        _ = try await harness.importFixture()
        try await harness.app.test(.router) { client in
            let screener = try await Browser.signIn(client, email: "screener@example.org")
            let response = try await screener.post(client, "/cases/WEB-002/facts",
                                                   [("field", "criminal_history_category"), ("value", "VII"), ("expected_version", "1")])
            #expect(response.status == .unprocessableContent)
            #expect(String(buffer: response.body).contains("criminal_history_category: expected"))
        }
        #expect(try await harness.store.fetchCase(id: "WEB-002")?.version == 1)
    }

    @Test("Only allowed status changes: intake cannot jump to filed")
    func statusRules() async throws {
        let harness = try await WebHarness.make()
        _ = try await harness.importFixture()
        try await harness.app.test(.router) { client in
            let screener = try await Browser.signIn(client, email: "screener@example.org")
            let response = try await screener.post(client, "/cases/WEB-003/status", [("status", "filed"), ("expected_version", "1")])
            #expect(response.status == .conflict)
            #expect(String(buffer: response.body).contains("cannot move from intake to filed with the pardon office"))
        }
        #expect(try await harness.store.fetchCase(id: "WEB-003")?.status == .intake)
    }

    @Test("Sign-in: a wrong password is refused, and repeated failures are limited")
    func signInLimits() async throws {
        let harness = try await WebHarness.make(configuration: .init(bcryptCost: 4, maxLoginFailures: 3))
        try await harness.app.test(.router) { client in
            for attempt in 1...4 {
                let response = try await Browser.postLogin(client, email: "screener@example.org", password: "wrong-password-1")
                #expect(response.status == (attempt <= 3 ? .unauthorized : .tooManyRequests))
                #expect(cookieValue(response, "clemency_session") == nil)
            }
        }
    }

    @Test("The session cookie is HttpOnly and SameSite=Strict, and sign-out ends the session")
    func cookieAndLogout() async throws {
        let harness = try await WebHarness.make()
        try await harness.app.test(.router) { client in
            let response = try await Browser.postLogin(client, email: "screener@example.org", password: WebHarness.password)
            let setCookie = response.headers[values: .setCookie].first { $0.hasPrefix("clemency_session=") } ?? ""
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Strict"))
            let browser = try await Browser.signIn(client, email: "screener@example.org")
            let out = try await browser.post(client, "/logout", [])
            #expect(out.status == .seeOther)
            let after = try await browser.get(client, "/cases")
            #expect(after.status == .seeOther)
        }
    }

    @Test("Importing the same file twice updates nothing and duplicates nothing; a changed fact is updated with history")
    func reimport() async throws {
        let harness = try await WebHarness.make()
        _ = try await harness.importFixture()
        let again = try await harness.importFixture()
        #expect(again.created == 0)
        #expect(again.updated == 0)
        #expect(again.unchanged == 3)
        #expect(try await harness.store.listCases(CaseQuery()).total == 3)
        let changed = try await harness.importFixture("cases-changed.csv")
        #expect(changed.updated == 1)
        let trail = try await harness.store.auditTrail(caseID: "WEB-003")
        let event = try #require(trail.first { $0.kind == .reimported })
        #expect(event.subject == "sentence_months")
        #expect(event.oldValue == "120")
        #expect(event.newValue == "151")
    }

    @Test("Case ids with spaces, colons, '#', quotes and accents open from their links, on the pages and in the API")
    func awkwardCaseIDs() async throws {
        let harness = try await WebHarness.make()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("awkward-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let ids = ["1:05-cr-123 (EDTN)", "DOC#42", "CAFÉ-1", "Q\"1?&x=2"]
        let csv = "case_id,district,sentence_months\n" + ids.map { "\"\($0.replacingOccurrences(of: "\"", with: "\"\""))\",DC,120" }.joined(separator: "\n")
        let file = folder.appendingPathComponent("awkward.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        let record = try await harness.service.importFile(at: file.path, fileName: "awkward.csv", by: harness.screener, now: Date())
        #expect(record.created == ids.count)
        try await harness.app.test(.router) { client in
            let browser = try await Browser.signIn(client, email: "screener@example.org")
            let list = try await browser.get(client, "/cases?sort=case_id")
            for id in ids {
                let link = "/cases/" + id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~")))!
                #expect(String(buffer: list.body).contains("href=\"\(link)\""), "the list links \(id) as \(link)")
                let page = try await browser.get(client, link)
                #expect(page.status == .ok, "\(link) opens")
                let api = try await browser.get(client, "/api/v1" + link)
                #expect(api.status == .ok, "/api/v1\(link) opens")
            }
        }
    }

    @Test("Case list: a filter value that is not understood is named in a notice, never silently dropped")
    func unknownFilters() async throws {
        let harness = try await WebHarness.make()
        _ = try await harness.importFixture()
        try await harness.app.test(.router) { client in
            let browser = try await Browser.signIn(client, email: "screener@example.org")
            let page = String(buffer: try await browser.get(client, "/cases?pathway=nonsense&determination=maybe&status=%3Cb%3E").body)
            #expect(page.contains("Not understood, so not applied: pathway “nonsense”, determination “maybe”, status “&lt;b&gt;”."))
            let alone = String(buffer: try await browser.get(client, "/cases?determination=eligible").body)
            #expect(alone.contains("A determination filter applies to one pathway: choose the pathway too."))
            let fine = String(buffer: try await browser.get(client, "/cases?pathway=first_step_act_404&determination=eligible").body)
            #expect(!fine.contains("Not understood") && !fine.contains("applies to one pathway"))
        }
    }

    @Test("A disabled account cannot sign in, its open session stops working, and the attorneys page says so")
    func disabledAccount() async throws {
        let harness = try await WebHarness.make()
        try await harness.app.test(.router) { client in
            let attorney = try await Browser.signIn(client, email: "attorney@example.org")
            #expect(try await attorney.get(client, "/cases").status == .ok)
            var account = harness.attorney
            account.disabledAt = Date()
            try await harness.store.updateUser(account)
            #expect(try await attorney.get(client, "/cases").status == .seeOther)
            let again = try await Browser.postLogin(client, email: "attorney@example.org", password: WebHarness.password)
            #expect(again.status == .unauthorized)
            let screener = try await Browser.signIn(client, email: "screener@example.org")
            let attorneys = String(buffer: try await screener.get(client, "/attorneys").body)
            #expect(attorneys.contains("account disabled"))
        }
    }

    @Test("One person's failed sign-ins do not lock out the others at the same address")
    func throttleIsPerAccount() async throws {
        let harness = try await WebHarness.make(configuration: .init(bcryptCost: 4, maxLoginFailures: 3))
        try await harness.app.test(.router) { client in
            for _ in 1...4 { _ = try await Browser.postLogin(client, email: "attorney@example.org", password: "wrong-password-1") }
            let other = try await Browser.postLogin(client, email: "screener@example.org", password: WebHarness.password)
            #expect(other.status == .seeOther)
        }
    }

    @Test("Uploads that are not case files are refused with a reason in the file's own name; too-large forms get 413")
    func badUploads() async throws {
        let harness = try await WebHarness.make(configuration: .init(bcryptCost: 4, maxUploadBytes: 1 << 16))
        try await harness.app.test(.router) { client in
            let browser = try await Browser.signIn(client, email: "screener@example.org")
            func upload(_ name: String, _ bytes: [UInt8]) async throws -> TestResponse {
                let boundary = "XBOUNDARY"
                var body = ByteBuffer()
                body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n\(browser.csrfToken)\r\n")
                body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: text/csv\r\n\r\n")
                body.writeBytes(bytes)
                body.writeString("\r\n--\(boundary)--\r\n")
                return try await client.execute(uri: "/imports", method: .post,
                                                headers: [.cookie: browser.cookie, .contentType: "multipart/form-data; boundary=\(boundary)"], body: body)
            }
            let empty = try await upload("empty.csv", [])
            #expect(empty.status == .unprocessableContent)
            #expect(String(buffer: empty.body).contains("The file empty.csv is empty: there is nothing to import."))
            let none = try await upload("", [])
            #expect(String(buffer: none.body).contains("Choose a file to import."))
            let binary = try await upload("program.csv", [0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01, 0xFF])
            #expect(binary.status == .unprocessableContent)
            #expect(String(buffer: binary.body).contains("program.csv is not a CSV, JSON Lines or JSON text file"))
            let header = try await upload("people.csv", Array("name,age\nx,1\n".utf8))
            #expect(header.status == .unprocessableContent)
            let text = String(buffer: header.body)
            #expect(text.contains("people.csv, line 1") && text.contains("choose the record format") && !text.contains("clemency-upload"))
            let huge = try await browser.post(client, "/cases/WEB-001/status", [("status", "closed"), ("expected_version", "1"),
                                                                               ("note", String(repeating: "x", count: 1 << 21))])
            #expect(huge.status == .contentTooLarge)
        }
        #expect(try await harness.store.importRecords().isEmpty)
    }
}
