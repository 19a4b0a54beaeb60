import ArgumentParser
import ClemencyLawData
import ClemencyRules
import ClemencySQLite
import ClemencyStore
import ClemencyUseCases
import Foundation

/// `clemency benchmark screen`: the main job end to end on a generated population.
struct ScreenBenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "Generate cases to a CSV file, then time `screen` from that CSV to the written report and the recorded run; print cases per second and peak memory. Build with -c release."
    )

    @Option(help: "How many cases.")
    var count = 1_000_000

    @Option(help: "Seed of the synthetic case generator.")
    var seed: UInt64 = 2014

    @Option(help: "A scratch folder (deleted afterwards).")
    var scratch = ".benchmark"

    @OptionGroup var asOf: AsOfOption

    func run() throws {
        let folder = URL(fileURLWithPath: scratch)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("cases.csv")
        let generationStart = DispatchTime.now().uptimeNanoseconds
        let law = try LawData.loadBundled()
        try writePopulation(to: input, law: law)
        let generationSeconds = Double(DispatchTime.now().uptimeNanoseconds - generationStart) / 1e9
        let store = try SQLiteStore(path: folder.appendingPathComponent("bench.sqlite").path)
        let request = ScreeningRequest(
            inputs: [input.path], asOf: try asOf.asOf(), policy: try PolicyData.loadDefault(),
            outputDirectory: folder.appendingPathComponent("out"), writeJSON: false, htmlExplanationLimit: 1_000,
            runID: UUID().uuidString.lowercased(), createdAt: ISO8601DateFormatter().string(from: Date()))
        let start = DispatchTime.now().uptimeNanoseconds
        let outcome = try ScreenCases(law: law, store: store).run(request)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let size = (try? FileManager.default.attributesOfItem(atPath: input.path)[.size] as? Int).flatMap { $0 } ?? 0
        print("cases screened:        \(outcome.summary.total.cases) (synthetic, seed \(seed); input CSV \(size / 1_048_576) MB, generated in \(String(format: "%.1f", generationSeconds)) s)")
        print("elapsed (CSV → ranked.csv, report.html, summary.json, SQLite run): \(String(format: "%.2f", seconds)) s on \(ProcessInfo.processInfo.activeProcessorCount) cores")
        print("cases per second:      \(Int(Double(outcome.summary.total.cases) / seconds))")
        print("peak memory (max RSS): \(peakResidentMegabytes()) MB")
        for (phase, phaseSeconds) in outcome.phaseSeconds { print("  \(phase): \(String(format: "%.2f", phaseSeconds)) s") }
        print("overserved: \(outcome.summary.total.overservedPeople); with a reduction: \(outcome.summary.total.peopleWithReduction)")
    }

    private func writePopulation(to url: URL, law: LawLibrary) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw CommandFailure("cannot write \(url.path)") }
        guard let handle = FileHandle(forWritingAtPath: url.path) else { throw CommandFailure("cannot write \(url.path)") }
        defer { try? handle.close() }
        var generator = SyntheticCaseGenerator(seed: seed, law: law)
        var buffer = CaseFormatWriter.header(synthetic: true) + "\n"
        for index in 0..<count {
            buffer += CaseFormatWriter.row(generator.next(index: index), synthetic: "yes") + "\n"
            if buffer.utf8.count > 1 << 20 {
                handle.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        handle.write(Data(buffer.utf8))
    }
}
