import ClemencyRules

/// The outcome of reading one record: decoded facts, or a rejection with its problems.
public enum DecodedRecord: Sendable {
    /// The record decoded to facts.
    case facts(CaseFacts, line: Int)
    /// The record was rejected; nothing of it was dropped (the values are kept).
    case rejected(CaseRecordRejection, line: Int)
}

/// Reads case-format records from files and decodes them one at a time.
public struct CaseInputSource: Sendable {
    /// The decoder.
    public let decoder: CaseRecordDecoder

    /// Creates a source.
    public init(law: LawLibrary) { decoder = CaseRecordDecoder(law: law) }

    /// Calls `body` for each record of the file, in order.
    ///
    /// - Throws: `InputProblem` when the file cannot be opened or is not CSV/JSON; rethrows `body`'s errors.
    public func forEachRecord(in path: String, layout: InputLayout? = nil,
                              _ body: (DecodedRecord) throws -> Void) throws {
        let reader = try RecordReader(path: path, layout: layout)
        for record in reader {
            if let count = record.values["__field_count__"] {
                let problem = InputProblem(file: path, line: record.line, field: "(record)", value: "\(count) fields",
                                           expected: "as many fields as the header (\(reader.header.count))")
                try body(.rejected(CaseRecordRejection(problems: [problem], values: record.values), line: record.line))
                continue
            }
            if let text = record.values["__invalid_json__"] {
                let problem = InputProblem(file: path, line: record.line, field: "(record)", value: text, expected: "one JSON object per line")
                try body(.rejected(CaseRecordRejection(problems: [problem], values: record.values), line: record.line))
                continue
            }
            switch decoder.decode(record.values, file: path, line: record.line) {
            case .success(let facts): try body(.facts(facts, line: record.line))
            case .failure(let rejection): try body(.rejected(rejection, line: record.line))
            }
        }
        if let failure = reader.failure { throw failure }
    }
}
