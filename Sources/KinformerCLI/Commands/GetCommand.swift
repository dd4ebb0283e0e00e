import ArgumentParser
import Foundation
import KubeCache
import KubeModel

/// `kinformer get RESOURCE`: lists objects from a synced informer cache.
struct GetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "List a resource from a synced informer cache.",
        discussion: """
            Syncs an informer and prints its cache with the columns kubectl shows (the API server's \
            own printer columns, computed from the cache: READY, STATUS, RESTARTS for pods, a custom \
            resource's additionalPrinterColumns, NAME and AGE for the rest). -o wide adds the wide \
            columns; -o name, json and yaml print the objects themselves.

            With -w the table stays live: on a terminal it is redrawn in place with the changes \
            highlighted; otherwise each change is appended as a line, like kubectl get -w. It keeps \
            running through dropped watches and API server restarts until Ctrl-C.

            --index queries the cache's indexes instead of scanning it; repeat it to intersect:
              --index namespace=NAMESPACE   the built-in namespace index
              --index label:KEY=VALUE       objects whose label KEY is VALUE
              --index owner=UID             objects owned by the object with this UID
            """)

    @Argument(help: "The resource, as kubectl names it (pods, deploy, widgets.example.com).")
    var resource: String

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .customLong("index"), help: "Query an index: namespace=NS, label:KEY=VALUE or owner=UID.")
    var indexes: [String] = []

    @Option(name: [.customShort("o"), .customLong("output")], help: "Output format: table, wide, name, json or yaml.")
    var format: OutputFormat = .table

    @Option(name: .customLong("sort-by"), help: "Sort rows by this column (e.g. RESTARTS, AGE).")
    var sortBy: String?

    @Flag(name: .customLong("no-headers"), help: "Leave out the header line.")
    var noHeaders = false

    @Flag(name: [.customShort("w"), .customLong("watch")], help: "After the table, keep showing changes until Ctrl-C.")
    var watch = false

    @Flag(name: .customLong("output-watch-events"), help: "With -w, prefix each line with its event (ADDED, MODIFIED, DELETED).")
    var outputWatchEvents = false

    @Flag(help: "Audit the synced cache against a quorum list of the server and print any drift.")
    var audit = false

    func validate() throws {
        for index in indexes {
            do { _ = try IndexQuery(parsing: index) } catch { throw ValidationError(error.message) }
        }
    }

    func run() async throws {
        let queries = try indexes.map { try IndexQuery(parsing: $0) }
        var runner = GetRunner(connection: connection, resource: resource, queries: queries)
        runner.format = format
        runner.sortBy = sortBy
        runner.noHeaders = noHeaders
        runner.watch = watch
        runner.outputWatchEvents = outputWatchEvents
        runner.terminalLines = TerminalSize.linesIfTerminal()
        let configured = runner
        let output = StandardStreams()
        let auditor = GetAuditRunner(connection: connection, resource: resource), audit = self.audit
        try await CommandExecution.run(output: output) {
            if audit { try await auditor.run(output: output) } else { try await configured.run(output: output) }
        }
    }
}

/// The logic of `kinformer get`, apart from the process (signals, exit codes, streams).
struct GetRunner: Sendable {
    var connection: ConnectionOptions
    var resource: String
    var queries: [IndexQuery] = []
    var environment: [String: String] = ProcessInfo.processInfo.environment
    /// The current time in epoch seconds, for AGE.
    var now: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }

    /// Output format, `--sort-by`, `--no-headers`, `-w`, `--output-watch-events`.
    var format: OutputFormat = .table
    var sortBy: String?
    var noHeaders = false
    var watch = false
    var outputWatchEvents = false
    /// The terminal's height when standard output is a terminal (the live view redraws in
    /// place); `nil` appends lines.
    var terminalLines: Int?

    /// Connects, syncs the cache and prints it (see ``printCache(session:output:)``). Returns
    /// early (printing nothing) if the calling task is cancelled before the cache syncs.
    /// - Throws: ``CLIError`` when the cluster cannot be used (config, auth, RBAC, resource name).
    func run(output: some CLIOutput) async throws(CLIError) {
        let session = try await ClusterSession.open(
            connection, resource: resource, verbs: ["list", "watch"], environment: environment)
        do {
            try await printCache(session: session, output: output)
        } catch {
            await session.close()
            throw CLIError.describing(error, context: session.errorContext)
        }
        await session.close()
    }
}
