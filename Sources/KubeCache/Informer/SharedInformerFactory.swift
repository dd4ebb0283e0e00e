public import KubeClient
public import KubeModel
public import Logging
public import ServiceLifecycle
import KubeSupport

/// Hands out one informer per resource, shared by every caller that asks for it, and runs them.
///
/// ```swift
/// let factory = SharedInformerFactory(client: client)
/// let pods = try factory.informer(for: CoreV1.Pod.self)
/// pods.addEventHandler(onAdd: { pod, _ in queue.add(pod.key) })
/// factory.start()
/// let unsynced = await factory.waitForCacheSync()   // [] when all synced
/// ```
///
/// As a ServiceLifecycle `Service`, `run()` runs every informer (including ones created later)
/// until cancelled or graceful shutdown.
public final class SharedInformerFactory: Service, Sendable {
    /// Options applied to every informer the factory creates.
    public struct Options: Sendable {
        /// Watch one namespace only; `nil` for all namespaces.
        public var namespace: String?
        /// Label/field selector restrictions for every list and watch.
        public var tweak: ListTweak = ListTweak()
        /// Default resync period of the informers' handlers; `nil` for none.
        public var defaultResyncPeriod: Duration?
        /// Drop `metadata.managedFields` before caching (smaller caches).
        public var dropManagedFields: Bool = false
        /// The FIFO kind of each informer.
        public var queue: InformerQueueKind = .inOrder
        /// Use streaming lists where the server supports them.
        public var useStreamingList: Bool = false
        /// Give each informer a ``StringInterner`` (a bounded table), so equal strings of its
        /// cached objects — label keys and values, images, node names, managed-fields text —
        /// share storage. Applies to what is read as protobuf.
        public var internStrings: Bool = true

        public init() {}
    }

    /// One informer, type-erased for running and sync checks.
    private struct Entry: Sendable {
        var name: String
        var informer: any Sendable
        var run: @Sendable () async throws -> Void
        var hasSynced: @Sendable () -> Bool
        var waitForSync: @Sendable () async -> Bool
    }

    private enum Mode: Hashable, Sendable { case typed(ObjectIdentifier), dynamic, metadata }
    private struct Key: Hashable, Sendable {
        var resource: ResourceDescriptor
        var mode: Mode
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var order: [Key] = []
        var runner: AsyncStream<Entry>.Continuation?
        var startTask: Task<Void, Never>?
        var running = false
    }

    public let client: KubeClient
    public let options: Options
    private let logger: Logger
    private let state = Locked(State())

    public init(client: KubeClient, options: Options = Options(), logger: Logger = Logger(label: "kinformer.factory")) {
        self.client = client
        self.options = options
        self.logger = logger
    }

    /// The shared informer of a typed resource.
    public func informer<T: KubernetesResource>(for type: T.Type) throws -> SharedIndexInformer<T> {
        try informer(key: Key(resource: T.resource, mode: .typed(ObjectIdentifier(T.self)))) {
            client.resource(T.self, namespace: options.namespace)
        }
    }

    /// The shared informer of any resource as ``DynamicObject`` (custom resources included).
    public func dynamicInformer(for resource: ResourceDescriptor) throws -> SharedIndexInformer<DynamicObject> {
        try informer(key: Key(resource: resource, mode: .dynamic)) {
            client.resource(resource, as: DynamicObject.self, namespace: options.namespace)
        }
    }

    /// The shared metadata-only informer of a resource (``PartialObjectMetadata``).
    public func metadataInformer(for resource: ResourceDescriptor) throws -> SharedIndexInformer<PartialObjectMetadata> {
        try informer(key: Key(resource: resource, mode: .metadata)) {
            client.metadata(resource, namespace: options.namespace)
        }
    }

    private func informer<Object: KubernetesObject>(
        key: Key, makeClient: () -> ResourceClient<Object>
    ) throws -> SharedIndexInformer<Object> {
        if let existing = state.withLock({ $0.entries[key] }) {
            return existing.informer as! SharedIndexInformer<Object>
        }
        var configuration = SharedIndexInformer<Object>.Configuration(resource: key.resource)
        configuration.defaultResyncPeriod = options.defaultResyncPeriod
        configuration.queue = options.queue
        configuration.reflector.useStreamingList = options.useStreamingList
        if options.dropManagedFields { configuration.transform = { Transforms.dropManagedFields($0) } }
        let listWatch = ListWatch(makeClient().interning(options.internStrings ? StringInterner() : nil), tweak: options.tweak)
        let informer = try SharedIndexInformer(listerWatcher: listWatch, configuration: configuration, logger: logger)
        let entry = Entry(
            name: key.resource.description, informer: informer, run: { try await informer.run() },
            hasSynced: { informer.hasSynced }, waitForSync: { await informer.waitForCacheSync() })
        let (winner, runner): (Entry, AsyncStream<Entry>.Continuation?) = state.withLock { s in
            if let raced = s.entries[key] { return (raced, nil) }
            s.entries[key] = entry
            s.order.append(key)
            return (entry, s.runner)
        }
        runner?.yield(winner)
        return winner.informer as! SharedIndexInformer<Object>
    }

    /// Runs every informer, including those created later, until cancelled or graceful shutdown.
    public func run() async throws {
        let (stream, runner) = AsyncStream<Entry>.makeStream()
        let existing: [Entry]? = state.withLock { s in
            guard !s.running else { return nil }
            s.running = true
            s.runner = runner
            return s.order.compactMap { s.entries[$0] }
        }
        guard let existing else { return }
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for entry in existing { group.addTask { try? await entry.run() } }
                for await entry in stream { group.addTask { try? await entry.run() } }
                group.cancelAll()
            }
        }
        state.withLock { s in
            s.running = false
            s.runner = nil
        }
        runner.finish()
    }

    /// Starts the informers in the background (idempotent); informers created later start too.
    /// Stop them with ``shutdown()``.
    public func start() {
        state.withLock { s in
            guard s.startTask == nil else { return }
            s.startTask = Task { try? await self.run() }
        }
    }

    /// Stops what ``start()`` started and waits until every informer has stopped.
    public func shutdown() async {
        let task = state.withLock { s in
            defer { s.startTask = nil }
            return s.startTask
        }
        task?.cancel()
        await task?.value
    }

    /// Waits until every informer created so far has synced, or the task is cancelled.
    /// - Returns: the names of the informers that did NOT sync (empty when all did).
    @discardableResult
    public func waitForCacheSync() async -> [String] {
        let entries = state.withLock { s in s.order.compactMap { s.entries[$0] } }
        var unsynced: [String] = []
        for entry in entries where !(await entry.waitForSync()) { unsynced.append(entry.name) }
        return unsynced
    }

    /// Whether every informer created so far has synced.
    public var hasSynced: Bool {
        state.withLock { s in s.entries.values.allSatisfy { $0.hasSynced() } }
    }
}
