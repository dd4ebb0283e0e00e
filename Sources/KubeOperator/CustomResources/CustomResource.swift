public import KubeModel

/// A custom resource declared in Swift: one version of a kind that a
/// ``CustomResourceDefinitionManifest`` turns into an `apiextensions.k8s.io/v1` CRD.
///
/// Declare group, version and kind (plural and scope have defaults) and the spec and status
/// types; the conformance supplies ``KubernetesResource/resource``. Each served version of a
/// kind is its own Swift type; the manifest gathers them.
///
/// ```swift
/// struct Gizmo: CustomResource {
///     static let group = "example.com", version = "v1", kind = "Gizmo"
///     var apiVersion: String? = Self.apiVersion, kind: String? = Self.kind
///     var metadata = ObjectMeta()
///     var spec: Spec
///     var status: Status?
///     struct Spec: Codable, Hashable, Sendable, SchemaDescribed { … }
///     struct Status: Codable, Hashable, Sendable, SchemaDescribed { … }
/// }
/// ```
///
/// A protocol rather than a macro: a macro would need swift-syntax, which adds one to two and a
/// half minutes to every clean build of every user; the schema is a few lines of
/// ``JSONSchema`` beside the type, checked by the compiler and by the API server's structural
/// check in our tests.
public protocol CustomResource: KubernetesResource {
    associatedtype Spec: SchemaDescribed & Codable & Sendable
    associatedtype Status: SchemaDescribed & Codable & Sendable = NoStatus

    /// The API group, e.g. `example.com`.
    static var group: String { get }
    /// This type's version, e.g. `v1alpha1`.
    static var version: String { get }
    /// The kind, e.g. `Gizmo`.
    static var kind: String { get }
    /// The plural resource name; defaults to the lower-cased kind plus `s`.
    static var plural: String { get }
    /// Whether objects live in namespaces; defaults to `true`.
    static var namespaced: Bool { get }
    /// kubectl short names; none by default.
    static var shortNames: [String] { get }
    /// Columns `kubectl get` prints for this version; none by default.
    static var printerColumns: [PrinterColumn] { get }
    /// Whether status is a subresource (`/status`), so spec writes cannot touch it; `true` by default.
    static var hasStatusSubresource: Bool { get }
    /// The description of the whole object in the schema.
    static var schemaDescription: String? { get }

    var spec: Spec { get set }
    var status: Status? { get set }
}

extension CustomResource {
    public static var plural: String { kind.lowercased() + "s" }
    public static var namespaced: Bool { true }
    public static var shortNames: [String] { [] }
    public static var printerColumns: [PrinterColumn] { [] }
    public static var hasStatusSubresource: Bool { true }
    public static var schemaDescription: String? { nil }

    /// `group/version`.
    public static var apiVersion: String { "\(group)/\(version)" }

    public static var resource: ResourceDescriptor {
        ResourceDescriptor(group: group, version: version, kind: kind, plural: plural, namespaced: namespaced,
                           shortNames: shortNames)
    }

    /// The version's whole schema: apiVersion, kind, metadata, spec and status.
    public static var objectSchema: JSONSchema {
        var properties: [String: JSONSchema] = [
            "apiVersion": .string("APIVersion defines the versioned schema of this representation of an object."),
            "kind": .string("Kind is a string value representing the REST resource this object represents."),
            "metadata": JSONSchema(type: .object),
            "spec": Spec.openAPISchema,
        ]
        if Status.self != NoStatus.self { properties["status"] = Status.openAPISchema }
        return .object(schemaDescription, properties: properties)
    }
}

/// The status of a resource that has none.
public struct NoStatus: Codable, Hashable, Sendable, SchemaDescribed {
    public init() {}
    public static var openAPISchema: JSONSchema { .freeForm() }
}

/// A column `kubectl get` prints (`additionalPrinterColumns`).
public struct PrinterColumn: Sendable, Hashable {
    /// `string`, `integer`, `number`, `boolean` or `date`.
    public var type: String
    public var name: String
    /// A JSON path into the object, e.g. `.spec.size`.
    public var jsonPath: String
    public var description: String?
    /// 0 shows the column always; higher priorities only with `-o wide`.
    public var priority: Int

    public init(_ name: String, type: String, jsonPath: String, description: String? = nil, priority: Int = 0) {
        self.name = name
        self.type = type
        self.jsonPath = jsonPath
        self.description = description
        self.priority = priority
    }

    var json: JSONValue {
        var o: [String: JSONValue] = ["name": .string(name), "type": .string(type), "jsonPath": .string(jsonPath)]
        if let description { o["description"] = .string(description) }
        if priority != 0 { o["priority"] = .int(Int64(priority)) }
        return .object(o)
    }
}
