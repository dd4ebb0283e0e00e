public import Foundation

extension ClientConfiguration {
    /// Resolves a kubeconfig into a client configuration.
    /// - Parameters:
    ///   - context: the context to use instead of `current-context`.
    ///   - namespace: the namespace to use instead of the context's.
    /// - Throws: ``KubeConfigError`` for a missing context, cluster or user, unreadable files,
    ///   bad base64, or an unsupported auth provider.
    public init(kubeConfig: KubeConfig, context: String? = nil, namespace: String? = nil) throws(KubeConfigError) {
        let file = kubeConfig.sources.first
        guard let contextName = context ?? kubeConfig.currentContext else {
            throw KubeConfigError(
                .noCurrentContext, file: file, field: "current-context",
                message: "no context selected and current-context is not set; contexts: \(Self.names(kubeConfig.contexts))")
        }
        guard let ctx = kubeConfig.contexts[contextName] else {
            throw KubeConfigError(
                .contextNotFound, file: file, field: "contexts",
                message: "context '\(contextName)' not found; contexts: \(Self.names(kubeConfig.contexts))")
        }
        guard let cluster = kubeConfig.clusters[ctx.cluster] else {
            throw KubeConfigError(
                .clusterNotFound, file: file, field: "contexts[\(contextName)].cluster",
                message: "cluster '\(ctx.cluster)' of context '\(contextName)' not found; clusters: \(Self.names(kubeConfig.clusters))")
        }
        var user = KubeConfig.User()
        if let userName = ctx.user, !userName.isEmpty {
            guard let u = kubeConfig.users[userName] else {
                throw KubeConfigError(
                    .userNotFound, file: file, field: "contexts[\(contextName)].user",
                    message: "user '\(userName)' of context '\(contextName)' not found; users: \(Self.names(kubeConfig.users))")
            }
            user = u
        }
        guard let serverText = cluster.server, let server = URL(string: serverText), server.scheme != nil,
            server.host != nil
        else {
            throw KubeConfigError(
                .invalidField, file: file, field: "clusters[\(ctx.cluster)].server",
                message: "the server '\(cluster.server ?? "")' is not a URL like https://host:6443")
        }
        let ns = namespace ?? ctx.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        self.init(server: server, namespace: ns)

        tls.insecureSkipVerify = cluster.insecureSkipTLSVerify ?? false
        tls.serverName = cluster.tlsServerName.flatMap { $0.isEmpty ? nil : $0 }
        tls.certificateAuthorityPEM = try Self.bytes(
            data: cluster.certificateAuthorityData, path: cluster.certificateAuthority, file: file,
            field: "clusters[\(ctx.cluster)].certificate-authority")
        tls.clientCertificatePEM = try Self.bytes(
            data: user.clientCertificateData, path: user.clientCertificate, file: file,
            field: "users[\(ctx.user ?? "")].client-certificate")
        let key = try Self.bytes(
            data: user.clientKeyData?.value, path: user.clientKey, file: file,
            field: "users[\(ctx.user ?? "")].client-key")
        tls.clientKeyPEM = key.map { Sensitive(String(decoding: $0, as: UTF8.self)) }
        if (tls.clientCertificatePEM == nil) != (tls.clientKeyPEM == nil) {
            throw KubeConfigError(
                .invalidField, file: file, field: "users[\(ctx.user ?? "")]",
                message: "a client certificate needs both client-certificate(-data) and client-key(-data)")
        }

        if let exec = user.exec {
            authentication = .exec(exec)
        } else if let token = user.token, !token.value.isEmpty {
            authentication = .bearerToken(token)
        } else if let tokenFile = user.tokenFile, !tokenFile.isEmpty {
            authentication = .tokenFile(tokenFile)
        } else if let username = user.username, !username.isEmpty {
            authentication = .basic(username: username, password: user.password ?? "")
        } else if user.authProvider != nil {
            throw KubeConfigError(
                .unsupported, file: file, field: "users[\(ctx.user ?? "")].auth-provider",
                message: "legacy auth-provider plugins are not supported; use an exec credential plugin instead")
        }
        if let who = user.impersonate, !who.isEmpty {
            impersonation = Impersonation(
                user: who, uid: user.impersonateUID, groups: user.impersonateGroups ?? [],
                extra: user.impersonateUserExtra ?? [:])
        }
    }

    /// Loads the kubeconfig by client-go's rules (see ``KubeConfig/load(paths:environment:)``)
    /// and resolves it.
    public static func fromKubeConfig(
        context: String? = nil, namespace: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(KubeConfigError) -> ClientConfiguration {
        try ClientConfiguration(
            kubeConfig: KubeConfig.load(environment: environment), context: context, namespace: namespace)
    }

    /// The configuration a program gets without asking: in-cluster when running in a pod with no
    /// kubeconfig, else the kubeconfig.
    public static func automatic(environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(KubeConfigError) -> ClientConfiguration
    {
        do {
            return try fromKubeConfig(environment: environment)
        } catch let error where error.code == .noConfiguration {
            if environment["KUBERNETES_SERVICE_HOST"] != nil {
                return try inCluster(environment: environment)
            }
            throw error
        }
    }

    private static func names<V>(_ map: [String: V]) -> String {
        map.isEmpty ? "(none)" : map.keys.sorted().joined(separator: ", ")
    }

    /// Inline base64 data wins over a file path, as in client-go.
    static func bytes(data: String?, path: String?, file: String?, field: String) throws(KubeConfigError) -> [UInt8]? {
        if let data, !data.isEmpty {
            let cleaned = data.filter { !$0.isWhitespace }
            guard let decoded = Data(base64Encoded: cleaned) else {
                throw KubeConfigError(.invalidField, file: file, field: field + "-data", message: "the value is not valid base64")
            }
            return Array(decoded)
        }
        if let path, !path.isEmpty {
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw KubeConfigError(.unreadableFile, file: file, field: field, message: "cannot read '\(path)'")
            }
            return Array(contents)
        }
        return nil
    }
}
