internal import Foundation
internal import GRDB
import ClemencyRules
import ClemencyStore

/// A row of `screening_result`: one case's outcome in a run.
///
/// `run_key` names the run by its key in `screening_run_key`; `determinations` holds one code per
/// pathway of the run (`screening_run_pathway` order): `e` eligible, `i` ineligible, `n` needs
/// information, `-` none for this case (the letters of `DeterminationLetters`). Rows written before migration 0101 hold a JSON object of
/// determination by pathway key instead, which is still read.
struct ScreeningResultRecord: Codable, Hashable {
    var runKey: Int64
    var caseID: String
    var district: String?
    var rank: Int
    var score: Int
    var sentenceImposed: String?
    var estimatedSentenceToday: String?
    var reductionMonths: Int?
    var overservedMonths: Int?
    var determinations: String

    // Explicit keys instead of `convertFromSnakeCase`, which reads `case_id` as `caseId`, not `caseID`.
    enum CodingKeys: String, CodingKey {
        case runKey = "run_key"
        case caseID = "case_id"
        case district
        case rank
        case score
        case sentenceImposed = "sentence_imposed"
        case estimatedSentenceToday = "estimated_sentence_today"
        case reductionMonths = "reduction_months"
        case overservedMonths = "overserved_months"
        case determinations
    }
}

extension ScreeningResultRecord: FetchableRecord, PersistableRecord {
    static var databaseTableName: String { "screening_result" }

    /// The columns used in requests.
    enum Columns {
        static let runKey = Column(CodingKeys.runKey)
        static let caseID = Column(CodingKeys.caseID)
        static let district = Column(CodingKeys.district)
        static let rank = Column(CodingKeys.rank)
        static let score = Column(CodingKeys.score)
        static let sentenceImposed = Column(CodingKeys.sentenceImposed)
        static let estimatedSentenceToday = Column(CodingKeys.estimatedSentenceToday)
        static let reductionMonths = Column(CodingKeys.reductionMonths)
        static let overservedMonths = Column(CodingKeys.overservedMonths)
        static let determinations = Column(CodingKeys.determinations)
    }

    /// Rows per insert statement when `SQLiteStore.saveRun` records a run (10 values a row, well under
    /// SQLite's 32,766 variables). Records could insert themselves, but encoding each one through
    /// `Encodable` costs more than binding ten values; a run can hold a million results.
    static let rowsPerInsert = 64

    /// The insert of `rows` results in one statement.
    static func insertSQL(rows: Int) -> String {
        "INSERT INTO screening_result (run_key, case_id, district, rank, score, sentence_imposed, estimated_sentence_today, "
            + "reduction_months, overserved_months, determinations) VALUES "
            + Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: rows).joined(separator: ", ")
    }

    /// The values of one row for `insertSQL(rows:)`, in its column order.
    var insertArguments: StatementArguments {
        [
            runKey, caseID, district, rank, score, sentenceImposed, estimatedSentenceToday, reductionMonths,
            overservedMonths, determinations,
        ]
    }
}

/// The integer key of each run, which its results name it by (`screening_run_key`).
enum ScreeningRunKey {
    /// Gives a newly inserted run its key.
    static func insert(runID: String, _ db: Database) throws -> Int64 {
        try db.execute(sql: "INSERT INTO screening_run_key (run_id) VALUES (?)", arguments: [runID])
        return db.lastInsertedRowID
    }

    /// The key of a run, or `nil` when it has none.
    static func fetch(runID: String, _ db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT run_key FROM screening_run_key WHERE run_id = ?", arguments: [runID])
    }

    /// Lists a run's pathways in the order of its results' codes.
    static func insertPathways(_ pathways: [String], runKey: Int64, _ db: Database) throws {
        let insert = try db.makeStatement(sql: "INSERT INTO screening_run_pathway (run_key, position, pathway) VALUES (?, ?, ?)")
        for (position, pathway) in pathways.enumerated() {
            try insert.execute(arguments: [runKey, position, pathway])
        }
    }

    /// A run's pathways in the order of its results' codes (empty for runs recorded before 0101).
    static func pathways(runKey: Int64, _ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT pathway FROM screening_run_pathway WHERE run_key = ? ORDER BY position", arguments: [runKey])
    }
}

extension ScreeningResultRecord {
    /// Decodes a row by column name, without `Decodable`, which costs several times more a row.
    ///
    /// - Throws: `RowDecodingError` when a column is missing or NULL where the schema forbids it.
    init(row: Row) throws {
        runKey = try row.decode(forColumn: Columns.runKey)
        caseID = try row.decode(forColumn: Columns.caseID)
        district = try row.decode(forColumn: Columns.district)
        rank = try row.decode(forColumn: Columns.rank)
        score = try row.decode(forColumn: Columns.score)
        sentenceImposed = try row.decode(forColumn: Columns.sentenceImposed)
        estimatedSentenceToday = try row.decode(forColumn: Columns.estimatedSentenceToday)
        reductionMonths = try row.decode(forColumn: Columns.reductionMonths)
        overservedMonths = try row.decode(forColumn: Columns.overservedMonths)
        determinations = try row.decode(forColumn: Columns.determinations)
    }
}

extension DerivableRequest<ScreeningResultRecord> {
    /// The results of one run.
    func filter(runKey: Int64) -> Self {
        filter { $0.runKey == runKey }
    }

    /// Rank order, ties by case id.
    func orderedByRank() -> Self {
        order { [$0.rank, $0.caseID] }
    }
}

// MARK: - Mapping

extension ScreeningResultRecord {
    /// The positions of a run's pathways in the codes of its results, growing as pathways are met
    /// (a pathway first met later is added at the end; earlier rows' shorter codes read it as none).
    struct PathwayPositions {
        /// The pathways by position.
        private(set) var keys: [String] = []
        private var positions: [String: Int] = [:]

        /// One code per known pathway for a result: its letters as they are when the producer gave them
        /// for the same pathways (one shared array, so the comparison is immediate), else worked out.
        mutating func codes(for result: ScreeningRunResult) -> String {
            if let given = result.letters {
                if keys.isEmpty {
                    keys = given.pathways
                    for (position, key) in keys.enumerated() { positions[key] = position }
                }
                if given.pathways == keys { return String(given.letters) }
            }
            return codes(for: result.determinations)
        }

        /// One code per known pathway for a set of determinations.
        mutating func codes(for determinations: [String: Determination]) -> String {
            if keys.isEmpty {
                for key in determinations.keys.sorted() { positions[key] = keys.count; keys.append(key) }
            }
            var codes = [UInt8](repeating: UInt8(ascii: "-"), count: keys.count)
            for (key, determination) in determinations {
                let position: Int
                if let known = positions[key] {
                    position = known
                } else {
                    position = keys.count
                    positions[key] = position
                    keys.append(key)
                    codes.append(UInt8(ascii: "-"))
                }
                codes[position] = ScreeningResultRecord.code(determination)
            }
            return String(decoding: codes, as: UTF8.self)
        }
    }

    /// The one-letter code of a determination.
    static func code(_ determination: Determination) -> UInt8 {
        switch determination {
        case .eligible: UInt8(ascii: "e")
        case .ineligible: UInt8(ascii: "i")
        case .needsInformation: UInt8(ascii: "n")
        }
    }

    /// The determinations of a code string, by the run's pathways.
    ///
    /// - Throws: `StoreError.database` for a code that is not e, i, n or -, or more codes than pathways.
    static func decode(codes: String, pathways: [String]) throws -> [String: Determination] {
        var determinations: [String: Determination] = [:]
        for (position, byte) in codes.utf8.enumerated() {
            let determination: Determination
            switch byte {
            case UInt8(ascii: "e"): determination = .eligible
            case UInt8(ascii: "i"): determination = .ineligible
            case UInt8(ascii: "n"): determination = .needsInformation
            case UInt8(ascii: "-"): continue
            default: throw StoreError.database("read results: determinations holds a code other than e, i, n or -")
            }
            guard position < pathways.count else { throw StoreError.database("read results: more determination codes than the run's pathways") }
            determinations[pathways[position]] = determination
        }
        return determinations
    }

    /// The record of one result of a run, with its determinations already written as codes by `PathwayPositions`.
    init(runKey: Int64, _ result: ScreeningRunResult, determinations: String) {
        self.init(
            runKey: runKey,
            caseID: result.caseID,
            district: result.district,
            rank: result.rank,
            score: result.score,
            sentenceImposed: result.sentenceImposed,
            estimatedSentenceToday: result.estimatedSentenceToday,
            reductionMonths: result.reductionMonths,
            overservedMonths: result.overservedMonths,
            determinations: determinations
        )
    }

    /// The result this row records.
    ///
    /// - Parameters:
    ///   - pathways: The run's pathways, in the order of the codes.
    ///   - decoder: A decoder to reuse across rows, for JSON the fast reader does not take (rows before 0101).
    /// - Throws: `StoreError.database` when `determinations` is neither codes nor an object of known determinations.
    func result(pathways: [String], decoder: JSONDecoder) throws -> ScreeningRunResult {
        ScreeningRunResult(
            caseID: caseID,
            district: district,
            rank: rank,
            score: score,
            sentenceImposed: sentenceImposed,
            estimatedSentenceToday: estimatedSentenceToday,
            reductionMonths: reductionMonths,
            overservedMonths: overservedMonths,
            determinations: determinations.utf8.first == UInt8(ascii: "{")
                ? try Self.decode(determinations, decoder: decoder) : try Self.decode(codes: determinations, pathways: pathways)
        )
    }

    /// Reads the JSON object of determinations.
    ///
    /// The text `encode(_:)` writes (no spaces, no escapes) is read by a simple scan, several times
    /// faster than `JSONDecoder`; anything else (escapes, spaces, JSON written by another tool) goes
    /// to `decoder`.
    ///
    /// - Throws: `StoreError.database` when the text is not a JSON object of known determinations.
    static func decode(_ json: String, decoder: JSONDecoder) throws -> [String: Determination] {
        var json = json
        json.makeContiguousUTF8()
        let scanned = json.utf8.withContiguousStorageIfAvailable { scan($0) } ?? nil
        if let scanned { return scanned }
        do {
            return try decoder.decode([String: Determination].self, from: Data(json.utf8))
        } catch {
            throw StoreError.database("read results: determinations is not a JSON object of known determinations")
        }
    }

    /// The determinations of `{"key":"value",...}` with no spaces or escapes, or `nil` for anything else.
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> [String: Determination]? {
        var index = bytes.startIndex
        func expect(_ byte: UInt8) -> Bool {
            guard index < bytes.endIndex, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        func string() -> String? {
            guard expect(UInt8(ascii: "\"")) else { return nil }
            let start = index
            while index < bytes.endIndex, bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\") || bytes[index] < 0x20 { return nil }
                index += 1
            }
            guard index < bytes.endIndex else { return nil }
            defer { index += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        }

        guard expect(UInt8(ascii: "{")) else { return nil }
        var determinations: [String: Determination] = [:]
        if expect(UInt8(ascii: "}")) { return index == bytes.endIndex ? determinations : nil }
        repeat {
            guard let key = string(), expect(UInt8(ascii: ":")), let raw = string(),
                let determination = Determination(rawValue: raw), determinations[key] == nil
            else { return nil }
            determinations[key] = determination
        } while expect(UInt8(ascii: ","))
        guard expect(UInt8(ascii: "}")), index == bytes.endIndex else { return nil }
        return determinations
    }
}
