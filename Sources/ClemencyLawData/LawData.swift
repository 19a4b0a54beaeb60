import ClemencyRules
import Crypto
import Foundation

/// Loads the law tables bundled with the product into a `LawLibrary`.
///
/// The tables are CSV files under `Law/` in this module's resources; `Law/README.md` documents
/// each one. Loading checks every row (dates, numbers, units, a citation on each row) and that the
/// tables fit together, and fails with a `LawDataError` naming the file, line and field.
public enum LawData {
    /// The file names the library is built from.
    static let files = [
        "version.csv", "substances.csv", "drug_quantity_table.csv", "drug_equivalency_table.csv",
        "equivalency_provisos.csv", "crack_combination_rules.csv", "plant_conversions.csv",
        "special_base_offense_levels.csv", "statutory_thresholds.csv", "statutory_residual_tiers.csv",
        "statutory_penalties.csv", "sentencing_table.csv", "criminal_history_categories.csv",
        "criminal_history_rules.csv", "career_offender_table.csv", "manual_editions.csv",
        "retroactive_amendments.csv", "constants.csv", "key_dates.csv", "good_conduct_time.csv",
        "clemency_criteria.csv", "proposed_laws.csv", "proposed_law_penalties.csv",
        "incarceration_costs.csv",
    ]

    /// The folder of the bundled law tables.
    public static var bundledDirectory: URL? { Bundle.module.url(forResource: "Law", withExtension: nil) }

    /// Loads the bundled law tables.
    ///
    /// - Throws: `LawDataError` when a file is missing or a row is malformed.
    public static func loadBundled() throws -> LawLibrary {
        guard let directory = bundledDirectory else { throw LawDataError.missingFile("Law/") }
        return try load(from: directory)
    }

    /// Loads law tables from a folder holding the files of `Law/`.
    ///
    /// - Parameter directory: The folder.
    /// - Throws: `LawDataError` when a file is missing or a row is malformed.
    public static func load(from directory: URL) throws -> LawLibrary {
        var contents: [String: String] = [:]
        var hasher = SHA256()
        for file in files {
            let url = directory.appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
                throw LawDataError.missingFile(file)
            }
            hasher.update(data: Data(file.utf8))
            hasher.update(data: data)
            contents[file] = text
        }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        func rows(_ file: String) throws -> [CSVRow] { try readRows(file: file, contents: contents[file] ?? "") }
        return try LawTableParser.library(rows: rows, digest: String(digest.prefix(12)))
    }
}

/// Loads screening policies: the bundled default or a JSON policy file.
public enum PolicyData {
    /// Loads the bundled default policy (`Policy/default-policy.json`).
    ///
    /// - Throws: `LawDataError` when the file is missing or malformed.
    public static func loadDefault() throws -> ScreeningPolicy {
        guard let url = Bundle.module.url(forResource: "Policy/default-policy", withExtension: "json")
            ?? Bundle.module.url(forResource: "default-policy", withExtension: "json", subdirectory: "Policy")
        else { throw LawDataError.missingFile("Policy/default-policy.json") }
        return try load(from: url)
    }

    /// Loads a policy file. Keys missing from the file take the default's values.
    ///
    /// - Parameter url: A JSON file with the keys of `default-policy.json`.
    /// - Throws: `LawDataError.inconsistent` naming the file and the problem.
    public static func load(from url: URL) throws -> ScreeningPolicy {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw LawDataError.missingFile(url.path) }
        do {
            return try JSONDecoder().decode(ScreeningPolicy.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw LawDataError.inconsistent(file: url.path, problem: "missing key \"\(key.stringValue)\" (see the bundled default-policy.json)")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.dataCorrupted(context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw LawDataError.inconsistent(file: url.path, problem: "\(path): \(context.debugDescription)")
        } catch {
            throw LawDataError.inconsistent(file: url.path, problem: "not a valid policy file: \(error)")
        }
    }
}
