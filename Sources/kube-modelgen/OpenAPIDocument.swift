import Foundation

/// The parts of a Swagger 2.0 (OpenAPI v2) document the generator reads: definitions and the
/// group-version-kind annotations of paths. Everything else (descriptions, parameters) is ignored.
struct OpenAPIDocument: Decodable, Sendable {
    struct Info: Decodable, Sendable {
        var title: String?
        var version: String?
    }

    var info: Info?
    var definitions: [String: Schema]
    var paths: [String: PathItem]

    enum CodingKeys: String, CodingKey { case info, definitions, paths }

    init(info: Info? = nil, definitions: [String: Schema], paths: [String: PathItem] = [:]) {
        self.info = info
        self.definitions = definitions
        self.paths = paths
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        info = try c.decodeIfPresent(Info.self, forKey: .info)
        definitions = try c.decodeIfPresent([String: Schema].self, forKey: .definitions) ?? [:]
        paths = try c.decodeIfPresent([String: PathItem].self, forKey: .paths) ?? [:]
    }

    /// Decodes a document from JSON bytes.
    static func load(_ data: Data) throws -> OpenAPIDocument {
        try JSONDecoder().decode(OpenAPIDocument.self, from: data)
    }
}

/// A group, version and kind, as in `x-kubernetes-group-version-kind`.
struct GroupVersionKind: Decodable, Hashable, Sendable {
    var group: String
    var version: String
    var kind: String
}

/// A JSON schema as Swagger 2.0 uses it (the subset that shapes Swift types).
final class Schema: Decodable, Sendable {
    let type: String?
    let format: String?
    let ref: String?
    let items: Schema?
    /// `additionalProperties` as a schema; `true` becomes an empty (free-form) schema.
    let additionalProperties: Schema?
    let properties: [String: Schema]?
    let required: [String]?
    let groupVersionKinds: [GroupVersionKind]?
    /// Newer documents wrap a `$ref` that has siblings (a default) as `allOf: [{$ref}]`.
    let allOf: [Schema]?

    enum CodingKeys: String, CodingKey {
        case type, format, items, additionalProperties, properties, required, allOf
        case ref = "$ref"
        case groupVersionKinds = "x-kubernetes-group-version-kind"
    }

    init(
        type: String? = nil, format: String? = nil, ref: String? = nil, items: Schema? = nil,
        additionalProperties: Schema? = nil, properties: [String: Schema]? = nil, required: [String]? = nil,
        groupVersionKinds: [GroupVersionKind]? = nil, allOf: [Schema]? = nil
    ) {
        self.type = type
        self.format = format
        self.ref = ref
        self.items = items
        self.additionalProperties = additionalProperties
        self.properties = properties
        self.required = required
        self.groupVersionKinds = groupVersionKinds
        self.allOf = allOf
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decodeIfPresent(String.self, forKey: .type)
        format = try c.decodeIfPresent(String.self, forKey: .format)
        ref = try c.decodeIfPresent(String.self, forKey: .ref)
        items = try c.decodeIfPresent(Schema.self, forKey: .items)
        if let flag = try? c.decodeIfPresent(Bool.self, forKey: .additionalProperties) {
            additionalProperties = flag ? Schema() : nil
        } else {
            additionalProperties = try c.decodeIfPresent(Schema.self, forKey: .additionalProperties)
        }
        properties = try c.decodeIfPresent([String: Schema].self, forKey: .properties)
        required = try c.decodeIfPresent([String].self, forKey: .required)
        groupVersionKinds = try c.decodeIfPresent([GroupVersionKind].self, forKey: .groupVersionKinds)
        allOf = try c.decodeIfPresent([Schema].self, forKey: .allOf)
    }

    /// The definition name a `$ref` points at (`#/definitions/x` → `x`).
    var refName: String? {
        guard let ref else {
            if let allOf, allOf.count == 1 { return allOf[0].refName }
            return nil
        }
        let prefix = "#/definitions/"
        return ref.hasPrefix(prefix) ? String(ref.dropFirst(prefix.count)) : ref
    }
}

/// One path's operations; only their group-version-kind and action matter here.
struct PathItem: Decodable, Sendable {
    struct Operation: Decodable, Sendable {
        var groupVersionKind: GroupVersionKind?
        var action: String?
        enum CodingKeys: String, CodingKey {
            case groupVersionKind = "x-kubernetes-group-version-kind"
            case action = "x-kubernetes-action"
        }
    }

    var operations: [Operation]

    init(operations: [Operation]) { self.operations = operations }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        var ops: [Operation] = []
        for key in c.allKeys where ["get", "put", "post", "delete", "patch"].contains(key.stringValue) {
            ops.append(try c.decode(Operation.self, forKey: key))
        }
        operations = ops
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
