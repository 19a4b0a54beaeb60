import ClemencyLawData
import ClemencyRules
import ClemencyStore
import Crypto
import Foundation

/// What `clemency screen` is asked to do.
public struct ScreeningRequest: Sendable {
    /// Input files.
    public var inputs: [String]
    /// The record format, or `nil` to detect it from each file's header.
    public var format: InputFormat?
    /// The date whose law is current law.
    public var asOf: CalendarDate
    /// The screening policy.
    public var policy: ScreeningPolicy
    /// Where the report files go.
    public var outputDirectory: URL
    /// Whether to write the ranked list as JSON Lines (`ranked.jsonl`) besides CSV.
    public var writeJSON: Bool
    /// How many top-ranked people get their full explanation in the HTML report.
    public var htmlExplanationLimit: Int
    /// The run's identifier and creation time (given by the caller: the clock is read only at the edge).
    public var runID: String
    /// The run's creation time as an ISO 8601 timestamp.
    public var createdAt: String

    /// Creates a request.
    public init(inputs: [String], format: InputFormat? = nil, asOf: CalendarDate, policy: ScreeningPolicy, outputDirectory: URL,
                writeJSON: Bool = true, htmlExplanationLimit: Int = 1_000, runID: String, createdAt: String) {
        self.inputs = inputs
        self.format = format
        self.asOf = asOf
        self.policy = policy
        self.outputDirectory = outputDirectory
        self.writeJSON = writeJSON
        self.htmlExplanationLimit = htmlExplanationLimit
        self.runID = runID
        self.createdAt = createdAt
    }
}

/// What a screening run produced.
public struct ScreeningOutcome: Sendable {
    /// The run as recorded.
    public let run: ScreeningRun
    /// The totals.
    public let summary: ScreeningSummary
    /// The files written, by kind (`ranked_csv`, `ranked_json`, `report_html`, `rejects_csv`, `summary_json`).
    public let files: [String: URL]
    /// Every rejected record's problems.
    public let rejectedProblems: Int
    /// Seconds spent in each phase (reading and screening, ranking and writing, report, recording), for benchmarks.
    public let phaseSeconds: [(phase: String, seconds: Double)]
}

/// The main job: screens every case of the input files for every relief pathway, ranks them, writes
/// the ranked list, the HTML report and the rejects, and records the run in the store.
///
/// Memory stays flat as the input grows: cases are screened in batches (on every core), each case's
/// output lines go to temporary files as they are made, and only a small index entry per case (its
/// score and where its lines are) plus the top of the ranking stay in memory.
public struct ScreenCases: Sendable {
    /// The law data.
    public let law: LawLibrary
    /// Where the run is recorded, or `nil` to record nothing.
    public let store: (any ScreeningRunStore)?
    /// Makes an independent copy of the law tables for each worker (by default, loads the bundled tables
    /// again when `law` is the bundled law; otherwise shares `law`).
    let lawCopy: @Sendable () throws -> LawLibrary

    /// Creates the use case.
    ///
    /// - Parameters:
    ///   - law: The law data.
    ///   - store: Where the run is recorded, or `nil`.
    ///   - lawCopy: Makes an independent copy of `law` for each worker; the default reloads the bundled
    ///     tables when `law` has the bundled version.
    public init(law: LawLibrary, store: (any ScreeningRunStore)?, lawCopy: (@Sendable () throws -> LawLibrary)? = nil) {
        self.law = law
        self.store = store
        self.lawCopy = lawCopy ?? {
            let copy = try LawData.loadBundled()
            return copy.version == law.version ? copy : law
        }
    }

    /// Runs the screening.
    ///
    /// - Parameter request: The request.
    /// - Returns: The run, the summary and the files written.
    /// - Throws: `InputProblem` for an unreadable input; file-system errors; `StoreError` when the run
    ///   cannot be recorded (then nothing of it is in the store).
    public func run(_ request: ScreeningRequest) throws -> ScreeningOutcome {
        var phases: [(phase: String, seconds: Double)] = []
        var phaseStart = DispatchTime.now().uptimeNanoseconds
        func endPhase(_ name: String) {
            let now = DispatchTime.now().uptimeNanoseconds
            phases.append((name, Double(now - phaseStart) / 1e9))
            phaseStart = now
        }
        let screener = Screener(law: law, policy: request.policy, asOf: request.asOf)
        // One screener per worker, each over its own copy of the law tables and its own input decoder: workers
        // that share objects fight over their reference counts and run at half speed on two cores.
        let workers = ScreenCases.workerCount
        let workerScreeners = try (0..<workers).map { _ in
            Screener(law: try lawCopy(), policy: request.policy, asOf: request.asOf)
        }
        let workerSources = workerScreeners.map { CaseInputSource(law: $0.law) }
        let keys = ScreeningColumns.pathwayKeys(law: law, policy: request.policy, asOf: request.asOf)
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: request.outputDirectory, withIntermediateDirectories: true)
        let scratch = request.outputDirectory.appendingPathComponent(".screen-\(request.runID)")
        try fileManager.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(at: scratch) }

        var spool = try ScreeningSpool(directory: scratch, writeJSON: request.writeJSON)
        var summary = ScreeningSummary(asOf: request.asOf, cost: law.incarcerationCost(on: request.asOf))
        var top = TopResults(limit: request.htmlExplanationLimit)
        let rejects = try RejectsWriter(url: request.outputDirectory.appendingPathComponent("rejects.csv"))
        let source = CaseInputSource(law: law)
        var digest = SHA256()
        var batch: [BatchItem] = []
        batch.reserveCapacity(ScreenCases.batchSize)
        var seen = Set<String>()

        // Batches are screened in the background while the next batch is read: the reading thread and the
        // workers overlap, and each finished batch is spooled in input order.
        var pending: (batch: [BatchItem], group: DispatchGroup, outputs: OutputSlot)?

        var waitNanoseconds: UInt64 = 0
        var spoolNanoseconds: UInt64 = 0
        func complete() throws {
            guard let (done, group, slot) = pending else { return }
            pending = nil
            let waitStart = DispatchTime.now().uptimeNanoseconds
            group.wait()
            let spoolStart = DispatchTime.now().uptimeNanoseconds
            waitNanoseconds += spoolStart - waitStart
            defer { spoolNanoseconds += DispatchTime.now().uptimeNanoseconds - spoolStart }
            for (position, output) in slot.outputs.enumerated() {
                switch output {
                case .rejected(let rejection):
                    try rejects.write(rejection)
                    if rejection.outOfScope { summary.outOfScope += 1 } else { summary.rejected += 1 }
                case .screened(let item):
                    let caseID = item.result.analysis.caseID
                    if seen.contains(caseID) {
                        let entry = done[position]
                        let problem = InputProblem(file: entry.file, line: entry.record.line, field: "case_id", value: caseID,
                                                   expected: "a case identifier not used earlier in this run")
                        try rejects.write(CaseRecordRejection(problems: [problem], values: entry.record.materialized(header: entry.header).values))
                        summary.rejected += 1
                        continue
                    }
                    seen.insert(caseID)
                    summary.add(item.result, keys: keys)
                    top.add(item)
                    try spool.append(item)
                }
            }
        }

        func flush() throws {
            guard !batch.isEmpty else { return }
            try complete()
            let work = batch
            let group = DispatchGroup()
            let slot = OutputSlot()
            group.enter()
            DispatchQueue.global(qos: .userInitiated).async {
                slot.outputs = ScreenCases.screenInParallel(work, sources: workerSources, screeners: workerScreeners, keys: keys,
                                                            writeJSON: request.writeJSON)
                group.leave()
            }
            pending = (work, group, slot)
            batch = []
            batch.reserveCapacity(ScreenCases.batchSize)
        }

        for input in request.inputs {
            try ScreenCases.digest(file: input, into: &digest)
            try source.forEachPendingRecord(in: input, format: request.format) { record, header, format in
                batch.append(BatchItem(record: record, header: header, format: format, file: input))
                if batch.count == ScreenCases.batchSize { try flush() }
            }
        }
        try flush()
        try complete()
        summary.finish()
        try rejects.close()
        let inputDigest = digest.finalize().map { String(format: "%02x", $0) }.joined()
        endPhase("read, screen and spool")
        phases.append(("  of which waiting for the workers", Double(waitNanoseconds) / 1e9))
        phases.append(("  of which spooling and totals", Double(spoolNanoseconds) / 1e9))

        // Rank: score first, then case id for a stable order.
        var index = spool.index
        index.sort { $0.score != $1.score ? $0.score > $1.score : $0.caseID < $1.caseID }
        let run = ScreeningRun(id: request.runID, createdAt: request.createdAt, asOf: request.asOf, inputDigest: inputDigest,
                               inputFiles: request.inputs, lawVersion: law.version, policyVersion: request.policy.version,
                               casesScreened: summary.total.cases, casesRejected: summary.rejected)
        // The run is recorded on another thread while the ranked lists and the report are written; its
        // transaction commits only once they are written, so a run whose files failed is not kept.
        let recording = store.map { StoreRecording(store: $0, run: run, spool: spool, index: index, keys: keys) }
        recording?.start()
        var files: [String: URL] = [:]
        do {
            try writeReports(request, spool: spool, index: index, run: run, summary: summary, top: top, keys: keys,
                             screener: screener, rejects: rejects, files: &files, endPhase: endPhase)
        } catch {
            try? recording?.finish(reportsWritten: false)
            throw error
        }
        try recording?.finish(reportsWritten: true)
        endPhase("record the run in the store (after the reports)")
        return ScreeningOutcome(run: run, summary: summary, files: files, rejectedProblems: summary.rejected, phaseSeconds: phases)
    }

    /// Writes the ranked lists, the HTML report and the summary, and removes an empty rejects file.
    private func writeReports(_ request: ScreeningRequest, spool: ScreeningSpool, index: [ScreeningSpool.Entry], run: ScreeningRun,
                              summary: ScreeningSummary, top: TopResults, keys: [String], screener: Screener, rejects: RejectsWriter,
                              files: inout [String: URL], endPhase: (String) -> Void) throws {
        files["ranked_csv"] = try spool.writeRanked(index, header: ScreeningColumns.header(keys: keys),
                                                    to: request.outputDirectory.appendingPathComponent("ranked.csv"), kind: .csv)
        if request.writeJSON {
            files["ranked_json"] = try spool.writeRanked(index, header: nil, to: request.outputDirectory.appendingPathComponent("ranked.jsonl"), kind: .json)
        }
        if summary.rejected + summary.outOfScope > 0 {
            files["rejects_csv"] = rejects.url
        } else {
            try? FileManager.default.removeItem(at: rejects.url)
        }

        endPhase("rank and write ranked lists")
        let ranks = Dictionary(uniqueKeysWithValues: index.enumerated().map { ($0.element.caseID, $0.offset + 1) })
        let report = HTMLReport.render(run: run, summary: summary, top: top.sorted().map { facts in
            var ranked = screener.screen(facts, detail: true)
            ranked.priority.rank = ranks[facts.caseID]
            return ranked
        }, keys: keys, law: law)
        let reportURL = request.outputDirectory.appendingPathComponent("report.html")
        try Data(report.utf8).write(to: reportURL, options: .atomic)
        files["report_html"] = reportURL
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let summaryURL = request.outputDirectory.appendingPathComponent("summary.json")
        try encoder.encode(summary).write(to: summaryURL, options: .atomic)
        files["summary_json"] = summaryURL
        endPhase("HTML report and summary")
    }

    static let batchSize = 4_096

    /// A screened case with its output lines (a class: it is handed from the worker to the spool, the
    /// totals and the top list, and each hand-over of a struct this size would retain every field).
    final class Rendered: Sendable {
        let facts: CaseFacts
        let result: ScreeningResult
        let csvLine: String
        let storeLine: String
        let jsonLine: String?

        init(facts: CaseFacts, result: ScreeningResult, csvLine: String, storeLine: String, jsonLine: String?) {
            self.facts = facts
            self.result = result
            self.csvLine = csvLine
            self.storeLine = storeLine
            self.jsonLine = jsonLine
        }
    }

    /// What a worker made of one raw record.
    enum Output: Sendable {
        case screened(Rendered)
        case rejected(CaseRecordRejection)
    }

    /// Decodes and screens a batch on every core and renders each case's lines.
    /// Workers: one per core (at most 8), or `CLEMENCY_WORKERS` when set (for measurements).
    static var workerCount: Int {
        if let text = ProcessInfo.processInfo.environment["CLEMENCY_WORKERS"], let count = Int(text), count > 0 { return count }
        return Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, 8))
    }

    /// A record waiting to be screened, with what is needed to split and decode it.
    struct BatchItem: Sendable {
        let record: PendingRecord
        let header: [String]
        let format: InputFormat
        let file: String
    }

    static func screenInParallel(_ batch: [BatchItem], sources: [CaseInputSource],
                                 screeners: [Screener], keys: [String], writeJSON: Bool) -> [Output] {
        let workers = screeners.count
        let chunk = (batch.count + workers - 1) / workers
        let output = OutputBuffer(count: batch.count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let screener = screeners[worker], source = sources[worker]
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let start = worker * chunk
            let end = Swift.min(batch.count, start + chunk)
            guard start < end else { return }
            var columns: (header: [String], positions: ColumnPositions)?
            var pathwayPositions = ScreeningColumns.Positions(keys: keys)
            for position in start..<end {
                let entry = batch[position]
                let decoded: DecodedRecord
                if case .csv(let raw) = entry.record, entry.format == .caseFormat {
                    let positions = columns.flatMap { $0.header == entry.header ? $0.positions : nil } ?? ColumnPositions(header: entry.header)
                    columns = (entry.header, positions)
                    decoded = source.decode(raw, header: entry.header, positions: positions, file: entry.file)
                } else {
                    decoded = source.decode(entry.record.materialized(header: entry.header), format: entry.format, file: entry.file)
                }
                switch decoded {
                case .rejected(let rejection, _):
                    output.set(position, .rejected(rejection))
                case .facts(let facts, _) where facts.drugOffense == .no:
                    let offense = facts.origins["drug_offense"]?.text ?? "not a drug offense"
                    let problem = InputProblem(file: entry.file, line: entry.record.line, field: "Offense", value: offense,
                                               expected: "a drug offense: other federal offenses are outside what this product screens")
                    output.set(position, .rejected(CaseRecordRejection(problems: [problem], values: ["case_id": facts.caseID], outOfScope: true)))
                case .facts(let facts, _):
                    // Step texts are built only when every case's JSON is asked for; the HTML report rebuilds them for the cases it shows.
                    let result = screener.screen(facts, detail: writeJSON)
                    let json = writeJSON ? (try? encoder.encode(result)).map { String(decoding: $0, as: UTF8.self) } : nil
                    output.set(position, .screened(Rendered(facts: facts, result: result, csvLine: ScreeningColumns.csvLine(result, positions: &pathwayPositions),
                                                            storeLine: ScreeningColumns.storeLine(result, positions: &pathwayPositions),
                                                            jsonLine: json)))
                }
            }
        }
        return output.values
    }

    /// Adds a file's bytes to the input digest.
    static func digest(file: String, into hasher: inout SHA256) throws {
        hasher.update(data: Data(file.utf8))
        try digestContents(of: file, into: &hasher)
    }

    /// Adds a file's bytes alone (not its path) to a digest, a megabyte at a time.
    ///
    /// - Throws: `InputProblem` when the file cannot be opened.
    static func digestContents(of file: String, into hasher: inout SHA256) throws {
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw InputProblem(file: file, line: 0, field: "(file)", value: file, expected: "a readable file")
        }
        defer { try? handle.close() }
        while true {
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            hasher.update(data: chunk)
        }
    }
}

/// The outputs of a batch screened in the background, read after its group is waited on.
final class OutputSlot: @unchecked Sendable {
    var outputs: [ScreenCases.Output] = []
}

/// Slots filled by parallel workers, one per position (each written by exactly one worker).
final class OutputBuffer: @unchecked Sendable {
    private var storage: [ScreenCases.Output?]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ position: Int, _ value: ScreenCases.Output) {
        lock.lock()
        storage[position] = value
        lock.unlock()
    }

    var values: [ScreenCases.Output] { storage.compactMap { $0 } }
}

/// The facts of the best-ranked cases, kept to rebuild their full explanations for the HTML report.
struct TopResults {
    let limit: Int
    private var entries: [(score: Int, facts: CaseFacts)] = []

    init(limit: Int) { self.limit = limit }

    /// The lowest score still in the top once it is full; lower scores are not kept.
    private var threshold = Int.min

    mutating func add(_ item: ScreenCases.Rendered) {
        guard limit > 0, item.result.priority.score >= threshold else { return }
        entries.append((item.result.priority.score, item.facts))
        if entries.count >= 2 * limit + 64 {
            entries = Array(ordered().prefix(limit))
            threshold = entries.last?.score ?? Int.min
        }
    }

    private func ordered() -> [(score: Int, facts: CaseFacts)] {
        entries.sorted { $0.score != $1.score ? $0.score > $1.score : $0.facts.caseID < $1.facts.caseID }
    }

    /// The facts of the top cases, in rank order.
    func sorted() -> [CaseFacts] { ordered().prefix(limit).map(\.facts) }
}

/// Records a run on a background thread, holding its transaction open until the caller says whether the
/// report files were written: the run is committed only with them, and rolled back without them.
final class StoreRecording: @unchecked Sendable {
    private let store: any ScreeningRunStore
    private let run: ScreeningRun
    private let spool: ScreeningSpool
    private let index: [ScreeningSpool.Entry]
    private let keys: [String]
    private let done = DispatchGroup()
    private let reports = DispatchSemaphore(value: 0)
    private var reportsWritten = false
    private var failure: (any Error)?

    init(store: any ScreeningRunStore, run: ScreeningRun, spool: ScreeningSpool, index: [ScreeningSpool.Entry], keys: [String]) {
        self.store = store
        self.run = run
        self.spool = spool
        self.index = index
        self.keys = keys
    }

    /// Starts the save: the results are inserted at once; the commit waits for `finish(reportsWritten:)`.
    func start() {
        done.enter()
        Thread.detachNewThread { [self] in
            defer { done.leave() }
            do {
                try store.saveRun(run) { emit in
                    try spool.emitStoredResults(index, keys: keys, emit)
                    reports.wait()
                    if !reportsWritten { throw CancellationError() }
                }
            } catch {
                failure = error
            }
        }
    }

    /// Lets the save commit (or roll back when the reports were not written) and waits for it.
    ///
    /// - Throws: The save's error, when the reports were written and the save failed.
    func finish(reportsWritten written: Bool) throws {
        reportsWritten = written
        reports.signal()
        done.wait()
        if written, let failure { throw failure }
    }
}
