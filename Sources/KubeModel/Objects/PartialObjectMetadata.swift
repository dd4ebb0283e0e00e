/// An object of which only the type and metadata are known: what metadata-only lists and
/// watches return (`as=PartialObjectMetadata;g=meta.k8s.io;v=v1`). Cheap to decode and to cache.
public struct PartialObjectMetadata: KubernetesObject, Hashable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta

    public init(apiVersion: String? = nil, kind: String? = nil, metadata: ObjectMeta = ObjectMeta()) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey { case apiVersion, kind, metadata }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        apiVersion = try c.decodeIfPresent(String.self, forKey: .apiVersion)
        kind = try c.decodeIfPresent(String.self, forKey: .kind)
        metadata = try c.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
    }
}
