public import KubeModel

/// What an atomic relist changed in an ``Indexer``: the events a consumer emits, in this order
/// (deletes, then adds and updates), after the cache already holds the new snapshot.
public struct ReplaceChanges<Object: KubernetesObject>: Sendable {
    /// Tombstones for keys that were cached but are not in the list, sorted by key.
    public var deleted: [DeletedFinalStateUnknown<Object>] = []
    /// Listed objects whose key was not cached, in list order.
    public var added: [Object] = []
    /// Listed objects whose key was cached, with the previous state, in list order.
    public var updated: [(old: Object, new: Object)] = []

    public init() {}

    /// Whether the relist changed nothing at all (no deletes, adds or updates).
    public var isEmpty: Bool { deleted.isEmpty && added.isEmpty && updated.isEmpty }
}

extension Indexer {
    /// Atomically swaps the cache to the listed snapshot and reports what changed, for the
    /// consumer of an ``InOrderFIFO`` replace item: the cache equals the server's state at
    /// `resourceVersion` at once, and the consumer then emits the returned deletes (tombstones
    /// for keys that vanished), then the adds and updates.
    ///
    /// If `objects` holds a key twice, the later object wins and is reported once.
    public func replaceComputingChanges(_ objects: [Object], resourceVersion: String) -> ReplaceChanges<Object> {
        let old = install(objects, resourceVersion: resourceVersion)
        // The first list into an empty cache (an informer's sync): every object is an add, and
        // unless a key repeats there is nothing to diff.
        if old.isEmpty, count == objects.count {
            var changes = ReplaceChanges<Object>()
            changes.added = objects
            return changes
        }
        return Self.changes(from: old, to: objects)
    }

    /// The pure diff behind ``replaceComputingChanges(_:resourceVersion:)``.
    static func changes(from old: [String: Object], to objects: [Object]) -> ReplaceChanges<Object> {
        var changes = ReplaceChanges<Object>()
        var listed: [String: Int] = [:]  // key → position of its last occurrence
        listed.reserveCapacity(objects.count)
        for (position, object) in objects.enumerated() { listed[object.key] = position }
        for (position, object) in objects.enumerated() {
            let key = object.key
            guard listed[key] == position else { continue }
            if let previous = old[key] {
                changes.updated.append((old: previous, new: object))
            } else {
                changes.added.append(object)
            }
        }
        for (key, object) in old where listed[key] == nil {
            changes.deleted.append(DeletedFinalStateUnknown(key: key, object: object))
        }
        changes.deleted.sort { $0.key < $1.key }
        return changes
    }
}
