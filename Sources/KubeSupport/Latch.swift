/// A value that arrives once (or never), awaited by any number of tasks: "the cache has
/// synced", "the informer stopped before syncing".
///
/// Each waiter is resumed exactly once: by ``open(_:)``, or with `nil` by its own task's
/// cancellation. Opening twice keeps the first value.
package final class Latch<Value: Sendable>: Sendable {
    private struct State: Sendable {
        var value: Value?
        var waiters = WaiterList<Value?>()
    }

    private let state = Locked(State())

    package init() {}

    /// How many tasks wait now (for tests and diagnostics).
    package var waiterCount: Int { state.withLock { $0.waiters.count } }

    /// The value, once opened.
    package var value: Value? { state.withLock { $0.value } }

    /// Opens the latch with `value` and resumes every waiter with it. Returns false (and
    /// changes nothing) if it was already open.
    @discardableResult
    package func open(_ value: Value) -> Bool {
        let waiters: [WaiterList<Value?>.Continuation]? = state.withLock { s in
            guard s.value == nil else { return nil }
            s.value = value
            return s.waiters.removeAll()
        }
        guard let waiters else { return false }
        for waiter in waiters { waiter.resume(returning: value) }
        return true
    }

    /// Waits until opened and returns the value; `nil` if the calling task is cancelled first.
    package func wait() async -> Value? {
        if let value { return value }
        return await state.suspend(in: \.waiters, cancelled: nil) { s in s.value.map(Optional.some) }
    }
}
