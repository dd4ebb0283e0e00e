public import KubeClient
public import KubeModel

/// Read access to an informer's cache for one resource: list by labels, get by name, or narrow
/// to a namespace. A miss throws the same `NotFound` error the API server would.
public struct Lister<Object: KubernetesObject>: Sendable {
    /// The cache read from.
    public let indexer: Indexer<Object>
    /// The resource, for error messages.
    public let resource: ResourceDescriptor

    public init(indexer: Indexer<Object>, resource: ResourceDescriptor) {
        self.indexer = indexer
        self.resource = resource
    }

    /// Every cached object whose labels satisfy `labelPredicate` (objects without labels are
    /// tested with an empty map). The predicate runs outside the cache lock.
    public func list(where labelPredicate: ([String: String]) -> Bool = { _ in true }) -> [Object] {
        indexer.list().filter { labelPredicate($0.metadata.labels ?? [:]) }
    }

    /// The cluster-scoped object called `name`.
    /// - Throws: `KubeAPIError` with reason `NotFound` if it is not cached.
    public func get(_ name: String) throws(KubeAPIError) -> Object {
        guard let object = indexer.get(name) else { throw .notFound(resource, name: name) }
        return object
    }

    /// A lister for one namespace, backed by the namespace index. The empty string means all
    /// namespaces.
    public func namespace(_ namespace: String) -> NamespaceLister<Object> {
        NamespaceLister(indexer: indexer, resource: resource, namespace: namespace)
    }
}

/// Read access to one namespace of an informer's cache.
public struct NamespaceLister<Object: KubernetesObject>: Sendable {
    /// The cache read from.
    public let indexer: Indexer<Object>
    /// The resource, for error messages.
    public let resource: ResourceDescriptor
    /// The namespace; empty means all namespaces.
    public let namespace: String

    public init(indexer: Indexer<Object>, resource: ResourceDescriptor, namespace: String) {
        self.indexer = indexer
        self.resource = resource
        self.namespace = namespace
    }

    /// Every object in the namespace whose labels satisfy `labelPredicate`.
    public func list(where labelPredicate: ([String: String]) -> Bool = { _ in true }) -> [Object] {
        let candidates: [Object]
        if namespace.isEmpty {
            candidates = indexer.list()
        } else {
            // The namespace index is built into every Indexer, so this cannot fail.
            candidates = (try? indexer.byIndex(IndexFunctionLibrary.namespaceIndexName, namespace)) ?? []
        }
        return candidates.filter { labelPredicate($0.metadata.labels ?? [:]) }
    }

    /// The object called `name` in this namespace.
    /// - Throws: `KubeAPIError` with reason `NotFound` if it is not cached.
    public func get(_ name: String) throws(KubeAPIError) -> Object {
        guard let object = indexer.get(ObjectKey.make(namespace: namespace, name: name)) else {
            throw .notFound(resource, name: name)
        }
        return object
    }
}
