/// Where a kind is served: its plural URL segment and whether it lives in namespaces.
struct ResourceScope: Hashable, Sendable {
    var plural: String
    var namespaced: Bool
}

/// Derives plural and scope of each kind from the document's paths, e.g.
/// `/api/v1/namespaces/{namespace}/pods` → Pod is `pods`, namespaced;
/// `/apis/rbac.authorization.k8s.io/v1/clusterroles` → ClusterRole is `clusterroles`, cluster-scoped.
/// Subresources (`/status`, `/scale`) and legacy `watch/` paths are ignored.
enum ResourceScopes {
    static func derive(from paths: [String: PathItem]) -> [GroupVersionKind: ResourceScope] {
        var result: [GroupVersionKind: ResourceScope] = [:]
        for (path, item) in paths.sorted(by: { $0.key < $1.key }) {
            guard let gvk = item.operations.lazy.compactMap(\.groupVersionKind).first,
                let (plural, namespaced) = parse(path: path, group: gvk.group, version: gvk.version)
            else { continue }
            if var existing = result[gvk] {
                if existing.plural == plural, namespaced { existing.namespaced = true }
                result[gvk] = existing
            } else {
                result[gvk] = ResourceScope(plural: plural, namespaced: namespaced)
            }
        }
        return result
    }

    /// The plural and scope of a collection or object path, or `nil` for other paths.
    static func parse(path: String, group: String, version: String) -> (String, Bool)? {
        let prefix = group.isEmpty ? "/api/\(version)/" : "/apis/\(group)/\(version)/"
        guard path.hasPrefix(prefix) else { return nil }
        var segments = path.dropFirst(prefix.count).split(separator: "/").map(String.init)
        guard let first = segments.first, first != "watch" else { return nil }
        var namespaced = false
        if segments.count >= 3, segments[0] == "namespaces", segments[1] == "{namespace}" {
            namespaced = true
            segments.removeFirst(2)
        }
        switch segments.count {
        case 1: break
        case 2 where segments[1] == "{name}": break
        default: return nil
        }
        guard !segments[0].hasPrefix("{") else { return nil }
        return (segments[0], namespaced)
    }
}
