/// A ``DelayingQueue`` whose retries are delayed by a ``RateLimiter``.
///
/// A worker that fails calls ``addRateLimited(_:)``; one that succeeds calls ``forget(_:)`` so
/// the next failure starts the backoff afresh.
public final class RateLimitingQueue<Item: Hashable & Sendable>: Sendable {
    /// The underlying delaying queue.
    public let delaying: DelayingQueue<Item>
    /// The limiter deciding retry delays.
    public let rateLimiter: any RateLimiter<Item>

    /// Creates a queue on the continuous clock with `rateLimiter` (nil means client-go's
    /// default, ``defaultControllerRateLimiter()``).
    public convenience init(
        configuration: WorkQueue<Item>.Configuration = .init(),
        rateLimiter: (any RateLimiter<Item>)? = nil
    ) {
        self.init(configuration: configuration, rateLimiter: rateLimiter, clock: ContinuousClock())
    }

    /// Creates a queue whose delays and metrics are timed by `clock`; a nil `rateLimiter` means
    /// ``defaultControllerRateLimiter()``.
    public init<C: Clock>(
        configuration: WorkQueue<Item>.Configuration = .init(),
        rateLimiter: (any RateLimiter<Item>)? = nil,
        clock: C
    ) where C.Duration == Duration {
        self.delaying = DelayingQueue(configuration: configuration, clock: clock)
        self.rateLimiter = rateLimiter ?? (defaultControllerRateLimiter() as MaxOfRateLimiter<Item>)
    }

    /// Adds `item` after the delay the rate limiter asks for (counting one more retry).
    public func addRateLimited(_ item: Item) {
        delaying.add(item, after: rateLimiter.when(item))
    }

    /// Adds `item` after `delay` (see ``DelayingQueue/add(_:after:)``).
    public func add(_ item: Item, after delay: Duration) {
        delaying.add(item, after: delay)
    }

    /// Tells the rate limiter that `item` succeeded: its retry history is dropped. It does not
    /// remove the item from the queue.
    public func forget(_ item: Item) {
        rateLimiter.forget(item)
    }

    /// How many times `item` was rate-limited since it was last forgotten.
    public func numRequeues(_ item: Item) -> Int {
        rateLimiter.numRequeues(item)
    }

    /// Throws if the internal state is inconsistent (for tests).
    public func checkInvariants() throws(WorkQueueInvariantViolation) {
        try delaying.checkInvariants()
    }
}

extension RateLimitingQueue: WorkQueueProtocol {
    /// Marks `item` as needing processing now (see ``WorkQueue/add(_:)``).
    public func add(_ item: Item) { delaying.add(item) }
    /// Waits for the next item (see ``WorkQueue/get()``).
    public func get() async -> Item? { await delaying.get() }
    /// Marks `item` as processed (see ``WorkQueue/done(_:)``).
    public func done(_ item: Item) { delaying.done(item) }
    /// The number of items ready to be handed out.
    public var len: Int { delaying.len }
    /// True once shutdown began.
    public var isShuttingDown: Bool { delaying.isShuttingDown }
    /// Shuts the queue down (see ``DelayingQueue/shutDown()``).
    public func shutDown() { delaying.shutDown() }
    /// Shuts down and waits until no item is being processed.
    public func shutDownWithDrain() async { await delaying.shutDownWithDrain() }
}
