import ClemencyUseCases
import Mustache

/// The HTML escaping of every page: `&`, `<`, `>`, `"` and `'` become character references,
/// byte by byte on the UTF-8 text.
///
/// Templates select it with `{{% CONTENT_TYPE: HTML_BYTES}}` (registered by `PageRenderer`).
/// Mustache's own HTML escaper looks characters up in a dictionary per grapheme cluster: slower, and
/// a quote followed by a combining mark (`"\u{0338}`) forms one grapheme that it does not escape,
/// which would end an attribute value early. Working on bytes escapes every quote whatever follows it.
struct ByteHTMLContentType: MustacheContentType {
    /// The name templates use in their `CONTENT_TYPE` pragma.
    static let name = "HTML_BYTES"

    func escapeText(_ text: String) -> String { Self.escape(text) }

    /// `text` with `& < > " '` replaced by `&amp; &lt; &gt; &quot; &#39;` (`HTMLEscaping.escape`).
    static func escape(_ text: String) -> String { HTMLEscaping.escape(text) }
}
