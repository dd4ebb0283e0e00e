public import KubeModel

/// Computes the values under which an object is indexed. An object may have several values
/// (e.g. one per owner reference) or none (it is then absent from that index). Duplicates are
/// ignored.
public typealias IndexFunction<Object> = @Sendable (Object) -> [String]

/// Named index functions, as given to ``Indexer/addIndexers(_:)``.
public typealias IndexFunctions<Object> = [String: IndexFunction<Object>]

/// Ready-made index functions.
public enum IndexFunctionLibrary {
    /// The name of the built-in namespace index every ``Indexer`` has.
    public static let namespaceIndexName = "namespace"

    /// Indexes an object by its namespace; cluster-scoped objects are not indexed.
    public static func namespace<Object: KubernetesObject>(_ object: Object) -> [String] {
        object.namespace.map { [$0] } ?? []
    }

    /// Indexes an object by the value of one label; objects without the label are not indexed.
    public static func label<Object: KubernetesObject>(_ label: String) -> IndexFunction<Object> {
        { object in object.metadata.labels?[label].map { [$0] } ?? [] }
    }

    /// Indexes an object by the UID of each of its owners.
    public static func ownerUIDs<Object: KubernetesObject>(_ object: Object) -> [String] {
        object.metadata.ownerReferences?.map(\.uid) ?? []
    }
}
