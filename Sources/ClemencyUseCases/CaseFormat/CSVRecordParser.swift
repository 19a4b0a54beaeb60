import Foundation

/// Reads CSV records (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes, CRLF) from a
/// file in 1 MiB chunks, tracking the physical line each record starts on.
///
/// The law tables are read with CSV.swift; input files are read with this parser because they can
/// hold millions of records and CSV.swift decodes one byte at a time through type-erased iterators
/// (about 16 µs for a 39-field record here, against about 1 µs for this parser).
final class CSVRecordParser {
    private let handle: FileHandle
    private var chunk: [UInt8] = []
    private var position = 0
    private var atEnd = false
    /// The line the next record starts on (1-based).
    private(set) var line = 1
    /// Set when the file ends inside a quoted field.
    private(set) var unterminatedQuoteLine: Int?

    init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputProblem(file: path, line: 0, field: "(file)", value: path, expected: "a readable file")
        }
        self.handle = handle
        refill()
        // A UTF-8 byte-order mark is not part of the first field.
        if chunk.count >= 3, chunk[0] == 0xEF, chunk[1] == 0xBB, chunk[2] == 0xBF { position = 3 }
    }

    deinit { try? handle.close() }

    private func refill() {
        guard !atEnd else { return }
        let data = handle.readData(ofLength: 1 << 20)
        if data.isEmpty {
            atEnd = true
            chunk = []
        } else {
            chunk = Array(data)
        }
        position = 0
    }

    @inline(__always) private func nextByte() -> UInt8? {
        if position >= chunk.count {
            refill()
            if position >= chunk.count { return nil }
        }
        defer { position += 1 }
        return chunk[position]
    }

    @inline(__always) private func peekByte() -> UInt8? {
        if position >= chunk.count {
            refill()
            if position >= chunk.count { return nil }
        }
        return chunk[position]
    }

    /// The next record's raw bytes (without its line break) and the line it starts on, or `nil` at the
    /// end of the file. Only quotes are interpreted, to find where the record ends; `fields(of:)` splits it.
    func nextRaw() -> (bytes: [UInt8], line: Int)? {
        guard peekByte() != nil else { return nil }
        let start = line
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        var quoted = false
        while let byte = nextByte() {
            if byte == 0x22 { quoted.toggle() }
            if byte == 0x0A {
                line += 1
                if !quoted {
                    if bytes.last == 0x0D { bytes.removeLast() }
                    return (bytes, start)
                }
            }
            bytes.append(byte)
        }
        if quoted { unterminatedQuoteLine = start }
        return (bytes, start)
    }

    /// Splits a raw record into its fields (RFC 4180 quoting).
    static func fields(of bytes: [UInt8]) -> [String] {
        var fields: [String] = []
        fields.reserveCapacity(48)
        var field: [UInt8] = []
        field.reserveCapacity(64)
        var quoted = false
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            index += 1
            if quoted {
                if byte == 0x22 {
                    if index < count, bytes[index] == 0x22 {
                        field.append(0x22)
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case 0x22 where field.isEmpty:
                quoted = true
            case 0x2C:
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            default:
                field.append(byte)
            }
        }
        fields.append(String(decoding: field, as: UTF8.self))
        return fields
    }

    /// The next record's fields and the line it starts on, or `nil` at the end of the file.
    func next() -> (fields: [String], line: Int)? {
        guard let (bytes, start) = nextRaw() else { return nil }
        return (Self.fields(of: bytes), start)
    }
}
