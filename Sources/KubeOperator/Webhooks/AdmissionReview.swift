public import KubeModel

/// An `admission.k8s.io` AdmissionReview (`v1` or `v1beta1`; the two share one shape): the
/// API server's request to an admission webhook, and the webhook's response.
public struct AdmissionReview: Codable, Sendable, Hashable {
    public var apiVersion: String?
    public var kind: String?
    public var request: Request?
    public var response: Response?

    public init(apiVersion: String? = "admission.k8s.io/v1", request: Request? = nil, response: Response? = nil) {
        self.apiVersion = apiVersion
        self.kind = "AdmissionReview"
        self.request = request
        self.response = response
    }

    /// A group, version and kind or resource.
    public struct GroupVersionName: Codable, Sendable, Hashable {
        public var group: String?
        public var version: String?
        public var kind: String?
        public var resource: String?
    }

    /// Who asked.
    public struct UserInfo: Codable, Sendable, Hashable {
        public var username: String?
        public var uid: String?
        public var groups: [String]?
        public var extra: [String: [String]]?
    }

    /// What the API server is about to do.
    public struct Request: Codable, Sendable, Hashable {
        /// Echoed in the response.
        public var uid: String
        public var kind: GroupVersionName?
        public var resource: GroupVersionName?
        public var subResource: String?
        public var requestKind: GroupVersionName?
        public var requestResource: GroupVersionName?
        public var name: String?
        public var namespace: String?
        /// `CREATE`, `UPDATE`, `DELETE` or `CONNECT`.
        public var operation: String
        public var userInfo: UserInfo?
        /// The new object (absent for DELETE).
        public var object: JSONValue?
        /// The existing object (UPDATE and DELETE).
        public var oldObject: JSONValue?
        public var dryRun: Bool?
        public var options: JSONValue?

        public init(uid: String, operation: String, object: JSONValue? = nil, oldObject: JSONValue? = nil) {
            self.uid = uid
            self.operation = operation
            self.object = object
            self.oldObject = oldObject
        }
    }

    /// The webhook's answer.
    public struct Response: Codable, Sendable, Hashable {
        public var uid: String
        public var allowed: Bool
        /// Why a request was denied; its message is what the client sees.
        public var status: ResponseStatus?
        /// A base64-encoded JSON patch (RFC 6902) for mutating webhooks.
        public var patch: String?
        /// `JSONPatch` when there is a patch.
        public var patchType: String?
        public var warnings: [String]?

        public init(uid: String, allowed: Bool, status: ResponseStatus? = nil, patch: String? = nil, warnings: [String]? = nil) {
            self.uid = uid
            self.allowed = allowed
            self.status = status
            self.patch = patch
            self.patchType = patch == nil ? nil : "JSONPatch"
            self.warnings = warnings
        }
    }

    /// The part of a `Status` a webhook fills in.
    public struct ResponseStatus: Codable, Sendable, Hashable {
        public var code: Int?
        public var message: String?
        public var reason: String?

        public init(code: Int? = nil, message: String? = nil, reason: String? = nil) {
            self.code = code
            self.message = message
            self.reason = reason
        }
    }
}

/// What an admission request does to its object.
public enum AdmissionOperation: String, Sendable, Hashable, Codable {
    case create = "CREATE"
    case update = "UPDATE"
    case delete = "DELETE"
    case connect = "CONNECT"
}

/// A validating webhook's verdict.
public enum AdmissionDecision: Sendable, Hashable {
    /// Allows the request.
    case allowed
    /// Allows the request; the client sees the warnings.
    case allowedWithWarnings([String])
    /// Rejects the request; the API server returns `reason` to the client.
    case denied(String, code: Int = 403)
}
