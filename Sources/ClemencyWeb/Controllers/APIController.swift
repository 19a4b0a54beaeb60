import ClemencyRules
import ClemencyStore
import ClemencyUseCases
import ClemencyWorkflow
import Foundation
import Hummingbird
import NIOCore

/// The JSON API under `/api/v1` (described by `openapi.json`, served at `/api/v1/openapi.json`).
///
/// The same operations as the pages, through the same `CaseworkService` calls (which check roles
/// and access), with their own DTOs (`API/`). Callers authenticate with `Authorization: Bearer
/// TOKEN` or a session cookie; session callers send `X-CSRF-Token` with every POST
/// (`CSRFMiddleware`). Errors are answered as `{"error": {"status", "message"}}` by `ErrorMiddleware`.
struct APIController {
    static let prefix = "/api/v1"

    let service: CaseworkService
    let configuration: WebConfiguration
    /// The pathway keys the screener produces (for the `pathway` filter).
    let pathwayKeys: [String]

    init(service: CaseworkService, configuration: WebConfiguration) {
        self.service = service
        self.configuration = configuration
        pathwayKeys = service.screen(CaseFacts(caseID: "pathways")).result.pathways.map(\.key)
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        let api = router.group(RouterPath(Self.prefix))
        api.get("/openapi.json") { _, _ in Self.openAPIResponse() }

        api.get("/cases") { request, context in
            let user = try context.requireUser()
            let query = try caseQuery(request.uri.queryParameters)
            return try APIJSON.response(CaseListResponse(try await service.listCases(query, for: user), query: query))
        }
        api.get("/cases/:id") { _, context in
            let user = try context.requireUser()
            return try APIJSON.response(CaseResponse(try await service.caseFile(id: context.parameters.requireDecoded("id"), for: user)))
        }
        api.get("/cases/:id/analysis") { _, context in
            let user = try context.requireUser()
            let file = try await service.caseFile(id: context.parameters.requireDecoded("id"), for: user)
            return try APIJSON.response(AnalysisResponse(file, explanation: service.explanation(of: file)))
        }
        api.post("/cases/:id/facts") { request, context in
            let user = try context.requireUser()
            let body = try await Self.decode(FactChangeRequest.self, request, context)
            let file = try await service.answerFact(caseID: context.parameters.requireDecoded("id"), field: body.field, value: body.value ?? "",
                                                    expectedVersion: body.expectedVersion, by: user, now: Date())
            return try APIJSON.response(CaseResponse(file))
        }
        api.post("/cases/:id/status") { request, context in
            let user = try context.requireUser()
            let body = try await Self.decode(StatusChangeRequest.self, request, context)
            guard let status = CaseStatus(rawValue: body.status) else {
                throw WebError(.unprocessableContent, "status: expected one of \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(body.status)\"")
            }
            let file = try await service.changeStatus(caseID: context.parameters.requireDecoded("id"), to: status, expectedVersion: body.expectedVersion,
                                                      note: body.note, by: user, now: Date())
            return try APIJSON.response(CaseResponse(file))
        }
        api.get("/cases/:id/audit") { _, context in
            let user = try context.requireUser()
            let caseID = try context.parameters.requireDecoded("id")
            return try APIJSON.response(AuditTrailResponse(caseID: caseID, events: try await service.auditTrail(caseID: caseID, for: user)))
        }
        api.post("/cases/:id/offers") { request, context in
            let user = try context.requireUser()
            let body = try await Self.decode(OfferRequest.self, request, context)
            let offer = try await service.offer(caseID: context.parameters.requireDecoded("id"), to: body.attorneyID, by: user, now: Date())
            return try APIJSON.response(OfferResponse(offer), status: .created)
        }

        api.get("/cases/:id/offers") { _, context in
            let user = try context.requireUser()
            return try APIJSON.response(OfferListResponse(try await service.caseRecord(id: context.parameters.requireDecoded("id"), for: user).offers))
        }
        api.get("/offers") { request, context in
            let user = try context.requireUser()
            let parameters = request.uri.queryParameters
            let stateText = parameters.get("state") ?? AssignmentOffer.State.offered.rawValue
            guard let state = AssignmentOffer.State(rawValue: stateText) else {
                throw WebError(.unprocessableContent, "state: expected offered, accepted, declined or withdrawn, got \"\(stateText)\"")
            }
            return try APIJSON.response(OfferListResponse(try await service.offers(attorneyID: parameters.get("attorney_id"), state: state, for: user)))
        }
        api.get("/offers/:id") { _, context in
            let user = try context.requireUser()
            return try APIJSON.response(OfferReviewResponse(try await service.reviewOffer(id: context.parameters.requireDecoded("id"), for: user)))
        }
        api.post("/offers/:id/answer") { request, context in
            let user = try context.requireUser()
            let body = try await Self.decode(OfferAnswerRequest.self, request, context)
            let offer = try await service.answerOffer(id: context.parameters.requireDecoded("id"), accept: body.accept, note: body.note, by: user, now: Date())
            return try APIJSON.response(OfferResponse(offer))
        }
        api.post("/offers/:id/withdraw") { _, context in
            let user = try context.requireUser()
            return try APIJSON.response(OfferResponse(try await service.withdrawOffer(id: context.parameters.requireDecoded("id"), by: user, now: Date())))
        }

        api.get("/attorneys") { _, context in
            let user = try context.requireUser()
            return try APIJSON.response(AttorneyListResponse(attorneys: try await service.attorneys(for: user).map(AttorneyResponse.init)))
        }
        api.get("/dashboard") { _, context in
            let user = try context.requireUser()
            return try APIJSON.response(DashboardResponse(try await service.dashboard(for: user)))
        }

        api.get("/imports") { _, context in
            let user = try context.requireUser()
            return try APIJSON.response(ImportListResponse(imports: try await service.importRecords(for: user).map(ImportSummaryResponse.init)))
        }
        api.post("/imports") { request, context in
            let record = try await importRequest(request, context)
            return try APIJSON.response(ImportResponse(record), status: .created)
        }
        api.get("/imports/:id") { _, context in
            let user = try context.requireUser()
            let id = try context.parameters.requireDecoded("id")
            return try APIJSON.response(ImportResponse(try await service.importRecord(id: id, for: user)))
        }
    }

    // MARK: Requests

    /// The media types of a raw import body, and how each is read.
    static let rawImportTypes: [(mediaType: String, fileExtension: String)] = [
        ("text/csv", "csv"), ("application/x-ndjson", "jsonl"), ("application/json", "json"),
    ]

    /// Imports a multipart upload (`file`, optional `format`) or a raw CSV, JSON Lines or JSON body
    /// (`?file_name=`, optional `?format=`).
    func importRequest(_ request: Request, _ context: AppRequestContext) async throws -> ImportRecord {
        let contentType = (request.headers[.contentType] ?? "").lowercased()
        if contentType.hasPrefix("multipart/form-data") {
            return try await ImportController.importUpload(request, context, service: service, maxBytes: configuration.maxUploadBytes)
        }
        let user = try context.requireUser([.administrator, .screener], to: "import case records")
        guard let raw = Self.rawImportTypes.first(where: { contentType.hasPrefix($0.mediaType) }) else {
            throw WebError(.unsupportedMediaType, "Content-Type: expected multipart/form-data (a file field named file), "
                + Self.rawImportTypes.map(\.mediaType).joined(separator: ", ") + ".")
        }
        var request = request
        let bytes = try await request.collectBody(upTo: configuration.maxUploadBytes)
        guard bytes.readableBytes > 0 else { throw WebError(.unprocessableContent, "body: expected the file's contents, got an empty body") }
        let parameters = request.uri.queryParameters
        let name = parameters.get("file_name").map { Self.safeFileName($0) } ?? ""
        let format = parameters.get("format").map { $0.trimmingCharacters(in: .whitespaces) }
        let upload = Request.Upload(fileName: name.isEmpty ? "upload.\(raw.fileExtension)" : name, bytes: bytes,
                                    format: format.flatMap { $0.isEmpty ? nil : $0 })
        return try await ImportController.importFile(upload, storedExtension: raw.fileExtension, by: user, service: service)
    }

    /// The last path component of a file name, at most 200 characters.
    static func safeFileName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        return String(last.trimmingCharacters(in: .whitespacesAndNewlines).prefix(200))
    }

    /// Decodes a JSON request body.
    ///
    /// - Throws: 422 naming the missing or malformed field.
    static func decode<Body: Decodable>(_ type: Body.Type, _ request: Request, _ context: AppRequestContext) async throws -> Body {
        var request = request
        return try await request.decodeForm(type, context: context)
    }

    /// The case-list query from the URL, checked: a value that is not understood is refused (422)
    /// rather than ignored, so a script never reads an unfiltered list as a filtered one.
    func caseQuery(_ parameters: Parameters) throws -> CaseQuery {
        func text(_ name: String) -> String? {
            parameters.get(name).map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        func invalid(_ name: String, _ expected: String) -> WebError {
            WebError(.unprocessableContent, "\(name): expected \(expected), got \"\(text(name) ?? "")\"")
        }
        func number(_ name: String, _ range: ClosedRange<Int>, _ expected: String, default value: Int) throws -> Int {
            guard let given = text(name) else { return value }
            guard let number = Int(given), range.contains(number) else { throw invalid(name, expected) }
            return number
        }
        let pathway = try text("pathway").map { key in
            guard pathwayKeys.contains(key) else { throw invalid("pathway", "one of \(pathwayKeys.joined(separator: ", "))") }
            return key
        }
        let determination = try text("determination").map { value in
            guard let determination = Determination(rawValue: value) else {
                throw invalid("determination", "one of \(Determination.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return determination
        }
        guard (pathway == nil) == (determination == nil) else {
            throw WebError(.unprocessableContent, "pathway, determination: expected both (cases whose determination for the pathway is the one given) or neither")
        }
        let status = try text("status").map { value in
            guard let status = CaseStatus(rawValue: value) else {
                throw invalid("status", "one of \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return status
        }
        let order = try text("sort").map { value in
            guard let order = CaseQuery.Order(rawValue: value) else {
                throw invalid("sort", "one of \(CaseQuery.Order.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return order
        } ?? .priority
        let offset = try number("offset", 0...Int(Int32.max), "a whole number, 0 or more", default: 0)
        let limit = try number("limit", 1...500, "a whole number from 1 to 500", default: configuration.pageSize)
        return CaseQuery(pathway: pathway, determination: determination, status: status, district: text("district"),
                         assignedAttorneyID: text("attorney"), caseIDPrefix: text("q"), order: order, offset: offset, limit: limit)
    }

    // MARK: The OpenAPI document

    /// The bundled `Public/openapi.json`.
    static let openAPIDocument: ByteBuffer? = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Public"),
              let data = try? Data(contentsOf: url) else { return nil }
        return ByteBuffer(bytes: data)
    }()

    static func openAPIResponse() -> Response {
        guard let document = openAPIDocument else {
            return Response(status: .internalServerError, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: #"{"error":{"status":500,"message":"The API description is missing from this build."}}"#)))
        }
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "max-age=3600"],
                        body: .init(byteBuffer: document))
    }
}
