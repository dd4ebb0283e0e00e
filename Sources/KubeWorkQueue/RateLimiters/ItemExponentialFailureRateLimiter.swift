import KubeSupport

/// Per-item exponential backoff: `baseDelay × 2^failures`, capped at `maxDelay`.
///
/// With client-go's defaults (base 5 ms, cap 1000 s):
///
/// | call of `when` (since `forget`) | delay |
/// |---|---|
/// | 1st | 5 ms |
/// | 2nd | 10 ms |
/// | 3rd | 20 ms |
/// | 11th | 5.12 s |
/// | 18th | 655.36 s |
/// | 19th and later | 1000 s (cap) |
///
/// Huge failure counts never overflow: any delay that would exceed the cap is the cap.
public final class ItemExponentialFailureRateLimiter<Item: Hashable & Sendable>: RateLimiter {
    /// The delay after the first failure.
    public let baseDelay: Duration
    /// The largest delay ever returned.
    public let maxDelay: Duration
    private let failures = Locked<[Item: Int]>([:])

    /// Creates the limiter (client-go defaults: 5 ms, 1000 s).
    public init(baseDelay: Duration = .milliseconds(5), maxDelay: Duration = .seconds(1000)) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Counts a failure of `item` and returns `baseDelay × 2^(earlier failures)`, capped.
    public func when(_ item: Item) -> Duration {
        let exponent = failures.withLock { failures in
            let previous = failures[item, default: 0]
            failures[item] = previous == .max ? previous : previous + 1
            return previous
        }
        return Self.delay(base: baseDelay, max: maxDelay, exponent: exponent)
    }

    /// `base × 2^exponent`, or `max` if that is larger than `max` (never overflows).
    static func delay(base: Duration, max: Duration, exponent: Int) -> Duration {
        guard base > .zero else { return .zero }
        // Duration × 2^62 may overflow; any exponent that large is past every sensible cap.
        guard exponent < 62 else { return max }
        let factor = 1 << exponent
        if base > max / factor { return max }
        return base * factor
    }

    /// Forgets `item`'s failures.
    public func forget(_ item: Item) {
        _ = failures.withLock { $0.removeValue(forKey: item) }
    }

    /// The number of failures of `item` since it was last forgotten.
    public func numRequeues(_ item: Item) -> Int {
        failures.withLock { $0[item, default: 0] }
    }
}
