import KubeClient
import KubeModel
import KubeTesting

/// Runs `body` with an in-process API server and a client of its ConfigMaps in `default`, then
/// shuts both down (also when `body` throws).
func withInProcessConfigMaps(
    server configureServer: (inout InProcessAPIServer.Configuration) -> Void = { _ in },
    client configureClient: (inout ClientConfiguration) -> Void = { _ in },
    _ body: (InProcessAPIServer, ResourceClient<CoreV1.ConfigMap>) async throws -> Void
) async throws {
    var serverConfiguration = InProcessAPIServer.Configuration()
    configureServer(&serverConfiguration)
    let server = InProcessAPIServer(configuration: serverConfiguration)
    try await server.start()
    var configuration = try ClientConfiguration(kubeConfig: KubeConfig.parse(yaml: server.kubeconfig()))
    configuration.rateLimit = .unlimited
    configureClient(&configuration)
    let client = try KubeClient(configuration: configuration)
    do {
        try await body(server, client.resource(CoreV1.ConfigMap.self, namespace: "default"))
    } catch {
        try? await client.shutdown()
        await server.shutdown()
        throw error
    }
    try await client.shutdown()
    await server.shutdown()
}
