import DequeModule
import KubeSupport

/// The buffer between an informer and one handler: the informer pushes without ever waiting;
/// consumers take notifications in order. Its depth is reported as a metric.
///
/// Unbounded by design (like client-go's per-listener ring buffer): blocking the informer would
/// stall the watch and every other handler. The depth gauge shows a handler falling behind.
///
/// Normally one task consumes it; several may, and then each notification goes to exactly one
/// of them, longest-waiting first.
final class HandlerBuffer<Element: Sendable>: Sendable {
    private struct State: Sendable {
        var items: Deque<Element> = []
        var waiters = WaiterList<Element?>()
        var closed = false
    }

    private let state = Locked(State())
    private let onDepthChange: @Sendable (Int) -> Void

    init(onDepthChange: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.onDepthChange = onDepthChange
    }

    /// Adds a notification; never waits. Ignored once closed.
    func push(_ element: consuming Element) {
        // Moved, never copied, into the buffer or to the waiter (a copy of an event retains
        // every reference its objects hold).
        var pending: Element? = element
        let (waiter, depth): (WaiterList<Element?>.Continuation?, Int) = state.withLock { s in
            guard !s.closed else { return (nil, s.items.count) }
            if let waiter = s.waiters.popFirst() { return (waiter, 0) }
            s.items.append(pending.take()!)
            return (nil, s.items.count)
        }
        if let waiter {
            waiter.resume(returning: pending.take())
        } else {
            onDepthChange(depth)
        }
    }

    /// Adds notifications in order (a relist's events), taking the lock once; never waits.
    /// Each is moved, not copied, into the buffer or to a waiting consumer (waiters get the
    /// first ones, longest-waiting first). Ignored once closed.
    func push(contentsOf elements: consuming Deque<Element>) {
        guard !elements.isEmpty else { return }
        var pending = elements
        var handed = Deque<Element>()
        var waiters: [WaiterList<Element?>.Continuation] = []
        let depth: Int? = state.withLock { s in
            guard !s.closed else { return nil }
            // Waiters exist only while nothing is buffered: the first elements go to them.
            while !pending.isEmpty, let waiter = s.waiters.popFirst() {
                waiters.append(waiter)
                handed.append(pending.popFirst()!)
            }
            s.items.reserveCapacity(s.items.count + pending.count)
            while let element = pending.popFirst() { s.items.append(element) }
            return s.items.count
        }
        for waiter in waiters { waiter.resume(returning: handed.popFirst()) }
        if let depth { onDepthChange(depth) }
    }

    /// Up to `limit` buffered notifications, in order, taken at once (one lock for many, each
    /// moved out); waits for one when none is buffered. Empty once closed and drained, or when
    /// the calling task is cancelled.
    func next(upTo limit: Int) async -> Deque<Element> {
        var taken = Deque<Element>()
        let depth: Int? = state.withLock { s in
            let n = min(limit, s.items.count)
            guard n > 0 else { return nil }
            taken.reserveCapacity(n)
            for _ in 0..<n { taken.append(s.items.removeFirst()) }
            return s.items.count
        }
        if let depth {
            onDepthChange(depth)
            return taken
        }
        if let element = await next() { taken.append(element) }
        return taken
    }

    /// The next notification, waiting for one; `nil` once closed and drained, or when the
    /// calling task is cancelled.
    func next() async -> Element? {
        if let (element, depth) = takeNow() {
            onDepthChange(depth)
            return element
        }
        return await state.suspend(in: \.waiters, cancelled: nil) { s in
            if let element = s.items.popFirst() { return .some(element) }
            return s.closed ? .some(nil) : nil
        }
    }

    private func takeNow() -> (Element, Int)? {
        state.withLock { s in
            guard let e = s.items.popFirst() else { return nil }
            return (consume e, s.items.count)  // moved: a copy retains every reference the event holds
        }
    }

    /// Stops accepting notifications; `next()` returns what is buffered, then `nil`.
    func close() {
        // Waiters exist only while nothing is buffered, so all of them end now.
        let waiters = state.withLock { s in
            s.closed = true
            return s.waiters.removeAll()
        }
        for waiter in waiters { waiter.resume(returning: nil) }
    }

    /// How many consumers wait (for tests and diagnostics).
    var waiterCount: Int { state.withLock { $0.waiters.count } }

    /// How many notifications wait.
    var depth: Int { state.withLock { $0.items.count } }
}
