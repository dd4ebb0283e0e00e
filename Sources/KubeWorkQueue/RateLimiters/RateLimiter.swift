/// Decides how long an item should wait before it is retried.
///
/// Every call to ``when(_:)`` counts as one more failure of the item; ``forget(_:)`` resets it
/// once the item was processed successfully.
public protocol RateLimiter<Item>: Sendable {
    /// The rate-limited item type, usually an object key.
    associatedtype Item: Hashable & Sendable
    /// Records one more retry of `item` and returns how long it should wait.
    func when(_ item: Item) -> Duration
    /// Forgets `item`'s history (call after it was processed successfully).
    func forget(_ item: Item)
    /// How many times `item` has been retried since it was last forgotten.
    func numRequeues(_ item: Item) -> Int
}

/// client-go's default limiter for controllers: the larger of a per-item exponential backoff
/// (5 ms doubling up to 1000 s) and an overall token bucket (10 qps, burst 100).
///
/// | situation | delay |
/// |---|---|
/// | an item's 1st, 2nd, 3rd … failure, bucket not empty | 5 ms, 10 ms, 20 ms … 1000 s |
/// | more than 100 retries at once across all items | at least 100 ms per retry beyond the burst |
public func defaultControllerRateLimiter<Item: Hashable & Sendable>() -> MaxOfRateLimiter<Item> {
    MaxOfRateLimiter(
        ItemExponentialFailureRateLimiter<Item>(),
        BucketRateLimiter<Item>())
}
