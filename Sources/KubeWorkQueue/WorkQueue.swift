import CoreMetrics
import KubeSupport

/// A queue of work items for controllers, with client-go's guarantees:
///
/// - **One at a time**: an item handed out by ``get()`` is never handed out again until
///   ``done(_:)`` is called for it, however many workers call ``get()``.
/// - **Collapse**: adding an item that is already waiting does nothing.
/// - **Re-add during processing**: adding an item that is being processed queues it again
///   when ``done(_:)`` is called, so the latest change is never lost.
/// - **FIFO**: items are handed out in the order they were (first) added.
/// - **Shutdown**: ``shutDown()`` stops adds; getters drain what is queued, then get nil.
///
/// Safe for any number of concurrent producers and workers. The decisions are made by a pure
/// state machine under a lock; waiting getters are resumed outside the lock.
public final class WorkQueue<Item: Hashable & Sendable>: Sendable {
    @usableFromInline typealias Machine = WorkQueueStateMachine<Item, CheckedContinuation<Item?, Never>, CheckedContinuation<Void, Never>>

    @usableFromInline struct State {
        @usableFromInline var machine = Machine()
        @usableFromInline var timings: WorkQueueTimings<Item>?
    }

    @usableFromInline let state: Locked<State>
    @usableFromInline let metrics: WorkQueueMetrics?
    @usableFromInline let clock: QueueClock

    /// The configuration the queue was created with.
    public let configuration: Configuration

    /// Creates a queue; metrics, when named, are timed with the continuous clock.
    public convenience init(configuration: Configuration = Configuration()) {
        self.init(configuration: configuration, clock: ContinuousClock())
    }

    /// Creates a queue whose metrics are timed with `clock` (a test clock in tests).
    public init<C: Clock>(configuration: Configuration = Configuration(), clock: C) where C.Duration == Duration {
        self.configuration = configuration
        self.clock = QueueClock(clock)
        if let name = configuration.name {
            metrics = WorkQueueMetrics(name: name, factory: configuration.metricsFactory ?? MetricsSystem.factory)
            state = Locked(State(timings: WorkQueueTimings()))
        } else {
            metrics = nil
            state = Locked(State())
        }
    }

    /// Marks `item` as needing processing. Collapses with a waiting copy; if the item is being
    /// processed it is queued again after ``done(_:)``. Ignored once shutting down.
    @inlinable
    public func add(_ item: Item) {
        let now = metrics == nil ? Duration.zero : clock.now()
        let (action, report) = state.withLock { state -> (Machine.AddAction, WorkQueueTimings<Item>.Report?) in
            let action = state.machine.add(item)
            guard state.timings != nil else { return (action, nil) }
            var report = WorkQueueTimings<Item>.Report()
            switch action {
            case .droppedShuttingDown, .collapsed:
                return (action, nil)
            case .deferred, .enqueued:
                state.timings!.added(item, now: now)
            case .handOff:
                state.timings!.added(item, now: now)
                report.queueLatency = state.timings!.started(item, now: now)
            }
            report.added = true
            report.depth = state.machine.depth
            return (action, report)
        }
        if case .handOff(let waiter, let item) = action { waiter.resume(returning: item) }
        if let report { metrics?.record(report) }
    }

    /// Waits for the next item and marks it as being processed; call ``done(_:)`` when finished.
    ///
    /// Returns nil once the queue is shut down and empty. **Cancellation**: if the calling task
    /// is cancelled before an item was handed to it, `get` returns nil and takes no item (the
    /// item stays queued for other workers). An item handed over just before cancellation is
    /// still returned and must be processed and marked done as usual.
    @inlinable
    public func get() async -> Item? {
        let now = metrics == nil ? Duration.zero : clock.now()
        let (first, firstReport) = state.withLock { state in
            let action = state.machine.tryGet()
            return (action, Self.reportStart(action.item, state: &state, now: now))
        }
        switch first {
        case .item(let item):
            if let firstReport { metrics?.record(firstReport) }
            return item
        case .shutDown:
            return nil
        case .mustWait(let id):
            return await wait(id: id)
        }
    }

    @usableFromInline
    func wait(id: UInt64) async -> Item? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Item?, Never>) in
                register(id: id, continuation: continuation)
            }
        } onCancel: {
            cancelWait(id: id)
        }
    }

    /// Hands `continuation` an item at once, or stores it until an add, shutdown or cancellation.
    private func register(id: UInt64, continuation: CheckedContinuation<Item?, Never>) {
        let now = metrics == nil ? Duration.zero : clock.now()
        let isCancelled = Task.isCancelled
        let (action, report) = state.withLock { state -> (Machine.GetAction, WorkQueueTimings<Item>.Report?) in
            let action = state.machine.get(id: id, waiter: continuation, isCancelled: isCancelled)
            guard case .item(let item) = action else { return (action, nil) }
            return (action, Self.reportStart(item, state: &state, now: now))
        }
        switch action {
        case .item(let item): continuation.resume(returning: item)
        case .none: continuation.resume(returning: nil)
        case .suspended: break
        }
        if let report { metrics?.record(report) }
    }

    private func cancelWait(id: UInt64) {
        let waiter = state.withLock { $0.machine.cancelGet(id: id) }
        waiter?.resume(returning: nil)
    }

    @inlinable
    static func reportStart(_ item: Item?, state: inout State, now: Duration) -> WorkQueueTimings<Item>.Report? {
        guard let item, state.timings != nil else { return nil }
        var report = WorkQueueTimings<Item>.Report()
        report.queueLatency = state.timings!.started(item, now: now)
        report.depth = state.machine.depth
        report.unfinished = state.timings!.unfinished(now: now)
        return report
    }

    /// Marks `item` as processed. If it was added again meanwhile, it is queued again.
    /// Calling it for an item that is not being processed does nothing.
    @inlinable
    public func done(_ item: Item) {
        let now = metrics == nil ? Duration.zero : clock.now()
        let (action, report) = state.withLock { state -> (Machine.DoneAction, WorkQueueTimings<Item>.Report?) in
            let action = state.machine.done(item)
            guard state.timings != nil else { return (action, nil) }
            var report = WorkQueueTimings<Item>.Report()
            report.workDuration = state.timings!.finished(item, now: now)
            if case .handOff = action { report.queueLatency = state.timings!.started(item, now: now) }
            report.depth = state.machine.depth
            report.unfinished = state.timings!.unfinished(now: now)
            return (action, report)
        }
        switch action {
        case .none: break
        case .handOff(let waiter, let item): waiter.resume(returning: item)
        case .drained(let waiters): for waiter in waiters { waiter.resume() }
        }
        if let report { metrics?.record(report) }
    }

    /// The number of items waiting to be handed out (not counting items being processed).
    @inlinable
    public var len: Int { state.withLock { $0.machine.count } }

    /// True once ``shutDown()`` or ``shutDownWithDrain()`` was called.
    @inlinable
    public var isShuttingDown: Bool { state.withLock { $0.machine.isShuttingDown } }

    /// Stops accepting adds. Workers keep getting the queued items; once the queue is empty
    /// ``get()`` returns nil. Items being processed are not waited for.
    public func shutDown() {
        let waiters = state.withLock { $0.machine.shutDown() }
        for waiter in waiters { waiter.resume(returning: nil) }
    }

    /// Shuts down like ``shutDown()``, then waits until no item is being processed any more
    /// (every handed-out item got its ``done(_:)``). Queued items are not waited for, only
    /// those in processing. If the calling task is cancelled, it stops waiting (the queue stays
    /// shut down).
    public func shutDownWithDrain() async {
        let id = state.withLock { $0.machine.reserveDrainID() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let action = state.withLock {
                    $0.machine.shutDownWithDrain(id: id, waiter: continuation, isCancelled: Task.isCancelled)
                }
                for waiter in action.getWaiters { waiter.resume(returning: nil) }
                if action.resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.machine.cancelDrain(id: id) }
            waiter?.resume()
        }
    }

    /// Recomputes the `workqueue_unfinished_work_seconds` and
    /// `workqueue_longest_running_processor_seconds` gauges now. They are also updated on every
    /// get and done; call this periodically (client-go: every 500 ms) to see stuck workers.
    public func updateUnfinishedWorkMetrics() {
        guard let metrics else { return }
        let now = clock.now()
        let unfinished = state.withLock { $0.timings?.unfinished(now: now) }
        guard let unfinished else { return }
        var report = WorkQueueTimings<Item>.Report()
        report.unfinished = unfinished
        metrics.record(report)
    }

    /// Records one retry (a delayed or rate-limited re-add) in `workqueue_retries_total`.
    @usableFromInline func recordRetry() {
        metrics?.retries.increment()
    }

    /// Throws if the queue's internal state is inconsistent (for tests).
    public func checkInvariants() throws(WorkQueueInvariantViolation) {
        try state.withLock { state throws(WorkQueueInvariantViolation) in try state.machine.checkInvariants() }
    }
}

extension WorkQueueStateMachine.TryGetAction {
    @inlinable var item: Item? {
        if case .item(let item) = self { return item }
        return nil
    }
}
