import ArgumentParser

/// The `kinformer` command line: a demo on an embedded API server, and tools for real clusters.
public struct KinformerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kinformer",
        abstract: "Kubernetes informers, work queues and controllers for Swift.",
        version: "0.1.0",
        subcommands: [DemoCommand.self, WatchCommand.self, GetCommand.self, BenchCommand.self, SoakCommand.self, RecordCommand.self]
    )

    public init() {}
}

extension KinformerCommand {
    /// Parses the process's arguments and runs the chosen subcommand, exiting as ArgumentParser
    /// does on errors. Use this from `main.swift`: there, `KinformerCommand.main()` resolves to
    /// ParsableCommand's synchronous `main()`, which refuses async subcommands at run time.
    public static func runMain() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

/// `kinformer bench sync|churn|reset`: the measurements compared side by side with the
/// client-go peer (`/work/shared/bench/clientgo`), printed as one JSON line with the peer's
/// field names so the two can be diffed.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure informer sync and churn (compare with the client-go peer).",
        subcommands: [BenchSyncCommand.self, BenchChurnCommand.self, BenchEventsCommand.self, BenchResetCommand.self])
}
