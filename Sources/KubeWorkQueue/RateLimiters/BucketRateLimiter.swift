import KubeSupport

/// An overall token bucket shared by all items: `burst` retries pass at once, after that one
/// every `1/qps` seconds. It does not track items (``numRequeues(_:)`` is always 0).
///
/// With client-go's defaults (10 qps, burst 100), for calls made at the same instant:
///
/// | call of `when` | delay |
/// |---|---|
/// | 1st … 100th | 0 |
/// | 101st | 100 ms |
/// | 102nd | 200 ms |
/// | 100 + n | n × 100 ms |
///
/// Tokens refill at `qps` per second up to `burst`. Each call reserves a token, so delays add up
/// like a queue behind the bucket.
public final class BucketRateLimiter<Item: Hashable & Sendable>: RateLimiter {
    /// Tokens added per second.
    public let qps: Double
    /// The bucket's size: how many calls pass without delay when it is full.
    public let burst: Int
    private let interval: Duration
    private let clock: QueueClock
    /// The time at which the bucket is (or will be) full again; tokens = burst − (fullAt − now)/interval.
    private let fullAt: Locked<Duration>

    /// Creates the limiter on the continuous clock (client-go defaults: 10 qps, burst 100).
    public convenience init(qps: Double = 10, burst: Int = 100) {
        self.init(qps: qps, burst: burst, clock: ContinuousClock())
    }

    /// Creates the limiter on `clock` (a test clock in tests). `qps` must be positive and
    /// `burst` at least 1.
    public init<C: Clock>(qps: Double = 10, burst: Int = 100, clock: C) where C.Duration == Duration {
        precondition(qps > 0, "BucketRateLimiter needs a positive qps")
        precondition(burst >= 1, "BucketRateLimiter needs a burst of at least 1")
        self.qps = qps
        self.burst = burst
        self.interval = .nanoseconds(Int64((1e9 / qps).rounded()))
        let queueClock = QueueClock(clock)
        self.clock = queueClock
        self.fullAt = Locked(queueClock.now())
    }

    /// Reserves a token and returns how long to wait until it is available.
    public func when(_ item: Item) -> Duration {
        let now = clock.now()
        let capacity = interval * burst
        return fullAt.withLock { fullAt in
            fullAt = Swift.max(fullAt, now) + interval
            return Swift.max(.zero, fullAt - now - capacity)
        }
    }

    /// Does nothing: the bucket does not track items.
    public func forget(_ item: Item) {}

    /// Always 0: the bucket does not track items.
    public func numRequeues(_ item: Item) -> Int { 0 }
}
