/// Client-side request throttling as a pure token bucket: `qps` tokens per second refill a
/// bucket of `burst`; each request takes one, and waits when the bucket is empty.
///
/// Reservations may drive the bucket negative so that waiters are served in order, each told how
/// long to wait. Times are durations since an arbitrary origin, so tests need no clock.
public struct TokenBucket: Sendable, Hashable {
    /// Tokens added per second; 0 or less means unlimited.
    public var qps: Double
    /// Capacity of the bucket.
    public var burst: Int
    private var tokens: Double
    private var last: Duration

    /// A full bucket at time `now`.
    public init(qps: Double, burst: Int, now: Duration = .zero) {
        self.qps = qps
        self.burst = max(burst, 1)
        self.tokens = Double(max(burst, 1))
        self.last = now
    }

    /// Takes a token at `now` and returns how long the caller must wait before using it (zero if
    /// one was available).
    public mutating func reserve(now: Duration) -> Duration {
        guard qps > 0 else { return .zero }
        if now > last {
            let elapsed = (now - last) / .seconds(1)
            tokens = min(Double(burst), tokens + elapsed * qps)
            last = now
        }
        tokens -= 1
        if tokens >= 0 { return .zero }
        return .nanoseconds(Int64((-tokens / qps * 1e9).rounded(.up)))
    }

    /// Tokens available at the last reservation (negative when callers are queued).
    public var availableTokens: Double { tokens }
}
