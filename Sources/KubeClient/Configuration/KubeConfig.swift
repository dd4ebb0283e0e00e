/// A kubeconfig file (or several merged), as `kubectl` reads it: clusters, users and contexts
/// by name, and the current context.
///
/// Load it with ``load(paths:environment:)`` (client-go's rules) and resolve it into a
/// ``ClientConfiguration`` with ``ClientConfiguration/init(kubeConfig:context:namespace:)``.
public struct KubeConfig: Sendable, Hashable {
    public var clusters: [String: Cluster] = [:]
    public var users: [String: User] = [:]
    public var contexts: [String: Context] = [:]
    public var currentContext: String?
    /// The files this configuration was read from, in order of precedence.
    public var sources: [String] = []

    public init() {}

    /// Where a cluster is and how to trust it.
    public struct Cluster: Sendable, Hashable, Codable {
        public var server: String?
        /// Path of a PEM CA bundle (resolved against the kubeconfig's folder).
        public var certificateAuthority: String?
        /// Base64 of a PEM CA bundle.
        public var certificateAuthorityData: String?
        public var insecureSkipTLSVerify: Bool?
        /// The name to verify the server certificate against, instead of the host of `server`.
        public var tlsServerName: String?
        public var proxyURL: String?

        public init(server: String? = nil) { self.server = server }

        enum CodingKeys: String, CodingKey {
            case server
            case certificateAuthority = "certificate-authority"
            case certificateAuthorityData = "certificate-authority-data"
            case insecureSkipTLSVerify = "insecure-skip-tls-verify"
            case tlsServerName = "tls-server-name"
            case proxyURL = "proxy-url"
        }
    }

    /// How to authenticate: one of token, token file, basic, client certificate or exec plugin,
    /// plus optional impersonation. `description` never shows secrets.
    public struct User: Sendable, Hashable, Codable, CustomStringConvertible {
        public var token: Sensitive?
        public var tokenFile: String?
        public var username: String?
        public var password: Sensitive?
        public var clientCertificate: String?
        public var clientCertificateData: String?
        public var clientKey: String?
        public var clientKeyData: Sensitive?
        public var exec: ExecConfig?
        public var impersonate: String?
        public var impersonateUID: String?
        public var impersonateGroups: [String]?
        public var impersonateUserExtra: [String: [String]]?
        /// Legacy auth providers (gcp, azure, oidc) are not supported; kept to report that clearly.
        public var authProvider: JSONValueBox?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case token, tokenFile, username, password, exec
            case clientCertificate = "client-certificate"
            case clientCertificateData = "client-certificate-data"
            case clientKey = "client-key"
            case clientKeyData = "client-key-data"
            case impersonate = "as"
            case impersonateUID = "as-uid"
            case impersonateGroups = "as-groups"
            case impersonateUserExtra = "as-user-extra"
            case authProvider = "auth-provider"
        }

        public var description: String {
            var kinds: [String] = []
            if token != nil { kinds.append("token") }
            if tokenFile != nil { kinds.append("tokenFile") }
            if username != nil { kinds.append("basic") }
            if clientCertificate != nil || clientCertificateData != nil { kinds.append("client certificate") }
            if let exec { kinds.append("exec \(exec.command)") }
            return "User(\(kinds.isEmpty ? "anonymous" : kinds.joined(separator: ", ")))"
        }
    }

    /// An exec credential plugin (`client.authentication.k8s.io`).
    public struct ExecConfig: Sendable, Hashable, Codable {
        public var command: String
        public var args: [String]?
        public var env: [EnvVar]?
        /// `client.authentication.k8s.io/v1` or `/v1beta1`.
        public var apiVersion: String?
        public var installHint: String?
        public var provideClusterInfo: Bool?
        public var interactiveMode: String?

        public init(command: String, args: [String]? = nil, env: [EnvVar]? = nil, apiVersion: String? = nil) {
            self.command = command
            self.args = args
            self.env = env
            self.apiVersion = apiVersion
        }

        /// One environment variable for the plugin.
        public struct EnvVar: Sendable, Hashable, Codable {
            public var name: String
            public var value: String
            public init(name: String, value: String) {
                self.name = name
                self.value = value
            }
        }
    }

    /// A (cluster, user, namespace) triple.
    public struct Context: Sendable, Hashable, Codable {
        public var cluster: String
        public var user: String?
        public var namespace: String?

        public init(cluster: String, user: String? = nil, namespace: String? = nil) {
            self.cluster = cluster
            self.user = user
            self.namespace = namespace
        }
    }
}

/// A secret string (token, password, key): its `description` and reflection never show the value.
public struct Sensitive: Sendable, Hashable, Codable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable, ExpressibleByStringLiteral
{
    /// The secret itself. Never log it.
    public var value: String

    public init(_ value: String) { self.value = value }
    public init(stringLiteral value: String) { self.value = value }
    public init(from decoder: any Decoder) throws { value = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value)
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

/// Any YAML value, kept only to note its presence (legacy `auth-provider`).
public struct JSONValueBox: Sendable, Hashable, Codable {
    public var name: String?
    public init(name: String?) { self.name = name }
}
