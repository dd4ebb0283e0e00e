public import KubeWorkQueue
public import Logging
public import ServiceLifecycle
import KubeSupport

/// Workers pulling keys from a rate-limited work queue and reconciling them: the loop of every
/// Kubernetes controller.
///
/// `run()` waits for the informers' caches to sync, then runs `workers` tasks, each looping
/// *processNextWorkItem*: get a key → reconcile → on success `forget`, on error
/// `addRateLimited`, on `.after(d)` add it again after `d` → `done`. A key is never reconciled
/// by two workers at once.
///
/// **Stopping and starting again.** Cancelling the task running `run()` stops the workers at
/// once: no new reconcile starts, reconciles in flight see the cancellation and their keys are
/// queued again (not counted as failures). The queue and its keys stay, handlers keep
/// enqueueing, and a later `run()` starts the workers again — which is what a controller run
/// from ``LeaderElector``'s `onStartedLeading` needs: it stops when the lease is lost and
/// resumes, on the still-warm caches, when the lease is re-acquired. Graceful shutdown (or
/// ``stopTakingWork()``) is final instead: the workers stop taking keys, in-flight reconciles
/// finish, the queue shuts down, and a later `run()` throws. `run()` while already running
/// throws too.
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
        /// Reconciles cut short because the controller was stopped (their keys were queued again).
        public var interrupted = 0
        /// How many times the workers were started (one per `run()` that got past the cache syncs).
        public var starts = 0
    }

    public let configuration: Configuration
    /// The queue of keys; handlers add to it (see ``enqueue(_:)``).
    public let queue: RateLimitingQueue<String>
    private let reconciler: any Reconciler
    private let cacheSyncs: [@Sendable () async -> Bool]
    private let logger: Logger
    private let stats = Locked(Statistics())
    private let lifecycle = Locked(Lifecycle())

    /// Whether `run()` is running, and whether the controller was stopped for good.
    private struct Lifecycle {
        var running = false
        var stoppedForGood = false
    }

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

    /// Whether the workers run now.
    public var isRunning: Bool { lifecycle.withLock { $0.running } }

    /// Waits for caches, then runs the workers until cancelled (the controller can run again
    /// later) or graceful shutdown (final).
    /// - Throws: ``ControllerError`` when already running, stopped for good, or when a cache
    ///   did not sync (its informer stopped) while this task was not cancelled.
    public func run() async throws {
        try lifecycle.withLock { (l) throws(ControllerError) in
            if l.stoppedForGood { throw .stopped(configuration.name) }
            if l.running { throw .alreadyRunning(configuration.name) }
            l.running = true
        }
        defer { lifecycle.withLock { $0.running = false } }
        for sync in cacheSyncs {
            guard await sync() else {
                if Task.isCancelled { return }
                logger.debug("caches did not sync; not starting workers")
                throw ControllerError.cachesDidNotSync(configuration.name)
            }
        }
        guard !Task.isCancelled else { return }
        stats.withLock { $0.starts += 1 }
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
        logger.debug("workers stopped")
    }

    /// Stops for good: workers finish what they hold and return, the queue shuts down, and
    /// ``run()`` cannot be called again.
    public func stopTakingWork() {
        lifecycle.withLock { $0.stoppedForGood = true }
        queue.shutDown()
    }

    private func worker() async {
        while !Task.isCancelled, !lifecycle.withLock({ $0.stoppedForGood }), await processNextWorkItem() {}
    }

    /// Takes one key, reconciles it and requeues as needed. Returns false once the queue is shut down.
    func processNextWorkItem() async -> Bool {
        guard let key = await queue.get() else { return false }
        defer { queue.done(key) }
        // Stopped (e.g. the lease was lost) while this key was handed over: leave it for the
        // next run instead of starting a reconcile now.
        guard !Task.isCancelled else {
            queue.add(key)
            return false
        }
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
        } catch where Task.isCancelled {
            // Cut short by the stop, not failed: queued again (after `done`), no backoff.
            queue.add(key)
            stats.withLock { $0.interrupted += 1 }
            logger.debug("reconcile interrupted by stop; key queued again", metadata: ["key": "\(key)"])
            return false
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
