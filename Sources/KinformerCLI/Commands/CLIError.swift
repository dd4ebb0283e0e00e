/// A failure of a `kinformer` command, said as a sentence the user can act on. Never contains
/// secrets (tokens, keys). The command prints it to standard error and exits non-zero.
struct CLIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is. Extensible: compare with the static members.
    struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case noKubeconfig, contextNotFound, invalidKubeconfig, unauthorized, certificateRejected, forbidden
            case unknownResource, unreachable, invalidArgument, serverError
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// No kubeconfig where one was looked for, and not running in a pod.
        static let noKubeconfig = Code(.noKubeconfig)
        /// The context asked for is not in the kubeconfig.
        static let contextNotFound = Code(.contextNotFound)
        /// The kubeconfig cannot be used (malformed, missing cluster or user, unreadable file, …).
        static let invalidKubeconfig = Code(.invalidKubeconfig)
        /// 401: the server does not accept the credentials.
        static let unauthorized = Code(.unauthorized)
        /// TLS: the server's certificate was not trusted.
        static let certificateRejected = Code(.certificateRejected)
        /// 403: the user may not do this.
        static let forbidden = Code(.forbidden)
        /// Discovery knows no resource by that name.
        static let unknownResource = Code(.unknownResource)
        /// No connection to the server could be made.
        static let unreachable = Code(.unreachable)
        /// A command-line value is wrong.
        static let invalidArgument = Code(.invalidArgument)
        /// Any other error from the server.
        static let serverError = Code(.serverError)

        var description: String { base.rawValue }
    }

    var code: Code
    /// The whole sentence (or two): what went wrong and what to do.
    var message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The process exit status for this error (1 for all today; 2 for bad arguments, as a usage error).
    var exitCode: Int32 { code == .invalidArgument ? 2 : 1 }

    var description: String { "error: \(message)" }
}
