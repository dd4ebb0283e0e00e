public import KubeModel

/// An error from the API server (or one shaped like it): the HTTP code, the machine-readable
/// reason, a message a person can act on, and the server's `Status` when it sent one.
public struct KubeAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status code, e.g. 404; 0 when no response was received.
    public var code: Int
    /// The `Status.reason`, e.g. ``Reason/notFound``.
    public var reason: Reason
    /// What went wrong, in words.
    public var message: String
    /// The `Status` the server returned, if any.
    public var status: Status?

    public init(code: Int, reason: Reason, message: String, status: Status? = nil) {
        self.code = code
        self.reason = reason
        self.message = message
        self.status = status
    }

    /// Builds the error from a server `Status`, falling back to the HTTP code for the reason.
    public init(status: Status, httpCode: Int? = nil) {
        let code = Int(status.code ?? 0) != 0 ? Int(status.code!) : (httpCode ?? 0)
        let reason = status.reason.flatMap { $0.isEmpty ? nil : Reason($0) } ?? Reason(httpCode: code)
        self.init(
            code: code, reason: reason, message: status.message ?? "the server returned \(code) \(reason)",
            status: status)
    }

    /// A "not found" error shaped like the server's, e.g. for a lister miss.
    public static func notFound(_ resource: ResourceDescriptor, name: String) -> KubeAPIError {
        let message = "\(resource) \"\(name)\" not found"
        return KubeAPIError(
            code: 404, reason: .notFound, message: message,
            status: Status(
                status: "Failure", message: message, reason: Reason.notFound.rawValue,
                details: StatusDetails(name: name, group: resource.group, kind: resource.plural), code: 404))
    }

    public var description: String { "\(message) (\(reason), HTTP \(code))" }

    public var isNotFound: Bool { reason == .notFound || code == 404 }
    public var isAlreadyExists: Bool { reason == .alreadyExists }
    public var isConflict: Bool { reason == .conflict || code == 409 }
    /// 410: the resourceVersion asked for is older than the server keeps (`Expired` or `Gone`).
    public var isGone: Bool { reason == .expired || reason == .gone || code == 410 }
    public var isForbidden: Bool { reason == .forbidden || code == 403 }
    public var isUnauthorized: Bool { reason == .unauthorized || code == 401 }
    public var isInvalid: Bool { reason == .invalid || code == 422 }
    public var isTooManyRequests: Bool { reason == .tooManyRequests || code == 429 }
    public var isTimeout: Bool { reason == .timeout || reason == .serverTimeout || code == 504 }
    /// The server's hint for how long to wait before retrying, in seconds.
    public var retryAfterSeconds: Int? { status?.details?.retryAfterSeconds.map(Int.init) }
    /// "Too large resource version": the server has not caught up with the RV asked for.
    public var isResourceVersionTooLarge: Bool {
        (status?.details?.causes ?? []).contains { $0.reason == "ResourceVersionTooLarge" }
            || message.contains("Too large resource version")
    }

    /// A `Status.reason`. Open-ended: unknown reasons from newer servers are kept as they are.
    public struct Reason: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let unknown = Reason("Unknown")
        public static let unauthorized = Reason("Unauthorized")
        public static let forbidden = Reason("Forbidden")
        public static let notFound = Reason("NotFound")
        public static let alreadyExists = Reason("AlreadyExists")
        public static let conflict = Reason("Conflict")
        public static let gone = Reason("Gone")
        public static let expired = Reason("Expired")
        public static let invalid = Reason("Invalid")
        public static let serverTimeout = Reason("ServerTimeout")
        public static let timeout = Reason("Timeout")
        public static let tooManyRequests = Reason("TooManyRequests")
        public static let badRequest = Reason("BadRequest")
        public static let methodNotAllowed = Reason("MethodNotAllowed")
        public static let notAcceptable = Reason("NotAcceptable")
        public static let requestEntityTooLarge = Reason("RequestEntityTooLarge")
        public static let unsupportedMediaType = Reason("UnsupportedMediaType")
        public static let internalError = Reason("InternalError")
        public static let serviceUnavailable = Reason("ServiceUnavailable")

        /// The reason the API server uses for an HTTP code when it sends no Status.
        public init(httpCode: Int) {
            switch httpCode {
            case 400: self = .badRequest
            case 401: self = .unauthorized
            case 403: self = .forbidden
            case 404: self = .notFound
            case 405: self = .methodNotAllowed
            case 406: self = .notAcceptable
            case 409: self = .conflict
            case 410: self = .gone
            case 413: self = .requestEntityTooLarge
            case 415: self = .unsupportedMediaType
            case 422: self = .invalid
            case 429: self = .tooManyRequests
            case 500: self = .internalError
            case 503: self = .serviceUnavailable
            case 504: self = .timeout
            default: self = .unknown
            }
        }
    }
}
