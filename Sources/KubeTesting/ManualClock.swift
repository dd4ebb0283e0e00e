import KubeSupport

/// A clock that only moves when a test calls ``advance(by:)``: inject it where Kinformer takes
/// a `Clock` (delaying and rate-limiting queues, rate limiters) to test delays and backoff
/// without waiting. Sleepers are resumed when the clock reaches their deadline, or throw
/// `CancellationError` when their task is cancelled.
public final class ManualClock: Clock, Sendable {
    /// A point on the manual clock: the time advanced since the clock was created.
    public struct Instant: InstantProtocol {
        public var offset: Duration
        public init(offset: Duration) { self.offset = offset }
        public func advanced(by duration: Duration) -> Self { Instant(offset: offset + duration) }
        public func duration(to other: Self) -> Duration { other.offset - offset }
        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.offset < rhs.offset }
    }

    private struct Sleeper {
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var sleepers: [UInt64: Sleeper] = [:]
        var nextID: UInt64 = 0
        var sleepersChanged: [CheckedContinuation<Bool, Never>] = []
    }

    private let state = Locked(State())

    /// Creates a clock at offset zero.
    public init() {}

    public var now: Instant { state.withLock { $0.now } }
    public var minimumResolution: Duration { .nanoseconds(1) }

    /// The number of tasks currently sleeping on this clock.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    public func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (resume, error, watchers) = state.withLock { state -> (Bool, (any Error)?, [CheckedContinuation<Bool, Never>]) in
                    if Task.isCancelled { return (true, CancellationError(), []) }
                    if deadline <= state.now { return (true, nil, []) }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    defer { state.sleepersChanged = [] }
                    return (false, nil, state.sleepersChanged)
                }
                for watcher in watchers { watcher.resume(returning: false) }
                if resume {
                    if let error { continuation.resume(throwing: error) } else { continuation.resume() }
                }
            }
        } onCancel: {
            let sleeper = state.withLock { $0.sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock forward and wakes every sleeper whose deadline has come.
    public func advance(by duration: Duration) {
        let due = state.withLock { state -> [Sleeper] in
            state.now = state.now.advanced(by: duration)
            let now = state.now
            let due = state.sleepers.filter { $0.value.deadline <= now }
            for id in due.keys { state.sleepers.removeValue(forKey: id) }
            return due.values.sorted { $0.deadline < $1.deadline }
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Waits until at least `count` tasks sleep on this clock.
    public func waitForSleepers(atLeast count: Int) async {
        while true {
            let ready: Bool = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let enough = state.withLock { state -> Bool in
                    if state.sleepers.count >= count { return true }
                    state.sleepersChanged.append(continuation)
                    return false
                }
                if enough { continuation.resume(returning: true) }
            }
            if ready { return }
        }
    }
}
