import Foundation
import KubeModel
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import KubeSupport

/// An API server in the test process, speaking the real Kubernetes HTTP/JSON protocol on
/// 127.0.0.1: CRUD with resourceVersions and generations, list pagination, selectors, watches
/// with bookmarks and a bounded history (410 Expired), discovery, and fault injection.
///
/// ```swift
/// let server = InProcessAPIServer()
/// try await server.start()
/// defer { Task { await server.shutdown() } }
/// try server.writeKubeconfig(to: path)   // clients connect as to a real cluster
/// server.faults.dropWatches()
/// ```
///
/// Simplifications (documented so tests do not rely on them): strategic-merge patches are applied
/// as JSON merge patches (lists replaced, no merge keys); server-side apply is not supported (415);
/// lists at any resourceVersion serve the current state; the event history is one global window
/// (not one watch cache per resource); every resource gets `metadata.generation`; namespaces
/// need not exist and deleting one does not delete its contents; no admission, defaulting or
/// validation beyond names.
public final class InProcessAPIServer: Sendable {
    /// How the server behaves; defaults follow the real server where one applies.
    public struct Configuration: Sendable {
        /// The address to listen on.
        public var host = "127.0.0.1"
        /// The port; 0 picks a free one (read it from ``InProcessAPIServer/port``).
        public var port = 0
        /// How many events the history keeps; a watch from an older resourceVersion gets 410 Expired.
        public var historyLimit = 1000
        /// Events buffered per watch before a slow watcher is closed.
        public var watchBufferLimit = 10_000
        /// How often watches that allow bookmarks get one (the real server: about a minute).
        public var bookmarkInterval: Duration = .seconds(60)
        /// If set, every request must carry `Authorization: Bearer <token>` (else 401).
        public var bearerToken: String?
        /// Whether `sendInitialEvents=true` is honoured (streaming lists, Kubernetes ≥ 1.27);
        /// `false` ignores it like an older server.
        public var supportsStreamingLists = true
        /// The resourceVersion before the first write.
        public var initialResourceVersion: Int64 = 1000
        /// Register ``InProcessAPIServer/commonResources`` at init.
        public var registerCommonResources = true
        /// What `/version` reports.
        public var gitVersion = "v1.20.2"

        /// The defaults: a free port, 1000 events of history, bookmarks every minute, no auth.
        public init() {}
    }

    /// Resources served by default: namespaces, pods, configmaps, secrets, services, events,
    /// apps/v1 deployments and coordination.k8s.io/v1 leases.
    public static let commonResources: [(ResourceDescriptor, statusSubresource: Bool)] = [
        (ResourceDescriptor(group: "", version: "v1", kind: "Namespace", plural: "namespaces", namespaced: false, shortNames: ["ns"]), true),
        (ResourceDescriptor(group: "", version: "v1", kind: "Pod", plural: "pods", namespaced: true, shortNames: ["po"]), true),
        (ResourceDescriptor(group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", namespaced: true, shortNames: ["cm"]), false),
        (ResourceDescriptor(group: "", version: "v1", kind: "Secret", plural: "secrets", namespaced: true), false),
        (ResourceDescriptor(group: "", version: "v1", kind: "Service", plural: "services", namespaced: true, shortNames: ["svc"]), true),
        (ResourceDescriptor(group: "", version: "v1", kind: "Event", plural: "events", namespaced: true, shortNames: ["ev"]), false),
        (ResourceDescriptor(group: "apps", version: "v1", kind: "Deployment", plural: "deployments", namespaced: true, shortNames: ["deploy"]), true),
        (ResourceDescriptor(group: "coordination.k8s.io", version: "v1", kind: "Lease", plural: "leases", namespaced: true), false),
    ]

    struct Runtime {
        var channel: (any Channel)?
        var task: Task<Void, Never>?
        var port = 0
        var connections: [ObjectIdentifier: any Channel] = [:]
        /// Accepted connections not yet handed to `serve` (see ``shutdown()``).
        var unserved: [ObjectIdentifier: Connection] = [:]
        var requests: [RequestRecord] = []
    }

    public let configuration: Configuration
    /// Faults to inject; scriptable at any time.
    public let faults: FaultInjector
    let core: ServerCore
    let logger: Logger
    let runtime = Locked(Runtime())

    /// Creates a server (not yet listening; call ``start()``).
    /// - Parameters:
    ///   - configuration: behaviour and limits; see ``Configuration``.
    ///   - logger: where the server logs (debug level only).
    public init(configuration: Configuration = Configuration(), logger: Logger = Logger(label: "kinformer.inprocess-apiserver")) {
        self.configuration = configuration
        self.logger = logger
        core = ServerCore(
            historyLimit: configuration.historyLimit, watchBufferLimit: configuration.watchBufferLimit,
            initialResourceVersion: configuration.initialResourceVersion)
        faults = FaultInjector(core: core)
        if configuration.registerCommonResources {
            for (d, status) in Self.commonResources { register(d, statusSubresource: status) }
        }
    }

    /// Serves a resource (e.g. a custom resource). Objects of it are stored as JSON.
    /// - Parameter statusSubresource: whether it has `/status` (then updates keep `status`, and
    ///   `/status` updates change only `status`).
    public func register(_ resource: ResourceDescriptor, statusSubresource: Bool = true) {
        core.register(RegisteredResource(descriptor: resource, statusSubresource: statusSubresource))
    }

    /// The port the server listens on (after ``start()``).
    public var port: Int { runtime.withLock { $0.port } }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://\(configuration.host):\(port)" }

    /// The current global resourceVersion.
    public var resourceVersion: String { String(core.resourceVersion) }

    /// How many watches are open now.
    public var openWatchCount: Int { core.openWatchCount }

    /// Starts listening. Call ``shutdown()`` when done.
    public func start() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .bind(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    let connection = try Connection(wrappingChannelSynchronously: channel)
                    self.runtime.withLock { $0.unserved[ObjectIdentifier(channel)] = connection }
                    return connection
                }
            }
        let port = server.channel.localAddress?.port ?? 0
        let task = Task { await self.acceptConnections(server) }
        runtime.withLock {
            $0.channel = server.channel
            $0.port = port
            $0.task = task
        }
        logger.debug("in-process apiserver listening", metadata: ["port": "\(port)"])
    }

    /// Stops listening, closes every connection (open watches end abruptly) and waits until done.
    ///
    /// The listener is closed rather than the accept loop cancelled; the accept loop then ends by
    /// itself and cancels the connections still being served. A connection accepted while the
    /// listener closes may never reach the loop: NIO traps when such a channel is deallocated
    /// unfinished, so every accepted connection is held in `unserved` until `serve` claims it,
    /// and the ones never claimed are finished and closed here.
    public func shutdown() async {
        let (channel, task) = runtime.withLock { r in
            defer {
                r.channel = nil
                r.task = nil
            }
            return (r.channel, r.task)
        }
        try? await channel?.close()
        for c in runtime.withLock({ Array($0.connections.values) }) { try? await c.close() }
        await task?.value
        let unserved = runtime.withLock { r in
            defer { r.unserved = [:] }
            return Array(r.unserved.values)
        }
        for connection in unserved { try? await connection.executeThenClose { _, _ in } }
    }

    private func acceptConnections(_ server: NIOAsyncChannel<Connection, Never>) async {
        do {
            try await server.executeThenClose { inbound in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in inbound {
                        _ = runtime.withLock { $0.unserved.removeValue(forKey: ObjectIdentifier(connection.channel)) }
                        group.addTask { await self.serve(connection) }
                    }
                    // The listener closed (shutdown): end the connections still being served.
                    group.cancelAll()
                }
            }
        } catch {
            logger.debug("in-process apiserver accept loop ended", metadata: ["error": "\(error)"])
        }
    }

    func track(_ channel: any Channel, open: Bool) {
        runtime.withLock {
            if open { $0.connections[ObjectIdentifier(channel)] = channel } else {
                $0.connections.removeValue(forKey: ObjectIdentifier(channel))
            }
        }
    }

    // MARK: Request log

    /// Every request answered so far, oldest first.
    public var requests: [RequestRecord] { runtime.withLock { $0.requests } }

    /// How many requests had this verb (and resource, e.g. `pods`, `deployments.apps`).
    public func requestCount(verb: String, resource: String? = nil) -> Int {
        runtime.withLock { r in r.requests.count { $0.verb == verb && (resource == nil || $0.resource == resource) } }
    }

    /// How many requests each verb had, e.g. `["list": 2, "watch": 3]`.
    public var requestCountsByVerb: [String: Int] {
        runtime.withLock { r in r.requests.reduce(into: [:]) { $0[$1.verb, default: 0] += 1 } }
    }

    /// Forgets the request log.
    public func clearRequestLog() { runtime.withLock { $0.requests.removeAll() } }

    func record(_ request: APIRequest, code: Int) {
        let entry = RequestRecord(
            method: request.method.rawValue, path: request.path, query: request.rawQuery, verb: request.verb,
            resource: request.resourceName, subresource: request.subresource, code: code)
        runtime.withLock { $0.requests.append(entry) }
    }
}
