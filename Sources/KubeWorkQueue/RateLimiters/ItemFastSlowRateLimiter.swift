import KubeSupport

/// Retries an item quickly a few times, then slowly.
///
/// For example with fast 5 ms, slow 10 s, 3 fast attempts:
///
/// | call of `when` (since `forget`) | delay |
/// |---|---|
/// | 1st, 2nd, 3rd | 5 ms (fast) |
/// | 4th and later | 10 s (slow) |
public final class ItemFastSlowRateLimiter<Item: Hashable & Sendable>: RateLimiter {
    /// The delay of the first `maxFastAttempts` retries.
    public let fastDelay: Duration
    /// The delay of every later retry.
    public let slowDelay: Duration
    /// How many retries use the fast delay.
    public let maxFastAttempts: Int
    private let attempts = Locked<[Item: Int]>([:])

    /// Creates the limiter.
    public init(fastDelay: Duration, slowDelay: Duration, maxFastAttempts: Int) {
        self.fastDelay = fastDelay
        self.slowDelay = slowDelay
        self.maxFastAttempts = maxFastAttempts
    }

    /// Counts an attempt of `item`; fast while at most `maxFastAttempts`, slow afterwards.
    public func when(_ item: Item) -> Duration {
        let count = attempts.withLock { attempts in
            let next = attempts[item, default: 0] == .max ? Int.max : attempts[item, default: 0] + 1
            attempts[item] = next
            return next
        }
        return count <= maxFastAttempts ? fastDelay : slowDelay
    }

    /// Forgets `item`'s attempts.
    public func forget(_ item: Item) {
        _ = attempts.withLock { $0.removeValue(forKey: item) }
    }

    /// The number of attempts of `item` since it was last forgotten.
    public func numRequeues(_ item: Item) -> Int {
        attempts.withLock { $0[item, default: 0] }
    }
}
