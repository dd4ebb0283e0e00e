import DequeModule

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
    private typealias Waiter = (id: UInt64, continuation: CheckedContinuation<State.Item, any Error>)

    private struct Shared: Sendable {
        var state: State
        var waiters: Deque<Waiter> = []
        var nextWaiterID: UInt64 = 0
    }

    private enum Resumption {
        case item(CheckedContinuation<State.Item, any Error>, State.Item)
        case failure(CheckedContinuation<State.Item, any Error>, any Error)

        func resume() {
            switch self {
            case .item(let c, let item): c.resume(returning: item)
            case .failure(let c, let error): c.resume(throwing: error)
            }
        }
    }

    private enum FastPath { case item(State.Item), closed, wait(UInt64) }

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
        for r in resumptions { r.resume() }
        return result
    }

    /// The next item; suspends until one is available.
    /// - Throws: ``KubeCacheError/Code/closed`` once closed with nothing available;
    ///   `CancellationError` if the task is cancelled while waiting.
    func next() async throws -> State.Item {
        // Fast path: one lock, no continuation, when an item is ready.
        let fast: FastPath = shared.withLock { s in
            if s.waiters.isEmpty, let item = s.state.takeNext() { return .item(item) }
            if s.state.isClosed { return .closed }
            s.nextWaiterID &+= 1
            return .wait(s.nextWaiterID)
        }
        let id: UInt64
        switch fast {
        case .item(let item): return item
        case .closed: throw closedError
        case .wait(let waiterID): id = waiterID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<State.Item, any Error>) in
                let resumption: Resumption? = shared.withLock { s in
                    if Task.isCancelled { return .failure(continuation, CancellationError()) }
                    if s.waiters.isEmpty, let item = s.state.takeNext() { return .item(continuation, item) }
                    if s.state.isClosed, s.waiters.isEmpty { return .failure(continuation, closedError) }
                    s.waiters.append((id, continuation))
                    return nil
                }
                resumption?.resume()
            }
        } onCancel: {
            let continuation: CheckedContinuation<State.Item, any Error>? = shared.withLock { s in
                guard let index = s.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return s.waiters.remove(at: index).continuation
            }
            continuation?.resume(throwing: CancellationError())
        }
    }

    private static func handOff(_ s: inout Shared, closedError: KubeCacheError) -> [Resumption] {
        var resumptions: [Resumption] = []
        while !s.waiters.isEmpty, let item = s.state.takeNext() {
            resumptions.append(.item(s.waiters.removeFirst().continuation, item))
        }
        if s.state.isClosed {
            // Nothing can be taken now; closed poppers stop instead of waiting for in-process
            // items to finish.
            while let waiter = s.waiters.popFirst() {
                resumptions.append(.failure(waiter.continuation, closedError))
            }
        }
        return resumptions
    }
}
