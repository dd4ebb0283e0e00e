import Testing
@testable import KubeWorkQueue
import KubeTesting

@Suite struct RateLimiterTests {
    @Test func exponentialDoublesFromBaseDelay() {
        let limiter = ItemExponentialFailureRateLimiter<String>()
        let expected: [Duration] = [
            .milliseconds(5), .milliseconds(10), .milliseconds(20), .milliseconds(40), .milliseconds(80),
        ]
        #expect(expected.map { _ in limiter.when("a") } == expected)
        #expect(limiter.numRequeues("a") == 5)
        #expect(limiter.when("b") == .milliseconds(5), "items are counted separately")
        limiter.forget("a")
        #expect(limiter.numRequeues("a") == 0)
        #expect(limiter.when("a") == .milliseconds(5))
    }

    @Test func exponentialHitsTheCapExactly() {
        let limiter = ItemExponentialFailureRateLimiter<String>()
        var delays: [Duration] = []
        for _ in 0..<20 { delays.append(limiter.when("a")) }
        #expect(delays[10] == .milliseconds(5_120))
        #expect(delays[17] == .milliseconds(655_360))
        #expect(delays[18] == .seconds(1000))
        #expect(delays[19] == .seconds(1000))
    }

    @Test func exponentialNeverOverflows() {
        let base = Duration.milliseconds(5)
        let cap = Duration.seconds(1000)
        for exponent in [30, 61, 62, 63, 64, 100, 1_000, Int.max] {
            #expect(ItemExponentialFailureRateLimiter<Int>.delay(base: base, max: cap, exponent: exponent) == cap)
        }
        let huge = ItemExponentialFailureRateLimiter<Int>(baseDelay: .seconds(1), maxDelay: .seconds(Int64.max / 2))
        for _ in 0..<200 { _ = huge.when(1) }
        #expect(huge.when(1) == .seconds(Int64.max / 2))
        #expect(ItemExponentialFailureRateLimiter<Int>.delay(base: .zero, max: cap, exponent: 5) == .zero)
    }

    @Test func bucketPassesBurstThenSpacesByInterval() {
        let clock = ManualClock()
        let limiter = BucketRateLimiter<String>(clock: clock)
        for i in 0..<100 { #expect(limiter.when("x\(i)") == .zero) }
        #expect(limiter.when("y") == .milliseconds(100))
        #expect(limiter.when("y") == .milliseconds(200))
        #expect(limiter.numRequeues("y") == 0)
    }

    @Test func bucketRefillsWithTime() {
        let clock = ManualClock()
        let limiter = BucketRateLimiter<Int>(qps: 10, burst: 2, clock: clock)
        #expect(limiter.when(1) == .zero)
        #expect(limiter.when(1) == .zero)
        #expect(limiter.when(1) == .milliseconds(100))
        clock.advance(by: .milliseconds(100))  // the reserved token arrived; bucket empty
        #expect(limiter.when(1) == .milliseconds(100))
        clock.advance(by: .seconds(10))  // refills up to the burst, not beyond
        #expect(limiter.when(1) == .zero)
        #expect(limiter.when(1) == .zero)
        #expect(limiter.when(1) == .milliseconds(100))
    }

    @Test func fastSlowSwitchesAfterMaxFastAttempts() {
        let limiter = ItemFastSlowRateLimiter<String>(
            fastDelay: .milliseconds(5), slowDelay: .seconds(10), maxFastAttempts: 3)
        let delays = (0..<5).map { _ in limiter.when("a") }
        #expect(delays == [.milliseconds(5), .milliseconds(5), .milliseconds(5), .seconds(10), .seconds(10)])
        #expect(limiter.numRequeues("a") == 5)
        limiter.forget("a")
        #expect(limiter.when("a") == .milliseconds(5))
    }

    @Test func maxOfTakesTheLongestDelay() {
        let clock = ManualClock()
        let limiter = MaxOfRateLimiter<String>(
            ItemExponentialFailureRateLimiter<String>(),
            BucketRateLimiter<String>(qps: 1, burst: 1, clock: clock))
        #expect(limiter.when("a") == .milliseconds(5), "bucket has a token; exponential wins")
        #expect(limiter.when("a") == .seconds(1), "bucket empty; bucket wins")
        #expect(limiter.numRequeues("a") == 2)
        limiter.forget("a")
        #expect(limiter.numRequeues("a") == 0)
    }

    @Test func defaultControllerRateLimiterCombinesExponentialAndBucket() {
        let limiter: MaxOfRateLimiter<String> = defaultControllerRateLimiter()
        #expect(limiter.limiters.count == 2)
        #expect(limiter.when("a") == .milliseconds(5))
        #expect(limiter.when("a") == .milliseconds(10))
        let bucket = limiter.limiters.compactMap { $0 as? BucketRateLimiter<String> }.first
        #expect(bucket?.qps == 10)
        #expect(bucket?.burst == 100)
    }

    @Test func rateLimitingQueueDelaysByLimiter() async throws {
        let clock = ManualClock()
        let queue = RateLimitingQueue<String>(
            rateLimiter: ItemExponentialFailureRateLimiter<String>(baseDelay: .seconds(1), maxDelay: .seconds(60)),
            clock: clock)
        queue.addRateLimited("a")  // 1 s
        #expect(queue.numRequeues("a") == 1)
        clock.advance(by: .seconds(1))
        let item = try #require(await queue.get())
        #expect(item == "a")
        queue.done(item)
        queue.addRateLimited("a")  // 2 s
        clock.advance(by: .seconds(1))
        await clock.waitForSleepers(atLeast: 1)
        #expect(queue.len == 0, "second retry waits 2 s")
        clock.advance(by: .seconds(1))
        #expect(await queue.get() == "a")
        queue.forget("a")
        #expect(queue.numRequeues("a") == 0)
        queue.shutDown()
    }
}
