import ClemencyRules
import ClemencyStore
import Foundation

/// Temporary files holding each screened case's output lines in input order, and the small index
/// (score, case id, where the lines are) that ranks them.
struct ScreeningSpool {
    struct Entry {
        /// The case's position in input order.
        let position: Int
        let caseID: String
        let score: Int
        let csv: Span
        let store: Span
        let json: Span?
    }

    struct Span {
        let offset: UInt64
        let length: Int
    }

    enum Kind { case csv, json }

    private(set) var index: [Entry] = []
    private let csv: SpoolFile
    private let store: SpoolFile
    private let json: SpoolFile?

    init(directory: URL, writeJSON: Bool) throws {
        csv = try SpoolFile(url: directory.appendingPathComponent("lines.csv"))
        store = try SpoolFile(url: directory.appendingPathComponent("lines.tsv"))
        json = writeJSON ? try SpoolFile(url: directory.appendingPathComponent("lines.jsonl")) : nil
    }

    mutating func append(_ item: ScreenCases.Rendered) throws {
        let csvSpan = try csv.append(item.csvLine)
        let storeSpan = try store.append(item.storeLine)
        let jsonSpan = try item.jsonLine.flatMap { line in try json?.append(line) }
        index.append(Entry(position: index.count, caseID: item.result.analysis.caseID, score: item.result.priority.score, csv: csvSpan,
                           store: storeSpan, json: jsonSpan))
    }

    /// Writes the lines in rank order: CSV lines get their rank as the first field; JSON lines get a
    /// `"rank"` inside their `priority` object.
    func writeRanked(_ ranked: [Entry], header: String?, to url: URL, kind: Kind) throws -> URL {
        let source = kind == .csv ? csv : (json ?? csv)
        try source.flush()
        let output = try SpoolFile(url: url)
        var buffer = Data()
        buffer.reserveCapacity(1 << 20)
        if let header { buffer.append(contentsOf: Array((header + "\n").utf8)) }
        // CSV lines are read straight into a reused byte buffer with one positional read each.
        var lines: [UInt8] = []
        lines.reserveCapacity(1 << 20)
        for (position, entry) in ranked.enumerated() {
            let rank = position + 1
            switch kind {
            case .csv:
                lines.append(contentsOf: String(rank).utf8)
                lines.append(UInt8(ascii: ","))
                try source.read(entry.csv, appendingTo: &lines)
                lines.append(0x0A)
                if lines.count >= 1 << 20 {
                    buffer.append(contentsOf: lines)
                    try output.write(buffer)
                    buffer.removeAll(keepingCapacity: true)
                    lines.removeAll(keepingCapacity: true)
                }
                continue
            case .json:
                guard let span = entry.json else { continue }
                var line = try source.read(span)
                // The encoder wrote "priority":{"reasons":…,"score":N}; add the rank as the object's first key.
                if let marker = "\"priority\":{".data(using: .utf8), let found = line.range(of: marker) {
                    line.insert(contentsOf: Array("\"rank\":\(rank),".utf8), at: found.upperBound)
                }
                buffer.append(line)
            }
            buffer.append(0x0A)
            if buffer.count >= 1 << 20 {
                try output.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        buffer.append(contentsOf: lines)
        try output.write(buffer)
        try output.close()
        return url
    }

    /// Emits the stored results with their ranks, reading the spool once from start to end (input order:
    /// the store keeps each result's rank, so it needs no particular order); a read error stops the
    /// emission (and so rolls back the store's transaction).
    ///
    /// The lines are read and parsed on a thread of their own, a few thousand results ahead of the store,
    /// which meanwhile inserts the results already parsed (the store's inserts are the longest part of a run's end).
    func emitStoredResults(_ ranked: [Entry], keys: [String], _ emit: (ScreeningRunResult) throws -> Void) throws {
        try store.flush()
        var rankByPosition = [Int](repeating: 0, count: ranked.count)
        for (rank, entry) in ranked.enumerated() { rankByPosition[entry.position] = rank + 1 }
        let path = store.url.path
        let lines = try LineReader(path: path)
        let channel = ResultChannel()
        // Stops the reader when the store stops taking results (an insert failed) or once all are taken.
        defer { channel.close() }
        Thread.detachNewThread { [rankByPosition] in
            var position = 0
            var determinations: [Substring: [String: Determination]] = [:]
            var chunk: [ScreeningRunResult] = []
            chunk.reserveCapacity(ResultChannel.chunkSize)
            while position < rankByPosition.count, let line = lines.next() {
                guard let result = ScreeningColumns.storedResult(line: line[...], rank: rankByPosition[position], keys: keys,
                                                                 determinationsCache: &determinations) else {
                    channel.finish(chunk, failed: true)
                    return
                }
                chunk.append(result)
                position += 1
                if chunk.count == ResultChannel.chunkSize {
                    guard channel.put(chunk) else { return }
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            channel.finish(chunk, failed: position != rankByPosition.count)
        }
        while let chunk = channel.take() {
            for result in chunk { try emit(result) }
        }
        if channel.failed {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: path])
        }
    }
}

/// Chunks of parsed results handed from the spool reader's thread to the store's, at most a few ahead.
final class ResultChannel: @unchecked Sendable {
    /// Results per chunk.
    static let chunkSize = 4_096
    /// Chunks parsed ahead at most.
    private static let capacity = 4

    private let condition = NSCondition()
    private var chunks: [[ScreeningRunResult]] = []
    private var finished = false
    private var closed = false
    private var readFailed = false

    /// Whether the reader stopped on a malformed line or before the last result (read after `take()` returns `nil`).
    var failed: Bool {
        condition.lock()
        defer { condition.unlock() }
        return readFailed
    }

    /// Hands over a chunk, waiting while the store is `capacity` chunks behind; `false` once the store has stopped.
    func put(_ chunk: [ScreeningRunResult]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while chunks.count >= Self.capacity && !closed { condition.wait() }
        guard !closed else { return false }
        chunks.append(chunk)
        condition.broadcast()
        return true
    }

    /// Hands over the last chunk and says whether reading failed.
    func finish(_ chunk: [ScreeningRunResult], failed: Bool) {
        condition.lock()
        defer { condition.unlock() }
        if !chunk.isEmpty { chunks.append(chunk) }
        finished = true
        readFailed = failed
        condition.broadcast()
    }

    /// The next chunk, waiting for the reader; `nil` when the reader has finished and every chunk was taken.
    func take() -> [ScreeningRunResult]? {
        condition.lock()
        defer { condition.unlock() }
        while chunks.isEmpty && !finished { condition.wait() }
        guard !chunks.isEmpty else { return nil }
        let chunk = chunks.removeFirst()
        condition.broadcast()
        return chunk
    }

    /// Tells the reader that no more chunks will be taken.
    func close() {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        condition.broadcast()
    }
}

/// An append-only file with buffered writes and positional reads.
final class SpoolFile: @unchecked Sendable {
    let url: URL
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var written: UInt64 = 0

    init(url: URL) throws {
        self.url = url
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        guard let handle = FileHandle(forUpdatingAtPath: url.path) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        self.handle = handle
        try handle.truncate(atOffset: 0)
    }

    deinit { try? handle.close() }

    /// Appends a line and a newline; returns where the line is (without its newline).
    func append(_ line: String) throws -> ScreeningSpool.Span {
        if buffer.capacity == 0 { buffer.reserveCapacity((1 << 20) + 4096) }
        let start = buffer.count
        buffer.append(contentsOf: line.utf8)
        let span = ScreeningSpool.Span(offset: written + UInt64(start), length: buffer.count - start)
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { try flush() }
        return span
    }

    func write(_ data: Data) throws {
        try handle.seekToEnd()
        try handle.write(contentsOf: data)
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.seek(toOffset: written)
        try handle.write(contentsOf: buffer)
        written += UInt64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Appends the bytes of a span (after `flush()`) to `bytes`, with positional reads.
    func read(_ span: ScreeningSpool.Span, appendingTo bytes: inout [UInt8]) throws {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: span.length))
        var done = 0
        while done < span.length {
            let count = bytes.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return -1 }
                return pread(handle.fileDescriptor, base + start + done, span.length - done, off_t(span.offset) + off_t(done))
            }
            guard count > 0 else { throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: url.path]) }
            done += count
        }
    }

    func read(_ span: ScreeningSpool.Span) throws -> Data {
        try handle.seek(toOffset: span.offset)
        return try handle.read(upToCount: span.length) ?? Data()
    }

    func close() throws {
        try flush()
        try handle.close()
    }
}

/// Writes rejected records: where, which field, what was found, what was expected, and the record as read.
struct RejectsWriter {
    let url: URL
    private let file: SpoolFile

    init(url: URL) throws {
        self.url = url
        file = try SpoolFile(url: url)
        _ = try file.append("file,line,field,value,expected,record")
    }

    func write(_ rejection: CaseRecordRejection) throws {
        let record = rejection.values.filter { !$0.key.hasPrefix("__") }.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        for problem in rejection.problems {
            _ = try file.append([problem.file, String(problem.line), problem.field, problem.value, problem.expected, record]
                .map(csvField).joined(separator: ","))
        }
    }

    func close() throws { try file.close() }
}
