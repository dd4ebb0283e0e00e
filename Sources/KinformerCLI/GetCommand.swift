import ArgumentParser
import Foundation
import KubeCache
import KubeModel

/// `kinformer get RESOURCE`: lists objects from a synced informer cache.
struct GetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "List a resource from a synced informer cache.",
        discussion: """
            Syncs a metadata-only informer and prints its cache as a table (NAMESPACE with -A, NAME, AGE).
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

    @Flag(help: "Audit the synced cache against a quorum list of the server and print any drift.")
    var audit = false

    func validate() throws {
        for index in indexes {
            do { _ = try IndexQuery(parsing: index) } catch { throw ValidationError(error.message) }
        }
    }

    func run() async throws {
        let queries = try indexes.map { try IndexQuery(parsing: $0) }
        let runner = GetRunner(connection: connection, resource: resource, queries: queries)
        let output = StandardStreams()
        let auditor = GetAuditRunner(connection: connection, resource: resource), audit = self.audit
        try await CommandExecution.run(output: output) {
            if audit { try await auditor.run(output: output) } else { try await runner.run(output: output) }
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

    /// Connects, syncs the cache and prints the table. Returns early (printing nothing) if the
    /// calling task is cancelled before the cache syncs.
    /// - Throws: ``CLIError`` when the cluster cannot be used (config, auth, RBAC, resource name).
    func run(output: some CLIOutput) async throws(CLIError) {
        let session = try await ClusterSession.open(
            connection, resource: resource, verbs: ["list", "watch"], environment: environment)
        let factory = SharedInformerFactory(client: session.client, options: session.factoryOptions)
        let objects: [PartialObjectMetadata]
        do {
            let informer = try factory.metadataInformer(for: session.resource)
            try informer.indexer.addIndexers(IndexQuery.indexFunctions(for: queries))
            factory.start()
            guard await informer.waitForCacheSync() else {
                await factory.shutdown()
                await session.close()
                return
            }
            objects = try IndexQuery.select(queries, from: informer.indexer)
        } catch {
            await factory.shutdown()
            await session.close()
            throw CLIError.describing(error, context: session.errorContext)
        }
        await factory.shutdown()
        await session.close()
        for line in table(objects, session: session) { output.line(line) }
    }

    /// The table (or kubectl's "No resources found" sentence) for these objects.
    func table(_ objects: [PartialObjectMetadata], session: ClusterSession) -> [String] {
        let showNamespace = session.resource.namespaced && session.namespace == nil
        guard !objects.isEmpty else {
            if let namespace = session.namespace { return ["No resources found in \(namespace) namespace."] }
            return ["No resources found"]
        }
        let sorted = objects.sorted { ($0.namespace ?? "", $0.name) < ($1.namespace ?? "", $1.name) }
        let time = now()
        let rows = sorted.map { object -> [String] in
            let age = AgeFormatter.format(created: object.metadata.creationTimestamp?.secondsSinceEpoch, now: time)
            return showNamespace ? [object.namespace ?? "", object.name, age] : [object.name, age]
        }
        let headers = showNamespace ? ["NAMESPACE", "NAME", "AGE"] : ["NAME", "AGE"]
        return TableRenderer(headers: headers).render(rows)
    }
}
