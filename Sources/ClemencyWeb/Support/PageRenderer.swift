import Foundation
import Hummingbird
import Mustache
import NIOCore

/// Renders pages from the bundled mustache templates (`Templates/*.mustache`). Every `{{value}}` is
/// escaped, in text and attributes, by `ByteHTMLContentType` (each template starts with its pragma);
/// templates never use triple braces.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// Loads the bundled templates.
    ///
    /// - Throws: the template parser's error when a template is malformed.
    public init() async throws {
        guard let path = Bundle.module.resourcePath else { throw WebError(.internalServerError, "the web templates are missing from the bundle") }
        MustacheContentTypes.register(ByteHTMLContentType(), named: ByteHTMLContentType.name)
        library = try await MustacheLibrary(directory: path + "/Templates")
    }

    /// The HTML of a page.
    func html(_ page: some Any, template: String) -> String {
        library.render(page, withTemplate: template) ?? "<!DOCTYPE html><title>Error</title><p>The page template \(template) is missing.</p>"
    }

    /// An HTML response.
    func response(_ page: some Any, template: String, status: HTTPResponse.Status = .ok) -> Response {
        Self.htmlResponse(html(page, template: template), status: status)
    }

    static func htmlResponse(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
