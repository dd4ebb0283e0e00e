public import KubeWorkQueue
public import Logging
public import ServiceLifecycle
import Synchronization

/// Workers pulling keys from a rate-limited work queue and reconciling them: the loop of every
/// Kubernetes controller.
///
/// `run()` waits for the informers' caches to sync, then runs `workers` tasks, each looping
/// *processNextWorkItem*: get a key → reconcile → on success `forget`, on error
/// `addRateLimited`, on `.after(d)` add it again after `d` → `done`. A key is never reconciled
/// by two workers at once. On graceful shutdown the workers stop taking keys and in-flight
/// reconciles finish; on cancellation they are cancelled.
public final class Controller: Service, Sendable {
    /// Settings.
    public struct Configuration: Sendable {
        /// Names the controller in logs and the queue's metrics.
        public var name: String
        /// How many keys are reconciled at once.
        public var workers: Int = 2
        /// After this many failures in a row a key is dropped (logged); `nil` retries forever,
        /// as client-go does.
        public var maxRetries: Int?

        public init(name: String, workers: Int = 2, maxRetries: Int? = nil) {
            self.name = name
            self.workers = workers
            self.maxRetries = maxRetries
        }
    }

    /// What the controller has done, for tests, metrics and the demo.
    public struct Statistics: Sendable, Hashable {
        /// Reconciles finished (successfully or not).
        public var reconciles = 0
        /// Reconciles that threw.
        public var failures = 0
        /// Keys requeued with backoff after a failure.
        public var retries = 0
        /// Keys dropped after `maxRetries` failures.
        public var dropped = 0
        /// Keys requeued on request (`.after`).
        public var requeuedAfter = 0
    }

    public let configuration: Configuration
    /// The queue of keys; handlers add to it (see ``enqueue(_:)``).
    public let queue: RateLimitingQueue<String>
    private let reconciler: any Reconciler
    private let cacheSyncs: [@Sendable () async -> Bool]
    private let logger: Logger
    private let stats = Mutex(Statistics())
    private let stopping = Mutex(false)

    /// - Parameters:
    ///   - reconciler: your logic.
    ///   - cacheSyncs: waits for the informers the reconciler reads (e.g. `{ await informer.waitForCacheSync() }`);
    ///     workers start once all return true.
    ///   - queue: the key queue; defaults to one with client-go's default controller rate limiter.
    public init(
        configuration: Configuration, reconciler: some Reconciler,
        cacheSyncs: [@Sendable () async -> Bool] = [],
        queue: RateLimitingQueue<String>? = nil, logger: Logger = Logger(label: "kinformer.controller")
    ) {
        self.configuration = configuration
        self.reconciler = reconciler
        self.cacheSyncs = cacheSyncs
        self.queue = queue ?? RateLimitingQueue(configuration: .init(name: configuration.name))
        var logger = logger
        logger[metadataKey: "controller"] = "\(configuration.name)"
        self.logger = logger
    }

    /// Adds a key to reconcile (collapses with the same key already waiting).
    public func enqueue(_ key: String) { queue.add(key) }

    /// What the controller has done so far.
    public var statistics: Statistics { stats.withLock { $0 } }

    /// Waits for caches, then runs the workers until cancelled or graceful shutdown.
    public func run() async throws {
        for sync in cacheSyncs {
            guard await sync() else {
                logger.debug("caches did not sync; not starting workers")
                return
            }
        }
        logger.debug("caches synced; starting workers", metadata: ["workers": "\(configuration.workers)"])
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { outer in
                // client-go refreshes the "unfinished work" gauges every 500 ms so stuck workers show.
                outer.addTask {
                    while (try? await Task.sleep(for: .milliseconds(500))) != nil {
                        self.queue.delaying.queue.updateUnfinishedWorkMetrics()
                    }
                }
                await withDiscardingTaskGroup { group in
                    for _ in 0..<max(1, configuration.workers) {
                        group.addTask { await self.worker() }
                    }
                }
                outer.cancelAll()
            }
        } onGracefulShutdown: {
            self.stopTakingWork()
        }
        queue.shutDown()
    }

    /// Stops handing out keys: workers finish what they hold and return.
    public func stopTakingWork() {
        stopping.withLock { $0 = true }
        queue.shutDown()
    }

    private func worker() async {
        while !Task.isCancelled, !stopping.withLock({ $0 }), await processNextWorkItem() {}
    }

    /// Takes one key, reconciles it and requeues as needed. Returns false once the queue is shut down.
    func processNextWorkItem() async -> Bool {
        guard let key = await queue.get() else { return false }
        defer { queue.done(key) }
        do {
            let result = try await reconciler.reconcile(key)
            queue.forget(key)
            var requeued = false
            if case .after(let delay) = result {
                queue.add(key, after: delay)
                requeued = true
            }
            stats.withLock {
                $0.reconciles += 1
                if requeued { $0.requeuedAfter += 1 }
            }
        } catch {
            let failures = queue.numRequeues(key) + 1
            if let max = configuration.maxRetries, failures > max {
                queue.forget(key)
                stats.withLock {
                    $0.reconciles += 1
                    $0.failures += 1
                    $0.dropped += 1
                }
                logger.warning("dropping key after repeated failures", metadata: ["key": "\(key)", "failures": "\(failures)", "error": "\(error)"])
            } else {
                queue.addRateLimited(key)
                stats.withLock {
                    $0.reconciles += 1
                    $0.failures += 1
                    $0.retries += 1
                }
                logger.debug("reconcile failed; retrying with backoff", metadata: ["key": "\(key)", "failures": "\(failures)", "error": "\(error)"])
            }
        }
        return true
    }
}
