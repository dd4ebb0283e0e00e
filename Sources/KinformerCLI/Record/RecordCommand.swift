import ArgumentParser
import Foundation
import KubeModel
import KubeTesting

/// `kinformer record RESOURCE -o FILE`: writes what a watch delivers as JSON lines.
struct RecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record", abstract: "Record what a watch of a resource delivers, for replay.",
        discussion: """
            Lists the resource, then watches it and writes one JSON line per list, event (with its \
            resourceVersion) and watch error, each with the seconds since the start. After 410 \
            Expired it records the relist; after a lost connection, the re-watch. Runs until \
            interrupted (Ctrl-C, SIGTERM) or --duration. Replay the file in tests with \
            KubeTesting's CaptureReplay into an InProcessAPIServer.
            """)

    @Argument(help: "The resource, as kubectl names it (pods, deploy, widgets.example.com).")
    var resource: String

    @OptionGroup var connection: ConnectionOptions

    @Option(name: [.customShort("o"), .customLong("output")], help: "The capture file to write (JSON lines).")
    var file: String

    @Option(help: "Stop after this many seconds (default: until interrupted).")
    var duration: Double?

    func validate() throws {
        if let duration, duration <= 0 { throw ValidationError("--duration must be positive") }
        guard !file.isEmpty else { throw ValidationError("-o FILE must name a file") }
    }

    func run() async throws {
        let runner = RecordRunner(connection: connection, resource: resource, file: file, duration: duration)
        let output = StandardStreams()
        try await CommandExecution.run(output: output) {
            try await runner.run(output: output)
        }
    }
}

/// The logic of `kinformer record`, apart from the process.
struct RecordRunner: Sendable {
    var connection: ConnectionOptions
    var resource: String
    var file: String
    var duration: Double?
    var environment: [String: String] = ProcessInfo.processInfo.environment

    /// Connects and records until cancelled or `duration` passes.
    /// - Throws: ``CLIError`` when the cluster cannot be used or the file cannot be written.
    func run(output: some CLIOutput) async throws(CLIError) {
        guard FileManager.default.createFile(atPath: file, contents: nil),
            let handle = FileHandle(forWritingAtPath: file)
        else {
            throw CLIError(
                .invalidArgument, "cannot create the capture file \(file); check that its directory exists and is writable")
        }
        defer { try? handle.close() }
        let session = try await ClusterSession.open(
            connection, resource: resource, verbs: ["list", "watch"], environment: environment)
        let counts = RecordCounts()
        let recorder = WatchRecorder(
            client: session.client.resource(session.resource, namespace: session.namespace), resource: session.resource,
            namespace: session.namespace
        ) { record in
            try handle.write(contentsOf: WatchCapture.line(record) + Data("\n".utf8))
            counts.add(record)
        }
        let limit = duration
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await recorder.run() }
                if let limit {
                    group.addTask { try? await Task.sleep(for: .milliseconds(Int64(limit * 1000))) }
                }
                _ = try await group.next()
                group.cancelAll()
            }
        } catch {
            await session.close()
            throw CLIError(.invalidArgument, "writing the capture file \(file) failed (\(error)); check the disk and the path")
        }
        await session.close()
        output.diagnostic("kinformer: recorded \(counts.summary) to \(file)")
    }
}
