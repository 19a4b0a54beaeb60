import ClemencyUseCases
import Foundation
import Hummingbird
import Mustache
import NIOCore

/// Renders pages from the bundled mustache templates (`Templates/*.mustache`). Every `{{value}}` is
/// escaped, in text and attributes, by `HTMLBytesContentType` (each template starts with its pragma);
/// templates never use triple braces.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// Loads the bundled templates.
    ///
    /// - Throws: the template parser's error when a template is malformed.
    public init() async throws {
        guard let path = Bundle.module.resourcePath else { throw WebError(.internalServerError, "the web templates are missing from the bundle") }
        MustacheContentTypes.register(HTMLBytesContentType(), named: HTMLBytesContentType.name)
        var library = try await MustacheLibrary(directory: path + "/Templates")
        library.register(try Self.editableFieldOptions(), named: "editable_field_options")
        self.library = library
    }

    /// The choices of the case page's correction form (`{{> editable_field_options}}`), which never
    /// change: rendered once, escaped like any page, into a partial that is plain text, instead of
    /// looking up two values for each of the fields on every case page.
    ///
    /// - Throws: `WebError` if the rendered options would not be plain text as a template (they would
    ///   contain a mustache tag), so that nothing in them is ever interpreted.
    static func editableFieldOptions() throws -> MustacheTemplate {
        let source = try MustacheTemplate(string: "{{% CONTENT_TYPE: \(HTMLBytesContentType.name)}}"
            + "{{#fields}}<option value=\"{{value}}\">{{label}}</option>{{/fields}}")
        let html = source.render(EditableFieldOptions(fields: CaseworkService.editableFields.map { .init(value: $0, label: $0) }))
        let fragment = try MustacheTemplate(string: html)
        guard fragment.render(EditableFieldOptions(fields: [])) == html else {
            throw WebError(.internalServerError, "the editable field choices are not plain text")
        }
        return fragment
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
