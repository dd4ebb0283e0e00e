import Foundation
import KubeClient
import KubeModel
import KubeTesting

/// Clients and namespaces on the shared real control plane, for the test targets. Tests using it
/// fail (never skip) when the plane cannot start.
public enum Plane {
    /// An unthrottled admin client for the shared control plane.
    public static func client() async throws -> KubeClient {
        let plane = try await ControlPlane.shared()
        var configuration = try ClientConfiguration(kubeConfig: KubeConfig.load(paths: [plane.adminTokenKubeconfig]))
        configuration.rateLimit = .unlimited
        return try KubeClient(configuration: configuration)
    }

    /// Creates a fresh namespace for one test and returns its name.
    public static func namespace(_ client: KubeClient, prefix: String) async throws -> String {
        let name = prefix + "-" + UUID().uuidString.prefix(8).lowercased()
        _ = try await client.resource(CoreV1.Namespace.self).create(CoreV1.Namespace(metadata: ObjectMeta(name: name)))
        return name
    }

    /// Deletes a test namespace (best effort).
    public static func deleteNamespace(_ client: KubeClient, _ name: String) async {
        _ = try? await client.resource(CoreV1.Namespace.self).delete(name)
    }
}
