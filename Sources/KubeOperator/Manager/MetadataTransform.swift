public import KubeModel

/// A change made to every object's metadata before it is cached (e.g. dropping a large
/// annotation), named so that scopes using it can be compared and shared.
public struct MetadataTransform: Sendable, Hashable {
    /// Identifies the transform: two with one name are the same transform.
    public let name: String
    let body: @Sendable (inout ObjectMeta) -> Void

    public init(name: String, _ body: @escaping @Sendable (inout ObjectMeta) -> Void) {
        self.name = name
        self.body = body
    }

    public static func == (a: MetadataTransform, b: MetadataTransform) -> Bool { a.name == b.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// Drops `kubectl.kubernetes.io/last-applied-configuration`, a copy of the whole object that
    /// `kubectl apply` leaves behind.
    public static let dropLastAppliedConfiguration = MetadataTransform(name: "drop-last-applied-configuration") { meta in
        meta.annotations?["kubectl.kubernetes.io/last-applied-configuration"] = nil
    }
}
