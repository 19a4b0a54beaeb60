import Mustache

/// The HTML escaping of every page and report: `&`, `<`, `>`, `"` and `'` become character references,
/// byte by byte on the UTF-8 text.
///
/// Working on bytes escapes every quote whatever follows it; mustache's own HTML escaper works per grapheme
/// cluster, and a quote followed by a combining mark (`"\u{0338}`) forms one cluster it leaves unescaped.
public enum HTMLEscaping {
    /// `text` with `& < > " '` replaced by `&amp; &lt; &gt; &quot; &#39;`.
    public static func escape(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(utf8.count + 32)
        for byte in utf8 {
            switch byte {
            case 0x26: output.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])  // &amp;
            case 0x3C: output.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])  // &lt;
            case 0x3E: output.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])  // &gt;
            case 0x22: output.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])  // &quot;
            case 0x27: output.append(contentsOf: [0x26, 0x23, 0x33, 0x39, 0x3B])  // &#39;
            default: output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

/// The mustache content type of every HTML template, the pages' and the report's: `HTMLEscaping.escape`.
///
/// Templates select it with `{{% CONTENT_TYPE: HTML_BYTES}}` once it is registered under `name`.
public struct HTMLBytesContentType: MustacheContentType {
    /// The name templates use in their `CONTENT_TYPE` pragma.
    public static let name = "HTML_BYTES"

    /// Creates the content type.
    public init() {}

    /// `text` escaped by `HTMLEscaping.escape`.
    public func escapeText(_ text: String) -> String { HTMLEscaping.escape(text) }
}
