import ClemencyRules

/// The outcome of reading one record: decoded facts, or a rejection with its problems.
public enum DecodedRecord: Sendable {
    /// The record decoded to facts.
    case facts(CaseFacts, line: Int)
    /// The record was rejected; nothing of it was dropped (the values are kept).
    case rejected(CaseRecordRejection, line: Int)
}

/// A record read but not yet split or decoded.
public enum PendingRecord: Sendable {
    /// A CSV record not yet split into fields.
    case csv(RecordReader.RawCSVRecord)
    /// A record already split (JSON).
    case record(InputRecord)

    /// The record split into values by field name.
    public func materialized(header: [String]) -> InputRecord {
        switch self {
        case .csv(let raw): return RecordReader.record(from: raw, header: header)
        case .record(let record): return record
        }
    }

    /// The line the record starts on.
    public var line: Int {
        switch self {
        case .csv(let raw): return raw.line
        case .record(let record): return record.line
        }
    }
}

/// Reads case records from files in any layout `clemency screen` accepts and decodes them one at a time.
public struct CaseInputSource: Sendable {
    /// The case-format decoder.
    public let decoder: CaseRecordDecoder
    let grantList: GrantListImporter
    let ussc: USSCDatafileImporter

    /// Creates a source.
    public init(law: LawLibrary) {
        decoder = CaseRecordDecoder(law: law)
        grantList = GrantListImporter(law: law)
        ussc = USSCDatafileImporter(law: law)
    }

    /// Calls `body` with each record of the file, unsplit for CSV (split it with
    /// `RecordReader.record(from:header:)`, possibly on another thread), with the header and format.
    ///
    /// - Throws: `InputProblem` when the file cannot be opened or its header fits no format.
    public func forEachPendingRecord(in path: String, format: InputFormat? = nil,
                                     _ body: (PendingRecord, [String], InputFormat) throws -> Void) throws {
        let reader = try RecordReader(path: path)
        let chosen = try Self.format(of: reader, given: format)
        let header = reader.header
        if reader.layout == .csv {
            while let raw = reader.nextRaw() { try body(.csv(raw), header, chosen) }
        } else {
            for record in reader { try body(.record(record), header, chosen) }
        }
        if let failure = reader.failure { throw failure }
    }

    /// The record format given, or the one the file's header shows.
    ///
    /// - Throws: `InputProblem` naming the forms expected when the header fits none.
    static func format(of reader: RecordReader, given format: InputFormat?) throws -> InputFormat {
        guard let chosen = format ?? InputFormat.detect(header: reader.header) else {
            throw InputProblem(file: reader.path, line: 1, field: "(header)", value: reader.header.prefix(6).joined(separator: ","),
                               expected: "the case format (a case_id column), the USSC datafile (OffenderID, FinalOffLevel) or the pardon office grant list (offense_as_published, sentence_as_published); or name it with --input-format")
        }
        return chosen
    }

    /// Decodes one raw record in a format.
    public func decode(_ record: InputRecord, format: InputFormat, file path: String, headerCount: Int? = nil) -> DecodedRecord {
        if let count = record.values["__field_count__"] {
            let problem = InputProblem(file: path, line: record.line, field: "(record)", value: "\(count) fields",
                                       expected: "as many fields as the header\(headerCount.map { " (\($0))" } ?? "")")
            return .rejected(CaseRecordRejection(problems: [problem], values: record.values), line: record.line)
        }
        if let text = record.values["__invalid_json__"] {
            let problem = InputProblem(file: path, line: record.line, field: "(record)", value: text, expected: "one JSON object per line")
            return .rejected(CaseRecordRejection(problems: [problem], values: record.values), line: record.line)
        }
        let decoded: Result<CaseFacts, CaseRecordRejection>
        switch format {
        case .caseFormat: decoded = decoder.decode(record.values, file: path, line: record.line)
        case .grantList: decoded = grantList.decode(record.values, file: path, line: record.line)
        case .usscDatafile: decoded = ussc.decode(record.values, file: path, line: record.line)
        }
        switch decoded {
        case .success(let facts): return .facts(facts, line: record.line)
        case .failure(let rejection): return .rejected(rejection, line: record.line)
        }
    }

    /// Decodes a raw CSV record of the case format, splitting it without building a dictionary of its values
    /// (the same outcome as `decode(_:format:file:headerCount:)` on the materialized record).
    func decode(_ raw: RecordReader.RawCSVRecord, header: [String], positions: ColumnPositions, file path: String) -> DecodedRecord {
        let fields = CSVRecordParser.fields(of: raw.bytes)
        guard fields.count == header.count, positions.columns["__field_count__"] == nil, positions.columns["__invalid_json__"] == nil else {
            return decode(RecordReader.record(fields: fields, line: raw.line, header: header), format: .caseFormat, file: path)
        }
        switch decoder.decode(RecordColumns(fields: fields, header: header, positions: positions), file: path, line: raw.line) {
        case .success(let facts): return .facts(facts, line: raw.line)
        case .failure(let rejection): return .rejected(rejection, line: raw.line)
        }
    }

    /// Calls `body` for each record of the file, in order.
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - layout: CSV, JSON Lines or JSON, or `nil` to detect from the name and first character.
    ///   - format: The record format, or `nil` to detect it from the header.
    ///   - body: Receives each decoded or rejected record.
    /// - Returns: The record format used.
    /// - Throws: `InputProblem` when the file cannot be opened, is not CSV/JSON, or its header fits no
    ///   known format; rethrows `body`'s errors.
    @discardableResult
    public func forEachRecord(in path: String, layout: InputLayout? = nil, format: InputFormat? = nil,
                              _ body: (DecodedRecord) throws -> Void) throws -> InputFormat {
        let reader = try RecordReader(path: path, layout: layout)
        let chosen = try Self.format(of: reader, given: format)
        for record in reader {
            try body(decode(record, format: chosen, file: path, headerCount: reader.header.count))
        }
        if let failure = reader.failure { throw failure }
        return chosen
    }
}
