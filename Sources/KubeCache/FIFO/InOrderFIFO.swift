public import KubeModel

/// A queue of every event in watch order, with no per-key merging: what an informer uses by
/// default so that its cache always equals the server's state at some resourceVersion.
///
/// A relist is ONE item (``InOrderFIFOItem/replaced(_:resourceVersion:)``) that the consumer
/// applies atomically with ``Indexer/replaceComputingChanges(_:resourceVersion:)``: swap the
/// store to the snapshot, then emit deletes (tombstones for vanished keys), then adds/updates.
/// Items are handed out one at a time: the next pop waits until the previous item is processed,
/// so even several poppers see them strictly in order.
///
/// ``hasSynced`` becomes true once the first replace (or the first add/update/delete, if that
/// came first) has been popped and processed.
public final class InOrderFIFO<Object: KubernetesObject>: Sendable {
    private let core: FIFOCore<InOrderFIFOState<Object>>

    /// Creates an empty FIFO.
    public init() {
        core = FIFOCore(InOrderFIFOState(), name: "InOrderFIFO")
    }

    /// Queues an add.
    public func add(_ object: Object) { push(.added(object)) }

    /// Queues an update.
    public func update(_ object: Object) { push(.updated(object)) }

    /// Queues a delete with the object's final state.
    public func delete(_ object: Object) { push(.deleted(.object(object))) }

    /// Queues a delete with a tombstone.
    public func delete(tombstone: DeletedFinalStateUnknown<Object>) { push(.deleted(.tombstone(tombstone))) }

    /// Queues a relist as one item.
    public func replace(_ objects: [Object], resourceVersion: String) {
        push(.replaced(objects, resourceVersion: resourceVersion))
    }

    /// Queues a resync (collapses with a resync already waiting at the tail).
    public func resync() { push(.resync) }

    /// Stops the FIFO: once nothing is left, ``pop(_:)`` throws ``KubeCacheError/Code/closed``.
    public func close() {
        core.mutate { $0.close() }
    }

    /// Waits for the next event and calls `process` with it outside the lock. The event counts
    /// as processed when `process` returns or throws (the error is rethrown). `process` owns
    /// the event: it may move the objects out instead of copying them.
    /// - Throws: ``KubeCacheError/Code/closed`` when closed and empty; `CancellationError` if
    ///   cancelled while waiting; or what `process` threw.
    public func pop(_ process: (consuming InOrderFIFOItem<Object>) throws -> Void) async throws {
        let item = try await core.next()
        let wasResync = if case .resync = item { true } else { false }
        defer { core.mutate { $0.finish(wasResync: wasResync) } }
        try process(item)
    }

    /// Whether the initial population has been popped and processed.
    public var hasSynced: Bool { core.read(\.hasSynced) }

    /// The number of events waiting.
    public var count: Int { core.read(\.count) }

    /// Whether ``close()`` was called.
    public var isClosed: Bool { core.read(\.isClosed) }

    private func push(_ event: InOrderFIFOItem<Object>) {
        core.mutate { $0.push(event) }
    }
}
