import KubeController
import Logging
import KubeWorkQueue
import Synchronization

/// A reconciler for controller tests: records every call as an event, tracks keys in flight
/// (a second concurrent reconcile of the same key is recorded as a violation) and answers
/// with a per-call decision from `decide`.
final class RecordingReconciler: Reconciler {
    /// What `decide` returns for one call.
    enum Outcome: Sendable {
        case result(Requeue)
        case fail
        /// Suspends until ``release(_:)`` is called for the key, then returns `.done`.
        case block
    }

    struct Call: Sendable, Hashable {
        var key: String
        /// 1-based count of reconciles of this key so far (this one included).
        var attempt: Int
        var total: Int
    }

    struct ReconcileError: Error {}

    private struct State {
        var inFlight: Set<String> = []
        var violations: [String] = []
        var attempts: [String: Int] = [:]
        var total = 0
        var maxConcurrent = 0
        var blocked: [String: CheckedContinuation<Void, Never>] = [:]
        var released: Set<String> = []
        var cancelledWhileBlocked: [String] = []
    }

    private let state = Mutex(State())
    private let decide: @Sendable (Call) -> Outcome
    /// Every call, in the order reconciles started.
    let calls = EventLog<Call>()
    /// Every call, in the order reconciles finished.
    let finished = EventLog<Call>()

    init(decide: @escaping @Sendable (Call) -> Outcome = { _ in .result(.done) }) {
        self.decide = decide
    }

    var violations: [String] { state.withLock { $0.violations } }
    var maxConcurrent: Int { state.withLock { $0.maxConcurrent } }
    var total: Int { state.withLock { $0.total } }
    var cancelledWhileBlocked: [String] { state.withLock { $0.cancelledWhileBlocked } }
    func attempts(_ key: String) -> Int { state.withLock { $0.attempts[key, default: 0] } }

    /// Lets a `.block`ed reconcile of `key` finish (also if it has not started yet).
    func release(_ key: String) {
        let continuation = state.withLock { s in
            s.released.insert(key)
            return s.blocked.removeValue(forKey: key)
        }
        continuation?.resume()
    }

    func reconcile(_ key: String) async throws -> Requeue {
        let call = state.withLock { s in
            if s.inFlight.contains(key) { s.violations.append(key) }
            s.inFlight.insert(key)
            s.maxConcurrent = max(s.maxConcurrent, s.inFlight.count)
            s.attempts[key, default: 0] += 1
            s.total += 1
            return Call(key: key, attempt: s.attempts[key]!, total: s.total)
        }
        calls.append(call)
        // Give other workers a chance to run while this key is in flight.
        await Task.yield()
        let outcome = decide(call)
        if case .block = outcome {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { s in
                    if s.released.remove(key) != nil { return true }
                    s.blocked[key] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
            if Task.isCancelled { state.withLock { $0.cancelledWhileBlocked.append(key) } }
        }
        await Task.yield()
        state.withLock { _ = $0.inFlight.remove(key) }
        finished.append(call)
        switch outcome {
        case .result(let requeue): return requeue
        case .fail: throw ReconcileError()
        case .block: return .done
        }
    }
}

/// A rate-limiting queue with a tiny backoff, so retries happen promptly in tests.
func fastQueue(name: String = "test") -> RateLimitingQueue<String> {
    RateLimitingQueue(
        configuration: .init(name: nil),
        rateLimiter: ItemExponentialFailureRateLimiter<String>(baseDelay: .milliseconds(1), maxDelay: .milliseconds(20)))
}

/// A log of values that tests can await conditions on (no polling, no sleeps).
final class EventLog<Value: Sendable>: Sendable {
    private struct Waiter {
        var predicate: @Sendable ([Value]) -> Bool
        var continuation: CheckedContinuation<[Value], Never>
    }

    private struct State {
        var values: [Value] = []
        var waiters: [Waiter] = []
    }

    private let state = Mutex(State())

    var values: [Value] { state.withLock { $0.values } }

    func append(_ value: Value) {
        let ready: [(CheckedContinuation<[Value], Never>, [Value])] = state.withLock { s in
            s.values.append(value)
            var ready: [(CheckedContinuation<[Value], Never>, [Value])] = []
            s.waiters.removeAll { waiter in
                guard waiter.predicate(s.values) else { return false }
                ready.append((waiter.continuation, s.values))
                return true
            }
            return ready
        }
        for (continuation, values) in ready { continuation.resume(returning: values) }
    }

    /// Waits until `predicate` holds for the values logged so far; returns them.
    @discardableResult
    func wait(until predicate: @escaping @Sendable ([Value]) -> Bool) async -> [Value] {
        await withCheckedContinuation { continuation in
            let now: [Value]? = state.withLock { s in
                if predicate(s.values) { return s.values }
                s.waiters.append(Waiter(predicate: predicate, continuation: continuation))
                return nil
            }
            if let now { continuation.resume(returning: now) }
        }
    }

    /// Waits until at least `count` values were logged.
    @discardableResult
    func wait(count: Int) async -> [Value] { await wait { $0.count >= count } }
}

/// A logger that drops everything (the controller logs dropped keys at warning level).
let quietLogger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
