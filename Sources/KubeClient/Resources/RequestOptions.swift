public import KubeModel

/// How `resourceVersion` in a list is interpreted (`resourceVersionMatch`).
public enum ResourceVersionMatch: String, Sendable, Hashable {
    /// Any data at least as new as the resourceVersion (served from the watch cache).
    case notOlderThan = "NotOlderThan"
    /// Exactly the resourceVersion (from etcd; may fail with 410).
    case exact = "Exact"
}

/// Options of a list request.
public struct ListOptions: Sendable, Hashable {
    /// A label selector, e.g. `app=web,tier!=db`.
    public var labelSelector: String?
    /// A field selector, e.g. `metadata.name=a`.
    public var fieldSelector: String?
    /// `nil`/empty: a consistent read; `"0"`: any cached data; else per ``resourceVersionMatch``.
    public var resourceVersion: String?
    public var resourceVersionMatch: ResourceVersionMatch?
    /// Page size; `nil` or 0 for no paging.
    public var limit: Int?
    /// The continue token of the previous page.
    public var continueToken: String?
    /// The server gives up after this many seconds.
    public var timeoutSeconds: Int?

    public init(
        labelSelector: String? = nil, fieldSelector: String? = nil, resourceVersion: String? = nil,
        resourceVersionMatch: ResourceVersionMatch? = nil, limit: Int? = nil, continueToken: String? = nil,
        timeoutSeconds: Int? = nil
    ) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.resourceVersion = resourceVersion
        self.resourceVersionMatch = resourceVersionMatch
        self.limit = limit
        self.continueToken = continueToken
        self.timeoutSeconds = timeoutSeconds
    }

    var queryItems: [(String, String)] {
        var q: [(String, String)] = []
        if let s = labelSelector, !s.isEmpty { q.append(("labelSelector", s)) }
        if let s = fieldSelector, !s.isEmpty { q.append(("fieldSelector", s)) }
        if let rv = resourceVersion { q.append(("resourceVersion", rv)) }
        if let m = resourceVersionMatch { q.append(("resourceVersionMatch", m.rawValue)) }
        if let l = limit, l > 0 { q.append(("limit", String(l))) }
        if let c = continueToken, !c.isEmpty { q.append(("continue", c)) }
        if let t = timeoutSeconds { q.append(("timeoutSeconds", String(t))) }
        return q
    }
}

/// Options of a watch request.
public struct WatchOptions: Sendable, Hashable {
    public var labelSelector: String?
    public var fieldSelector: String?
    /// Start after this resourceVersion; `nil`/empty for "now" (with synthetic adds), `"0"` for any.
    public var resourceVersion: String?
    /// Only with `sendInitialEvents`: `NotOlderThan`.
    public var resourceVersionMatch: ResourceVersionMatch?
    /// The server ends the watch after this many seconds.
    public var timeoutSeconds: Int?
    /// Ask for BOOKMARK events (progress markers). On by default, as informers want.
    public var allowWatchBookmarks: Bool
    /// Streaming list: first the current state as ADDED events, then a bookmark annotated
    /// `k8s.io/initial-events-end` (servers that support it).
    public var sendInitialEvents: Bool?

    public init(
        labelSelector: String? = nil, fieldSelector: String? = nil, resourceVersion: String? = nil,
        resourceVersionMatch: ResourceVersionMatch? = nil, timeoutSeconds: Int? = nil,
        allowWatchBookmarks: Bool = true, sendInitialEvents: Bool? = nil
    ) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.resourceVersion = resourceVersion
        self.resourceVersionMatch = resourceVersionMatch
        self.timeoutSeconds = timeoutSeconds
        self.allowWatchBookmarks = allowWatchBookmarks
        self.sendInitialEvents = sendInitialEvents
    }

    var queryItems: [(String, String)] {
        var q: [(String, String)] = [("watch", "true")]
        if let s = labelSelector, !s.isEmpty { q.append(("labelSelector", s)) }
        if let s = fieldSelector, !s.isEmpty { q.append(("fieldSelector", s)) }
        if let rv = resourceVersion { q.append(("resourceVersion", rv)) }
        if let m = resourceVersionMatch { q.append(("resourceVersionMatch", m.rawValue)) }
        if let t = timeoutSeconds { q.append(("timeoutSeconds", String(t))) }
        if allowWatchBookmarks { q.append(("allowWatchBookmarks", "true")) }
        if let s = sendInitialEvents { q.append(("sendInitialEvents", s ? "true" : "false")) }
        return q
    }
}

/// Options of create, update and patch.
public struct WriteOptions: Sendable, Hashable {
    /// Who makes the change, for field management (required for apply).
    public var fieldManager: String?
    /// Validate and return the result without persisting it.
    public var dryRun: Bool

    public init(fieldManager: String? = nil, dryRun: Bool = false) {
        self.fieldManager = fieldManager
        self.dryRun = dryRun
    }

    var queryItems: [(String, String)] {
        var q: [(String, String)] = []
        if let m = fieldManager { q.append(("fieldManager", m)) }
        if dryRun { q.append(("dryRun", "All")) }
        return q
    }
}

/// Options of delete and deleteCollection.
public struct DeleteOptions: Sendable, Hashable, Encodable {
    /// How dependents are handled.
    public enum PropagationPolicy: String, Sendable, Hashable, Encodable {
        case orphan = "Orphan", background = "Background", foreground = "Foreground"
    }

    /// Delete only if the object still has this uid / resourceVersion (else 409 Conflict).
    public struct Preconditions: Sendable, Hashable, Encodable {
        public var uid: String?
        public var resourceVersion: String?
        public init(uid: String? = nil, resourceVersion: String? = nil) {
            self.uid = uid
            self.resourceVersion = resourceVersion
        }
    }

    public var gracePeriodSeconds: Int64?
    public var preconditions: Preconditions?
    public var propagationPolicy: PropagationPolicy?
    public var dryRun: Bool

    public init(
        gracePeriodSeconds: Int64? = nil, preconditions: Preconditions? = nil,
        propagationPolicy: PropagationPolicy? = nil, dryRun: Bool = false
    ) {
        self.gracePeriodSeconds = gracePeriodSeconds
        self.preconditions = preconditions
        self.propagationPolicy = propagationPolicy
        self.dryRun = dryRun
    }

    enum CodingKeys: String, CodingKey { case gracePeriodSeconds, preconditions, propagationPolicy, dryRun }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        // No apiVersion/kind: the legacy core group rejects meta.k8s.io/v1 on deletecollection,
        // and every group accepts an untyped body.
        try c.encodeIfPresent(gracePeriodSeconds, forKey: .gracePeriodSeconds)
        try c.encodeIfPresent(preconditions, forKey: .preconditions)
        try c.encodeIfPresent(propagationPolicy, forKey: .propagationPolicy)
        if dryRun { try c.encode(["All"], forKey: .dryRun) }
    }
}

/// A patch body and its content type.
public struct Patch: Sendable, Hashable {
    /// `application/json-patch+json`, `application/merge-patch+json`, ….
    public var contentType: String
    /// The encoded patch.
    public var body: [UInt8]

    public init(contentType: String, body: [UInt8]) {
        self.contentType = contentType
        self.body = body
    }

    /// A JSON patch (RFC 6902): a list of operations such as
    /// `["op": "replace", "path": "/data/a", "value": "b"]`.
    public static func json(_ operations: [JSONValue]) throws -> Patch {
        Patch(contentType: "application/json-patch+json", body: try KubeJSON.encode(operations))
    }

    /// A JSON merge patch (RFC 7386): `null` deletes a field.
    public static func merge(_ patch: JSONValue) throws -> Patch {
        Patch(contentType: "application/merge-patch+json", body: try KubeJSON.encode(patch))
    }

    /// A strategic merge patch (built-in types only: lists merge by their patch keys).
    public static func strategicMerge(_ patch: JSONValue) throws -> Patch {
        Patch(contentType: "application/strategic-merge-patch+json", body: try KubeJSON.encode(patch))
    }

    /// A server-side apply configuration (JSON is valid YAML). Use with a field manager.
    public static func apply<T: Encodable>(_ configuration: T) throws -> Patch {
        Patch(contentType: "application/apply-patch+yaml", body: try KubeJSON.encode(configuration))
    }
}
