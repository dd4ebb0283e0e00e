import DequeModule
import Synchronization

/// The buffer between an informer and one handler: the informer pushes without ever waiting;
/// the handler's own task takes notifications in order. Its depth is reported as a metric.
///
/// Unbounded by design (like client-go's per-listener ring buffer): blocking the informer would
/// stall the watch and every other handler. The depth gauge shows a handler falling behind.
final class HandlerBuffer<Element: Sendable>: Sendable {
    private struct State {
        var items: Deque<Element> = []
        var waiter: CheckedContinuation<Element?, Never>?
        var closed = false
    }

    private let state = Mutex(State())
    private let onDepthChange: @Sendable (Int) -> Void

    init(onDepthChange: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.onDepthChange = onDepthChange
    }

    /// Adds a notification; never waits. Ignored once closed.
    func push(_ element: Element) {
        let (resume, depth): (CheckedContinuation<Element?, Never>?, Int) = state.withLock { s in
            guard !s.closed else { return (nil, s.items.count) }
            if let w = s.waiter {
                s.waiter = nil
                return (w, 0)
            }
            s.items.append(element)
            return (nil, s.items.count)
        }
        if let resume {
            resume.resume(returning: element)
        } else {
            onDepthChange(depth)
        }
    }

    /// The next notification, waiting for one; `nil` once closed and drained, or when the
    /// calling task is cancelled.
    func next() async -> Element? {
        if let (element, depth) = takeNow() {
            onDepthChange(depth)
            return element
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Element?, Never>) in
                let immediate: Element?? = state.withLock { s in
                    if let e = s.items.popFirst() { return .some(e) }
                    if s.closed || Task.isCancelled { return .some(nil) }
                    s.waiter = c
                    return .none
                }
                if let immediate { c.resume(returning: immediate) }
            }
        } onCancel: {
            let w = state.withLock { s in
                let w = s.waiter
                s.waiter = nil
                return w
            }
            w?.resume(returning: nil)
        }
    }

    private func takeNow() -> (Element, Int)? {
        state.withLock { s in
            guard let e = s.items.popFirst() else { return nil }
            return (e, s.items.count)
        }
    }

    /// Stops accepting notifications; `next()` returns what is buffered, then `nil`.
    func close() {
        let w = state.withLock { s in
            s.closed = true
            let w = s.items.isEmpty ? s.waiter : nil
            if w != nil { s.waiter = nil }
            return w
        }
        w?.resume(returning: nil)
    }

    /// How many notifications wait.
    var depth: Int { state.withLock { $0.items.count } }
}
