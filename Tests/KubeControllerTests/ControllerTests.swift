import KubeWorkQueue
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@testable import KubeController

/// The controller loop with a fake reconciler: no server, no informers.
@Suite struct ControllerTests {
    /// Runs `controller` in a task; the caller stops it with `stopTakingWork()` and awaits the task.
    private func start(_ controller: Controller) -> Task<Void, any Error> {
        Task { try await controller.run() }
    }

    private func stop(_ controller: Controller, _ task: Task<Void, any Error>) async throws {
        controller.stopTakingWork()
        try await task.value
    }

    @Test func aKeyIsNeverReconciledByTwoWorkersAtOnce() async throws {
        let reconciler = RecordingReconciler()
        let controller = Controller(
            configuration: .init(name: "exclusive", workers: 8), reconciler: reconciler, queue: fastQueue(), logger: quietLogger)
        let task = start(controller)
        let keys = (0..<5).map { "ns/key-\($0)" }
        // Re-add every key while it is being reconciled, many times over, from a second task too.
        let adder = Task {
            for round in 0..<200 {
                for key in keys { controller.enqueue(key) }
                if round % 10 == 0 { await Task.yield() }
            }
        }
        for key in keys { controller.enqueue(key) }
        await adder.value
        // Every key is reconciled at least once after the last add.
        let marker = reconciler.total
        await reconciler.finished.wait { $0.count >= marker && Set($0.map(\.key)) == Set(keys) }
        try await stop(controller, task)
        #expect(reconciler.violations.isEmpty, "keys reconciled concurrently: \(reconciler.violations)")
        #expect(reconciler.maxConcurrent <= keys.count)
        #expect(controller.statistics.reconciles == reconciler.total)
        #expect(controller.statistics.failures == 0)
        try controller.queue.checkInvariants()
    }

    @Test func concurrentKeysUseSeveralWorkers() async throws {
        // Block two different keys at once: only possible with two workers.
        let reconciler = RecordingReconciler { _ in .block }
        let controller = Controller(
            configuration: .init(name: "parallel", workers: 2), reconciler: reconciler, queue: fastQueue(), logger: quietLogger)
        let task = start(controller)
        controller.enqueue("a")
        controller.enqueue("b")
        await reconciler.calls.wait(count: 2)
        #expect(reconciler.maxConcurrent == 2)
        reconciler.release("a")
        reconciler.release("b")
        await reconciler.finished.wait(count: 2)
        try await stop(controller, task)
        #expect(controller.statistics.reconciles == 2)
    }

    @Test func failuresRequeueWithBackoffThenSucceed() async throws {
        let reconciler = RecordingReconciler { call in call.attempt <= 3 ? .fail : .result(.done) }
        let controller = Controller(
            configuration: .init(name: "retry", workers: 2), reconciler: reconciler, queue: fastQueue(), logger: quietLogger)
        let task = start(controller)
        controller.enqueue("ns/flaky")
        await reconciler.finished.wait(count: 4)
        try await stop(controller, task)
        let stats = controller.statistics
        #expect(stats.reconciles == 4)
        #expect(stats.failures == 3)
        #expect(stats.retries == 3)
        #expect(stats.dropped == 0)
        #expect(reconciler.attempts("ns/flaky") == 4)
        // Success forgets the failure history.
        #expect(controller.queue.numRequeues("ns/flaky") == 0)
    }

    @Test func backoffGrowsPerFailure() async throws {
        // With the real default limiter the first retry is 5 ms; count requeues as failures pile up.
        let reconciler = RecordingReconciler { _ in .fail }
        let controller = Controller(
            configuration: .init(name: "backoff", workers: 1), reconciler: reconciler, queue: fastQueue(), logger: quietLogger)
        let task = start(controller)
        controller.enqueue("k")
        await reconciler.finished.wait(count: 5)
        try await stop(controller, task)
        // Each failure was counted by the limiter and never forgotten.
        #expect(controller.queue.numRequeues("k") == controller.statistics.retries)
        #expect(controller.statistics.retries >= 5)
        #expect(controller.statistics.dropped == 0)
    }

    @Test func afterRequeuesWithoutCountingAFailure() async throws {
        let reconciler = RecordingReconciler { call in
            call.attempt == 1 ? .result(.after(.milliseconds(5))) : .result(.done)
        }
        let controller = Controller(
            configuration: .init(name: "after", workers: 2), reconciler: reconciler, queue: fastQueue(), logger: quietLogger)
        let task = start(controller)
        controller.enqueue("ns/later")
        await reconciler.finished.wait(count: 2)
        try await stop(controller, task)
        let stats = controller.statistics
        #expect(stats.reconciles == 2)
        #expect(stats.requeuedAfter == 1)
        #expect(stats.failures == 0 && stats.retries == 0)
        #expect(reconciler.attempts("ns/later") == 2)
    }

    @Test func maxRetriesDropsTheKey() async throws {
        let reconciler = RecordingReconciler { call in call.key == "bad" ? .fail : .result(.done) }
        let controller = Controller(
            configuration: .init(name: "drop", workers: 1, maxRetries: 2), reconciler: reconciler, queue: fastQueue(), logger: quietLogger)
        let task = start(controller)
        controller.enqueue("bad")
        // 1 try + 2 retries, then dropped.
        await reconciler.finished.wait { calls in calls.filter { $0.key == "bad" }.count == 3 }
        // One worker: once the sentinel is reconciled, "bad"'s third round is fully accounted.
        controller.enqueue("sentinel")
        await reconciler.finished.wait { calls in calls.contains { $0.key == "sentinel" } }
        try await stop(controller, task)
        let stats = controller.statistics
        #expect(stats.dropped == 1)
        #expect(stats.failures == 3)
        #expect(stats.retries == 2)
        #expect(reconciler.attempts("bad") == 3)
        #expect(controller.queue.numRequeues("bad") == 0)
        #expect(controller.queue.len == 0)
    }

    @Test func reconcileErrorsNeverStopTheWorker() async throws {
        let reconciler = RecordingReconciler { call in call.key.hasPrefix("bad") ? .fail : .result(.done) }
        let controller = Controller(
            configuration: .init(name: "survive", workers: 1, maxRetries: 0), reconciler: reconciler,
            queue: fastQueue(), logger: quietLogger)
        let task = start(controller)
        for i in 0..<20 { controller.enqueue("bad-\(i)") }
        for i in 0..<20 { controller.enqueue("good-\(i)") }
        await reconciler.finished.wait { calls in calls.filter { $0.key.hasPrefix("good") }.count == 20 }
        try await stop(controller, task)
        #expect(controller.statistics.dropped == 20)
        #expect(controller.statistics.reconciles == 40)
    }

    @Test func stopTakingWorkFinishesInFlightAndStops() async throws {
        let reconciler = RecordingReconciler { call in call.key == "slow" ? .block : .result(.done) }
        let controller = Controller(
            configuration: .init(name: "stop", workers: 1), reconciler: reconciler, queue: fastQueue(), logger: quietLogger)
        let task = start(controller)
        controller.enqueue("slow")
        await reconciler.calls.wait(count: 1)
        controller.enqueue("waiting")
        controller.stopTakingWork()
        reconciler.release("slow")
        try await task.value
        #expect(reconciler.finished.values.map(\.key) == ["slow"])
        #expect(reconciler.cancelledWhileBlocked.isEmpty)
        #expect(reconciler.attempts("waiting") == 0)
        #expect(controller.statistics.reconciles == 1)
    }

    @Test func gracefulShutdownInAServiceGroupFinishesInFlightReconciles() async throws {
        let reconciler = RecordingReconciler { call in call.key.hasPrefix("slow") ? .block : .result(.done) }
        let controller = Controller(
            configuration: .init(name: "graceful", workers: 3), reconciler: reconciler, queue: fastQueue(), logger: quietLogger)
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: controller)], logger: Logger(label: "test")))
        let running = Task { try await group.run() }
        controller.enqueue("slow-1")
        controller.enqueue("slow-2")
        await reconciler.calls.wait(count: 2)
        await group.triggerGracefulShutdown()
        reconciler.release("slow-1")
        reconciler.release("slow-2")
        try await running.value
        #expect(Set(reconciler.finished.values.map(\.key)) == ["slow-1", "slow-2"])
        #expect(reconciler.cancelledWhileBlocked.isEmpty)
        #expect(controller.queue.isShuttingDown)
    }

    @Test func cacheSyncFailureMeansNoWorkers() async throws {
        let reconciler = RecordingReconciler()
        let controller = Controller(
            configuration: .init(name: "nosync", workers: 2), reconciler: reconciler,
            cacheSyncs: [{ true }, { false }], queue: fastQueue(), logger: quietLogger)
        controller.enqueue("k")
        await #expect(throws: ControllerError.cachesDidNotSync("nosync")) { try await controller.run() }
        #expect(reconciler.total == 0)
        #expect(controller.statistics.starts == 0)
    }
}
