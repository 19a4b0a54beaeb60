import ClemencyStore
import Foundation
import HTTPTypes
import Hummingbird
import MultipartKit
import NIOCore

/// Refuses any state-changing request made with a session cookie unless it carries the session's
/// CSRF token: the `csrf_token` field of the form (URL-encoded or multipart) or the `X-CSRF-Token`
/// header. Requests with an API token are exempt (browsers never attach one on their own), as is
/// the sign-in form, which has its own double-submit check.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let header = HTTPField.Name("X-CSRF-Token")
    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method != .get, request.method != .head, case .session(let session) = context.credential else {
            return try await next(request, context)
        }
        var request = request
        var presented = Self.header.flatMap { request.headers[$0] }
        if presented == nil {
            let body = try await request.collectBody(upTo: maxBodyBytes)
            presented = Self.formToken(body: body, contentType: request.headers[.contentType] ?? "")
        }
        guard let presented, SecretToken.constantTimeEqual(presented, session.csrfToken) else { throw WebError.csrf }
        return try await next(request, context)
    }

    /// The `csrf_token` field of a URL-encoded or multipart form body.
    static func formToken(body: ByteBuffer, contentType: String) -> String? {
        struct TokenField: Decodable { let csrf_token: String }
        if contentType.hasPrefix("application/x-www-form-urlencoded") {
            return try? URLEncodedFormDecoder().decode(TokenField.self, from: String(buffer: body)).csrf_token
        }
        if contentType.hasPrefix("multipart/form-data"), let boundary = boundary(of: contentType) {
            return try? FormDataDecoder().decode(TokenField.self, from: body, boundary: boundary).csrf_token
        }
        return nil
    }

    /// The boundary parameter of a multipart content type.
    static func boundary(of contentType: String) -> String? {
        contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.hasPrefix("boundary=") }
            .map { String($0.dropFirst("boundary=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
    }
}
