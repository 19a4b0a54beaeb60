import ClemencyUseCases
@testable import ClemencyWeb
import Testing

@Suite("HTML escaping of page values")
struct HTMLEscapingTests {
    @Test("The five characters become references; everything else is kept", arguments: [
        ("plain text, no change", "plain text, no change"),
        ("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
        ("a \"quoted\" & <b>bold</b>", "a &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;"),
        ("Núñez → § 404", "Núñez → § 404"),
        // A quote followed by a combining mark is one grapheme: it is still escaped.
        ("x\"\u{0338} onmouseover=alert(1)", "x&quot;\u{0338} onmouseover=alert(1)"),
        ("<\u{0338}img src=x>", "&lt;\u{0338}img src=x&gt;"),
    ])
    func escapes(_ input: String, _ expected: String) {
        #expect(HTMLEscaping.escape(input) == expected)
    }
}
