public import KubeModel

/// What the API server serves: its version, its API groups and their resources.
public struct Discovery: Sendable {
    let transport: Transport

    /// `/version`.
    public func version() async throws -> ServerVersion {
        try await transport.send(KubeRequest(path: "/version")).decode(ServerVersion.self)
    }

    /// Every group-version the server serves: `v1` from `/api`, then `/apis` (preferred version first).
    public func groups() async throws -> [APIGroup] {
        let core = try await transport.send(KubeRequest(path: "/api")).decode(APIVersions.self)
        let named = try await transport.send(KubeRequest(path: "/apis")).decode(APIGroupList.self)
        let coreGroup = APIGroup(
            name: "", versions: core.versions.map { .init(groupVersion: $0, version: $0) },
            preferredVersion: core.versions.first.map { .init(groupVersion: $0, version: $0) })
        return [coreGroup] + named.groups
    }

    /// The resources of one group-version, e.g. `v1` or `apps/v1`.
    public func resources(groupVersion: String) async throws -> APIResourceList {
        let path = groupVersion.contains("/") ? "/apis/\(groupVersion)" : "/api/\(groupVersion)"
        return try await transport.send(KubeRequest(path: path)).decode(APIResourceList.self)
    }

    /// Reads every group's preferred version and builds a ``ResourceCatalog`` (CRDs included).
    ///
    /// Like kubectl, a group-version that cannot be read right now (404 while a CRD is being
    /// established or removed, 503 from an unavailable aggregated API) is left out and named in
    /// ``ResourceCatalog/unavailableGroupVersions``; the core group must be readable.
    public func catalog() async throws -> ResourceCatalog {
        var lists: [APIResourceList] = []
        var unavailable: [String] = []
        for group in try await groups() {
            guard let gv = group.preferredVersion?.groupVersion ?? group.versions.first?.groupVersion else { continue }
            do {
                lists.append(try await resources(groupVersion: gv))
            } catch let error as KubeAPIError where !group.name.isEmpty && (error.isNotFound || error.code == 503) {
                unavailable.append(gv)
            }
        }
        var catalog = ResourceCatalog(lists)
        catalog.unavailableGroupVersions = unavailable
        return catalog
    }
}

/// `/version`: the server's build.
public struct ServerVersion: Codable, Sendable, Hashable {
    public var major: String
    public var minor: String
    public var gitVersion: String
    public var gitCommit: String?
    public var platform: String?
}

/// `/api`: the core group's versions.
public struct APIVersions: Codable, Sendable, Hashable {
    public var versions: [String]
}

/// `/apis`: the named groups.
public struct APIGroupList: Codable, Sendable, Hashable {
    public var groups: [APIGroup]
}

/// One API group and its versions.
public struct APIGroup: Codable, Sendable, Hashable {
    public var name: String
    public var versions: [GroupVersion]
    public var preferredVersion: GroupVersion?

    /// `apps/v1` and `v1`.
    public struct GroupVersion: Codable, Sendable, Hashable {
        public var groupVersion: String
        public var version: String
    }
}

/// The resources of one group-version.
public struct APIResourceList: Codable, Sendable, Hashable {
    public var groupVersion: String
    public var resources: [APIResource]

    public init(groupVersion: String, resources: [APIResource]) {
        self.groupVersion = groupVersion
        self.resources = resources
    }
}

/// One resource (or subresource, when `name` has a `/`).
public struct APIResource: Codable, Sendable, Hashable {
    public var name: String
    public var singularName: String?
    public var namespaced: Bool
    public var kind: String
    public var verbs: [String]?
    public var shortNames: [String]?

    public init(name: String, singularName: String? = nil, namespaced: Bool, kind: String, verbs: [String]? = nil,
                shortNames: [String]? = nil)
    {
        self.name = name
        self.singularName = singularName
        self.namespaced = namespaced
        self.kind = kind
        self.verbs = verbs
        self.shortNames = shortNames
    }
}

/// Resource descriptors found by discovery, looked up the way kubectl does: by plural,
/// singular, short name or kind (any case), optionally qualified by group (`widgets.example.com`).
public struct ResourceCatalog: Sendable, Hashable {
    /// Every resource, subresources skipped, in discovery order (core first).
    public private(set) var resources: [ResourceDescriptor] = []
    /// Group-versions the server listed but could not describe when the catalog was built.
    public var unavailableGroupVersions: [String] = []

    /// Builds the catalog from group-version resource lists.
    public init(_ lists: [APIResourceList]) {
        for list in lists {
            let parts = list.groupVersion.split(separator: "/", maxSplits: 1).map(String.init)
            let (group, version) = parts.count == 2 ? (parts[0], parts[1]) : ("", parts.first ?? "")
            for r in list.resources where !r.name.contains("/") {
                resources.append(
                    ResourceDescriptor(
                        group: group, version: version, kind: r.kind, plural: r.name,
                        singular: (r.singularName?.isEmpty ?? true) ? r.kind.lowercased() : r.singularName,
                        namespaced: r.namespaced, shortNames: r.shortNames ?? []))
            }
        }
    }

    /// Finds a resource by `pods`, `pod`, `po`, `Pod`, `deployments.apps`, `widget.example.com`, ….
    /// The first match in discovery order wins (core and built-in groups come first).
    public func lookup(_ name: String) -> ResourceDescriptor? {
        let wanted = name.lowercased()
        func matches(_ r: ResourceDescriptor, _ n: String) -> Bool {
            r.plural == n || r.singular == n || r.kind.lowercased() == n || r.shortNames.contains(n)
        }
        if let r = resources.first(where: { matches($0, wanted) }) { return r }
        // Qualified by group: split at the first dot.
        guard let dot = wanted.firstIndex(of: ".") else { return nil }
        let base = String(wanted[..<dot])
        let group = String(wanted[wanted.index(after: dot)...])
        return resources.first { $0.group == group && matches($0, base) }
    }
}
