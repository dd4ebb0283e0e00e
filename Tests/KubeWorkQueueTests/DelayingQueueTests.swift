import KinformerTestSupport
import KubeTesting
import Testing
@testable import KubeWorkQueue

@Suite struct DelayingQueueTests {
    @Test func itemBecomesReadyOnlyAfterItsDelay() async throws {
        let clock = ManualClock()
        let queue = DelayingQueue<String>(clock: clock)
        queue.add("a", after: .seconds(10))
        #expect(queue.delayedCount == 1)
        clock.advance(by: .seconds(9))
        await clock.waitForSleepers(atLeast: 1)  // the timer looked and went back to sleep
        #expect(queue.len == 0)
        clock.advance(by: .seconds(1))
        #expect(await queue.get() == "a")
        #expect(queue.delayedCount == 0)
        try queue.checkInvariants()
    }

    @Test func nonPositiveDelayAddsNow() async {
        let queue = DelayingQueue<String>(clock: ManualClock())
        queue.add("now", after: .zero)
        queue.add("past", after: .seconds(-1))
        #expect(queue.len == 2)
        #expect(queue.delayedCount == 0)
    }

    @Test func itemsBecomeReadyInReadyTimeOrder() async throws {
        let clock = ManualClock()
        let queue = DelayingQueue<String>(clock: clock)
        queue.add("late", after: .seconds(3))
        queue.add("early", after: .seconds(1))
        queue.add("middle", after: .seconds(2))
        clock.advance(by: .seconds(3))
        #expect(await queue.get() == "early")
        #expect(await queue.get() == "middle")
        #expect(await queue.get() == "late")
    }

    @Test func reAddMovesReadyTimeEarlier() async throws {
        let clock = ManualClock()
        let queue = DelayingQueue<String>(clock: clock)
        queue.add("a", after: .seconds(10))
        queue.add("a", after: .seconds(2))
        #expect(queue.delayedCount == 1)
        clock.advance(by: .seconds(2))
        #expect(await queue.get() == "a")
        try queue.checkInvariants()
    }

    @Test func reAddNeverMovesReadyTimeLater() async throws {
        let clock = ManualClock()
        let queue = DelayingQueue<String>(clock: clock)
        queue.add("x", after: .seconds(5))
        queue.add("y", after: .seconds(8))
        queue.add("x", after: .seconds(10))  // ignored: x already waits for an earlier time
        clock.advance(by: .seconds(8))
        #expect(await queue.get() == "x", "x kept its earlier ready time")
        #expect(await queue.get() == "y")
        #expect(queue.delayedCount == 0)
    }

    @Test func readyDelayedItemCollapsesWithQueuedCopy() async {
        let clock = ManualClock()
        let queue = DelayingQueue<String>(clock: clock)
        queue.add("a", after: .seconds(1))
        queue.add("a")
        queue.add("b", after: .seconds(2))
        clock.advance(by: .seconds(2))
        #expect(await queue.get() == "a")
        #expect(await queue.get() == "b", "the delayed copy of a collapsed into the queued one")
    }

    @Test func shutDownStopsTimerAndDropsDelayedItems() async {
        let clock = ManualClock()
        let queue = DelayingQueue<String>(clock: clock)
        queue.add("a", after: .seconds(1))
        await clock.waitForSleepers(atLeast: 1)
        queue.shutDown()
        #expect(queue.delayedCount == 0)
        queue.add("b", after: .seconds(1))
        #expect(queue.delayedCount == 0, "adds after shutdown are ignored")
        clock.advance(by: .seconds(5))
        #expect(await queue.get() == nil)
    }

    @Test func manyDelayedItemsAllArriveOnce() async throws {
        let clock = ManualClock()
        let queue = DelayingQueue<Int>(clock: clock)
        var rng = SeededGenerator(seed: 7)
        var earliest: [Int: Int] = [:]
        for _ in 0..<500 {
            let item = Int(rng.next() % 100)
            let delay = Int(rng.next() % 1_000) + 1
            queue.add(item, after: .milliseconds(delay))
            earliest[item] = min(earliest[item] ?? .max, delay)
        }
        try queue.checkInvariants()
        clock.advance(by: .seconds(1))
        var received: [Int] = []
        for _ in 0..<earliest.count {
            if let item = await queue.get() { received.append(item) }
        }
        let expected = earliest.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.map(\.key)
        #expect(Set(received) == Set(expected))
        #expect(received.count == expected.count)
        #expect(queue.len == 0)
        // earliest ready time first (ties may come in either order)
        let times = received.map { earliest[$0]! }
        #expect(times == times.sorted())
    }
}
