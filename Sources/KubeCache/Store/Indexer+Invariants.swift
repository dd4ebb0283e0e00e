import KubeModel

extension IndexerState {
    /// Checks that every index agrees with the stored objects.
    func checkInvariants() throws(KubeCacheError) {
        for (key, object) in items where object.key != key {
            throw .invariant("object '\(object.key)' stored under key '\(key)'")
        }
        guard Set(indices.keys) == Set(indexFunctions.keys) else {
            throw .invariant("indices \(indices.keys.sorted()) != functions \(indexFunctions.keys.sorted())")
        }
        for (name, function) in indexFunctions {
            let index = indices[name] ?? [:]
            var expected: Index = [:]
            for (key, object) in items {
                for value in Self.distinct(function(object)) { expected[value, default: []].insert(key) }
            }
            for (value, keys) in index {
                if keys.isEmpty { throw .invariant("index '\(name)' keeps an empty bucket '\(value)'") }
                for key in keys where items[key] == nil {
                    throw .invariant("index '\(name)'['\(value)'] holds key '\(key)' that is not stored")
                }
            }
            if index != expected {
                throw .invariant("index '\(name)' does not match its function over the stored objects")
            }
        }
    }
}

extension Indexer {
    /// Verifies the internal consistency of the cache: every index entry points to a stored key
    /// whose object yields that value, every stored object is in each bucket its index functions
    /// name, and no bucket is empty. O(n × indices); for tests.
    /// - Throws: ``KubeCacheError/Code/invariantViolation`` describing the first problem found.
    public func checkInvariants() throws(KubeCacheError) {
        try withState { (s) throws(KubeCacheError) in try s.checkInvariants() }
    }
}
