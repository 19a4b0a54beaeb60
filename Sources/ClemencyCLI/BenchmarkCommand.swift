import ArgumentParser

/// `clemency benchmark`: prints throughput figures for the engine and the screening pipeline.
struct BenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark",
        abstract: "Measure the law engine: cases analyzed per second and peak memory.",
        subcommands: [AnalyzeBenchmarkCommand.self, ScreenBenchmarkCommand.self]
    )
}
