import ArgumentParser
import Foundation
import KubeCache
import KubeModel

/// `kinformer watch RESOURCE`: prints an informer's events as they arrive.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Print an informer's events for a resource as they arrive.",
        discussion: """
            Runs a dynamic informer (any resource, custom resources included) and prints one line per \
            event: ADDED (the initial list too), MODIFIED, DELETED. With -o json each line is \
            {"type":…,"object":…}. Keeps running through dropped watches and API server restarts \
            (each failure is noted on stderr) until interrupted (Ctrl-C or SIGTERM end it cleanly).
            """)

    @Argument(help: "The resource, as kubectl names it (pods, deploy, widgets.example.com).")
    var resource: String

    @OptionGroup var connection: ConnectionOptions

    @Option(name: [.customShort("o"), .customLong("output")], help: "Output format: text or json.")
    var format: EventFormat = .text

    func run() async throws {
        let runner = WatchRunner(connection: connection, resource: resource, format: format)
        let output = StandardStreams()
        try await CommandExecution.run(output: output) {
            try await runner.run(output: output)
        }
    }
}

/// The logic of `kinformer watch`, apart from the process (signals, exit codes, streams).
struct WatchRunner: Sendable {
    var connection: ConnectionOptions
    var resource: String
    var format: EventFormat
    var environment: [String: String] = ProcessInfo.processInfo.environment

    /// Connects, then prints events until the calling task is cancelled (then returns normally).
    /// - Throws: ``CLIError`` when the cluster cannot be used (config, auth, RBAC, resource name).
    func run(output: some CLIOutput) async throws(CLIError) {
        let session = try await ClusterSession.open(
            connection, resource: resource, verbs: ["list", "watch"], environment: environment)
        let factory = SharedInformerFactory(client: session.client, options: session.factoryOptions)
        let informer: SharedIndexInformer<DynamicObject>
        do {
            informer = try factory.dynamicInformer(for: session.resource)
        } catch {
            await session.close()
            throw CLIError.describing(error, context: session.errorContext)
        }
        informer.addEventHandler(PrintingHandler(printer: EventPrinter(format: format), output: output))
        let name = session.resource.description
        informer.setWatchErrorHandler { error in
            output.diagnostic("kinformer: the watch on \(name) failed (\(error)); the informer recovers by itself")
        }
        try? await factory.run()
        await session.close()
    }
}

/// An informer handler that prints each event as one line.
struct PrintingHandler<Output: CLIOutput>: ResourceEventHandler {
    typealias Object = DynamicObject
    var printer: EventPrinter
    var output: Output

    func handle(_ event: InformerEvent<DynamicObject>) async {
        output.line(printer.render(event))
    }
}
