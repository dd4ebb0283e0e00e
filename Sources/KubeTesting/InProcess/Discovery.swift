import KubeModel

/// Discovery documents (`/api`, `/apis`, `/api/v1`, `/apis/{group}/{version}`, `/version`) for
/// the registered resources, shaped like the real server's.
enum Discovery {
    static let verbs: [JSONValue] = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]

    static func coreVersions(serverAddress: String) -> JSONValue {
        [
            "kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": .string(serverAddress)]],
        ]
    }

    static func groupList(_ resources: [RegisteredResource]) -> JSONValue {
        var versionsByGroup: [String: [String]] = [:]
        for r in resources where !r.descriptor.group.isEmpty {
            if !(versionsByGroup[r.descriptor.group]?.contains(r.descriptor.version) ?? false) {
                versionsByGroup[r.descriptor.group, default: []].append(r.descriptor.version)
            }
        }
        let groups: [JSONValue] = versionsByGroup.keys.sorted().map { g in
            let versions: [JSONValue] = versionsByGroup[g]!.map {
                ["groupVersion": .string("\(g)/\($0)"), "version": .string($0)]
            }
            return ["name": .string(g), "versions": .array(versions), "preferredVersion": versions[0]]
        }
        return ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(groups)]
    }

    static func resourceList(group: String, version: String, _ resources: [RegisteredResource]) -> JSONValue? {
        let matching = resources.filter { $0.descriptor.group == group && $0.descriptor.version == version }
        guard !matching.isEmpty else { return nil }
        var entries: [JSONValue] = []
        for r in matching {
            let d = r.descriptor
            var entry: JSONValue = [
                "name": .string(d.plural), "singularName": .string(d.singular), "namespaced": .bool(d.namespaced),
                "kind": .string(d.kind), "verbs": .array(verbs),
            ]
            if !d.shortNames.isEmpty { entry["shortNames"] = .array(d.shortNames.map(JSONValue.string)) }
            entries.append(entry)
            if r.statusSubresource {
                entries.append([
                    "name": .string("\(d.plural)/status"), "singularName": "", "namespaced": .bool(d.namespaced),
                    "kind": .string(d.kind), "verbs": ["get", "patch", "update"],
                ])
            }
        }
        let gv = group.isEmpty ? version : "\(group)/\(version)"
        return ["kind": "APIResourceList", "apiVersion": "v1", "groupVersion": .string(gv), "resources": .array(entries)]
    }

    static func version(_ gitVersion: String) -> JSONValue {
        let numbers = gitVersion.dropFirst().split(separator: ".")
        return [
            "major": .string(numbers.first.map(String.init) ?? "1"),
            "minor": .string(numbers.count > 1 ? String(numbers[1]) : "20"),
            "gitVersion": .string(gitVersion), "gitCommit": "kinformer-inprocess", "gitTreeState": "clean",
            "buildDate": "2026-01-01T00:00:00Z", "goVersion": "none", "compiler": "swift", "platform": "linux/amd64",
        ]
    }

    static func rootPaths(_ resources: [RegisteredResource]) -> JSONValue {
        var paths: Set<String> = ["/api", "/api/v1", "/apis", "/healthz", "/livez", "/readyz", "/version"]
        for r in resources where !r.descriptor.group.isEmpty {
            paths.insert("/apis/\(r.descriptor.group)")
            paths.insert("/apis/\(r.descriptor.group)/\(r.descriptor.version)")
        }
        return ["paths": .array(paths.sorted().map(JSONValue.string))]
    }
}
