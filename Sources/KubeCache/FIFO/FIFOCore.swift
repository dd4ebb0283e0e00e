import KubeSupport

/// The pure part of a FIFO as seen by ``FIFOCore``: it decides what the next popper gets.
protocol FIFOStateMachine: Sendable {
    associatedtype Item: Sendable
    /// Whether `close()` was called.
    var isClosed: Bool { get }
    /// Takes the next item a popper may process now (marking it in-process), or `nil` if none
    /// is available right now.
    mutating func takeNext() -> Item?
}

/// The shared shell of both FIFOs: a lock around a pure state machine plus the suspended
/// poppers. Every mutation hands available items to waiting poppers; continuations are resumed
/// outside the lock. Cancelling a suspended `next()` throws `CancellationError` and loses
/// nothing.
final class FIFOCore<State: FIFOStateMachine>: Sendable {
    private typealias Outcome = Result<State.Item, any Error>

    private struct Shared: Sendable {
        var state: State
        var waiters = WaiterList<Outcome>()
    }

    private let shared: Locked<Shared>
    private let closedError: KubeCacheError

    init(_ state: State, name: String) {
        shared = Locked(Shared(state: state))
        closedError = .closed(name)
    }

    /// Reads the state under the lock.
    func read<R>(_ body: (State) -> R) -> R {
        shared.withLock { body($0.state) }
    }

    /// Reads the state under the lock with a throwing body.
    func readThrowing<R, E: Error>(_ body: (State) throws(E) -> R) throws(E) -> R {
        try shared.withLock { (s) throws(E) in try body(s.state) }
    }

    /// Mutates the state under the lock, then wakes poppers that can now proceed.
    func mutate<R>(_ body: (inout State) -> R) -> R {
        let (result, resumptions) = shared.withLock { shared in
            let result = body(&shared.state)
            return (result, Self.handOff(&shared, closedError: closedError))
        }
        for (waiter, outcome) in resumptions { waiter.resume(returning: outcome) }
        return result
    }

    /// The next item; suspends until one is available.
    /// - Throws: ``KubeCacheError/Code/closed`` once closed with nothing available;
    ///   `CancellationError` if the task is cancelled while waiting.
    func next() async throws -> State.Item {
        // Fast path: one lock, no continuation, when an item is ready.
        let ready: Outcome? = shared.withLock { Self.immediate(&$0, closedError: closedError) }
        let outcome = if let ready {
            ready
        } else {
            await shared.suspend(in: \.waiters, cancelled: .failure(CancellationError())) {
                Self.immediate(&$0, closedError: closedError)
            }
        }
        return try outcome.get()
    }

    /// What a new popper gets without waiting: the next item (when nobody waits before it), or
    /// the closed error; `nil` means wait.
    private static func immediate(_ s: inout Shared, closedError: KubeCacheError) -> Outcome? {
        guard s.waiters.isEmpty else { return nil }
        if let item = s.state.takeNext() { return .success(item) }
        if s.state.isClosed { return .failure(closedError) }
        return nil
    }

    private static func handOff(
        _ s: inout Shared, closedError: KubeCacheError
    ) -> [(WaiterList<Outcome>.Continuation, Outcome)] {
        var resumptions: [(WaiterList<Outcome>.Continuation, Outcome)] = []
        while !s.waiters.isEmpty, let item = s.state.takeNext() {
            resumptions.append((s.waiters.popFirst()!, .success(item)))
        }
        if s.state.isClosed {
            // Nothing can be taken now; closed poppers stop instead of waiting for in-process
            // items to finish.
            for waiter in s.waiters.removeAll() { resumptions.append((waiter, .failure(closedError))) }
        }
        return resumptions
    }
}
