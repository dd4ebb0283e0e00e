import KubeSupport

/// A wake-up for one sleeping loop: ``signal()`` ends the current (or next) ``wait(until:)``
/// early. Each wait is ended exactly once — by a signal, by its own deadline, or by its own
/// task's cancellation.
final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiter: (id: UInt64, continuation: CheckedContinuation<Void, Never>)?
        /// Waits whose deadline or cancellation came before they registered.
        var ended: Set<UInt64> = []
        var nextID: UInt64 = 0
    }

    private let state = Locked(State())

    func signal() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard let w = s.waiter else {
                s.pending = true
                return nil
            }
            s.waiter = nil
            return w.continuation
        }
        waiter?.resume()
    }

    /// Sleeps until `deadline`, a signal, or cancellation.
    func wait(until deadline: ContinuousClock.Instant) async {
        let id = state.withLock { s -> UInt64 in
            s.nextID += 1
            return s.nextID
        }
        let timer = Task {
            try? await Task.sleep(until: deadline)
            self.end(id)
        }
        defer { timer.cancel() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { s -> Bool in
                    if s.pending || s.ended.remove(id) != nil || Task.isCancelled {
                        s.pending = false
                        return true
                    }
                    s.waiter = (id, continuation)
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            self.end(id)
        }
        state.withLock { _ = $0.ended.remove(id) }
    }

    private func end(_ id: UInt64) {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard let w = s.waiter, w.id == id else {
                s.ended.insert(id)
                return nil
            }
            s.waiter = nil
            return w.continuation
        }
        waiter?.resume()
    }
}
