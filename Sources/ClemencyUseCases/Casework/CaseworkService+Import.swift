import ClemencyRules
import ClemencyStore
import ClemencyWorkflow
import Crypto
import Foundation

extension CaseworkService {
    /// Imports a file of case records in any layout `clemency screen` reads (the case format, the
    /// USSC datafile, the pardon office's grant list), screening each case at once.
    ///
    /// - A case id not yet held becomes a new case in `intake`.
    /// - A case id already held is updated, never duplicated: each fact whose value changed is
    ///   recorded in the case's audit trail with the old value kept. An empty field means "not in
    ///   this file" and never erases a known fact (answers entered by screeners survive a re-import).
    /// - A case id that appears twice in the file: the second row is rejected.
    /// - Rejected rows are reported with line, field, value and expected form, and kept in the
    ///   import's record; out-of-scope rows (non-drug offenses) are kept apart.
    ///
    /// The import is one transaction: if it fails (or the process dies) the store is as before.
    ///
    /// - Parameters:
    ///   - path: The uploaded file on disk.
    ///   - fileName: The file's name as the person gave it (shown and used in problem reports).
    ///   - format: The record format, or `nil` to detect it from the header.
    ///   - user: Who imports (a screener or administrator).
    ///   - now: When.
    /// - Returns: The import's record.
    /// - Throws: `CaseworkError.forbidden` for attorneys; `InputProblem` when the file is unreadable
    ///   or its header fits no format; `StoreError` when the store fails (nothing is saved).
    public func importFile(at path: String, fileName: String, format: InputFormat? = nil,
                           by user: UserAccount, now: Date) async throws -> ImportRecord {
        try requireStaff(user, "import case records")
        let read = try readImport(path: path, fileName: fileName, format: format)
        let existing = try await store.fetchCases(ids: read.accepted.map(\.facts.caseID))

        var change = CaseworkChange()
        var created = 0, updated = 0, unchanged = 0
        var accepted: [ImportRecord.Accepted] = []
        let source = "imported from \(fileName) by \(user.email) on \(Self.timestamp(now))"
        for row in read.accepted {
            let caseID = row.facts.caseID
            if let old = existing[caseID] {
                var file = old
                var events = mergeImported(row, into: &file, now: now, actor: user.email, fileName: fileName)
                guard !events.isEmpty else {
                    unchanged += 1
                    accepted.append(.init(line: row.line, caseID: caseID, outcome: .unchanged))
                    continue
                }
                accepted.append(.init(line: row.line, caseID: caseID, outcome: .updated))
                events += rescreen(&file, at: now, actor: user.email)
                file.updatedAt = now
                change.cases.append(.init(file: file, expectedVersion: old.version))
                change.events += events
                updated += 1
            } else {
                let (result, date) = screen(row.facts)
                // A row of the pardon office's grant list is someone already granted clemency: kept as a
                // decided case (for comparison and research), never queued as a new candidate.
                let grant = row.facts.origins[GrantListImporter.grantOriginKey]
                let file = CaseFile(caseID: caseID, personName: row.personName, coDefendants: row.coDefendants ?? [], facts: row.facts,
                                    screening: result, screenedAsOf: date, lawVersion: law.version, status: grant == nil ? .intake : .granted,
                                    statusChangedAt: now, assignedAttorneyID: nil, version: 1, createdAt: now, updatedAt: now)
                change.cases.append(.init(file: file, expectedVersion: nil))
                change.events.append(AuditEvent(id: makeID(), caseID: caseID, at: now, actor: user.email, kind: .imported,
                                                subject: fileName, detail: "Created: \(source), line \(row.line)."))
                if let grant {
                    change.events.append(AuditEvent(id: makeID(), caseID: caseID, at: now, actor: user.email, kind: .statusChanged,
                                                    subject: "status", oldValue: CaseStatus.intake.rawValue, newValue: CaseStatus.granted.rawValue,
                                                    detail: "Already granted clemency according to the grant list (\(grant.text ?? "")): recorded as granted, not as a candidate."))
                }
                created += 1
                accepted.append(.init(line: row.line, caseID: caseID, outcome: .created))
            }
        }
        let record = ImportRecord(id: makeID(), fileName: fileName, fileDigest: read.digest, format: read.format.rawValue,
                                  actor: user.email, at: now, created: created, updated: updated, unchanged: unchanged,
                                  outOfScope: read.outOfScope, rejected: read.rejected, accepted: accepted)
        change.importRecord = record
        try await store.commit(change)
        return record
    }

    /// One accepted row of an import.
    struct ImportedRow {
        let facts: CaseFacts
        let personName: String?
        let coDefendants: [String]?
        let line: Int
    }

    /// Everything read from an import file, before the store is touched.
    struct ImportRead {
        var accepted: [ImportedRow] = []
        var rejected: [ImportRecord.Rejection] = []
        var outOfScope: [ImportRecord.Rejection] = []
        var format: InputFormat = .caseFormat
        var digest = ""
    }

    /// Reads and decodes a whole import file.
    func readImport(path: String, fileName: String, format: InputFormat?) throws -> ImportRead {
        var read = ImportRead()
        read.digest = try Self.contentDigest(path: path)
        let source = CaseInputSource(law: law)
        var firstLine: [String: Int] = [:]
        try source.forEachPendingRecord(in: path, format: format) { pending, header, chosen in
            read.format = chosen
            let record = pending.materialized(header: header)
            switch source.decode(record, format: chosen, file: fileName, headerCount: header.count) {
            case .rejected(let rejection, let line):
                let kept = ImportRecord.Rejection(line: line, problems: rejection.problems.map(\.description), values: rejection.values)
                if rejection.outOfScope { read.outOfScope.append(kept) } else { read.rejected.append(kept) }
            case .facts(let facts, let line) where facts.drugOffense == .no:
                let offense = facts.origins["drug_offense"]?.text ?? "not a drug offense"
                let problem = InputProblem(file: fileName, line: line, field: "Offense", value: offense,
                                           expected: "a drug offense: other federal offenses are outside what this product screens")
                read.outOfScope.append(.init(line: line, problems: [problem.description], values: record.values))
            case .facts(let facts, let line):
                if facts.caseID.contains("/") || facts.caseID.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
                    || facts.caseID.count > 100 {
                    let problem = InputProblem(file: fileName, line: line, field: "case_id", value: String(facts.caseID.prefix(100)),
                                               expected: "a case identifier of at most 100 characters without \"/\" or control characters")
                    read.rejected.append(.init(line: line, problems: [problem.description], values: record.values))
                    return
                }
                if let earlier = firstLine[facts.caseID] {
                    let problem = InputProblem(file: fileName, line: line, field: "case_id", value: facts.caseID,
                                               expected: "a case identifier not already used in this file (first used at line \(earlier))")
                    read.rejected.append(.init(line: line, problems: [problem.description], values: record.values))
                    return
                }
                firstLine[facts.caseID] = line
                let name = record.values["person_name"]?.trimmed.nilIfEmpty
                let coDefendants = record.values["co_defendants"].map(Self.list)
                read.accepted.append(ImportedRow(facts: facts, personName: name, coDefendants: coDefendants, line: line))
            }
        }
        return read
    }

    /// SHA-256 (hex) of a file's bytes alone (not its path), so the same file has the same digest wherever it is.
    static func contentDigest(path: String) throws -> String {
        var hasher = SHA256()
        try ScreenCases.digestContents(of: path, into: &hasher)
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Applies a re-imported row to a case held: each case-format field the file gives (non-empty)
    /// and that differs replaces the old value, with an event keeping the old value.
    ///
    /// - Returns: The events, one per changed field; empty when nothing changed.
    func mergeImported(_ row: ImportedRow, into file: inout CaseFile, now: Date, actor: String, fileName: String) -> [AuditEvent] {
        var events: [AuditEvent] = []
        func record(_ field: String, _ old: String, _ new: String) {
            events.append(AuditEvent(id: makeID(), caseID: file.caseID, at: now, actor: actor, kind: .reimported, subject: field,
                                     oldValue: old.isEmpty ? nil : old, newValue: new,
                                     detail: "\(field) changed by the import of \(fileName), line \(row.line)."))
        }
        var values = CaseFormatWriter.fields(file.facts)
        let incoming = CaseFormatWriter.fields(row.facts)
        var changedFields: [String] = []
        for field in CaseRecordDecoder.fields where field != "case_id" {
            guard let new = incoming[field], !new.isEmpty, new != values[field] else { continue }
            record(field, values[field] ?? "", new)
            values[field] = new
            changedFields.append(field)
        }
        if !changedFields.isEmpty, case .success(var facts) = CaseRecordDecoder(law: law).decode(values, file: fileName, line: row.line) {
            facts.origins = file.facts.origins
            for field in changedFields { facts.origins[field] = row.facts.origins[field] }
            file.facts = facts
        } else if !changedFields.isEmpty {
            // The merged values fail to decode only if the old and new facts conflict in form; keep the new facts whole.
            var facts = row.facts
            facts.origins = file.facts.origins.merging(row.facts.origins) { _, new in new }
            file.facts = facts
        }
        if let name = row.personName, name != file.personName {
            record("person_name", file.personName ?? "", name)
            file.personName = name
        }
        if let coDefendants = row.coDefendants, !coDefendants.isEmpty, coDefendants != file.coDefendants {
            record("co_defendants", file.coDefendants.joined(separator: ";"), coDefendants.joined(separator: ";"))
            file.coDefendants = coDefendants
        }
        return events
    }
}
