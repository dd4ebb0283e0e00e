/// Any object of any resource (custom resources included), kept as JSON: every field the
/// server sent survives a decode/encode round trip, while `metadata` is typed.
public struct DynamicObject: KubernetesObject, Hashable {
    public var metadata: ObjectMeta
    /// Every top-level field except `metadata` (`apiVersion`, `kind`, `spec`, `status`, …).
    public var content: [String: JSONValue]

    public init(apiVersion: String? = nil, kind: String? = nil, metadata: ObjectMeta = ObjectMeta(),
                content: [String: JSONValue] = [:]) {
        self.metadata = metadata
        self.content = content
        if let apiVersion { self.content["apiVersion"] = .string(apiVersion) }
        if let kind { self.content["kind"] = .string(kind) }
    }

    public var apiVersion: String? {
        get { content["apiVersion"]?.stringValue }
        set { content["apiVersion"] = newValue.map(JSONValue.string) }
    }

    public var kind: String? {
        get { content["kind"]?.stringValue }
        set { content["kind"] = newValue.map(JSONValue.string) }
    }

    /// A top-level field other than `metadata`, e.g. `object["spec"]?["replicas"]`.
    public subscript(field: String) -> JSONValue? {
        get { content[field] }
        set { content[field] = newValue }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        var content = [String: JSONValue](minimumCapacity: c.allKeys.count)
        var metadata = ObjectMeta()
        for key in c.allKeys {
            if key.stringValue == "metadata" {
                metadata = try c.decode(ObjectMeta.self, forKey: key)
            } else {
                content[key.stringValue] = try c.decode(JSONValue.self, forKey: key)
            }
        }
        self.metadata = metadata
        self.content = content
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AnyCodingKey.self)
        for (k, v) in content { try c.encode(v, forKey: AnyCodingKey(k)) }
        try c.encode(metadata, forKey: AnyCodingKey("metadata"))
    }
}
