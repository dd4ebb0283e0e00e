import CoreMetrics
public import KubeCache
public import KubeClient
public import KubeController
public import KubeModel
public import Logging
public import ServiceLifecycle
import KubeSupport

/// Runs an operator: shared caches, any number of controllers, optional leader election, and the
/// probe and metrics endpoints (controller-runtime's manager).
///
/// `run()` starts every cache at once and waits for them to sync — also on a candidate that does
/// not lead, so a new leader starts with warm caches. Controllers run while leading: they start
/// when the lease is acquired, are cancelled by the renew deadline when it is lost, and start
/// again (same queues, same keys) when it is re-acquired. On graceful shutdown the controllers
/// stop taking keys and finish the reconciles in flight, then the lease is released and the
/// caches stop. Declare caches and controllers before calling `run()`.
public final class Manager: Service, Sendable {
    /// Settings.
    public struct Configuration: Sendable {
        /// Names the manager in logs.
        public var name: String
        /// The scope of caches asked for without one.
        public var defaultScope = CacheScope()
        /// Leader election; `nil` runs the controllers at once and always.
        public var leaderElection: LeaderElector.Configuration?
        /// The `/metrics`, `/healthz` and `/readyz` endpoints; `nil` for none.
        public var probes: ProbeServer.Configuration?
        /// Where controllers' metrics (and their queues') go; `nil`: the global `MetricsSystem`.
        public var metrics: OperatorMetrics?
        /// Admission and conversion webhooks, served by every replica (leading or not); `nil` for none.
        public var webhooks: WebhookServer?

        public init(name: String) { self.name = name }
    }

    /// What the probes report.
    public struct Status: Sendable, Hashable {
        /// Every cache has synced (`/readyz` is 200 from then on).
        public var cachesSynced: Bool
        /// Leader election is configured.
        public var electing: Bool
        /// The controllers run now (always true once synced without leader election).
        public var leading: Bool
        /// The leader last observed.
        public var leader: String?
        /// Shutdown has begun.
        public var stopping: Bool
    }

    /// An informer the manager runs itself (scopes with a transform).
    private struct OwnInformer: Sendable {
        var informer: any Sendable
        var run: @Sendable () async -> Void
        var waitForSync: @Sendable () async -> Bool
    }

    private struct OwnInformerKey: Hashable, Sendable {
        var scope: CacheScope
        var type: ObjectIdentifier
    }

    private struct State {
        var factories: [CacheScope: SharedInformerFactory] = [:]
        var ownInformers: [OwnInformerKey: OwnInformer] = [:]
        var controllers: [OperatorController] = []
        var recorders: [EventRecorder] = []
        var running = false
        var synced = false
        var leadingRuns = 0
        var leader: String?
        var stopping = false
    }

    public let configuration: Configuration
    public let client: KubeClient
    let logger: Logger
    private let state = Locked(State())
    private let stopRequested = Latch<Bool>()
    private let drained = Latch<Bool>()
    private let syncedLatch = Latch<Bool>()
    private let probeServer: ProbeServer?
    private let failure = Locked<(any Error)?>(nil)

    public init(client: KubeClient, configuration: Configuration, logger: Logger = Logger(label: "kinformer.operator")) {
        self.client = client
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "manager"] = "\(configuration.name)"
        self.logger = logger
        probeServer = configuration.probes.map {
            ProbeServer(configuration: $0, metrics: configuration.metrics, logger: logger)
        }
        probeServer?.setStatusProvider { [weak self] in self?.status }
    }

    /// The port of the probe endpoints once they listen (nil without probes, or if the task is
    /// cancelled first). Useful with port 0.
    public func probePort() async -> Int? {
        guard let probeServer else { return nil }
        return await probeServer.port()
    }

    /// The metrics factory controllers use.
    var metricsFactory: any MetricsFactory { configuration.metrics?.factory ?? MetricsSystem.factory }

    // MARK: Caches

    /// The informer factory of a scope (created on first use).
    public func factory(scope: CacheScope? = nil) throws -> SharedInformerFactory {
        let scope = scope ?? configuration.defaultScope
        return try state.withLock { s in
            if let factory = s.factories[scope] { return factory }
            guard !s.running else { throw OperatorError.alreadyRunning("a cache for a new scope") }
            let factory = SharedInformerFactory(client: client, options: scope.factoryOptions)
            s.factories[scope] = factory
            return factory
        }
    }

    /// The shared informer of `type` in `scope` (the default scope when `nil`).
    public func informer<T: KubernetesResource>(for type: T.Type, scope: CacheScope? = nil) throws -> SharedIndexInformer<T> {
        let scope = scope ?? configuration.defaultScope
        guard let transform = scope.transform(for: T.self) else { return try factory(scope: scope).informer(for: type) }
        let key = OwnInformerKey(scope: scope, type: ObjectIdentifier(T.self))
        if let existing = state.withLock({ $0.ownInformers[key] }) { return existing.informer as! SharedIndexInformer<T> }
        var informerConfiguration = SharedIndexInformer<T>.Configuration(resource: T.resource)
        informerConfiguration.transform = transform
        let listWatch = ListWatch(
            client.resource(T.self, namespace: scope.namespace),
            tweak: ListTweak(labelSelector: scope.labelSelector, fieldSelector: scope.fieldSelector))
        let informer = try SharedIndexInformer(listerWatcher: listWatch, configuration: informerConfiguration, logger: logger)
        let own = OwnInformer(
            informer: informer, run: { try? await informer.run() }, waitForSync: { await informer.waitForCacheSync() })
        return try state.withLock { s in
            if let raced = s.ownInformers[key] { return raced.informer as! SharedIndexInformer<T> }
            guard !s.running else { throw OperatorError.alreadyRunning("a cache with transform '\(scope.metadataTransform?.name ?? "")'") }
            s.ownInformers[key] = own
            return informer
        }
    }

    // MARK: Controllers and recorders

    /// Starts building a controller named `name`: continue with `.for(Type.self)`.
    public func controller(_ name: String) -> ControllerBuilderStart {
        ControllerBuilderStart(manager: self, name: name)
    }

    func add(_ controller: OperatorController) throws {
        try state.withLock { s in
            guard !s.running else { throw OperatorError.alreadyRunning("controller \(controller.name)") }
            guard !s.controllers.contains(where: { $0.name == controller.name }) else {
                throw OperatorError.duplicateController(controller.name)
            }
            s.controllers.append(controller)
        }
    }

    /// The controllers added so far.
    public var controllers: [OperatorController] { state.withLock { $0.controllers } }

    /// An event recorder writing core/v1 Events as `component`; the manager runs it.
    public func eventRecorder(component: String, configuration: EventRecorder.Configuration? = nil) throws -> EventRecorder {
        try state.withLock { s in
            guard !s.running else { throw OperatorError.alreadyRunning("event recorder \(component)") }
            let recorder = EventRecorder(
                client: client, component: component, configuration: configuration ?? .init(), logger: logger)
            s.recorders.append(recorder)
            return recorder
        }
    }

    // MARK: Status

    /// What the probes report now.
    public var status: Status {
        state.withLock { s in
            Status(
                cachesSynced: s.synced, electing: configuration.leaderElection != nil, leading: s.leadingRuns > 0,
                leader: s.leader, stopping: s.stopping)
        }
    }

    /// Waits until every cache has synced (true), or the manager stopped or the task was
    /// cancelled first (false).
    public func waitForCacheSync() async -> Bool {
        await syncedLatch.wait() ?? false
    }

    // MARK: Run

    /// Runs caches, leader election, controllers and endpoints until cancelled or graceful
    /// shutdown. A manager runs once.
    /// - Throws: ``OperatorError`` if it already ran, or the probe server cannot listen.
    public func run() async throws {
        let (factories, ownInformers, controllers, recorders) = try state.withLock { s in
            guard !s.running else { throw OperatorError.alreadyRunning("the manager") }
            s.running = true
            return (Array(s.factories.values), Array(s.ownInformers.values), s.controllers, s.recorders)
        }
        let server = probeServer
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                if let server {
                    group.addTask {
                        do { try await server.run() } catch {
                            self.failure.withLock { $0 = error }
                            self.stopRequested.open(true)
                        }
                    }
                }
                if let webhooks = configuration.webhooks {
                    group.addTask {
                        do { try await webhooks.run() } catch {
                            self.failure.withLock { $0 = error }
                            self.stopRequested.open(true)
                        }
                    }
                }
                for factory in factories {
                    // Detached from graceful shutdown: caches stay up while controllers drain.
                    group.addTask { await Self.detached { try? await factory.run() } }
                }
                for own in ownInformers { group.addTask { await Self.detached { await own.run() } } }
                for recorder in recorders { group.addTask { await Self.detached { await recorder.run() } } }
                // Warm up, then lead (or campaign). A stop before the caches synced cancels this.
                group.addTask {
                    await self.syncThenLead(
                        waits: factories.map { factory in { @Sendable in await factory.waitForCacheSync().isEmpty } }
                            + ownInformers.map(\.waitForSync),
                        controllers: controllers)
                }
                _ = await stopRequested.wait()
                await drain(controllers)
                group.cancelAll()
                while let _ = try await group.next() {}
            }
        } onGracefulShutdown: {
            self.stopRequested.open(true)
        }
        syncedLatch.open(false)  // waiters learn that the caches will not sync now
        if let failure = failure.withLock({ $0 }) { throw failure }
    }

    /// Waits for every cache, then runs the controllers — at once, or while holding the lease.
    private func syncThenLead(waits: [@Sendable () async -> Bool], controllers: [OperatorController]) async {
        for wait in waits where !(await wait()) { return }
        guard !Task.isCancelled else { return }
        state.withLock { $0.synced = true }
        syncedLatch.open(true)
        logger.debug("caches synced")
        guard let election = configuration.leaderElection else {
            await lead(controllers)
            return
        }
        let elector = LeaderElector(
            client: client, configuration: election,
            callbacks: .init(
                onStartedLeading: { await self.lead(controllers) },
                onNewLeader: { leader in self.state.withLock { $0.leader = leader } }),
            logger: logger)
        await Self.detached { try? await elector.run() }
    }

    /// Stops the controllers taking keys and waits until the reconciles in flight finished.
    private func drain(_ controllers: [OperatorController]) async {
        let leading = state.withLock { s in
            s.stopping = true
            return s.leadingRuns > 0
        }
        for controller in controllers { controller.controller.stopTakingWork() }
        if leading { _ = await drained.wait() }
        logger.debug("controllers drained")
    }

    /// Runs every controller until leadership ends (cancellation) or they are drained.
    private func lead(_ controllers: [OperatorController]) async {
        let stopping = state.withLock { s in
            s.leadingRuns += 1
            return s.stopping
        }
        if !stopping {
            logger.debug("starting controllers", metadata: ["controllers": "\(controllers.map(\.name))"])
            await withDiscardingTaskGroup { group in
                for controller in controllers { group.addTask { try? await controller.controller.run() } }
            }
            logger.debug("controllers stopped")
        }
        let done = state.withLock { s in
            s.leadingRuns -= 1
            return s.leadingRuns == 0 && s.stopping
        }
        if done { drained.open(true) }
    }

    /// Runs `body` in a task that inherits no task-locals (so not ServiceLifecycle's graceful
    /// shutdown either, which the manager orders itself), cancelled with the calling task.
    private static func detached(_ body: @escaping @Sendable () async -> Void) async {
        let task = Task.detached(operation: body)
        await withTaskCancellationHandler { await task.value } onCancel: { task.cancel() }
    }
}
