public import KubeModel
import KubeSupport

/// Read-your-writes for reconciles (opt-in per controller): a write made while reconciling a key
/// is remembered with the resourceVersion the server returned, and the key's next reconcile first
/// waits — at most ``timeout`` — until the informer of the written resource has seen that
/// resourceVersion, so it never reads a cache older than its own last write.
///
/// Inside a reconcile, call ``record(_:resource:)`` after a write (the KubeOperator helpers —
/// finalizers, conditions, ``ServerSideApply`` — do it for you).
public final class ReadYourWrites: Sendable {
    /// The reconcile a write belongs to (a task-local set by the controller).
    public struct Context: Sendable {
        let tracker: ReadYourWrites
        let key: String
    }

    /// The reconcile running on this task, if read-your-writes is on for its controller.
    @TaskLocal public static var current: Context?

    /// Notes that the running reconcile wrote `object` of `resource` (no-op outside a reconcile
    /// with read-your-writes).
    public static func record(_ object: some KubernetesObject, resource: ResourceDescriptor) {
        guard let current else { return }
        current.tracker.wrote(key: current.key, resource: resource.description, resourceVersion: object.resourceVersion)
    }

    /// Notes that the running reconcile removed the last finalizer of `object` (being deleted), so
    /// the server deleted it: the next reconcile waits for the cache to see something newer than
    /// `object` — the server answers such a write with the object's state *before* the deletion.
    public static func recordDeletion(of object: some KubernetesObject, resource: ResourceDescriptor) {
        guard let current, let rv = UInt64(object.resourceVersion) else { return }
        current.tracker.wrote(key: current.key, resource: resource.description, resourceVersion: String(rv + 1))
    }

    private struct Waiter {
        var key: String
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        /// Per key: per resource, the resourceVersion the cache must reach.
        var pending: [String: [String: UInt64]] = [:]
        /// Per resource: the highest resourceVersion its informer has delivered.
        var seen: [String: UInt64] = [:]
        var tracked: Set<String> = []
        var waiters: [Int: Waiter] = [:]
        /// Waits ended (timeout, cancellation) before their waiter was registered.
        var expired: Set<Int> = []
        var nextID = 0
        var timeouts = 0

        func satisfied(_ key: String) -> Bool {
            (pending[key] ?? [:]).allSatisfy { resource, rv in (seen[resource] ?? 0) >= rv }
        }
    }

    /// The longest a reconcile waits for the cache.
    public let timeout: Duration
    private let state = Locked(State())

    public init(timeout: Duration = .seconds(5)) { self.timeout = timeout }

    /// Registers a resource whose informer reports to ``observe(resource:resourceVersion:)``;
    /// writes to other resources are not waited for.
    func track(resource: String) { state.withLock { _ = $0.tracked.insert(resource) } }

    /// Remembers a write made while reconciling `key`.
    func wrote(key: String, resource: String, resourceVersion: String) {
        guard let rv = UInt64(resourceVersion) else { return }
        state.withLock { s in
            guard s.tracked.contains(resource) else { return }
            s.pending[key, default: [:]][resource] = max(rv, s.pending[key]?[resource] ?? 0)
        }
    }

    /// Tells the tracker that the informer of `resource` has delivered `resourceVersion`.
    func observe(resource: String, resourceVersion: String) {
        guard let rv = UInt64(resourceVersion) else { return }
        let ready: [CheckedContinuation<Void, Never>] = state.withLock { s in
            guard rv > s.seen[resource] ?? 0 else { return [] }
            s.seen[resource] = rv
            var ready: [CheckedContinuation<Void, Never>] = []
            for (id, waiter) in s.waiters where s.satisfied(waiter.key) {
                s.waiters[id] = nil
                ready.append(waiter.continuation)
            }
            return ready
        }
        for continuation in ready { continuation.resume() }
    }

    /// How many waits ended by timeout rather than by the cache catching up.
    public var timeouts: Int { state.withLock { $0.timeouts } }

    /// Waits until the caches have seen every write of `key`'s previous reconciles, at most
    /// ``timeout`` or until the task is cancelled; then forgets those writes.
    func waitForCache(key: String) async {
        defer { _ = state.withLock { $0.pending.removeValue(forKey: key) } }
        if state.withLock({ $0.satisfied(key) }) { return }
        let id = state.withLock { s in
            defer { s.nextID += 1 }
            return s.nextID
        }
        let timer = Task { [timeout] in
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            self.resume(id, timedOut: true)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { s in
                    if s.satisfied(key) || Task.isCancelled || s.expired.remove(id) != nil { return true }
                    s.waiters[id] = Waiter(key: key, continuation: continuation)
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            self.resume(id, timedOut: false)
        }
        timer.cancel()
        await timer.value
        _ = state.withLock { $0.expired.remove(id) }
    }

    private func resume(_ id: Int, timedOut: Bool) {
        let waiter = state.withLock { s in
            let w = s.waiters.removeValue(forKey: id)
            if w == nil { s.expired.insert(id) }
            if timedOut, w != nil { s.timeouts += 1 }
            return w
        }
        waiter?.continuation.resume()
    }
}
