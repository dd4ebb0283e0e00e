import KinformerTestSupport
import Foundation
import KubeClient
import KubeModel
import KubeOperator
import Testing

/// A Swift-declared custom resource with two versions, installed from its generated manifest
/// on the real kube-apiserver, converted by ``WebhookServer``.
@Suite(.serialized) struct ConversionWebhookIntegrationTests {
    @Test func generatedDefinitionIsStructuralValidatesAndConvertsBothWays() async throws {
        let client = try await Plane.client()
        let namespace = try await Plane.namespace(client, prefix: "conversion")
        let running = try await RunningWebhookServer { server in
            try server.converting("/convert", .gizmos)
        }
        let manifest = try CustomResourceDefinitionManifest(
            versions: [GizmoV1alpha1.self, GizmoV1.self], storage: GizmoV1.self,
            conversion: .webhook(url: running.url("/convert"), caBundle: running.certificates.caBundle))
        let crds = client.resource(ApiextensionsV1.CustomResourceDefinition.resource)
        do {
            _ = try await crds.apply(manifest.object, fieldManager: "kinformer-tests", force: true)
            var conditions: [JSONValue] = []
            try await eventually("\(manifest.name) to be established") {
                conditions = try await crds.get(manifest.name)["status"]?["conditions"]?.arrayValue ?? []
                return conditions.contains { $0["type"] == "Established" && $0["status"] == "True" }
            }
            #expect(!conditions.contains { $0["type"] == "NonStructuralSchema" }, "\(conditions)")

            let alphas = client.resource(GizmoV1alpha1.self, namespace: namespace)
            let ones = client.resource(GizmoV1.self, namespace: namespace)
            try await eventually("gizmos to be served") {
                _ = try await ones.list()
                _ = try await alphas.list()
                return true
            }

            // Created at v1alpha1 (stored at v1 through the webhook), read back at v1.
            let alpha = GizmoV1alpha1(metadata: ObjectMeta(name: "from-alpha", namespace: namespace), spec: .init(size: 3, color: .blue))
            _ = try await alphas.create(alpha)
            let asOne = try await ones.get("from-alpha")
            #expect(asOne.apiVersion == "gizmos.kinformer.dev/v1")
            #expect(asOne.spec == .init(replicas: 3, color: .blue))

            // And the reverse; the schema's default fills in the colour.
            let one = GizmoV1(metadata: ObjectMeta(name: "from-one", namespace: namespace), spec: .init(replicas: 7))
            _ = try await ones.create(one)
            let asAlpha = try await alphas.get("from-one")
            #expect(asAlpha.apiVersion == "gizmos.kinformer.dev/v1alpha1")
            #expect(asAlpha.spec == .init(size: 7, color: .red))

            // The schema rejects invalid objects: out of range, not in the enum, missing a required field.
            let tooSmall = await #expect(throws: KubeAPIError.self) {
                try await ones.create(GizmoV1(metadata: ObjectMeta(name: "too-small", namespace: namespace), spec: .init(replicas: 0)))
            }
            #expect(tooSmall?.code == 422)
            #expect(tooSmall?.message.contains("spec.replicas") == true)
            let raw = client.resource(GizmoV1.resource, namespace: namespace)
            let purple = DynamicObject(
                apiVersion: GizmoV1.apiVersion, kind: "Gizmo", metadata: ObjectMeta(name: "purple", namespace: namespace),
                content: ["spec": ["replicas": 1, "color": "purple"]])
            let badColor = await #expect(throws: KubeAPIError.self) { try await raw.create(purple) }
            #expect(badColor?.message.contains("spec.color") == true)
            let missing = DynamicObject(
                apiVersion: GizmoV1.apiVersion, kind: "Gizmo", metadata: ObjectMeta(name: "missing", namespace: namespace),
                content: ["spec": ["color": "red"]])
            let noReplicas = await #expect(throws: KubeAPIError.self) { try await raw.create(missing) }
            #expect(noReplicas?.message.contains("spec.replicas") == true)
        } catch {
            await cleanUp(client, crds, manifest.name, namespace, running)
            throw error
        }
        await cleanUp(client, crds, manifest.name, namespace, running)
    }

    private func cleanUp(
        _ client: KubeClient, _ crds: ResourceClient<DynamicObject>, _ name: String, _ namespace: String,
        _ running: RunningWebhookServer
    ) async {
        await Plane.deleteNamespace(client, namespace)
        _ = try? await crds.delete(name)
        try? await running.stop()
        try? await client.shutdown()
    }
}
