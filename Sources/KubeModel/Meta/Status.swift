/// The API server's answer when a request fails (and for some successful deletes):
/// `kind: Status` with a reason, an HTTP code and details.
public struct Status: Codable, Sendable, Hashable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta?
    /// `Success` or `Failure`.
    public var status: String?
    public var message: String?
    /// A machine-readable reason, e.g. `NotFound`, `AlreadyExists`, `Conflict`, `Expired`, `Gone`.
    public var reason: String?
    public var details: StatusDetails?
    public var code: Int32?

    public init(
        apiVersion: String? = "v1", kind: String? = "Status", metadata: ListMeta? = ListMeta(),
        status: String? = nil, message: String? = nil, reason: String? = nil, details: StatusDetails? = nil,
        code: Int32? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.status = status
        self.message = message
        self.reason = reason
        self.details = details
        self.code = code
    }
}

/// What a `Status` is about: the object and, for validation errors, the causes.
public struct StatusDetails: Codable, Sendable, Hashable {
    public var name: String?
    public var group: String?
    public var kind: String?
    public var uid: String?
    public var causes: [StatusCause]?
    public var retryAfterSeconds: Int32?

    public init(
        name: String? = nil, group: String? = nil, kind: String? = nil, uid: String? = nil,
        causes: [StatusCause]? = nil, retryAfterSeconds: Int32? = nil
    ) {
        self.name = name
        self.group = group
        self.kind = kind
        self.uid = uid
        self.causes = causes
        self.retryAfterSeconds = retryAfterSeconds
    }
}

/// One reason a request failed, e.g. an invalid field.
public struct StatusCause: Codable, Sendable, Hashable {
    public var reason: String?
    public var message: String?
    public var field: String?

    public init(reason: String? = nil, message: String? = nil, field: String? = nil) {
        self.reason = reason
        self.message = message
        self.field = field
    }
}
