/// What the generator will write: the selected definitions resolved into Swift structs, grouped
/// by the namespace enum (one per group/version) they nest in. Pure: no I/O.
struct ModelPlan: Sendable {
    /// A Swift type expression.
    indirect enum SwiftType: Hashable, Sendable {
        /// A KubeModel or standard-library type (`String`, `ObjectMeta`, `JSONValue`, …).
        case builtin(String)
        /// A generated struct: namespace enum and type name.
        case generated(namespace: String, name: String)
        case array(SwiftType)
        case dictionary(SwiftType)
        /// A generated struct boxed in `Indirect` because it contains itself.
        case boxed(SwiftType)
    }

    struct Property: Sendable {
        var jsonName: String
        var swiftName: String
        var type: SwiftType
        var optional: Bool
    }

    /// Kind information for top-level objects.
    struct Kind: Sendable {
        var gvk: GroupVersionKind
        /// `nil` when the document has no collection path for the kind (e.g. `Scale`).
        var scope: ResourceScope?
    }

    struct TypeDecl: Sendable {
        var definition: String
        var namespace: String
        var name: String
        var properties: [Property]
        var kind: Kind?
    }

    struct Namespace: Sendable {
        var name: String
        /// `core/v1`, `apps/v1`, … as named in the document's definitions.
        var groupVersion: String
        var types: [TypeDecl]
    }

    var namespaces: [Namespace]
    /// The document's `info.version`.
    var documentVersion: String?
    /// Requested group/versions the document does not have (when skipping was allowed).
    var skipped: [String] = []
}

/// A problem with the document or the selection.
struct ModelGenError: Error, CustomStringConvertible {
    var description: String
}
