import DequeModule
import KubeClient
import KubeModel
import Synchronization
import Testing

@testable import KubeCache

/// Every public wait of the informer is owned by its own task: it returns on its own event, on
/// the informer's stop, or on its own task's cancellation — never because another waiter was
/// cancelled. Each test here failed on the code before the waiter rework.
@Suite struct InformerLifecycleTests {
    typealias Obj = PartialObjectMetadata
    static let resource = SharedIndexInformerFakeTests.resource

    /// A ListerWatcher whose first list answers only once the test opens the gate; watches
    /// stay open and empty.
    final class GatedListWatch: Sendable {
        private let gate: AsyncStream<Void>
        private let opener: AsyncStream<Void>.Continuation
        let listCalls = Mutex(0)
        /// Open watches, kept so they stay open until cancelled.
        private let watches = Mutex<[AsyncThrowingStream<WatchEvent<Obj>, any Error>.Continuation]>([])

        init() { (gate, opener) = AsyncStream.makeStream() }

        func open() { opener.finish() }

        var listWatch: ListWatch<Obj> {
            ListWatch(
                list: { _ in
                    self.listCalls.withLock { $0 += 1 }
                    for await _ in self.gate {}
                    return ObjectList(metadata: ListMeta(resourceVersion: "10"), items: [SharedIndexInformerFakeTests.object("x", rv: "5")])
                },
                watch: { _ in
                    let (stream, continuation) = AsyncThrowingStream<WatchEvent<Obj>, any Error>.makeStream()
                    self.watches.withLock { $0.append(continuation) }
                    return AnyWatchEvents(stream)
                })
        }
    }

    /// Yields until `condition` holds (state changes made by other tasks, never time).
    static func eventually(_ condition: () -> Bool) async {
        while !condition() { await Task.yield() }
    }

    /// A handler buffer with two consumers already waiting on `next()`.
    static func bufferWithTwoWaiters() async -> (HandlerBuffer<Int>, Task<Int?, Never>, Task<Int?, Never>) {
        let buffer = HandlerBuffer<Int>()
        let a = Task { await buffer.next() }
        let b = Task { await buffer.next() }
        await eventually { buffer.waiterCount == 2 }
        return (buffer, a, b)
    }

    @Test(.timeLimit(.minutes(1)))
    func cancellingOneCacheSyncWaiterLeavesTheOthersWaiting() async throws {
        let script = GatedListWatch()
        let informer = try SharedIndexInformer(listerWatcher: script.listWatch, configuration: .init(resource: Self.resource))
        let run = Task { try await informer.run() }
        let cancelled = Task { await informer.waitForCacheSync() }
        let patient = Task { await informer.waitForCacheSync() }
        await Self.eventually { informer.synced.waiterCount == 2 }

        cancelled.cancel()
        #expect(await cancelled.value == false)
        #expect(informer.synced.waiterCount == 1)   // the patient one still waits

        script.open()
        #expect(await patient.value == true)
        #expect(informer.hasSynced)
        run.cancel()
        try await run.value
    }

    @Test(.timeLimit(.minutes(1)))
    func cacheSyncWaitersReturnFalseWhenTheInformerStopsFirst() async throws {
        let script = GatedListWatch()
        let informer = try SharedIndexInformer(listerWatcher: script.listWatch, configuration: .init(resource: Self.resource))
        let run = Task { try await informer.run() }
        let waiter = Task { await informer.waitForCacheSync() }
        await Self.eventually { informer.synced.waiterCount == 1 }
        run.cancel()
        try await run.value
        #expect(await waiter.value == false)
        #expect(await informer.waitForCacheSync() == false)   // after the stop, at once
        #expect(!informer.hasSynced)
    }

    @Test(.timeLimit(.minutes(1)))
    func handlerSyncWaitReturnsOnCancellationAndOthersKeepWaiting() async throws {
        let script = GatedListWatch()
        let informer = try SharedIndexInformer(listerWatcher: script.listWatch, configuration: .init(resource: Self.resource))
        let registration = informer.addEventHandler(onAdd: { _, _ in })
        let run = Task { try await informer.run() }
        let cancelled = Task { await registration.waitForSync() }
        let patient = Task { await registration.waitForSync() }
        cancelled.cancel()
        #expect(await cancelled.value == false)
        script.open()
        #expect(await patient.value == true)
        #expect(registration.hasSynced)
        run.cancel()
        try await run.value
    }

    @Test(.timeLimit(.minutes(1)))
    func handlerSyncWaitReturnsWhenTheInformerStopsBeforeSyncing() async throws {
        let script = GatedListWatch()
        let informer = try SharedIndexInformer(listerWatcher: script.listWatch, configuration: .init(resource: Self.resource))
        let registration = informer.addEventHandler(onAdd: { _, _ in })
        let run = Task { try await informer.run() }
        let waiter = Task { await registration.waitForSync() }
        await Self.eventually { script.listCalls.withLock { $0 } == 1 }
        run.cancel()
        try await run.value
        #expect(await waiter.value == false)
        #expect(!registration.hasSynced)
    }

    @Test(.timeLimit(.minutes(1)))
    func handlerSyncWaitReturnsWhenTheHandlerIsRemoved() async throws {
        let script = GatedListWatch()
        let informer = try SharedIndexInformer(listerWatcher: script.listWatch, configuration: .init(resource: Self.resource))
        let registration = informer.addEventHandler(onAdd: { _, _ in })
        let waiter = Task { await registration.waitForSync() }
        informer.removeEventHandler(registration)
        #expect(await waiter.value == false)
    }

    @Test(.timeLimit(.minutes(1)))
    func aSecondRunReturnsAtOnceAndLeavesTheFirstRunning() async throws {
        let script = GatedListWatch()
        let informer = try SharedIndexInformer(listerWatcher: script.listWatch, configuration: .init(resource: Self.resource))
        let first = Task { try await informer.run() }
        await Self.eventually { script.listCalls.withLock { $0 } == 1 }
        try await informer.run()   // returns at once, as client-go's second Run does
        script.open()
        #expect(await informer.waitForCacheSync())
        #expect(script.listCalls.withLock { $0 } == 1)
        first.cancel()
        try await first.value
    }

    @Test(.timeLimit(.minutes(1)))
    func aHandlerBufferServesSeveralConsumersEachNotificationOnce() async throws {
        let (buffer, a, b) = await Self.bufferWithTwoWaiters()
        buffer.push(1)
        buffer.push(2)
        let got = [await a.value, await b.value].compactMap { $0 }
        #expect(got.sorted() == [1, 2])
        #expect(buffer.depth == 0)
    }

    @Test(.timeLimit(.minutes(1)))
    func cancellingOneBufferConsumerLeavesTheOtherWaiting() async throws {
        let (buffer, cancelled, patient) = await Self.bufferWithTwoWaiters()
        cancelled.cancel()
        #expect(await cancelled.value == nil)
        buffer.push(7)
        #expect(await patient.value == 7)
    }

    @Test(.timeLimit(.minutes(1)))
    func closingABufferEndsEveryConsumer() async throws {
        let (buffer, a, b) = await Self.bufferWithTwoWaiters()
        buffer.close()
        #expect(await a.value == nil)
        #expect(await b.value == nil)
        buffer.push(1)   // ignored once closed
        #expect(await buffer.next() == nil)
    }

    @Test(.timeLimit(.minutes(1)))
    func batchesArePushedAndTakenInOrderWaitersFirst() async throws {
        let (buffer, a, b) = await Self.bufferWithTwoWaiters()
        buffer.push(contentsOf: Deque([1, 2, 3, 4, 5]))
        // The two waiters take the first two; the rest stay buffered, in order.
        let got = [await a.value, await b.value].compactMap { $0 }
        #expect(got.sorted() == [1, 2])
        #expect(buffer.depth == 3)
        buffer.push(6)
        #expect(Array(await buffer.next(upTo: 2)) == [3, 4])
        #expect(buffer.depth == 2)
        #expect(Array(await buffer.next(upTo: 10)) == [5, 6])
        #expect(buffer.depth == 0)
        buffer.push(contentsOf: Deque())  // nothing to add
        #expect(buffer.depth == 0)
    }

    @Test(.timeLimit(.minutes(1)))
    func aBatchTakeWaitsForItsOwnEventAndEndsOnCancellationOrClose() async throws {
        let buffer = HandlerBuffer<Int>()
        let cancelled = Task { await buffer.next(upTo: 8) }
        let waiting = Task { await buffer.next(upTo: 8) }
        await Self.eventually { buffer.waiterCount == 2 }
        cancelled.cancel()
        #expect(await cancelled.value.isEmpty)
        buffer.push(contentsOf: Deque([9]))
        #expect(Array(await waiting.value) == [9])
        let closed = Task { await buffer.next(upTo: 8) }
        await Self.eventually { buffer.waiterCount == 1 }
        buffer.close()
        #expect(await closed.value.isEmpty)
        buffer.push(contentsOf: Deque([1, 2]))  // ignored once closed
        #expect(buffer.depth == 0)
    }
}
