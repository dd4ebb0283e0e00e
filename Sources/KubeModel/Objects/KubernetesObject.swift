/// Anything the API server stores: it has a type (`apiVersion`, `kind`) and `metadata`.
///
/// Typed resources (generated), ``DynamicObject`` and ``PartialObjectMetadata`` all conform, so a
/// client, informer or cache is written once for all of them.
public protocol KubernetesObject: Codable, Sendable {
    /// `v1`, `apps/v1`, … Objects inside a list often arrive without it.
    var apiVersion: String? { get set }
    /// `Pod`, `Deployment`, … Objects inside a list often arrive without it.
    var kind: String? { get set }
    /// Name, namespace, resourceVersion, labels and the rest.
    var metadata: ObjectMeta { get set }
}

/// A typed object whose resource is known statically, so a client or informer for it needs no
/// further description.
public protocol KubernetesResource: KubernetesObject {
    /// Group, version, kind, plural and scope of this type.
    static var resource: ResourceDescriptor { get }
}

extension KubernetesObject {
    /// `metadata.name`, or the empty string.
    public var name: String { metadata.name ?? "" }
    /// `metadata.namespace`, `nil` for cluster-scoped objects.
    public var namespace: String? {
        guard let ns = metadata.namespace, !ns.isEmpty else { return nil }
        return ns
    }
    /// `metadata.resourceVersion`, or the empty string.
    public var resourceVersion: String { metadata.resourceVersion ?? "" }
    /// The cache key: `namespace/name`, or `name` for a cluster-scoped object.
    public var key: String { ObjectKey.make(namespace: namespace, name: name) }
}
