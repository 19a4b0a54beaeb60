import ArgumentParser
import ClemencyLawData
import ClemencyRules
import ClemencyUseCases
import Foundation

/// `clemency benchmark analyze`: generates synthetic cases in memory and analyzes them on one core.
struct AnalyzeBenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyze generated cases on one core; print cases per second and peak memory. Build with -c release for real figures."
    )

    @Option(help: "How many cases to analyze.")
    var count = 1_000_000

    @Option(help: "Seed of the synthetic case generator.")
    var seed: UInt64 = 2014

    @OptionGroup var asOf: AsOfOption

    @Flag(help: "Run the whole screening (every pathway) per case instead of the analysis alone.")
    var screen = false

    @Flag(help: "With --screen: skip building the text of steps and reasons, as `screen` does for its ranked list.")
    var quiet = false

    @Option(help: "Threads, each with its own copy of the law (default 1: the figure is per core).")
    var threads = 1

    func run() throws {
        let law = try LawData.loadBundled()
        let analyzer = SentenceAnalyzer(law: law)
        let date = try asOf.asOf()
        var generator = SyntheticCaseGenerator(seed: seed, law: law)
        let batch = Swift.min(count, 10_000)
        let cases = (0..<batch).map { generator.next(index: $0) }
        var reduced = 0
        var totalReduction = 0
        if threads > 1 {
            let policy = try PolicyData.loadDefault()
            let screeners = try (0..<threads).map { _ in Screener(law: try LawData.loadBundled(), policy: policy, asOf: date) }
            // Each thread gets cases of its own: objects shared between threads slow both down (reference counts).
            let perThread = screeners.map { screener in
                var own = SyntheticCaseGenerator(seed: seed, law: screener.law)
                return (0..<batch).map { own.next(index: $0) }
            }
            let start = DispatchTime.now().uptimeNanoseconds
            let share = count / threads
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                let screener = screeners[thread]
                let local = perThread[thread]
                for index in 0..<share { _ = screener.screen(local[index % batch], detail: !quiet) }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            print("screened \(share * threads) cases on \(threads) threads in \(String(format: "%.2f", seconds)) s: \(Int(Double(share * threads) / seconds)) per second")
            return
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let screener = Screener(law: law, policy: try PolicyData.loadDefault(), asOf: date)
        for index in 0..<count {
            let analysis = screen ? screener.screen(cases[index % batch], detail: !quiet).analysis : analyzer.analyze(cases[index % batch], asOf: date)
            if let reduction = analysis.reductionMonths, reduction > 0 {
                reduced += 1
                totalReduction += reduction
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print("cases analyzed:        \(count) (\(batch) distinct synthetic cases, seed \(seed), as of \(date))")
        print("elapsed:               \(String(format: "%.2f", seconds)) s on one core")
        print("cases per second:      \(Int(Double(count) / seconds))")
        print("peak memory (max RSS): \(peakResidentMegabytes()) MB")
        print("cases with a reduction: \(reduced); total reduction \(totalReduction) months")
    }
}

/// The process's peak resident set size in megabytes.
func peakResidentMegabytes() -> Int {
    var usage = rusage()
    #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
        getrusage(RUSAGE_SELF, &usage)
    #endif
    #if os(Linux)
        return Int(usage.ru_maxrss) / 1024
    #else
        return Int(usage.ru_maxrss) / 1_048_576
    #endif
}
