import KubeSupport

/// Counts the churn updates a handler sees and lets one task wait until a target is reached.
///
/// A small state machine under a lock; the waiter is resumed outside the lock.
final class BenchUpdateCounter: Sendable {
    private struct State {
        var count = 0
        var target = Int.max
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Locked(State())

    /// Updates seen so far.
    var count: Int { state.withLock { $0.count } }

    /// Records one update; wakes the waiter when the target is reached.
    func increment() {
        let ready = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.count += 1
            guard s.count >= s.target, let waiter = s.waiter else { return nil }
            s.waiter = nil
            return waiter
        }
        ready?.resume()
    }

    /// Waits until `target` updates were seen, or the task is cancelled.
    func wait(for target: Int) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { s -> Bool in
                    if s.count >= target || Task.isCancelled { return true }
                    s.target = target
                    s.waiter = c
                    return false
                }
                if ready { c.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { s in
                defer { s.waiter = nil }
                return s.waiter
            }
            waiter?.resume()
        }
    }
}
