public import Foundation

/// Everything a ``KubeClient`` needs: where the server is, how to trust it, how to authenticate,
/// and how to behave (rate limits, retries, timeouts). `description` never shows secrets.
public struct ClientConfiguration: Sendable, CustomStringConvertible {
    /// The API server's base URL, e.g. `https://127.0.0.1:6443`.
    public var server: URL
    /// The namespace of the selected context (`default` when it names none).
    public var namespace: String
    public var tls: TLS
    public var authentication: Authentication
    public var impersonation: Impersonation?
    public var userAgent: String = "kinformer/0.1.0"
    public var rateLimit: RateLimit = .init()
    public var retry: Retry = .init()
    public var timeouts: Timeouts = .init()
    /// The encoding asked for on reads. Default ``WireFormat/protobuf``.
    public var wireFormat: WireFormat = .protobuf

    public init(server: URL, namespace: String = "default", tls: TLS = .init(), authentication: Authentication = .none) {
        self.server = server
        self.namespace = namespace
        self.tls = tls
        self.authentication = authentication
    }

    /// How to trust the server and which client certificate to present.
    public struct TLS: Sendable, Hashable {
        /// PEM CA bundle; `nil` means the system trust roots.
        public var certificateAuthorityPEM: [UInt8]?
        /// Skip server certificate verification. Off unless the kubeconfig says `insecure-skip-tls-verify: true`.
        public var insecureSkipVerify: Bool = false
        /// Verify the server certificate against this name instead of the server URL's host.
        public var serverName: String?
        /// PEM client certificate chain.
        public var clientCertificatePEM: [UInt8]?
        /// PEM private key of the client certificate.
        public var clientKeyPEM: Sensitive?

        public init() {}
    }

    /// How requests authenticate.
    public enum Authentication: Sendable, Hashable, CustomStringConvertible {
        /// Anonymous, or a client certificate only (see ``TLS``).
        case none
        /// A fixed bearer token.
        case bearerToken(Sensitive)
        /// A bearer token read from a file and re-read as it rotates (service accounts).
        case tokenFile(String)
        /// HTTP basic authentication.
        case basic(username: String, password: Sensitive)
        /// An exec credential plugin that returns a token or a client certificate.
        case exec(KubeConfig.ExecConfig)

        public var description: String {
            switch self {
            case .none: return "none"
            case .bearerToken: return "bearer token"
            case .tokenFile(let path): return "token file \(path)"
            case .basic(let user, _): return "basic (\(user))"
            case .exec(let exec): return "exec plugin \(exec.command)"
            }
        }
    }

    /// Act as another user (`Impersonate-*` headers).
    public struct Impersonation: Sendable, Hashable {
        public var user: String
        public var uid: String?
        public var groups: [String] = []
        public var extra: [String: [String]] = [:]

        public init(user: String, uid: String? = nil, groups: [String] = [], extra: [String: [String]] = [:]) {
            self.user = user
            self.uid = uid
            self.groups = groups
            self.extra = extra
        }
    }

    /// Client-side throttling as client-go's token bucket: `qps` sustained, `burst` at once.
    public struct RateLimit: Sendable, Hashable {
        /// Requests per second; 0 means unlimited. client-go's default is 5.
        public var qps: Double = 5
        /// Requests allowed at once. client-go's default is 10.
        public var burst: Int = 10
        public init(qps: Double = 5, burst: Int = 10) {
            self.qps = qps
            self.burst = burst
        }
        /// No client-side throttling.
        public static let unlimited = RateLimit(qps: 0, burst: 0)
    }

    /// When requests are retried.
    public struct Retry: Sendable, Hashable {
        /// Retries after the first attempt: on 429 (and 5xx with `Retry-After` for reads), and on
        /// connection failures for idempotent requests. client-go allows 10.
        public var maxRetries: Int = 10
        /// Wait when a 429 carries no `Retry-After`, and the first wait after a refused connection.
        public var defaultDelay: Duration = .seconds(1)
        /// The longest wait between attempts.
        public var maxDelay: Duration = .seconds(30)
        public init() {}
    }

    /// Timeouts. Watches never time out on the client (the server ends them).
    public struct Timeouts: Sendable, Hashable {
        /// Connecting (TCP + TLS). Default 30 s.
        public var connect: Duration = .seconds(30)
        /// A whole non-watch request, body included. `nil` for none. Default 60 s.
        public var request: Duration? = .seconds(60)
        public init() {}
    }

    /// How objects travel on reads (gets, lists, watches). Writes are always JSON.
    public enum WireFormat: String, Sendable, Hashable, CaseIterable {
        /// Ask for `application/vnd.kubernetes.protobuf` for built-in types, with JSON as the
        /// fallback, as Kubernetes' own controllers do; whatever the server answers is decoded.
        /// Custom resources, ``DynamicObject`` and metadata-only reads use JSON.
        case protobuf
        /// JSON everywhere.
        case json
    }

    public var description: String {
        var parts = ["server: \(server.absoluteString)", "namespace: \(namespace)", "auth: \(authentication)"]
        if tls.insecureSkipVerify { parts.append("insecure-skip-tls-verify") }
        if tls.clientCertificatePEM != nil { parts.append("client certificate") }
        if let i = impersonation { parts.append("impersonating \(i.user)") }
        return "ClientConfiguration(\(parts.joined(separator: ", ")))"
    }
}
