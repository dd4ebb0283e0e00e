import Synchronization

/// The handle of one handler added to an informer: whether that handler has received the
/// informer's initial state yet, and the depth of its buffer.
public final class HandlerRegistration: Sendable, Hashable {
    /// A number unique within its informer.
    public let id: Int
    /// The resync period asked for (`nil`: none).
    public let resyncPeriod: Duration?

    private struct State {
        var synced = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    let depthProvider: @Sendable () -> Int

    init(id: Int, resyncPeriod: Duration?, depth: @escaping @Sendable () -> Int) {
        self.id = id
        self.resyncPeriod = resyncPeriod
        self.depthProvider = depth
    }

    /// True once this handler has been given every object of the informer's initial list
    /// (for a handler added late: every object in the cache when it was added).
    public var hasSynced: Bool { state.withLock { $0.synced } }

    /// How many events wait in this handler's buffer.
    public var bufferDepth: Int { depthProvider() }

    /// Waits until ``hasSynced`` is true (or the task is cancelled).
    public func waitForSync() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { s in
                if s.synced { return true }
                s.waiters.append(c)
                return false
            }
            if ready { c.resume() }
        }
    }

    func markSynced() {
        let waiters = state.withLock { s in
            s.synced = true
            defer { s.waiters.removeAll() }
            return s.waiters
        }
        for w in waiters { w.resume() }
    }

    public static func == (a: HandlerRegistration, b: HandlerRegistration) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
