public import KubeModel

/// The store a ``DeltaFIFO`` consults to find keys that vanished in a relist and to resync:
/// normally the informer's ``Indexer``.
///
/// The FIFO calls these methods while holding its own lock, so they must not call back into
/// the FIFO.
public protocol KnownObjects<Object>: Sendable {
    associatedtype Object: KubernetesObject
    /// All keys in the store.
    func listKeys() -> [String]
    /// The object stored under `key`, if any.
    func get(_ key: String) -> Object?
}
