public import KubeModel

/// What a handler is told: an object was added, updated or deleted.
public enum InformerEvent<Object: KubernetesObject>: Sendable {
    /// A new object; `isInInitialList` is true for objects of the informer's first list
    /// (and for the existing objects a late handler receives).
    case added(Object, isInInitialList: Bool)
    /// An object changed, or a resync replayed it (then `old` and `new` have the same resourceVersion).
    case updated(old: Object, new: Object)
    /// An object was deleted. If the deletion was missed (e.g. while the watch was down), the
    /// payload is a tombstone carrying the last known state.
    case deleted(DeltaObject<Object>)
}
