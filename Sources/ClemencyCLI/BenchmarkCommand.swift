import ArgumentParser

/// `clemency benchmark`: prints throughput figures for the engine and the screening pipeline.
struct BenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark",
        abstract: "Measure the law engine, the screening pipeline and the web app: throughput, latency and peak memory.",
        subcommands: [AnalyzeBenchmarkCommand.self, ScreenBenchmarkCommand.self, WebBenchmarkCommand.self, StoreBenchmarkCommand.self]
    )
}
