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
