import KubeClient

/// What a command was doing when an error happened, so the error can name it.
struct ErrorContext: Sendable, Hashable {
    /// The API server URL, once known.
    var server: String?
    /// The kubeconfig files in use (or looked at).
    var kubeconfigFiles: [String] = []
    /// The verbs being attempted, e.g. `["list", "watch"]`.
    var verbs: [String] = ["list", "watch"]
    /// The resource, as resolved (`pods`, `deployments.apps`), once known.
    var resource: String?
    /// The namespace; `nil` for all namespaces or a cluster-scoped resource.
    var namespace: String?
    /// Whether the resource is namespaced (`namespace == nil` then means all namespaces).
    var namespaced = true
}

extension CLIError {
    /// The one place where configuration, API and transport errors become sentences for the user.
    static func describing(_ error: any Error, context: ErrorContext) -> CLIError {
        switch error {
        case let error as CLIError:
            return error
        case let error as KubeConfigError:
            return describing(error, context: context)
        case let error as KubeAPIError:
            return describing(error, context: context)
        default:
            return describingTransport(error, context: context)
        }
    }

    static func describing(_ error: KubeConfigError, context: ErrorContext) -> CLIError {
        switch error.code {
        case .noConfiguration:
            let looked = context.kubeconfigFiles.isEmpty ? "" : " (looked at \(context.kubeconfigFiles.joined(separator: ", ")))"
            return CLIError(
                .noKubeconfig,
                "no kubeconfig found\(looked) and not running in a pod. "
                    + "Pass --kubeconfig PATH, set KUBECONFIG, or create ~/.kube/config.")
        case .contextNotFound, .noCurrentContext:
            return CLIError(.contextNotFound, "\(error.message). Choose one with --context NAME.")
        default:
            return CLIError(.invalidKubeconfig, "the kubeconfig cannot be used: \(error.description).")
        }
    }

    static func describing(_ error: KubeAPIError, context: ErrorContext) -> CLIError {
        let server = context.server.map { " \($0)" } ?? ""
        if error.isUnauthorized {
            let files = context.kubeconfigFiles.isEmpty ? "" : " (from \(context.kubeconfigFiles.joined(separator: ", ")))"
            return CLIError(
                .unauthorized,
                "unauthorized: the API server\(server) did not accept your credentials\(files) (HTTP 401). "
                    + "The token or client certificate is wrong or expired; get fresh credentials and try again.")
        }
        if error.isForbidden {
            let verbs = context.verbs.joined(separator: " and ")
            let what = context.resource ?? error.status?.details?.kind ?? "this resource"
            let scoped =
                if let ns = context.namespace { " in namespace \"\(ns)\"" } else if context.namespaced {
                    " across all namespaces"
                } else { "" }
            let hint =
                context.namespace == nil && context.namespaced
                ? ", or name a namespace you may use with -n NAMESPACE" : ""
            return CLIError(
                .forbidden,
                "forbidden: you are not allowed to \(verbs) \(what)\(scoped) (HTTP 403). "
                    + "The server said: \(error.message). Ask a cluster administrator for RBAC permission to "
                    + "\(verbs) \(what)\(hint).")
        }
        return CLIError(
            .serverError,
            "the API server\(server) refused the request: \(error.message) (\(error.reason), HTTP \(error.code)).")
    }

    /// Transport errors: TLS verification failures and connection failures, recognised by type
    /// and, for errors wrapped by NIO/BoringSSL, by their description.
    static func describingTransport(_ error: any Error, context: ErrorContext) -> CLIError {
        let server = context.server ?? "the API server"
        let text = String(reflecting: error)
        if isCertificateFailure(text) {
            return CLIError(
                .certificateRejected,
                "the certificate of \(server) was rejected: TLS verification failed (\(certificateDetail(text))). "
                    + "Set the cluster's certificate-authority (or certificate-authority-data) in the kubeconfig "
                    + "to the CA that signed the server's certificate.")
        }
        if isConnectionFailure(error, text: text) {
            return CLIError(
                .unreachable,
                "cannot reach \(server): \(connectionDetail(text)). "
                    + "Check that the server address in the kubeconfig is right and that the API server is running.")
        }
        return CLIError(.serverError, "the request to \(server) failed: \(text).")
    }

    static func isCertificateFailure(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.contains("certificate_verify_failed") || lowered.contains("certificate verify failed")
            || lowered.contains("unable to get local issuer certificate") || lowered.contains("self signed certificate")
            || lowered.contains("hostname mismatch")
    }

    static func certificateDetail(_ text: String) -> String {
        let lowered = text.lowercased()
        if lowered.contains("hostname") { return "the certificate does not name this host" }
        return "the certificate is not signed by a trusted CA"
    }

    /// AsyncHTTPClient's `HTTPClientError`, NIO's `IOError` and `NIOConnectionError`, recognised
    /// by description so this target needs no direct dependency on them.
    static func isConnectionFailure(_ error: any Error, text: String) -> Bool {
        let type = String(reflecting: Swift.type(of: error))
        if type.hasSuffix("IOError") || type.hasSuffix("NIOConnectionError") { return true }
        let lowered = text.lowercased()
        return lowered.contains("connection refused") || lowered.contains("econnrefused")
            || lowered.contains("connectionerror") || lowered.contains("connecttimeout")
            || lowered.contains("remoteconnectionclosed") || lowered.contains("deadlineexceeded")
            || lowered.contains("no such host") || lowered.contains("nodename nor servname")
            || lowered.contains("name or service not known") || lowered.contains("network is unreachable")
            || lowered.contains("host is unreachable")
    }

    static func connectionDetail(_ text: String) -> String {
        let lowered = text.lowercased()
        if lowered.contains("refused") { return "the connection was refused" }
        if lowered.contains("timeout") || lowered.contains("deadline") { return "the connection timed out" }
        if lowered.contains("host") || lowered.contains("servname") { return "the host name could not be resolved" }
        return "the connection failed"
    }
}
