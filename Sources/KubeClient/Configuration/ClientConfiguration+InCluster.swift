public import Foundation

extension ClientConfiguration {
    /// Where a pod finds its service account.
    public static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// The configuration of a program running in a pod: `KUBERNETES_SERVICE_HOST`/`PORT`, the
    /// service account token (re-read as it rotates), its CA and its namespace.
    /// - Parameter directory: the service account folder (tests point it elsewhere).
    /// - Throws: ``KubeConfigError/Code/notInCluster`` outside a pod.
    public static func inCluster(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        directory: String = serviceAccountDirectory
    ) throws(KubeConfigError) -> ClientConfiguration {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
            let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty
        else {
            throw KubeConfigError(
                .notInCluster,
                message: "not running in a pod: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set")
        }
        let tokenPath = directory + "/token"
        guard FileManager.default.isReadableFile(atPath: tokenPath) else {
            throw KubeConfigError(
                .notInCluster, file: tokenPath,
                message: "the service account token is missing; is automountServiceAccountToken off?")
        }
        let hostPart = host.contains(":") ? "[\(host)]" : host
        guard let url = URL(string: "https://\(hostPart):\(port)") else {
            throw KubeConfigError(.invalidField, field: "KUBERNETES_SERVICE_HOST", message: "'\(host):\(port)' is not a host and port")
        }
        var namespace = "default"
        if let data = FileManager.default.contents(atPath: directory + "/namespace") {
            let ns = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !ns.isEmpty { namespace = ns }
        }
        var config = ClientConfiguration(server: url, namespace: namespace, authentication: .tokenFile(tokenPath))
        config.tls.certificateAuthorityPEM = FileManager.default.contents(atPath: directory + "/ca.crt").map(Array.init)
        return config
    }
}
