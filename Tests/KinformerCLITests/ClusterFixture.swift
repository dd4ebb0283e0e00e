import Foundation
import KubeClient
import KubeModel
import KubeTesting
import Testing

@testable import KinformerCLI

/// Helpers for tests against the real control plane: an admin client, fresh namespaces, pods,
/// kubeconfigs with broken credentials, and running the CLI's runners.
enum ClusterFixture {
    static let pods = ResourceDescriptor(
        group: "", version: "v1", kind: "Pod", plural: "pods", singular: "pod", namespaced: true, shortNames: ["po"])
    static let configMaps = ResourceDescriptor(
        group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", singular: "configmap", namespaced: true)
    static let namespaces = ResourceDescriptor(
        group: "", version: "v1", kind: "Namespace", plural: "namespaces", namespaced: false)

    /// An environment with no KUBECONFIG and a HOME without ~/.kube/config, so only flags count.
    static let isolatedEnvironment = ["HOME": "/nonexistent-kinformer-home"]

    static func adminClient(_ plane: ControlPlane) throws -> KubeClient {
        var configuration = try ClientConfiguration(kubeConfig: KubeConfig.load(paths: [plane.adminTokenKubeconfig]))
        configuration.rateLimit = .unlimited
        return try KubeClient(configuration: configuration)
    }

    /// A new namespace for one test.
    static func makeNamespace(_ client: KubeClient) async throws -> String {
        let name = "cli-" + UUID().uuidString.prefix(8).lowercased()
        _ = try await client.resource(namespaces).create(DynamicObject(metadata: ObjectMeta(name: name)))
        return name
    }

    /// A pod that never runs (the plane has no scheduler), so only the test changes it.
    static func pod(_ name: String, labels: [String: String]? = nil) -> DynamicObject {
        DynamicObject(
            apiVersion: "v1", kind: "Pod", metadata: ObjectMeta(name: name, labels: labels),
            content: ["spec": ["containers": [["name": "c", "image": "registry.invalid/none:1"]]]])
    }

    /// Writes a kubeconfig for `server` with a bearer token and an optional CA file; returns its path.
    static func writeKubeconfig(server: String, token: String, caFile: String?) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kinformer-cli-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let ca = caFile.map { "\n    certificate-authority: \($0)" } ?? ""
        let yaml = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: \(server)\(ca)
            users:
            - name: test
              user:
                token: \(token)
            contexts:
            - name: test
              context:
                cluster: test
                user: test
            current-context: test

            """
        let path = dir.appendingPathComponent("kubeconfig").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Runs `kinformer get` with these arguments and returns its output lines.
    static func get(_ arguments: [String], queries: [String] = []) async throws -> [String] {
        let (connection, resource) = try parse(arguments)
        let runner = GetRunner(
            connection: connection, resource: resource, queries: try queries.map { try IndexQuery(parsing: $0) },
            environment: isolatedEnvironment)
        let output = RecordingOutput()
        try await runner.run(output: output)
        return output.lines
    }

    /// The error `kinformer watch` fails with for these arguments.
    static func watchError(_ arguments: [String]) async -> CLIError? {
        guard let (connection, resource) = try? parse(arguments) else { return nil }
        let runner = WatchRunner(connection: connection, resource: resource, format: .text, environment: isolatedEnvironment)
        do {
            try await runner.run(output: RecordingOutput())
            return nil
        } catch {
            return error
        }
    }

    /// Starts `kinformer watch` in the background; its output ends with `finished: …` when it returns.
    static func startWatch(_ arguments: [String], format: EventFormat, output: RecordingOutput) throws -> Task<Void, any Error> {
        let (connection, resource) = try parse(arguments)
        let runner = WatchRunner(connection: connection, resource: resource, format: format, environment: isolatedEnvironment)
        return Task {
            do {
                try await runner.run(output: output)
                output.finish("finished: returned")
            } catch {
                output.finish("finished: \(error)")
                throw error
            }
        }
    }

    private static func parse(_ arguments: [String]) throws -> (ConnectionOptions, String) {
        let resource = try #require(arguments.first)
        return (try ConnectionOptions.parse(Array(arguments.dropFirst())), resource)
    }
}
