import Foundation

extension InProcessAPIServer {
    /// A kubeconfig (YAML) pointing at this server over plain HTTP, with a token user, so
    /// clients connect exactly as to a real cluster.
    /// - Parameters:
    ///   - token: the bearer token the user presents; defaults to the configured one (or a dummy).
    ///   - namespace: the context's default namespace.
    public func kubeconfig(token: String? = nil, namespace: String = "default") -> String {
        let token = token ?? configuration.bearerToken ?? "kinformer-test-token"
        return """
            apiVersion: v1
            kind: Config
            clusters:
            - name: inprocess
              cluster:
                server: \(baseURL)
            users:
            - name: inprocess-user
              user:
                token: \(token)
            contexts:
            - name: inprocess
              context:
                cluster: inprocess
                user: inprocess-user
                namespace: \(namespace)
            current-context: inprocess
            preferences: {}

            """
    }

    /// Writes ``kubeconfig(token:namespace:)`` to `path`, creating parent directories.
    public func writeKubeconfig(to path: String, token: String? = nil, namespace: String = "default") throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try kubeconfig(token: token, namespace: namespace).write(to: url, atomically: true, encoding: .utf8)
    }
}
