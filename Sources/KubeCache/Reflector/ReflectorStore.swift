public import KubeModel

/// Where a Reflector puts what it lists and watches: a FIFO in front of an informer, or any
/// store. Calls arrive in watch order from one task.
public protocol ReflectorStore<Object>: Sendable {
    associatedtype Object: KubernetesObject
    /// A watch reported a new object.
    func add(_ object: Object)
    /// A watch reported a changed object.
    func update(_ object: Object)
    /// A watch reported a deleted object (its last state).
    func delete(_ object: Object)
    /// A (re-)list returned exactly these objects at `resourceVersion`.
    func replace(_ objects: [Object], resourceVersion: String)
}
