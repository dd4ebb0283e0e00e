import KubeModel
@testable import KubeCache

/// The object type the KubeCache tests cache.
typealias Obj = PartialObjectMetadata

/// Builds a test object.
func obj(
    _ namespace: String?, _ name: String, rv: String = "1", labels: [String: String]? = nil,
    owners: [String] = []
) -> Obj {
    Obj(
        apiVersion: "v1", kind: "ConfigMap",
        metadata: ObjectMeta(
            name: name, namespace: namespace, resourceVersion: rv, labels: labels,
            ownerReferences: owners.isEmpty
                ? nil : owners.map { OwnerReference(apiVersion: "v1", kind: "X", name: $0, uid: $0) }))
}

/// Indexes an object by each comma-separated value of its `tags` label (several values, maybe
/// duplicated).
let tagsIndex: IndexFunction<Obj> = { object in
    guard let tags = object.metadata.labels?["tags"], !tags.isEmpty else { return [] }
    return tags.split(separator: ",").map(String.init)
}

extension Delta where Object == Obj {
    /// `Added:a/b`-style summary for table comparisons; tombstones print as `Deleted~:key`.
    var summary: String {
        "\(type.rawValue)\(payload.isTombstone ? "~" : ""):\(payload.key)@\(object.resourceVersion)"
    }
}

extension DeltaFIFO where Object == Obj {
    /// Pops one key and returns it with its deltas.
    func popOne() async throws -> (key: String, deltas: [Delta<Obj>]) {
        var result: (String, [Delta<Obj>])?
        try await pop { key, deltas in result = (key, deltas) }
        return result!
    }
}

extension InOrderFIFO where Object == Obj {
    /// Pops one event.
    func popOne() async throws -> InOrderFIFOItem<Obj> {
        var result: InOrderFIFOItem<Obj>?
        try await pop { result = $0 }
        return result!
    }
}

extension InOrderFIFOItem where Object == Obj {
    var summary: String {
        switch self {
        case .added(let o): "added:\(o.key)"
        case .updated(let o): "updated:\(o.key)"
        case .deleted(let p): "deleted\(p.isTombstone ? "~" : ""):\(p.key)"
        case .replaced(let objects, let rv): "replaced:\(objects.map(\.key).joined(separator: ","))@\(rv)"
        case .resync: "resync"
        }
    }
}
