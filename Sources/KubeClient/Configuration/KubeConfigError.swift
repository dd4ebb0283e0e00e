/// A kubeconfig or in-cluster configuration that cannot be used: what is wrong, in which file and
/// field, and what to do about it. Never contains secrets.
public struct KubeConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is. Extensible: compare with the static members.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case noConfiguration, unreadableFile, malformed, contextNotFound, clusterNotFound, userNotFound
            case noCurrentContext, invalidField, notInCluster, unsupported
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// No kubeconfig was found where client-go looks.
        public static let noConfiguration = Code(.noConfiguration)
        /// A file named by the configuration could not be read.
        public static let unreadableFile = Code(.unreadableFile)
        /// A kubeconfig is not valid YAML or has a field of the wrong type.
        public static let malformed = Code(.malformed)
        /// The selected context does not exist.
        public static let contextNotFound = Code(.contextNotFound)
        /// The context names a cluster that does not exist.
        public static let clusterNotFound = Code(.clusterNotFound)
        /// The context names a user that does not exist.
        public static let userNotFound = Code(.userNotFound)
        /// No context was selected and `current-context` is not set.
        public static let noCurrentContext = Code(.noCurrentContext)
        /// A field has a value that cannot be used (e.g. a server URL that is not a URL).
        public static let invalidField = Code(.invalidField)
        /// In-cluster configuration was asked for outside a pod.
        public static let notInCluster = Code(.notInCluster)
        /// A feature the kubeconfig uses is not supported (e.g. legacy `auth-provider`).
        public static let unsupported = Code(.unsupported)

        public var description: String { base.rawValue }
    }

    public var code: Code
    /// The kubeconfig file concerned, if one.
    public var file: String?
    /// The field concerned, e.g. `users[0].user.client-key`.
    public var field: String?
    /// What went wrong and what to do.
    public var message: String

    public init(_ code: Code, file: String? = nil, field: String? = nil, message: String) {
        self.code = code
        self.file = file
        self.field = field
        self.message = message
    }

    public var description: String {
        var where_ = ""
        if let file { where_ += " in \(file)" }
        if let field { where_ += " at '\(field)'" }
        return "kubeconfig error\(where_): \(message)"
    }
}
