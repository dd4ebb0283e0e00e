import DequeModule

/// Tasks suspended until their owner hands them a value, kept inside the owner's locked state
/// (so "check, then park" and "change, then wake" are atomic with the owner's own state).
///
/// Every waiter has its own id: cancelling one task takes out and resumes that task only. The
/// owner takes continuations out under its lock and resumes them after leaving it. Use
/// ``Locked/suspend(in:cancelled:unlessReady:)`` to wait; it does the id, park and cancellation
/// dance in one place.
package struct WaiterList<Value: Sendable>: Sendable {
    package typealias Continuation = CheckedContinuation<Value, Never>

    private var parked: Deque<(id: UInt64, continuation: Continuation)> = []
    private var lastID: UInt64 = 0

    package init() {}

    /// Whether no task waits.
    package var isEmpty: Bool { parked.isEmpty }

    /// How many tasks wait.
    package var count: Int { parked.count }

    /// A new waiter id, unique within this list.
    package mutating func makeID() -> UInt64 {
        lastID &+= 1
        return lastID
    }

    /// Parks a waiter, unless its task is already cancelled (then returns false and parks
    /// nothing). Call under the owner's lock.
    package mutating func park(_ id: UInt64, _ continuation: Continuation) -> Bool {
        if Task.isCancelled { return false }
        parked.append((id, continuation))
        return true
    }

    /// Takes out the waiter with `id`, if still parked (its cancellation handler's part).
    package mutating func remove(_ id: UInt64) -> Continuation? {
        guard let index = parked.firstIndex(where: { $0.id == id }) else { return nil }
        return parked.remove(at: index).continuation
    }

    /// Takes out the longest-waiting waiter.
    package mutating func popFirst() -> Continuation? {
        parked.popFirst()?.continuation
    }

    /// Takes out every waiter, longest-waiting first.
    package mutating func removeAll() -> [Continuation] {
        defer { parked.removeAll() }
        return parked.map(\.continuation)
    }
}

extension Locked {
    /// Suspends the calling task as a waiter in the list at `list`, unless `ready` (run under
    /// the lock) returns a value at once. The waiter is resumed exactly once: by the owner
    /// (which takes it out of the list under the lock), or with `cancelled` by its own task's
    /// cancellation — never by another waiter's.
    package func suspend<V: Sendable>(
        in list: any WritableKeyPath<Value, WaiterList<V>> & Sendable,
        cancelled: V,
        unlessReady ready: (inout Value) -> V?
    ) async -> V {
        let id = withLock { $0[keyPath: list].makeID() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<V, Never>) in
                let now: V? = withLock { state in
                    if let value = ready(&state) { return value }
                    return state[keyPath: list].park(id, continuation) ? nil : cancelled
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            withLock { $0[keyPath: list].remove(id) }?.resume(returning: cancelled)
        }
    }
}
