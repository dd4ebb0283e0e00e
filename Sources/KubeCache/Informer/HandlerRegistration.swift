import KubeSupport

/// The handle of one handler added to an informer: whether that handler has received the
/// informer's initial state yet, and the depth of its buffer.
public final class HandlerRegistration: Sendable, Hashable {
    /// A number unique within its informer.
    public let id: Int
    /// The resync period asked for (`nil`: none).
    public let resyncPeriod: Duration?

    /// Opened with true once synced, or with false when the handler can no longer sync (the
    /// informer stopped, or the handler was removed, first).
    private let synced = Latch<Bool>()
    let depthProvider: @Sendable () -> Int

    init(id: Int, resyncPeriod: Duration?, depth: @escaping @Sendable () -> Int) {
        self.id = id
        self.resyncPeriod = resyncPeriod
        self.depthProvider = depth
    }

    /// True once this handler has been given every object of the informer's initial list
    /// (for a handler added late: every object in the cache when it was added).
    public var hasSynced: Bool { synced.value == true }

    /// How many events wait in this handler's buffer.
    public var bufferDepth: Int { depthProvider() }

    /// Waits until ``hasSynced`` is true and returns true; returns false at once when the
    /// informer stops or the handler is removed before that, or when the calling task is
    /// cancelled.
    @discardableResult
    public func waitForSync() async -> Bool {
        await synced.wait() ?? false
    }

    func markSynced() { synced.open(true) }

    /// The handler will never sync (informer stopped or handler removed); waiters return false.
    func markStopped() { synced.open(false) }

    public static func == (a: HandlerRegistration, b: HandlerRegistration) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
