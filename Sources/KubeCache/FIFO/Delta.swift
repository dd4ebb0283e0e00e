public import KubeModel

/// What happened to an object, as recorded by a ``DeltaFIFO``.
public enum DeltaType: String, Sendable, Hashable, CaseIterable {
    /// A watch `ADDED` event, or an add without a watch.
    case added = "Added"
    /// A watch `MODIFIED` event.
    case updated = "Updated"
    /// A watch `DELETED` event, or a tombstone for a delete that was missed.
    case deleted = "Deleted"
    /// The object was in a (re)list; the consumer cannot tell whether it changed.
    case replaced = "Replaced"
    /// A periodic resync replayed the cached object; nothing changed on the server.
    case sync = "Sync"
}

/// A delete that was not observed: the object vanished from a relist while the watch was down.
/// Carries the key and the last state the cache knew, which may be stale.
public struct DeletedFinalStateUnknown<Object: KubernetesObject>: Sendable {
    /// The key of the deleted object.
    public var key: String
    /// The last known state of the object.
    public var object: Object

    public init(key: String, object: Object) {
        self.key = key
        self.object = object
    }
}

/// The payload of a delete: the final object as the watch delivered it, or a tombstone.
public enum DeltaObject<Object: KubernetesObject>: Sendable {
    /// The object as delivered by the server.
    case object(Object)
    /// A missed delete, with the last known state.
    case tombstone(DeletedFinalStateUnknown<Object>)

    /// The cache key of the object.
    public var key: String {
        switch self {
        case .object(let o): o.key
        case .tombstone(let t): t.key
        }
    }

    /// The object itself, or the tombstone's last known state.
    public var object: Object {
        switch self {
        case .object(let o): o
        case .tombstone(let t): t.object
        }
    }

    /// Whether this is a tombstone.
    public var isTombstone: Bool {
        if case .tombstone = self { return true }
        return false
    }
}

/// One change to one object: its type and the object (or tombstone) after the change.
public struct Delta<Object: KubernetesObject>: Sendable {
    /// What happened.
    public var type: DeltaType
    /// The object after the change; a tombstone only for ``DeltaType/deleted``.
    public var payload: DeltaObject<Object>

    public init(_ type: DeltaType, _ payload: DeltaObject<Object>) {
        self.type = type
        self.payload = payload
    }

    public init(_ type: DeltaType, _ object: Object) {
        self.init(type, .object(object))
    }

    /// The object, or the tombstone's last known state.
    public var object: Object { payload.object }
}
