/// A broken internal invariant of a work queue. Seeing this is a bug in KubeWorkQueue: please
/// report it with the message.
public struct WorkQueueInvariantViolation: Error, CustomStringConvertible, Sendable {
    /// Which invariant does not hold.
    public var message: String
    public var description: String { "work queue invariant violated: \(message)" }
}

extension WorkQueueStateMachine {
    /// Throws if the state is inconsistent. Used by tests after every step.
    ///
    /// - every queued item is unique, dirty, and not being processed;
    /// - every dirty item is either queued or being processed (re-added during processing);
    /// - getters only wait while the queue is empty and not shutting down;
    /// - drain waiters only exist during shutdown while something is being processed.
    func checkInvariants() throws(WorkQueueInvariantViolation) {
        func require(_ condition: Bool, _ message: String) throws(WorkQueueInvariantViolation) {
            if !condition { throw WorkQueueInvariantViolation(message: message) }
        }
        let queued = Set(queue)
        try require(queued.count == queue.count, "an item is queued twice")
        try require(queued.isSubset(of: dirty), "a queued item is not dirty")
        try require(queued.isDisjoint(with: processing), "a queued item is also being processed")
        try require(
            dirty.subtracting(queued).isSubset(of: processing),
            "a dirty item is neither queued nor being processed")
        if !getWaiters.isEmpty {
            try require(queue.isEmpty, "a getter waits while items are queued")
            try require(!isShuttingDown, "a getter waits after shutdown")
        }
        if !drainWaiters.isEmpty {
            try require(isShuttingDown, "a drain waiter exists without shutdown")
            try require(!processing.isEmpty, "a drain waiter waits with nothing in processing")
        }
    }
}
