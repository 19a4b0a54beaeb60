import Foundation
import Hummingbird
import Logging
import NIOCore

/// Turns every error into a response: JSON `{"error": {"status", "message"}}` under `/api/`, an
/// HTML error page elsewhere, and a redirect to the sign-in page for a browser not signed in.
/// Logs the status and the error's type only: never case data.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let renderer: PageRenderer

    /// The heading of an error page: plain words for the statuses people meet (the code stays beside it),
    /// so that a refused step does not read like a conflict of interest.
    static func heading(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: return "The request could not be read"
        case 401: return "Sign in first"
        case 403: return "Not allowed"
        case 404: return "Not found"
        case 409: return "Not done"
        case 413: return "Too large"
        case 422: return "Please check what was entered"
        case 429: return "Too many attempts"
        default: return status.reasonPhrase
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let webError = WebError.from(error)
            if webError.status.code >= 500 {
                context.logger.error("request failed", metadata: ["status": "\(webError.status.code)", "error_type": "\(type(of: error))"])
            }
            let isAPI = request.uri.path.hasPrefix("/api/")
            if !isAPI, webError.status == .unauthorized {
                let next = request.uri.path == "/" ? "" : "?next=" + (request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/-_"))) ?? "")
                return .redirect(to: "/login" + next, type: .normal)
            }
            var response: Response
            if isAPI {
                let body = ErrorBody(error: .init(status: Int(webError.status.code), message: webError.message))
                let data = (try? JSONEncoder().encode(body)) ?? Data()
                response = Response(status: webError.status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
                if webError.status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
            } else {
                let heading = Self.heading(for: webError.status)
                let page = ErrorPage(layout: Layout(title: heading, context: context),
                                     status: Int(webError.status.code), reason: heading, message: webError.message)
                response = renderer.response(page, template: "error", status: webError.status)
            }
            if let retry = webError.retryAfter { response.headers[.retryAfter] = String(retry) }
            return response
        }
    }

    struct ErrorBody: Encodable {
        struct Detail: Encodable {
            let status: Int
            let message: String
        }

        let error: Detail
    }
}

/// The error page.
struct ErrorPage {
    let layout: Layout
    let status: Int
    let reason: String
    let message: String
}
