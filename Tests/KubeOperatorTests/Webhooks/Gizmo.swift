import KubeModel
import KubeOperator

/// A custom resource declared in Swift, in two versions: `v1alpha1` calls the replica count
/// `size`, `v1` renames it `replicas`.
struct GizmoV1alpha1: CustomResource {
    static let group = "gizmos.kinformer.dev"
    static let version = "v1alpha1"
    static let kind = "Gizmo"
    static let shortNames = ["gz"]

    var apiVersion: String? = Self.apiVersion
    var kind: String? = Self.kind
    var metadata = ObjectMeta()
    var spec: Spec
    var status: GizmoStatus?

    struct Spec: Codable, Hashable, Sendable, SchemaDescribed {
        var size: Int
        var color: GizmoColor?

        static var openAPISchema: JSONSchema {
            .object("The desired gizmo.", required: ["size"], properties: [
                "size": .integer("How many gizmos to run.", minimum: 1, maximum: 100),
                "color": .of(GizmoColor.self, "The paint.").defaulting(to: "red"),
            ])
        }
    }
}

struct GizmoV1: CustomResource {
    static let group = "gizmos.kinformer.dev"
    static let version = "v1"
    static let kind = "Gizmo"
    static let shortNames = ["gz"]
    static let printerColumns = [PrinterColumn("Replicas", type: "integer", jsonPath: ".spec.replicas")]

    var apiVersion: String? = Self.apiVersion
    var kind: String? = Self.kind
    var metadata = ObjectMeta()
    var spec: Spec
    var status: GizmoStatus?

    struct Spec: Codable, Hashable, Sendable, SchemaDescribed {
        var replicas: Int
        var color: GizmoColor?

        static var openAPISchema: JSONSchema {
            .object("The desired gizmo.", required: ["replicas"], properties: [
                "replicas": .integer("How many gizmos to run.", minimum: 1, maximum: 100),
                "color": .of(GizmoColor.self, "The paint.").defaulting(to: "red"),
            ])
        }
    }
}

enum GizmoColor: String, Codable, Hashable, Sendable, CaseIterable, SchemaDescribed {
    case red, green, blue
}

struct GizmoStatus: Codable, Hashable, Sendable, SchemaDescribed {
    var ready: Bool?

    static var openAPISchema: JSONSchema {
        .object(properties: ["ready": .boolean("Whether every gizmo runs.")])
    }
}

extension ResourceConverter {
    /// Converts gizmos both ways between v1alpha1 and v1.
    static var gizmos: ResourceConverter {
        var converter = ResourceConverter()
        converter.register(GizmoV1alpha1.self, to: GizmoV1.self) { old in
            GizmoV1(metadata: old.metadata, spec: .init(replicas: old.spec.size, color: old.spec.color), status: old.status)
        }
        converter.register(GizmoV1.self, to: GizmoV1alpha1.self) { new in
            GizmoV1alpha1(metadata: new.metadata, spec: .init(size: new.spec.replicas, color: new.spec.color), status: new.status)
        }
        return converter
    }
}
