import KubeSupport

/// A ``WorkQueue`` that can also add items after a delay.
///
/// Delayed items wait in a heap ordered by ready time. Adding an item that is already waiting
/// only ever moves its ready time earlier. A single timer task, driven by the injected clock,
/// sleeps until the earliest ready time and moves ready items into the queue; it exists only
/// while items wait and ends on shutdown. Call ``shutDown()`` when finished with the queue: a
/// pending timer keeps the queue alive until its items are due.
public final class DelayingQueue<Item: Hashable & Sendable>: Sendable {
    struct Timer {
        var generation: UInt64
        var deadline: Duration
        var task: Task<Void, Never>
    }

    struct State {
        var delayed = DelayedItems<Item>()
        var timer: Timer?
        var lastGeneration: UInt64 = 0
        var isShutDown = false
    }

    /// The underlying queue that ready items are added to.
    public let queue: WorkQueue<Item>
    private let clock: QueueClock
    private let state = Locked(State())

    /// Creates a delaying queue timed by the continuous clock.
    public convenience init(configuration: WorkQueue<Item>.Configuration = .init()) {
        self.init(configuration: configuration, clock: ContinuousClock())
    }

    /// Creates a delaying queue whose delays (and metrics) are timed by `clock`.
    public init<C: Clock>(configuration: WorkQueue<Item>.Configuration = .init(), clock: C)
    where C.Duration == Duration {
        self.queue = WorkQueue(configuration: configuration, clock: clock)
        self.clock = QueueClock(clock)
    }

    /// Adds `item` once `delay` has passed; a non-positive delay adds it now. If the item is
    /// already waiting, it keeps the earlier of the two ready times. Ignored once shutting down.
    /// Counts as a retry in the queue's metrics.
    public func add(_ item: Item, after delay: Duration) {
        if queue.isShuttingDown { return }
        queue.recordRetry()
        if delay <= .zero {
            queue.add(item)
            return
        }
        let readyAt = clock.now() + delay
        let replaced = state.withLock { state -> Task<Void, Never>? in
            guard !state.isShutDown, state.delayed.schedule(item, readyAt: readyAt) else { return nil }
            if let timer = state.timer, timer.deadline <= readyAt { return nil }
            let old = state.timer?.task
            state.lastGeneration &+= 1
            let generation = state.lastGeneration
            let task = Task { await self.runTimer(generation: generation, deadline: readyAt) }
            state.timer = Timer(generation: generation, deadline: readyAt, task: task)
            return old
        }
        replaced?.cancel()
    }

    /// The timer loop: sleep until the deadline, move ready items into the queue, repeat while
    /// items wait. Ends when cancelled or superseded by a timer with an earlier deadline.
    private func runTimer(generation: UInt64, deadline: Duration) async {
        var deadline = deadline
        while true {
            do { try await clock.sleepUntil(deadline) } catch { return }
            let now = clock.now()
            let step = state.withLock { state -> (ready: [Item], next: Duration?)? in
                guard state.timer?.generation == generation else { return nil }
                let ready = state.delayed.popReady(now: now)
                guard let next = state.delayed.nextReadyAt() else {
                    state.timer = nil
                    return (ready, nil)
                }
                state.timer?.deadline = next
                return (ready, next)
            }
            guard let step else { return }
            for item in step.ready { queue.add(item) }
            guard let next = step.next else { return }
            deadline = next
        }
    }

    /// The number of items waiting for their delay to pass.
    public var delayedCount: Int { state.withLock { $0.delayed.count } }

    /// Stops the timer and forgets delayed items.
    private func stopTimer() {
        let task = state.withLock { state -> Task<Void, Never>? in
            state.isShutDown = true
            state.delayed.removeAll()
            defer { state.timer = nil }
            return state.timer?.task
        }
        task?.cancel()
    }

    /// Throws if the internal state is inconsistent (for tests).
    public func checkInvariants() throws(WorkQueueInvariantViolation) {
        try queue.checkInvariants()
        try state.withLock { state throws(WorkQueueInvariantViolation) in try state.delayed.checkInvariants() }
    }
}

extension DelayingQueue: WorkQueueProtocol {
    /// Marks `item` as needing processing now (see ``WorkQueue/add(_:)``).
    public func add(_ item: Item) { queue.add(item) }
    /// Waits for the next item (see ``WorkQueue/get()``).
    public func get() async -> Item? { await queue.get() }
    /// Marks `item` as processed (see ``WorkQueue/done(_:)``).
    public func done(_ item: Item) { queue.done(item) }
    /// The number of items ready to be handed out (delayed items are not counted).
    public var len: Int { queue.len }
    /// True once shutdown began.
    public var isShuttingDown: Bool { queue.isShuttingDown }
    /// Stops the timer, drops delayed items and shuts the queue down (see ``WorkQueue/shutDown()``).
    public func shutDown() {
        stopTimer()
        queue.shutDown()
    }
    /// Like ``shutDown()``, then waits until no item is being processed.
    public func shutDownWithDrain() async {
        stopTimer()
        await queue.shutDownWithDrain()
    }
}
