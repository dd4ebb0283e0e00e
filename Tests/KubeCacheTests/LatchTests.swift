import KubeSupport
import Testing

/// The one waiter type behind every sync wait: each waiter is resumed exactly once, by the
/// value or by its own cancellation.
@Suite struct LatchTests {
    static func eventually(_ condition: () -> Bool) async {
        while !condition() { await Task.yield() }
    }

    @Test(.timeLimit(.minutes(1)))
    func openResumesEveryWaiterWithTheFirstValue() async {
        let latch = Latch<Int>()
        let waiters = (0..<5).map { _ in Task { await latch.wait() } }
        await Self.eventually { latch.waiterCount == 5 }
        #expect(latch.open(1))
        #expect(!latch.open(2))
        for waiter in waiters { #expect(await waiter.value == 1) }
        #expect(await latch.wait() == 1)   // after opening: at once
        #expect(latch.waiterCount == 0)
    }

    @Test(.timeLimit(.minutes(1)))
    func cancellingOneWaiterResumesOnlyThatOne() async {
        let latch = Latch<String>()
        let cancelled = Task { await latch.wait() }
        let patient = Task { await latch.wait() }
        await Self.eventually { latch.waiterCount == 2 }
        cancelled.cancel()
        #expect(await cancelled.value == nil)
        #expect(latch.waiterCount == 1)
        latch.open("done")
        #expect(await patient.value == "done")
    }

    @Test(.timeLimit(.minutes(1)))
    func aTaskCancelledBeforeWaitingReturnsAtOnce() async {
        let latch = Latch<Int>()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await latch.wait()
        }
        #expect(await task.value == nil)
        #expect(latch.waiterCount == 0)
    }
}
