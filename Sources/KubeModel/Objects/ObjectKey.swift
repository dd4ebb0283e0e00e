/// Cache keys: `namespace/name` for namespaced objects, `name` for cluster-scoped ones.
public enum ObjectKey {
    /// Builds a key from a namespace (`nil` or empty for cluster-scoped) and a name.
    public static func make(namespace: String?, name: String) -> String {
        guard let namespace, !namespace.isEmpty else { return name }
        return namespace + "/" + name
    }

    /// Splits a key into namespace and name.
    /// - Throws: ``ObjectKeyError`` when the key has more than one `/` or an empty name.
    public static func split(_ key: String) throws(ObjectKeyError) -> (namespace: String?, name: String) {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1 where !parts[0].isEmpty:
            return (nil, String(parts[0]))
        case 2 where !parts[1].isEmpty:
            return (parts[0].isEmpty ? nil : String(parts[0]), String(parts[1]))
        default:
            throw ObjectKeyError(key: key)
        }
    }
}

/// A cache key that is not `name` or `namespace/name`.
public struct ObjectKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    public var key: String
    public var description: String {
        "'\(key)' is not an object key: expected 'name' or 'namespace/name'"
    }
}
