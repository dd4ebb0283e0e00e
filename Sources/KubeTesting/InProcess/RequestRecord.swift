/// One request the in-process server answered, for assertions such as "the reflector listed twice".
public struct RequestRecord: Sendable, Hashable {
    /// The HTTP method, e.g. `GET`.
    public var method: String
    /// The path without the query, e.g. `/api/v1/namespaces/default/pods`.
    public var path: String
    /// The raw query string (without `?`).
    public var query: String
    /// The Kubernetes verb: `get`, `list`, `watch`, `create`, `update`, `patch`, `delete`,
    /// `deletecollection`; or `discovery`, `version`, `health`, `unknown` for other paths.
    public var verb: String
    /// The resource, as kubectl names it (`pods`, `deployments.apps`), if the path named one.
    public var resource: String?
    /// The subresource, e.g. `status`.
    public var subresource: String?
    /// The HTTP status code of the answer (200 for watches that started).
    public var code: Int
}
