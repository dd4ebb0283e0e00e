/// Exponential backoff with jitter, as a pure value: the Reflector asks it how long to wait
/// after each failure.
///
/// With the defaults (client-go's reflector settings: 800 ms initial, factor 2, cap 30 s,
/// jitter 1.0, reset after 2 minutes without failures), the base delays are:
///
/// | failure | base delay | with jitter |
/// |---|---|---|
/// | 1 | 0.8 s | 0.8 – 1.6 s |
/// | 2 | 1.6 s | 1.6 – 3.2 s |
/// | 3 | 3.2 s | 3.2 – 6.4 s |
/// | 4 | 6.4 s | 6.4 – 12.8 s |
/// | 5 | 12.8 s | 12.8 – 25.6 s |
/// | 6+ | 30 s | 30 – 60 s |
///
/// A failure more than `resetAfter` after the previous one starts again at the initial delay.
public struct Backoff: Sendable, Hashable {
    /// The delay after the first failure.
    public var initial: Duration
    /// The largest base delay.
    public var maximum: Duration
    /// Each further failure multiplies the delay by this.
    public var factor: Double
    /// A random extra of up to `jitter × base delay` is added.
    public var jitter: Double
    /// Health this long resets the backoff.
    public var resetAfter: Duration

    private var lastBase: Duration?
    private var lastFailure: ContinuousClock.Instant?

    /// client-go's reflector backoff: 800 ms → 30 s, factor 2, jitter 1.0, reset after 2 min.
    public init(
        initial: Duration = .milliseconds(800), maximum: Duration = .seconds(30), factor: Double = 2,
        jitter: Double = 1.0, resetAfter: Duration = .seconds(120)
    ) {
        self.initial = initial
        self.maximum = maximum
        self.factor = factor
        self.jitter = jitter
        self.resetAfter = resetAfter
    }

    /// Records a failure at `now` and returns how long to wait before the next attempt.
    /// - Parameter random: a value in `0..<1` used for jitter (inject a fixed one in tests).
    public mutating func nextDelay(now: ContinuousClock.Instant, random: Double) -> Duration {
        let base: Duration
        if let lastBase, let lastFailure, now - lastFailure < resetAfter {
            base = min(lastBase * factor, maximum)
        } else {
            base = min(initial, maximum)
        }
        lastBase = base
        lastFailure = now
        return base + base * (jitter * random)
    }

    /// Records a failure now and returns the delay, with random jitter.
    public mutating func nextDelay() -> Duration {
        nextDelay(now: .now, random: Double.random(in: 0..<1))
    }

    /// Forgets all failures: the next delay is the initial one.
    public mutating func reset() {
        lastBase = nil
        lastFailure = nil
    }
}
