import Foundation
import Hummingbird
import MultipartKit
import NIOCore
extension Request {
    /// Decodes a URL-encoded form body (or a JSON body, for the API).
    ///
    /// - Throws: `WebError` 422 naming the expected fields when the body does not decode.
    mutating func decodeForm<Form: Decodable>(_ type: Form.Type, context: AppRequestContext, maxBytes: Int = 1 << 20) async throws -> Form {
        let body = try await collectBody(upTo: maxBytes)
        let contentType = headers[.contentType] ?? ""
        do {
            if contentType.hasPrefix("application/json") {
                return try JSONDecoder().decode(Form.self, from: Data(body.readableBytesView))
            }
            return try URLEncodedFormDecoder().decode(Form.self, from: String(buffer: body))
        } catch let error as DecodingError {
            throw WebError(.unprocessableContent, "The form is incomplete: \(Self.describe(error)).")
        }
    }

    /// The import form: one uploaded file and the record format chosen (empty to detect it).
    struct Upload {
        let fileName: String
        let bytes: ByteBuffer
        let format: String?
    }

    /// Reads the multipart import form (`file`, optional `format`).
    ///
    /// - Throws: `WebError` 422 when it is not multipart or has no file.
    mutating func decodeUpload(maxBytes: Int) async throws -> Upload {
        let contentType = headers[.contentType] ?? ""
        guard contentType.hasPrefix("multipart/form-data"), let boundary = CSRFMiddleware.boundary(of: contentType) else {
            throw WebError(.unprocessableContent, "Expected a file upload (multipart/form-data with a file field named file).")
        }
        let body = try await collectBody(upTo: maxBytes)
        let parts: [MultipartPart]
        do {
            parts = try Self.parts(of: body, boundary: boundary)
        } catch {
            throw WebError(.unprocessableContent, "The upload could not be read as a form.")
        }
        guard let file = parts.first(where: { $0.name == "file" }), file.body.readableBytes > 0 || Self.fileName(of: file) != nil else {
            throw WebError(.unprocessableContent, "Choose a file to import.")
        }
        guard file.body.readableBytes > 0 else {
            throw WebError(.unprocessableContent, "The file \(Self.fileName(of: file) ?? "") is empty: there is nothing to import.")
        }
        let format = parts.first { $0.name == "format" }.map { String(buffer: $0.body).trimmingCharacters(in: .whitespaces) }
        return Upload(fileName: Self.fileName(of: file) ?? "upload.csv", bytes: file.body, format: format.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// Splits a multipart body into its parts with MultipartKit's parser.
    static func parts(of body: ByteBuffer, boundary: String) throws -> [MultipartPart] {
        let parser = MultipartParser(boundary: boundary)
        var parts: [MultipartPart] = []
        var headers = HTTPHeaders()
        var partBody = ByteBuffer()
        parser.onHeader = { name, value in headers.add(name: name, value: value) }
        parser.onBody = { chunk in partBody.writeBuffer(&chunk) }
        parser.onPartComplete = {
            parts.append(MultipartPart(headers: headers, body: partBody))
            headers = HTTPHeaders()
            partBody = ByteBuffer()
        }
        try parser.execute(body)
        return parts
    }

    static func fileName(of part: MultipartPart) -> String? {
        guard let disposition = part.headers.first(name: "Content-Disposition") else { return nil }
        for item in disposition.split(separator: ";") {
            let item = item.trimmingCharacters(in: .whitespaces)
            if item.hasPrefix("filename=") {
                let name = item.dropFirst("filename=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                // Keep the last path component only, and only characters safe in a report.
                let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? name
                return last.isEmpty ? nil : String(last.prefix(200))
            }
        }
        return nil
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): return "the field \(key.stringValue) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "the field \(path) is not valid"
        @unknown default: return "it could not be read"
        }
    }
}
