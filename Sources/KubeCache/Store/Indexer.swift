import KubeSupport
public import KubeModel

/// A thread-safe local cache of objects by key (`namespace/name` or `name`), with named indices.
///
/// Every index maps an index value to the set of keys whose object yields that value; an index
/// function may yield several values per object. A namespace index
/// (``IndexFunctionLibrary/namespaceIndexName``) is always present. Reads hand out the stored
/// values (copy-on-write structs) without copying the cache. Only the informer should write.
///
/// All operations take one short lock around a pure ``IndexerState``.
public final class Indexer<Object: KubernetesObject>: Sendable, KnownObjects {
    private let state: Locked<IndexerState<Object>>

    /// The name of the built-in namespace index.
    public static var namespaceIndex: String { IndexFunctionLibrary.namespaceIndexName }

    /// Creates an empty cache with only the namespace index.
    public init() {
        state = Locked(IndexerState())
    }

    /// Creates an empty cache with the namespace index and `indexers`.
    /// - Throws: ``KubeCacheError/Code/indexConflict`` if a name is `namespace`.
    public convenience init(indexers: IndexFunctions<Object>) throws(KubeCacheError) {
        self.init()
        try addIndexers(indexers)
    }

    // MARK: writes

    /// Stores `object` (insert or overwrite). Returns the object it replaced, if any.
    @discardableResult
    public func add(_ object: Object) -> Object? {
        state.withLock { $0.upsert(object) }
    }

    /// Stores `object` (insert or overwrite). Returns the object it replaced, if any.
    @discardableResult
    public func update(_ object: Object) -> Object? {
        state.withLock { $0.upsert(object) }
    }

    /// Removes the object with `object`'s key. Returns the removed object, if there was one.
    @discardableResult
    public func delete(_ object: Object) -> Object? {
        state.withLock { $0.remove(key: object.key, resourceVersion: object.resourceVersion) }
    }

    /// Removes the object under `key`. Returns the removed object, if there was one.
    @discardableResult
    public func delete(key: String) -> Object? {
        state.withLock { $0.remove(key: key) }
    }

    /// Atomically replaces the whole content with `objects` and rebuilds every index.
    /// - Parameter resourceVersion: the list's resourceVersion, now ``resourceVersion``.
    public func replace(_ objects: [Object], resourceVersion: String) {
        // The previous content is returned so that it is freed here, outside the lock.
        let previous = install(objects, resourceVersion: resourceVersion)
        _ = previous
    }

    /// Builds the new content and its indices outside the lock, then swaps it in under the lock,
    /// so readers wait only for the swap, not for a 10k-object rebuild. Returns the old content.
    func install(_ objects: [Object], resourceVersion: String) -> [String: Object] {
        let functions = state.withLock { $0.indexFunctions }
        let replacement = IndexerState.replacement(objects, indexFunctions: functions)
        return state.withLock { $0.install(replacement, resourceVersion: resourceVersion) }
    }

    /// Registers more index functions; existing objects are indexed with them at once.
    /// - Throws: ``KubeCacheError/Code/indexConflict`` if a name is already registered (nothing
    ///   is added then).
    public func addIndexers(_ indexers: IndexFunctions<Object>) throws(KubeCacheError) {
        try state.withLock { (s) throws(KubeCacheError) in try s.addIndexFunctions(indexers) }
    }

    // MARK: reads

    /// The object stored under `key`.
    public func get(_ key: String) -> Object? {
        state.withLock { $0.items[key] }
    }

    /// The stored object with the same key as `object`.
    public func get(matching object: Object) -> Object? {
        get(object.key)
    }

    /// All stored objects, in no particular order.
    public func list() -> [Object] {
        state.withLock { Array($0.items.values) }
    }

    /// All stored keys, in no particular order.
    public func listKeys() -> [String] {
        state.withLock { Array($0.items.keys) }
    }

    /// How many objects are stored.
    public var count: Int {
        state.withLock { $0.items.count }
    }

    /// The resourceVersion of the last write: the list's for ``replace(_:resourceVersion:)``,
    /// the object's for other writes (when it has one).
    public var resourceVersion: String {
        state.withLock { $0.resourceVersion }
    }

    /// The names of the registered indices.
    public var indexNames: [String] {
        state.withLock { Array($0.indexFunctions.keys) }
    }

    /// The objects that share at least one value of index `name` with `object` (which need not
    /// be stored).
    /// - Throws: ``KubeCacheError/Code/unknownIndex``.
    public func index(_ name: String, _ object: Object) throws(KubeCacheError) -> [Object] {
        try state.withLock { (s) throws(KubeCacheError) in
            s.objects(for: try s.keysMatching(index: name, object: object))
        }
    }

    /// The objects whose index `name` yields `value`.
    /// - Throws: ``KubeCacheError/Code/unknownIndex``.
    public func byIndex(_ name: String, _ value: String) throws(KubeCacheError) -> [Object] {
        try state.withLock { (s) throws(KubeCacheError) in
            s.objects(for: try s.index(named: name)[value] ?? [])
        }
    }

    /// The keys of the objects whose index `name` yields `value`.
    /// - Throws: ``KubeCacheError/Code/unknownIndex``.
    public func indexKeys(_ name: String, _ value: String) throws(KubeCacheError) -> [String] {
        try state.withLock { (s) throws(KubeCacheError) in
            Array(try s.index(named: name)[value] ?? [])
        }
    }

    /// Every value that index `name` currently holds (only values with at least one object).
    /// - Throws: ``KubeCacheError/Code/unknownIndex``.
    public func listIndexFuncValues(_ name: String) throws(KubeCacheError) -> [String] {
        try state.withLock { (s) throws(KubeCacheError) in
            Array(try s.index(named: name).keys)
        }
    }

    /// Runs `body` on the locked state. For the extensions in this module only; keep it short.
    func withState<R: Sendable, E: Error>(_ body: (inout IndexerState<Object>) throws(E) -> R) throws(E) -> R {
        try state.withLock { (s) throws(E) in try body(&s) }
    }
}
