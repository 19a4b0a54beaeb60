import ClemencyRules
import Foundation

/// One record of an input file: its line and its values by field name.
public struct InputRecord: Sendable, Hashable {
    /// The line the record starts on (CSV, JSON Lines) or its position in a JSON array.
    public let line: Int
    /// Field name → text as found.
    public let values: [String: String]
    /// The field names in the order of the file's header (CSV) or the object (JSON).
    public let fieldOrder: [String]
}

/// The physical layout of an input file.
public enum InputLayout: String, Sendable, CaseIterable {
    /// Comma-separated values with a header row.
    case csv
    /// One JSON object per line.
    case jsonLines = "jsonl"
    /// A JSON array of objects.
    case jsonArray = "json"
}

/// Reads the records of a CSV, JSON Lines or JSON file one at a time, so memory stays flat however
/// large the file.
public final class RecordReader: IteratorProtocol, Sequence {
    /// The file's path as given.
    public let path: String
    /// The layout.
    public let layout: InputLayout
    /// The CSV header (or the first JSON object's keys).
    public private(set) var header: [String] = []
    private var csv: CSVRecordParser?
    private var lines: LineReader?
    private var array: [[String: Any]] = []
    private var index = 0
    private var line = 1
    private var peeked: (Int, String)?

    private func nextLine() -> (Int, String)? {
        if let first = peeked {
            peeked = nil
            return first
        }
        guard let text = lines?.next() else { return nil }
        line += 1
        return (line, text)
    }
    /// A problem that stopped reading (malformed CSV or JSON), if any.
    public private(set) var failure: InputProblem?

    /// Opens a file; the layout is detected from the extension and the first character when not given.
    ///
    /// - Throws: `InputProblem` when the file cannot be read or has no header.
    public init(path: String, layout: InputLayout? = nil) throws {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
            FileManager.default.isReadableFile(atPath: path)
        else {
            throw InputProblem(file: path, line: 0, field: "(file)", value: path, expected: "a readable file (not a folder)")
        }
        let detected = try layout ?? RecordReader.detectLayout(path: path)
        self.layout = detected
        switch detected {
        case .csv:
            let reader = try CSVRecordParser(path: path)
            guard let header = reader.next(), !(header.fields.count == 1 && header.fields[0].trimmed.isEmpty) else {
                throw InputProblem(file: path, line: 1, field: "(header)", value: "", expected: "a header row naming the fields")
            }
            self.header = header.fields.map { $0.trimmed }
            csv = reader
        case .jsonLines:
            let reader = try LineReader(path: path)
            lines = reader
            line = 0
            // The header is the first object's keys, read now so that the format can be detected; the
            // object itself is kept and returned first.
            while let text = reader.next() {
                line += 1
                if text.trimmed.isEmpty { continue }
                peeked = (line, text)
                if let data = text.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
                    header = object.keys.sorted()
                }
                break
            }
        case .jsonArray:
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard let objects = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
                throw InputProblem(file: path, line: 1, field: "(file)", value: "", expected: "a JSON array of case objects")
            }
            array = objects
            header = objects.first.map { Array($0.keys).sorted() } ?? []
        }
    }

    static func detectLayout(path: String) throws -> InputLayout {
        let lower = path.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .jsonLines }
        if lower.hasSuffix(".csv") { return .csv }
        guard let handle = FileHandle(forReadingAtPath: path) else { return .csv }
        defer { try? handle.close() }
        let head = String(decoding: handle.readData(ofLength: 64), as: UTF8.self).drop { $0.isWhitespace }
        if head.hasPrefix("[") { return .jsonArray }
        if head.hasPrefix("{") { return .jsonLines }
        return .csv
    }

    /// A CSV record not yet split into fields (so that splitting can run on another thread).
    public struct RawCSVRecord: Sendable {
        /// The line the record starts on.
        public let line: Int
        let bytes: [UInt8]
    }

    /// For CSV files: the next record without splitting it, or `nil` at the end of the file or after a
    /// failure (an unterminated quote sets `failure`). Split it with `record(from:header:)`.
    public func nextRaw() -> RawCSVRecord? {
        guard failure == nil, layout == .csv, let csv else { return nil }
        guard let (bytes, start) = csv.nextRaw() else { return nil }
        if let open = csv.unterminatedQuoteLine {
            failure = InputProblem(file: path, line: open, field: "(record)", value: "a quoted field with no closing quote",
                                   expected: "valid CSV (RFC 4180)")
            return nil
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return nextRaw() }
        return RawCSVRecord(line: start, bytes: bytes)
    }

    /// Splits a raw CSV record into a record of values by field name (thread-safe: needs only the header).
    public static func record(from raw: RawCSVRecord, header: [String]) -> InputRecord {
        record(fields: CSVRecordParser.fields(of: raw.bytes), line: raw.line, header: header)
    }

    static func record(fields: [String], line: Int, header: [String]) -> InputRecord {
        var values: [String: String] = Dictionary(minimumCapacity: header.count)
        for (name, value) in zip(header, fields) { values[name] = value }
        if fields.count != header.count {
            values["__field_count__"] = "\(fields.count) of \(header.count)"
        }
        return InputRecord(line: line, values: values, fieldOrder: header)
    }

    /// The next record, or `nil` at the end of the file or after a failure.
    public func next() -> InputRecord? {
        guard failure == nil else { return nil }
        switch layout {
        case .csv:
            return nextRaw().map { Self.record(from: $0, header: header) }
        case .jsonLines:
            while let (number, text) = nextLine() {
                let line = number
                if text.trimmed.isEmpty { continue }
                guard let data = text.data(using: .utf8),
                    let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
                else {
                    return InputRecord(line: line, values: ["__invalid_json__": String(text.prefix(200))], fieldOrder: [])
                }
                if header.isEmpty { header = object.keys.sorted() }
                return InputRecord(line: line, values: RecordReader.flatten(object), fieldOrder: object.keys.sorted())
            }
            return nil
        case .jsonArray:
            guard index < array.count else { return nil }
            defer { index += 1 }
            return InputRecord(line: index + 1, values: RecordReader.flatten(array[index]), fieldOrder: array[index].keys.sorted())
        }
    }

    /// Turns a JSON object into field → text. A `drugs` list of `{drug, quantity, unit}` becomes
    /// the CSV form "drug:quantity unit;…".
    static func flatten(_ object: [String: Any]) -> [String: String] {
        var values: [String: String] = [:]
        for (key, value) in object {
            switch value {
            case let text as String: values[key] = text
            case is NSNull: values[key] = ""
            case let number as NSNumber:
                if String(cString: number.objCType) == "c" {
                    values[key] = number.boolValue ? "yes" : "no"
                } else {
                    values[key] = number.stringValue
                }
            case let list as [[String: Any]] where key == "drugs":
                values[key] = list.map { entry in
                    let drug = entry["drug"].map { "\($0)" } ?? ""
                    let quantity = entry["quantity"].map { "\($0)" } ?? ""
                    let unit = entry["unit"].map { "\($0)" } ?? ""
                    return "\(drug):\(quantity)\(unit)"
                }.joined(separator: ";")
            default:
                if let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) {
                    values[key] = String(decoding: data, as: UTF8.self)
                }
            }
        }
        return values
    }
}

/// Reads a text file line by line in fixed-size chunks.
///
/// Used by one thread at a time (it may be handed to another thread, as the spool reader is).
final class LineReader: @unchecked Sendable {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var offset = 0
    private var atEnd = false

    init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputProblem(file: path, line: 0, field: "(file)", value: path, expected: "a readable file")
        }
        self.handle = handle
    }

    deinit { try? handle.close() }

    /// The next line without its line break (and without a carriage return before it), or `nil` at the end.
    func next() -> String? {
        while true {
            if let newline = buffer[offset...].firstIndex(of: 0x0A) {
                var end = newline
                if end > offset, buffer[end - 1] == 0x0D { end -= 1 }
                let line = String(decoding: buffer[offset..<end], as: UTF8.self)
                offset = newline + 1
                return line
            }
            if atEnd {
                guard offset < buffer.count else { return nil }
                defer { offset = buffer.count }
                return String(decoding: buffer[offset...], as: UTF8.self)
            }
            // Keep the unfinished line, drop what was read, and append the next chunk.
            buffer.removeFirst(offset)
            offset = 0
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { atEnd = true } else { buffer.append(contentsOf: chunk) }
        }
    }
}
