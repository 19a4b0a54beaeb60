internal import Foundation
internal import GRDB
import ClemencyRules
import ClemencyStore

/// A row of `screening_run`: one recorded run of `clemency screen`.
///
/// Columns are the snake_case forms of the properties (C7: `convertFromSnakeCase`). `as_of` is
/// `YYYY-MM-DD` text and `input_files` a JSON array; mapping to and from `ScreeningRun` happens here.
struct ScreeningRunRecord: Codable, Hashable {
    var id: String
    var createdAt: String
    var asOf: String
    var inputDigest: String
    var inputFiles: String
    var lawVersion: String
    var policyVersion: String
    var casesScreened: Int
    var casesRejected: Int
}

extension ScreeningRunRecord: FetchableRecord, PersistableRecord {
    static var databaseTableName: String { "screening_run" }
    static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }

    /// The columns used in requests.
    enum Columns {
        static let id = Column("id")
        static let createdAt = Column("created_at")
    }
}

extension DerivableRequest<ScreeningRunRecord> {
    /// Newest first: by `created_at` descending, then by id so that equal timestamps keep one order.
    func orderedNewestFirst() -> Self {
        order { [$0.createdAt.desc, $0.id] }
    }
}

// MARK: - Mapping

extension ScreeningRunRecord {
    /// The record of a run.
    ///
    /// - Throws: `StoreError.database` when the input file names cannot be written as JSON.
    init(_ run: ScreeningRun) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let inputFiles: String
        do {
            inputFiles = String(decoding: try encoder.encode(run.inputFiles), as: UTF8.self)
        } catch {
            throw StoreError.database("save run: the input file names cannot be encoded as JSON")
        }
        self.init(
            id: run.id,
            createdAt: run.createdAt,
            asOf: run.asOf.description,
            inputDigest: run.inputDigest,
            inputFiles: inputFiles,
            lawVersion: run.lawVersion,
            policyVersion: run.policyVersion,
            casesScreened: run.casesScreened,
            casesRejected: run.casesRejected
        )
    }

    /// The run this row records.
    ///
    /// - Throws: `StoreError.database` when `as_of` or `input_files` is malformed.
    func run() throws -> ScreeningRun {
        guard let asOf = CalendarDate(iso: asOf) else {
            throw StoreError.database("read run: as_of is not a YYYY-MM-DD date")
        }
        let files: [String]
        do {
            files = try JSONDecoder().decode([String].self, from: Data(inputFiles.utf8))
        } catch {
            throw StoreError.database("read run: input_files is not a JSON array of strings")
        }
        return ScreeningRun(
            id: id,
            createdAt: createdAt,
            asOf: asOf,
            inputDigest: inputDigest,
            inputFiles: files,
            lawVersion: lawVersion,
            policyVersion: policyVersion,
            casesScreened: casesScreened,
            casesRejected: casesRejected
        )
    }
}
