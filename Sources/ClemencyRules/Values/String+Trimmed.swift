extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks (ASCII white space only).
    ///
    /// A standard-library version of Foundation's trimming, which is much slower on Linux; input files
    /// with a million records trim tens of millions of fields.
    public var trimmed: String {
        let text = Substring(self)
        let utf8 = text.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        while start < end, isSpace(utf8[start]) { start = utf8.index(after: start) }
        while end > start, isSpace(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        return String(text[start..<end])
    }
}

extension String {
    /// `StringProtocol.trimmed` for a `String`: the string itself, without a copy, when neither end is white space.
    public var trimmed: String {
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last else { return self }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        if !isSpace(first) && !isSpace(last) { return self }
        return Substring(self).trimmed
    }

    /// `lowercased()`, without Unicode case mapping when the text is ASCII (the same result, much faster):
    /// the string itself when it has no capital letter.
    public var asciiFastLowercased: String {
        var hasCapital = false
        for byte in utf8 {
            if byte >= 0x80 { return lowercased() }
            if byte >= 0x41 && byte <= 0x5A { hasCapital = true }
        }
        guard hasCapital else { return self }
        return String(decoding: utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}
