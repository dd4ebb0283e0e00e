import KubeModel

/// The pure state of an ``Indexer``: objects by key, and for every named index a map from index
/// value to the set of keys whose object yields that value. No locking here; ``Indexer`` wraps it.
struct IndexerState<Object: KubernetesObject>: Sendable {
    /// index value → keys of the objects that yield it.
    typealias Index = [String: Set<String>]

    var items: [String: Object] = [:]
    var indexFunctions: IndexFunctions<Object> = [:]
    var indices: [String: Index] = [:]
    var resourceVersion: String = ""

    init() {
        indexFunctions[IndexFunctionLibrary.namespaceIndexName] = { IndexFunctionLibrary.namespace($0) }
        indices[IndexFunctionLibrary.namespaceIndexName] = [:]
    }

    // MARK: writes

    /// Stores `object` under its key, updating every index. Returns the previous object.
    @discardableResult
    mutating func upsert(_ object: Object) -> Object? {
        let key = object.key
        let old = items.updateValue(object, forKey: key)
        updateIndices(key: key, old: old, new: object)
        noteResourceVersion(object.resourceVersion)
        return old
    }

    /// Removes the object under `key`, updating every index. Returns the removed object.
    @discardableResult
    mutating func remove(key: String, resourceVersion: String = "") -> Object? {
        noteResourceVersion(resourceVersion)
        guard let old = items.removeValue(forKey: key) else { return nil }
        updateIndices(key: key, old: old, new: nil)
        return old
    }

    /// A complete content — objects by key and every index — built without the lock, to be
    /// swapped in by ``install(_:resourceVersion:)``.
    struct Replacement: Sendable {
        var items: [String: Object]
        var indices: [String: Index]
        /// The index functions the indices were built with.
        var functionNames: Set<String>
    }

    /// Builds the content of a relist: later duplicates of a key win; every index built with
    /// `indexFunctions`. Pure; no lock needed.
    static func replacement(_ objects: some Sequence<Object>, indexFunctions: IndexFunctions<Object>) -> Replacement {
        var items: [String: Object] = [:]
        items.reserveCapacity(objects.underestimatedCount)
        // One pass indexes each object as it is stored (each pass over a dictionary of objects
        // copies every object); a duplicate key, which the server never sends, rebuilds instead.
        let functions = Array(indexFunctions)
        var built = [Index](repeating: [:], count: functions.count)
        var duplicate = false
        for object in objects {
            let key = object.key
            for (i, (_, function)) in functions.enumerated() {
                forEachDistinct(function(object)) { built[i][$0, default: []].insert(key) }
            }
            if items.updateValue(object, forKey: key) != nil { duplicate = true }
        }
        let indices = duplicate
            ? buildIndices(items, indexFunctions)
            : Dictionary(uniqueKeysWithValues: zip(functions.map(\.key), built))
        return Replacement(items: items, indices: indices, functionNames: Set(indexFunctions.keys))
    }

    /// Swaps in a replacement (cheap: no per-object work unless index functions were added while
    /// it was being built). Returns the previous content.
    @discardableResult
    mutating func install(_ replacement: Replacement, resourceVersion: String) -> [String: Object] {
        let old = items
        items = replacement.items
        indices = replacement.functionNames == Set(indexFunctions.keys)
            ? replacement.indices : Self.buildIndices(items, indexFunctions)
        self.resourceVersion = resourceVersion
        return old
    }

    /// Replaces the whole content with `objects` and rebuilds every index. Later duplicates of a
    /// key win. Returns the previous content.
    @discardableResult
    mutating func replace(_ objects: some Sequence<Object>, resourceVersion: String) -> [String: Object] {
        install(Self.replacement(objects, indexFunctions: indexFunctions), resourceVersion: resourceVersion)
    }

    /// Registers new index functions and indexes the stored objects with them.
    mutating func addIndexFunctions(_ functions: IndexFunctions<Object>) throws(KubeCacheError) {
        for name in functions.keys where indexFunctions[name] != nil {
            throw .indexConflict(name)
        }
        indexFunctions.merge(functions) { old, _ in old }
        indices.merge(Self.buildIndices(items, functions)) { old, _ in old }
    }

    // MARK: reads

    /// The index called `name`.
    func index(named name: String) throws(KubeCacheError) -> Index {
        guard let index = indices[name] else { throw .unknownIndex(name) }
        return index
    }

    /// The objects whose keys are in `keys`.
    func objects(for keys: some Sequence<String>) -> [Object] {
        var result: [Object] = []
        result.reserveCapacity(keys.underestimatedCount)
        for key in keys {
            if let object = items[key] { result.append(object) }
        }
        return result
    }

    /// Keys of the objects that share at least one value of index `name` with `object`.
    func keysMatching(index name: String, object: Object) throws(KubeCacheError) -> Set<String> {
        guard let function = indexFunctions[name] else { throw .unknownIndex(name) }
        let index = indices[name] ?? [:]
        let values = function(object)
        if values.count == 1 { return index[values[0]] ?? [] }
        var keys = Set<String>()
        for value in values { keys.formUnion(index[value] ?? []) }
        return keys
    }

    // MARK: index maintenance

    private mutating func updateIndices(key: String, old: Object?, new: Object?) {
        for (name, function) in indexFunctions {
            let oldValues = old.map(function) ?? []
            let newValues = new.map(function) ?? []
            if old != nil, oldValues == newValues { continue }
            let oldSet = Self.distinct(oldValues)
            let newSet = Self.distinct(newValues)
            let removed = oldSet.subtracting(newSet)
            let added = newSet.subtracting(oldSet)
            if removed.isEmpty, added.isEmpty { continue }
            var index = indices.removeValue(forKey: name) ?? [:]
            for value in removed {
                if var bucket = index.removeValue(forKey: value) {
                    bucket.remove(key)
                    if !bucket.isEmpty { index[value] = bucket }
                }
            }
            for value in added { index[value, default: []].insert(key) }
            indices[name] = index
        }
    }

    private static func buildIndices(_ items: [String: Object], _ functions: IndexFunctions<Object>) -> [String: Index] {
        var built: [String: Index] = [:]
        for (name, function) in functions {
            var index: Index = [:]
            for (key, object) in items {
                forEachDistinct(function(object)) { index[$0, default: []].insert(key) }
            }
            built[name] = index
        }
        return built
    }

    private mutating func noteResourceVersion(_ rv: String) {
        if !rv.isEmpty { resourceVersion = rv }
    }

    static func distinct(_ values: [String]) -> Set<String> {
        Set(values)
    }

    /// Calls `body` once per distinct value; most index functions yield one value, which needs no set.
    @inline(__always)
    static func forEachDistinct(_ values: [String], _ body: (String) -> Void) {
        switch values.count {
        case 0: return
        case 1: body(values[0])
        default: for value in Set(values) { body(value) }
        }
    }
}
