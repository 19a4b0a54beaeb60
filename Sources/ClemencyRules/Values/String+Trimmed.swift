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
