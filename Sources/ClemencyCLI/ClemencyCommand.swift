import ArgumentParser

/// The `clemency` command: finds people serving sentences today's law would not impose.
public struct ClemencyCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "clemency",
        abstract: "Find federal drug prisoners serving sentences today's law would not impose, and prove it case by case.",
        subcommands: [ScreenCommand.self, AnalyzeCommand.self, RunsCommand.self, GenerateCommand.self, ServeCommand.self, UserCommand.self, BenchmarkCommand.self]
    )

    public init() {}
}

/// The entry point the `clemency` executable calls.
public enum ClemencyMain {
    /// Parses the command line, runs the command and exits.
    public static func run() async { await ClemencyCommand.main() }
}
