public import KubeModel

/// A queue of per-object change lists: one entry per key, holding that object's deltas in
/// order; keys leave in the order they first arrived. Producers (the Reflector) call
/// ``add(_:)``, ``update(_:)``, ``delete(_:)``, ``replace(_:resourceVersion:)`` and
/// ``resync()``; one consumer (the informer) calls ``pop(_:)``.
///
/// Rules (client-go's `DeltaFIFO`):
/// - consecutive deletes of a key collapse into one; a real delete wins over a tombstone;
/// - deleting a key that is neither queued nor known is ignored;
/// - ``replace(_:resourceVersion:)`` queues `Replaced` for every listed object and a
///   ``DeletedFinalStateUnknown`` tombstone for every queued or known key not in the list;
/// - ``resync()`` queues `Sync` for each known key with nothing queued;
/// - a key being processed is not handed to a second popper until its processing ends.
///
/// ``hasSynced`` becomes true once every item of the first replace (or of the first
/// add/update/delete, if that came first) has been popped *and* processed.
public final class DeltaFIFO<Object: KubernetesObject>: Sendable {
    let core: FIFOCore<DeltaFIFOState<Object>>
    private let knownObjects: (any KnownObjects<Object>)?

    /// Creates an empty FIFO.
    /// - Parameter knownObjects: the store the consumer keeps up to date (normally the informer's
    ///   ``Indexer``); used to detect deletions on replace, and for resync. `nil` disables both.
    public init(knownObjects: (any KnownObjects<Object>)? = nil) {
        self.knownObjects = knownObjects
        core = FIFOCore(DeltaFIFOState(), name: "DeltaFIFO")
    }

    /// Queues an `Added` delta.
    public func add(_ object: Object) {
        core.mutate { $0.add(object) }
    }

    /// Queues an `Updated` delta.
    public func update(_ object: Object) {
        core.mutate { $0.update(object) }
    }

    /// Queues a `Deleted` delta with the final object, unless the key is unknown.
    public func delete(_ object: Object) {
        core.mutate { [knownObjects] in $0.delete(.object(object), known: knownObjects) }
    }

    /// Queues a `Deleted` delta with a tombstone, unless the key is unknown.
    public func delete(tombstone: DeletedFinalStateUnknown<Object>) {
        core.mutate { [knownObjects] in $0.delete(.tombstone(tombstone), known: knownObjects) }
    }

    /// Queues `Replaced` for every listed object and tombstones for vanished keys.
    /// - Parameter resourceVersion: the list's resourceVersion (kept as
    ///   ``lastReplaceResourceVersion``; deltas carry objects only).
    public func replace(_ objects: [Object], resourceVersion: String) {
        core.mutate { [knownObjects] in
            $0.replace(objects, resourceVersion: resourceVersion, known: knownObjects)
        }
    }

    /// Queues `Sync` for every known object that has nothing queued. Contacts no server.
    public func resync() {
        core.mutate { [knownObjects] in $0.resync(known: knownObjects) }
    }

    /// Stops the FIFO: once nothing is left to hand out, ``pop(_:)`` throws
    /// ``KubeCacheError/Code/closed``. Already-queued items can still be popped.
    public func close() {
        core.mutate { $0.close() }
    }

    /// Waits for the next key, then calls `process` with its deltas (oldest first) outside the
    /// lock. The key counts as processed when `process` returns or throws; a thrown error is
    /// rethrown and the deltas are dropped (the next relist or resync repairs them).
    /// - Throws: ``KubeCacheError/Code/closed`` when closed and empty; `CancellationError` if
    ///   cancelled while waiting; or what `process` threw.
    public func pop(_ process: (_ key: String, _ deltas: [Delta<Object>]) throws -> Void) async throws {
        let item = try await core.next()
        defer { core.mutate { $0.finish(item) } }
        try process(item.key, item.deltas)
    }

    /// Whether the initial population has been popped and processed.
    public var hasSynced: Bool { core.read(\.hasSynced) }

    /// The number of keys waiting (not counting keys being processed).
    public var count: Int { core.read(\.count) }

    /// Whether ``close()`` was called.
    public var isClosed: Bool { core.read(\.isClosed) }

    /// The queued keys, in pop order.
    public func listKeys() -> [String] { core.read { Array($0.queue) } }

    /// The deltas queued for `key`, oldest first (empty if none).
    public func deltas(for key: String) -> [Delta<Object>] { core.read { $0.items[key] ?? [] } }

    /// The resourceVersion of the last ``replace(_:resourceVersion:)``.
    public var lastReplaceResourceVersion: String { core.read(\.lastReplaceResourceVersion) }
}
