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
        "special_base_offense_levels.csv", "mitigating_role_caps.csv", "statutory_thresholds.csv", "statutory_residual_tiers.csv",
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
        try load(from: try defaultURL())
    }

    /// The bundled default policy file.
    static func defaultURL() throws -> URL {
        guard let url = Bundle.module.url(forResource: "Policy/default-policy", withExtension: "json")
            ?? Bundle.module.url(forResource: "default-policy", withExtension: "json", subdirectory: "Policy")
        else { throw LawDataError.missingFile("Policy/default-policy.json") }
        return url
    }

    /// Loads a policy file. Keys missing from the file (at any depth, e.g. one weight of `priority`)
    /// take the bundled default's values, so a file may change one setting; a key the default does
    /// not have is refused (a misspelt key must not be ignored). A file without `version` is named
    /// "custom".
    ///
    /// - Parameter url: A JSON object with keys of `default-policy.json`.
    /// - Throws: `PolicyError` naming the file and the problem.
    public static func load(from url: URL, law: LawLibrary? = nil) throws -> ScreeningPolicy {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
            let data = FileManager.default.contents(atPath: url.path)
        else { throw PolicyError(file: url.path, problem: "cannot be read (no such file)") }
        let merged = try mergedWithDefault(data, file: url.path)
        var policy: ScreeningPolicy
        do {
            policy = try JSONDecoder().decode(ScreeningPolicy.self, from: merged)
        } catch let DecodingError.keyNotFound(key, _) {
            throw PolicyError(file: url.path, problem: "missing key \"\(key.stringValue)\" (see the bundled default-policy.json)")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.dataCorrupted(context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            let detail = (context.underlyingError as NSError?)?.userInfo["NSDebugDescription"] as? String
            throw PolicyError(file: url.path, problem: "\(path.isEmpty ? "" : path + ": ")\(context.debugDescription)\(detail.map { " (\($0))" } ?? "")")
        } catch {
            throw PolicyError(file: url.path, problem: "not a valid policy file: \(error)")
        }
        // The version names the file's content too, so that runs under different policies can be told apart.
        let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined().prefix(12)
        policy.version = "\(policy.version) (sha256 \(digest))"
        if let law { try validate(policy, law: law, file: url.path) }
        return policy
    }

    /// The policy file's JSON object laid over the bundled default's, key by key.
    static func mergedWithDefault(_ data: Data, file: String) throws -> Data {
        guard let defaultData = FileManager.default.contents(atPath: try defaultURL().path),
            let defaults = try? JSONSerialization.jsonObject(with: defaultData) as? [String: Any]
        else { throw LawDataError.missingFile("Policy/default-policy.json") }
        guard let given = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw PolicyError(file: file, problem: "not a JSON object with the keys of default-policy.json")
        }
        func merge(_ base: [String: Any], _ over: [String: Any], path: String) throws -> [String: Any] {
            var result = base
            for (key, value) in over {
                guard let baseValue = base[key] else {
                    throw PolicyError(file: file, problem: "unknown key \"\(path)\(key)\" (the keys are those of the bundled default-policy.json: \(base.keys.sorted().map { path + $0 }.joined(separator: ", ")))")
                }
                if let nestedBase = baseValue as? [String: Any], let nestedOver = value as? [String: Any] {
                    result[key] = try merge(nestedBase, nestedOver, path: path + key + ".")
                } else {
                    result[key] = value
                }
            }
            return result
        }
        var merged = try merge(defaults, given, path: "")
        if given["version"] == nil, data != defaultData { merged["version"] = "custom" }
        return try JSONSerialization.data(withJSONObject: merged, options: [.sortedKeys])
    }

    /// Checks a policy's values against the law data: a known criteria set and proposed laws, and
    /// thresholds and weights that are not negative.
    ///
    /// - Throws: `PolicyError` naming the key and the values allowed.
    public static func validate(_ policy: ScreeningPolicy, law: LawLibrary, file: String) throws {
        let sets = Set(law.clemencyCriteria.map(\.criteriaSet))
        guard sets.contains(policy.clemencyCriteriaSet) else {
            throw PolicyError(file: file, problem: "clemency_criteria_set \"\(policy.clemencyCriteriaSet)\" is not one of \(sets.sorted().joined(separator: ", "))")
        }
        let proposals = Set(law.proposedLaws.map(\.id))
        for id in policy.proposedLaws where !proposals.contains(id) {
            throw PolicyError(file: file, problem: "proposed_laws: \"\(id)\" is not one of \(proposals.sorted().joined(separator: ", "))")
        }
        let numbers: [(String, Int)] = [
            ("substantially_lower_minimum_months", policy.substantiallyLowerMinimumMonths),
            ("substantially_lower_minimum_percent", policy.substantiallyLowerMinimumPercent),
            ("minimum_served_months", policy.minimumServedMonths),
            ("priority.overserved_bonus", policy.priority.overservedBonus), ("priority.per_month_overserved", policy.priority.perMonthOverserved),
            ("priority.per_month_of_reduction", policy.priority.perMonthOfReduction), ("priority.per_year_of_age", policy.priority.perYearOfAge),
            ("priority.per_month_served", policy.priority.perMonthServed), ("priority.per_eligible_pathway", policy.priority.perEligiblePathway),
        ]
        for (key, value) in numbers where value < 0 {
            throw PolicyError(file: file, problem: "\(key) is \(value); it must be zero or more")
        }
        if policy.substantiallyLowerMinimumPercent > 100 {
            throw PolicyError(file: file, problem: "substantially_lower_minimum_percent is \(policy.substantiallyLowerMinimumPercent); it must be 0 to 100")
        }
    }
}

/// A problem with a policy file, naming the file and what is wrong.
public struct PolicyError: Error, Equatable, CustomStringConvertible {
    /// The file.
    public let file: String
    /// What is wrong.
    public let problem: String

    public var description: String { "policy file \(file): \(problem)" }
}
