import KinformerTestSupport
import Synchronization
import Testing
@testable import KubeWorkQueue

@Suite struct WorkQueueTests {
    @Test func fifoCollapseAndLen() async throws {
        let queue = WorkQueue<String>()
        queue.add("a")
        queue.add("b")
        queue.add("a")
        #expect(queue.len == 2)
        #expect(await queue.get() == "a")
        #expect(await queue.get() == "b")
        #expect(queue.len == 0)
        try queue.checkInvariants()
    }

    @Test func reAddDuringProcessingIsProcessedAgainAfterDone() async throws {
        let queue = WorkQueue<String>()
        queue.add("a")
        let first = await queue.get()
        #expect(first == "a")
        queue.add("a")
        #expect(queue.len == 0, "must not be handed out while in processing")
        queue.done("a")
        #expect(queue.len == 1)
        #expect(await queue.get() == "a")
        queue.done("a")
        try queue.checkInvariants()
    }

    @Test func getWaitsForAnAdd() async {
        let queue = WorkQueue<Int>()
        async let item = queue.get()
        queue.add(5)  // either handed to the waiting getter or queued before it waits
        #expect(await item == 5)
    }

    @Test func shutDownDrainsQueuedItemsThenReturnsNil() async {
        let queue = WorkQueue<Int>()
        queue.add(1)
        queue.add(2)
        queue.shutDown()
        queue.add(3)
        #expect(queue.isShuttingDown)
        #expect(await queue.get() == 1)
        #expect(await queue.get() == 2)
        #expect(await queue.get() == nil)
    }

    @Test func shutDownReleasesBlockedWorkers() async {
        let queue = WorkQueue<Int>()
        await withTaskGroup(of: Int?.self) { group in
            for _ in 0..<4 { group.addTask { await queue.get() } }
            queue.shutDown()
            for await result in group { #expect(result == nil) }
        }
    }

    @Test func shutDownWithDrainWaitsForItemsInProcessing() async throws {
        let queue = WorkQueue<Int>()
        queue.add(1)
        let item = try #require(await queue.get())
        let drained = Flag()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                await queue.shutDownWithDrain()
                drained.set()
            }
            // The drain cannot finish before `done`: 1 is still being processed.
            while !queue.isShuttingDown { await Task.yield() }
            #expect(!drained.isSet)
            queue.done(item)
            try await group.waitForAll()
        }
        #expect(drained.isSet)
    }

    @Test func shutDownWithDrainReturnsAtOnceWhenIdle() async {
        let queue = WorkQueue<Int>()
        queue.add(1)  // queued, not in processing: not waited for
        await queue.shutDownWithDrain()
        #expect(queue.isShuttingDown)
        #expect(queue.len == 1)
    }

    @Test func cancelledGetReturnsNilAndLosesNothing() async throws {
        let queue = WorkQueue<Int>()
        let task = Task { await queue.get() }
        task.cancel()
        #expect(await task.value == nil)
        queue.add(9)
        #expect(queue.len == 1, "the cancelled getter took nothing")
        #expect(await queue.get() == 9)
        try queue.checkInvariants()
    }

    @Test func cancellingOneOfManyWaitersKeepsTheOthers() async throws {
        let queue = WorkQueue<Int>()
        let cancelled = Task { await queue.get() }
        let survivor = Task { await queue.get() }
        cancelled.cancel()
        #expect(await cancelled.value == nil)
        queue.add(1)
        #expect(await survivor.value == 1)
        try queue.checkInvariants()
    }

    /// Many workers, many producers, frequent re-adds. The test tracks which items are in
    /// flight and fails if one is ever processed by two workers at once, and checks that every
    /// add is followed by a processing of that item.
    @Test(arguments: [1, 8, 32])
    func concurrentWorkersNeverShareAnItem(workers: Int) async throws {
        let queue = WorkQueue<Int>()
        let tracker = Tracker()
        let producers = 4
        let addsPerProducer = 2_000
        let keys = 50

        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    while let item = await queue.get() {
                        tracker.start(item)
                        await Task.yield()
                        tracker.finish(item)
                        queue.done(item)
                    }
                }
            }
            await withTaskGroup(of: Void.self) { producersGroup in
                for p in 0..<producers {
                    producersGroup.addTask {
                        var rng = SeededGenerator(seed: UInt64(p + 1))
                        for _ in 0..<addsPerProducer {
                            let item = Int(rng.next() % UInt64(keys))
                            tracker.willAdd(item)
                            queue.add(item)
                            if rng.next() % 8 == 0 { await Task.yield() }
                        }
                    }
                }
            }
            queue.shutDown()
        }
        let result = tracker.result()
        #expect(result.overlaps == 0, "an item was processed by two workers at once")
        #expect(result.unprocessedAdds.isEmpty, "adds without a later processing: \(result.unprocessedAdds)")
        #expect(result.processed >= keys, "every key was processed at least once")
        #expect(result.processed <= producers * addsPerProducer)
        #expect(queue.len == 0)
        try queue.checkInvariants()
    }
}

/// A flag that can be set from another task.
final class Flag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}

/// Tracks in-flight items and add/processing order for the concurrency test.
final class Tracker: Sendable {
    private struct State {
        var sequence = 0
        var inFlight: Set<Int> = []
        var overlaps = 0
        var lastAdd: [Int: Int] = [:]
        var lastStart: [Int: Int] = [:]
        var processed = 0
    }
    private let state = Mutex(State())

    func willAdd(_ item: Int) {
        state.withLock { s in
            s.sequence += 1
            s.lastAdd[item] = s.sequence
        }
    }

    func start(_ item: Int) {
        state.withLock { s in
            s.sequence += 1
            s.lastStart[item] = s.sequence
            s.processed += 1
            if !s.inFlight.insert(item).inserted { s.overlaps += 1 }
        }
    }

    func finish(_ item: Int) {
        _ = state.withLock { $0.inFlight.remove(item) }
    }

    func result() -> (overlaps: Int, unprocessedAdds: [Int], processed: Int) {
        state.withLock { s in
            let missing = s.lastAdd.filter { item, added in (s.lastStart[item] ?? 0) < added }.map(\.key)
            return (s.overlaps, missing.sorted(), s.processed)
        }
    }
}

