import Testing

@testable import KubeCache

@Suite struct BackoffTests {
    func ms(_ d: Duration) -> Int { Int((d / .milliseconds(1)).rounded()) }

    @Test func doublesToTheCapThenResetsAfterHealth() {
        var b = Backoff()
        let t0 = ContinuousClock.now
        let delays = (0..<7).map { i in ms(b.nextDelay(now: t0 + .seconds(i), random: 0)) }
        #expect(delays == [800, 1600, 3200, 6400, 12800, 25600, 30000])
        #expect(b.nextDelay(now: t0 + .seconds(8), random: 0) == .seconds(30))
        // Two healthy minutes later, back to the start.
        #expect(b.nextDelay(now: t0 + .seconds(8 + 121), random: 0) == .milliseconds(800))
    }

    @Test func jitterAddsUpToTheBaseDelay() {
        var b = Backoff()
        #expect(b.nextDelay(now: .now, random: 0.5) == .milliseconds(1200))
        var c = Backoff()
        #expect(c.nextDelay(now: .now, random: 0.999) < .milliseconds(1600))
        b.reset()
        #expect(b.nextDelay(now: .now, random: 0) == .milliseconds(800))
    }
}
