/// Combines limiters: the delay is the longest any of them asks for.
///
/// | limiters' delays | delay |
/// |---|---|
/// | 5 ms, 0 | 5 ms |
/// | 5 ms, 300 ms | 300 ms |
///
/// Every limiter sees every call, so each keeps its own count.
public final class MaxOfRateLimiter<Item: Hashable & Sendable>: RateLimiter {
    /// The combined limiters.
    public let limiters: [any RateLimiter<Item>]

    /// Combines `limiters` (at least one).
    public init(_ limiters: [any RateLimiter<Item>]) {
        precondition(!limiters.isEmpty, "MaxOfRateLimiter needs at least one limiter")
        self.limiters = limiters
    }

    /// Combines `limiters` (at least one).
    public convenience init(_ limiters: any RateLimiter<Item>...) {
        self.init(limiters)
    }

    /// Asks every limiter and returns the longest delay.
    public func when(_ item: Item) -> Duration {
        var longest = Duration.zero
        for limiter in limiters { longest = max(longest, limiter.when(item)) }
        return longest
    }

    /// Forgets `item` in every limiter.
    public func forget(_ item: Item) {
        for limiter in limiters { limiter.forget(item) }
    }

    /// The largest retry count any limiter reports.
    public func numRequeues(_ item: Item) -> Int {
        limiters.map { $0.numRequeues(item) }.max() ?? 0
    }
}
