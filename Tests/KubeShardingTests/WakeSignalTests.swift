import Synchronization
import Testing

@testable import KubeSharding

/// `WakeSignal` wakes one sleeping loop: each wait ends once, by a signal, its own deadline or
/// its own task's cancellation.
@Suite struct WakeSignalTests {
    @Test func aSignalBeforeTheWaitEndsItAtOnce() async {
        let signal = WakeSignal()
        signal.signal()
        // A deadline far away: only the pending signal can end this wait.
        await signal.wait(until: .now + .seconds(3600))
    }

    @Test func aSignalWakesTheSleeper() async {
        let signal = WakeSignal()
        let signalled = Atomic(false)
        let sleeper = Task {
            await signal.wait(until: .now + .seconds(3600))
            return signalled.load(ordering: .acquiring)
        }
        signalled.store(true, ordering: .releasing)
        signal.signal()
        #expect(await sleeper.value, "the wait ended before the signal")
    }

    @Test func theDeadlineEndsTheWait() async {
        let signal = WakeSignal()
        await signal.wait(until: .now + .milliseconds(20))
        // The signal sent afterwards is kept for the next wait, which it ends at once.
        signal.signal()
        await signal.wait(until: .now + .seconds(3600))
    }

    @Test func cancellationEndsOnlyItsOwnWait() async {
        let signal = WakeSignal()
        let sleeper = Task { await signal.wait(until: .now + .seconds(3600)) }
        sleeper.cancel()
        await sleeper.value
        // The cancelled wait left no pending wake-up behind: a new wait still needs its signal.
        let signalled = Atomic(false)
        let next = Task {
            await signal.wait(until: .now + .seconds(3600))
            return signalled.load(ordering: .acquiring)
        }
        signalled.store(true, ordering: .releasing)
        signal.signal()
        #expect(await next.value, "the next wait ended before its signal")
    }
}
