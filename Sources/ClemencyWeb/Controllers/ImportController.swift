import ClemencyStore
import ClemencyUseCases
import ClemencyWorkflow
import Foundation
import Hummingbird
import NIOCore

/// Import: upload a file in any format `clemency screen` reads, then see the accepted and rejected
/// rows with their reasons. Screeners and administrators only.
struct ImportController {
    let pages: Pages
    var service: CaseworkService { pages.service }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/imports") { _, context in try await list(context) }
        router.post("/imports") { request, context in try await upload(request, context) }
        router.get("/imports/:id") { _, context in try await show(context.parameters.requireDecoded("id"), context) }
    }

    struct ListPage {
        struct Row {
            let link: String
            let fileName: String
            let at: String
            let actor: String
            let created: Int
            let updated: Int
            let unchanged: Int
            let rejected: Int
            let outOfScope: Int
        }

        let layout: Layout
        let rows: [Row]
        let hasRows: Bool
        let formats: [String]
        let csrfToken: String
    }

    func list(_ context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser([.administrator, .screener], to: "import case records")
        let records = try await service.importRecords(for: user)
        let page = ListPage(layout: Layout(title: "Import", context: context),
                            rows: records.map { record in
                                ListPage.Row(link: "/imports/\(record.id)", fileName: record.fileName, at: DisplayFormat.date(record.at),
                                             actor: record.actor, created: record.created, updated: record.updated, unchanged: record.unchanged,
                                             rejected: record.rejected.count, outOfScope: record.outOfScope.count)
                            },
                            hasRows: !records.isEmpty, formats: InputFormat.allCases.map(\.rawValue), csrfToken: context.csrfToken)
        return pages.renderer.response(page, template: "imports")
    }

    func upload(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let record = try await Self.importUpload(request, context, service: service, maxBytes: pages.configuration.maxUploadBytes)
        return .redirect(to: "/imports/\(record.id)", type: .normal)
    }

    /// Reads the multipart import form and imports its file (shared with the API).
    static func importUpload(_ request: Request, _ context: AppRequestContext, service: CaseworkService, maxBytes: Int) async throws -> ImportRecord {
        let user = try context.requireUser([.administrator, .screener], to: "import case records")
        var request = request
        let upload = try await request.decodeUpload(maxBytes: maxBytes)
        return try await importFile(upload, storedExtension: nil, by: user, service: service)
    }

    /// Checks the chosen format, saves the file's bytes to a private temporary file and imports it
    /// (shared with the API's raw-body upload).
    ///
    /// - Parameter storedExtension: How the bytes are read (`csv`, `jsonl`, `json`); `nil` to go by
    ///   the file name's extension (CSV when it has none the readers know).
    static func importFile(_ upload: Request.Upload, storedExtension: String?, by user: UserAccount,
                           service: CaseworkService) async throws -> ImportRecord {
        let format: InputFormat?
        if let name = upload.format {
            guard let chosen = InputFormat(rawValue: name) else {
                throw WebError(.unprocessableContent, "format: expected one of \(InputFormat.allCases.map(\.rawValue).joined(separator: ", ")), or empty to detect it")
            }
            format = chosen
        } else {
            format = nil
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("clemency-upload-\(SecretToken.make())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: directory) }
        let extensionPart = storedExtension ?? (upload.fileName as NSString).pathExtension.lowercased()
        let path = directory.appendingPathComponent("upload." + (["csv", "jsonl", "json", "ndjson"].contains(extensionPart) ? extensionPart : "csv")).path
        guard FileManager.default.createFile(atPath: path, contents: Data(upload.bytes.readableBytesView), attributes: [.posixPermissions: 0o600]) else {
            throw WebError(.internalServerError, "The upload could not be stored for reading.")
        }
        let bytes = upload.bytes.readableBytesView
        guard !bytes.isEmpty else { throw WebError(.unprocessableContent, "The file \(upload.fileName) is empty.") }
        // A NUL byte, or bytes that are not UTF-8, mean this is not a CSV or JSON text file.
        guard !bytes.contains(0), String(validating: bytes, as: UTF8.self) != nil else {
            throw WebError(.unprocessableContent, "The file \(upload.fileName) is not a CSV, JSON Lines or JSON text file.")
        }
        do {
            return try await service.importFile(at: path, fileName: upload.fileName, format: format, by: user, now: Date())
        } catch let problem as InputProblem {
            // Say it in the page's words: the file as the person named it, the form's menu rather than a command-line flag.
            let expected = problem.expected.replacingOccurrences(of: "or name it with --input-format", with: "or choose the record format on the import form")
            throw InputProblem(file: upload.fileName, line: problem.line, field: problem.field, value: String(problem.value.prefix(200)),
                               expected: expected)
        }
    }

    struct AcceptedRow {
        let line: Int
        let caseID: String
        let link: String
        let outcome: String
    }

    struct ShowPage {
        struct Rejection {
            let line: Int
            let problems: [String]
            let values: String
        }

        let layout: Layout
        let fileName: String
        let format: String
        let digest: String
        let at: String
        let actor: String
        let created: Int
        let updated: Int
        let unchanged: Int
        let accepted: [AcceptedRow]
        let hasAccepted: Bool
        let rejected: [Rejection]
        let rejectedCount: Int
        let hasRejected: Bool
        let outOfScope: [Rejection]
        let hasOutOfScope: Bool
    }

    func show(_ id: String, _ context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser([.administrator, .screener], to: "see imports")
        let record = try await service.importRecord(id: id, for: user)
        func rows(_ list: [ImportRecord.Rejection]) -> [ShowPage.Rejection] {
            list.map { ShowPage.Rejection(line: $0.line, problems: $0.problems,
                                          values: $0.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")) }
        }
        let page = ShowPage(layout: Layout(title: "Import of \(record.fileName)", context: context), fileName: record.fileName,
                            format: record.format, digest: record.fileDigest, at: DisplayFormat.date(record.at), actor: record.actor,
                            created: record.created, updated: record.updated, unchanged: record.unchanged,
                            accepted: record.accepted.map {
                                AcceptedRow(line: $0.line, caseID: $0.caseID, link: "/cases/\($0.caseID.urlPathEncoded)", outcome: $0.outcome.rawValue)
                            },
                            hasAccepted: !record.accepted.isEmpty,
                            rejected: rows(record.rejected), rejectedCount: record.rejected.count, hasRejected: !record.rejected.isEmpty,
                            outOfScope: rows(record.outOfScope), hasOutOfScope: !record.outOfScope.isEmpty)
        return pages.renderer.response(page, template: "import")
    }
}
