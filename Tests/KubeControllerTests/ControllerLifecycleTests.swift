import KubeClient
import KubeModel
import KubeTesting
import KubeWorkQueue
import Logging
import Synchronization
import Testing

@testable import KubeController

/// A controller stops when its task is cancelled and runs again later on the same queue (what
/// a controller under a leader elector needs); graceful shutdown is final; two runs at once are
/// refused. Each of these failed on the code before: a second `run()` returned at once.
@Suite struct ControllerLifecycleTests {
    @Test(.timeLimit(.minutes(1)))
    func aCancelledControllerRunsAgainAndReconcilesKeysQueuedMeanwhile() async throws {
        let reconciler = RecordingReconciler()
        let controller = Controller(
            configuration: .init(name: "restart", workers: 2), reconciler: reconciler, queue: fastQueue(), logger: quietLogger)
        let first = Task { try await controller.run() }
        controller.enqueue("first")
        await reconciler.finished.wait { $0.contains { $0.key == "first" } }
        first.cancel()
        try await first.value
        #expect(!controller.isRunning)

        controller.enqueue("while-stopped")   // handlers keep enqueueing while no worker runs
        let second = Task { try await controller.run() }
        await reconciler.finished.wait { $0.contains { $0.key == "while-stopped" } }
        controller.enqueue("second")
        await reconciler.finished.wait { $0.contains { $0.key == "second" } }
        #expect(controller.statistics.starts == 2)
        second.cancel()
        try await second.value
        #expect(!controller.queue.isShuttingDown)
    }

    /// First reconcile of each key waits until its task is cancelled (then throws
    /// `CancellationError`); later ones succeed.
    final class InterruptibleReconciler: Reconciler {
        let calls = EventLog<String>()
        private let seen = Mutex<Set<String>>([])

        func reconcile(_ key: String) async throws -> Requeue {
            let first = seen.withLock { $0.insert(key).inserted }
            calls.append(first ? "start \(key)" : "again \(key)")
            if first {
                // Not a timer: the reconcile waits for its task's cancellation.
                try await Task.sleep(for: .seconds(3600))
            }
            return .done
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aReconcileCutShortByTheStopIsQueuedAgainNotFailed() async throws {
        let reconciler = InterruptibleReconciler()
        let controller = Controller(
            configuration: .init(name: "interrupt", workers: 1), reconciler: reconciler, queue: fastQueue(), logger: quietLogger)
        let first = Task { try await controller.run() }
        controller.enqueue("slow")
        await reconciler.calls.wait { $0.contains("start slow") }
        first.cancel()
        try await first.value
        #expect(controller.statistics.interrupted == 1)
        #expect(controller.statistics.failures == 0)
        #expect(controller.queue.len == 1)   // the key waits for the next run
        #expect(controller.queue.numRequeues("slow") == 0)   // no backoff for an interruption

        let second = Task { try await controller.run() }
        await reconciler.calls.wait { $0.contains("again slow") }
        second.cancel()
        try await second.value
        #expect(controller.statistics.reconciles == 1)
    }

    @Test(.timeLimit(.minutes(1)))
    func runWhileRunningThrowsAndLeavesTheFirstRunAlone() async throws {
        let reconciler = RecordingReconciler()
        let controller = Controller(
            configuration: .init(name: "twice", workers: 1), reconciler: reconciler, queue: fastQueue(), logger: quietLogger)
        let first = Task { try await controller.run() }
        controller.enqueue("a")
        await reconciler.finished.wait(count: 1)
        await #expect(throws: ControllerError.alreadyRunning("twice")) { try await controller.run() }
        controller.enqueue("b")
        await reconciler.finished.wait(count: 2)
        controller.stopTakingWork()
        try await first.value
    }

    @Test(.timeLimit(.minutes(1)))
    func runAfterGracefulStopThrows() async throws {
        let reconciler = RecordingReconciler()
        let controller = Controller(
            configuration: .init(name: "final", workers: 1), reconciler: reconciler, queue: fastQueue(), logger: quietLogger)
        let task = Task { try await controller.run() }
        controller.enqueue("k")
        await reconciler.finished.wait(count: 1)   // running
        controller.stopTakingWork()
        try await task.value
        await #expect(throws: ControllerError.stopped("final")) { try await controller.run() }
    }

    @Test(.timeLimit(.minutes(1)))
    func cancelledWhileWaitingForCachesReturnsWithoutStarting() async throws {
        let gate = AsyncStream<Void>.makeStream()
        let controller = Controller(
            configuration: .init(name: "waiting", workers: 1), reconciler: RecordingReconciler(),
            cacheSyncs: [{
                for await _ in gate.stream {}
                return !Task.isCancelled
            }],
            queue: fastQueue(), logger: quietLogger)
        let task = Task { try await controller.run() }
        task.cancel()
        gate.continuation.finish()
        try await task.value
        #expect(controller.statistics.starts == 0)
    }

    /// The README's pattern: the controller runs inside `onStartedLeading`. When its API server
    /// hangs, the leader loses the lease by the renew deadline and the workers stop; when the
    /// server answers again the lease is re-acquired and the same controller reconciles keys
    /// queued meanwhile and new ones. Before the fix the re-elected leader held the lease and
    /// reconciled nothing.
    @Test(.timeLimit(.minutes(2)))
    func aControllerUnderALeaderElectorStopsOnLossAndResumesOnReacquire() async throws {
        let server = InProcessAPIServer()
        try await server.start()
        var configuration = try ClientConfiguration(kubeConfig: KubeConfig.parse(yaml: server.kubeconfig()))
        configuration.rateLimit = .unlimited
        let client = try KubeClient(configuration: configuration)

        let log = EventLog<String>()
        let reconciler = RecordingReconciler { call in
            log.append("reconcile \(call.key)")
            return .result(.done)
        }
        let controller = Controller(
            configuration: .init(name: "elected", workers: 2), reconciler: reconciler, queue: fastQueue(), logger: quietLogger)
        var config = LeaderElector.Configuration(leaseName: "elected", leaseNamespace: "default", identity: "only")
        config.leaseDuration = .seconds(3)
        config.renewDeadline = .seconds(2)
        config.retryPeriod = .milliseconds(500)
        config.releaseOnCancel = false
        let elector = LeaderElector(
            client: client, configuration: config,
            callbacks: .init(
                onStartedLeading: {
                    log.append("started")
                    do { try await controller.run() } catch { log.append("run threw \(error)") }
                },
                onStoppedLeading: { log.append("stopped") }),
            logger: quietLogger)
        let electing = Task { try await elector.run() }

        await log.wait { $0.contains("started") }
        controller.enqueue("before")
        await log.wait { $0.contains("reconcile before") }

        // Lease requests now take longer than the renew deadline: leadership is lost.
        server.faults.setLatency(.seconds(5), matching: .init(pathContains: "/leases"))
        await log.wait { $0.contains("stopped") }
        #expect(!controller.isRunning)
        controller.enqueue("while-lost")
        server.faults.setLatency(nil)

        await log.wait { $0.contains("reconcile while-lost") }
        controller.enqueue("after")
        let events = await log.wait { $0.contains("reconcile after") }

        #expect(!events.contains { $0.hasPrefix("run threw") }, "\(events)")
        // No reconcile between losing the lease and acquiring it again.
        let stopped = try #require(events.firstIndex(of: "stopped"))
        let restarted = try #require(events[stopped...].firstIndex(of: "started"))
        #expect(!events[stopped..<restarted].contains { $0.hasPrefix("reconcile") }, "\(events)")
        #expect(events.firstIndex(of: "reconcile while-lost")! > restarted)
        #expect(controller.statistics.starts >= 2)
        #expect(elector.acquisitions >= 2)

        electing.cancel()
        _ = try? await electing.value
        try await client.shutdown()
        await server.shutdown()
    }
}
