/// Everything a generic client needs to address a kind of object: its group, version, kind,
/// plural resource name and whether it lives in namespaces.
public struct ResourceDescriptor: Sendable, Hashable, CustomStringConvertible {
    /// The API group; empty for the core group (`v1`).
    public var group: String
    public var version: String
    public var kind: String
    /// The URL segment, e.g. `pods`, `deployments`, `widgets`.
    public var plural: String
    /// The lower-case singular name, e.g. `pod`.
    public var singular: String
    public var namespaced: Bool
    /// kubectl short names, e.g. `po`, `deploy`.
    public var shortNames: [String]

    public init(
        group: String, version: String, kind: String, plural: String, singular: String? = nil,
        namespaced: Bool, shortNames: [String] = []
    ) {
        self.group = group
        self.version = version
        self.kind = kind
        self.plural = plural
        self.singular = singular ?? kind.lowercased()
        self.namespaced = namespaced
        self.shortNames = shortNames
    }

    /// `v1` for the core group, else `group/version`.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// The kind of this resource's list, e.g. `PodList`.
    public var listKind: String { kind + "List" }

    /// `pods`, `deployments.apps`, `widgets.example.com`: the name kubectl prints.
    public var description: String { group.isEmpty ? plural : "\(plural).\(group)" }

    /// The path of the collection or of one object, e.g. `/api/v1/namespaces/ns/pods/name`.
    /// - Parameters:
    ///   - namespace: the namespace, for namespaced resources; `nil` means all namespaces.
    ///   - name: an object's name; `nil` for the collection.
    ///   - subresource: e.g. `status`.
    public func path(namespace: String? = nil, name: String? = nil, subresource: String? = nil) -> String {
        var p = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        if namespaced, let namespace, !namespace.isEmpty { p += "/namespaces/\(namespace)" }
        p += "/\(plural)"
        if let name { p += "/\(name)" }
        if let subresource { p += "/\(subresource)" }
        return p
    }
}
