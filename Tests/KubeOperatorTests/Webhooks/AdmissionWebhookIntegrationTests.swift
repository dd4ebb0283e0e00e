import KinformerTestSupport
import Foundation
import KubeClient
import KubeModel
import KubeOperator
import Testing

/// Admission webhooks served by ``WebhookServer`` and called by the real kube-apiserver.
@Suite(.serialized) struct AdmissionWebhookIntegrationTests {
    static let validatePath = "/validate-configmaps"
    static let defaultPath = "/default-configmaps"

    /// A validator that denies a `forbidden` key on create and a change of `data.locked` on update.
    static let validator = Validator(CoreV1.ConfigMap.self) { old, new, operation in
        switch operation {
        case .create where new?.data?["forbidden"] != nil:
            return .denied("gizmo policy: the key 'forbidden' is not allowed")
        case .update where old?.data?["locked"] != new?.data?["locked"]:
            return .denied("gizmo policy: data.locked is immutable (was \(old?.data?["locked"] ?? "unset"))")
        default:
            return .allowed
        }
    }

    /// A defaulter that sets `data.tier` to `standard` when it is missing.
    static let defaulter = Defaulter(CoreV1.ConfigMap.self) { configMap, _ in
        var configMap = configMap
        if configMap.data?["tier"] == nil { configMap.data = (configMap.data ?? [:]).merging(["tier": "standard"]) { a, _ in a } }
        return configMap
    }

    @Test func deniesDefaultsAndValidatesUpdatesAgainstTheOldObject() async throws {
        let client = try await Plane.client()
        let namespace = try await Plane.namespace(client, prefix: "admission")
        let nonce = String(UUID().uuidString.prefix(8)).lowercased()
        let running = try await RunningWebhookServer { server in
            try server.validating(Self.validatePath, Self.validator)
            try server.mutating(Self.defaultPath, Self.defaulter)
        }
        let configurations = try await registerWebhooks(client, running: running, nonce: nonce)
        let configMaps = client.resource(CoreV1.ConfigMap.self, namespace: namespace)
        func configMap(_ name: String, _ data: [String: String]) -> CoreV1.ConfigMap {
            CoreV1.ConfigMap(metadata: ObjectMeta(name: name, namespace: namespace, labels: ["kinformer.dev/webhook-test": nonce]), data: data)
        }
        do {
            // The API server picks up new webhook configurations asynchronously: wait until both answer.
            try await eventually("both webhooks to be called") {
                let dry = try await configMaps.create(configMap("probe", [:]), options: WriteOptions(dryRun: true))
                guard dry.data?["tier"] == "standard" else { return false }
                do {
                    _ = try await configMaps.create(configMap("probe", ["forbidden": "x"]), options: WriteOptions(dryRun: true))
                    return false
                } catch let error as KubeAPIError {
                    return error.message.contains("gizmo policy")
                }
            }

            // A denied create: the client sees the webhook's reason.
            let denial = await #expect(throws: KubeAPIError.self) {
                try await configMaps.create(configMap("denied", ["forbidden": "yes"]))
            }
            #expect(denial?.message.contains("gizmo policy: the key 'forbidden' is not allowed") == true)
            #expect(denial?.code == 403)
            await #expect(throws: KubeAPIError.self) { try await configMaps.get("denied") }

            // A defaulted field on create, with the fields the client sent kept.
            let created = try await configMaps.create(configMap("defaulted", ["locked": "one", "keep": "me"]))
            #expect(created.data == ["locked": "one", "keep": "me", "tier": "standard"])
            let explicit = try await configMaps.create(configMap("explicit", ["tier": "gold"]))
            #expect(explicit.data?["tier"] == "gold")

            // An update validated against the old object.
            var changed = created
            changed.data?["locked"] = "two"
            let immutability = await #expect(throws: KubeAPIError.self) { try await configMaps.update(changed) }
            #expect(immutability?.message.contains("data.locked is immutable (was one)") == true)
            var allowed = created
            allowed.data?["keep"] = "changed"
            let updated = try await configMaps.update(allowed)
            #expect(updated.data?["keep"] == "changed")
            #expect(try await configMaps.get("defaulted").data?["locked"] == "one")
        } catch {
            await cleanUp(client, configurations, namespace, running)
            throw error
        }
        await cleanUp(client, configurations, namespace, running)
    }

    static let validatingDescriptor = ResourceDescriptor(
        group: "admissionregistration.k8s.io", version: "v1", kind: "ValidatingWebhookConfiguration",
        plural: "validatingwebhookconfigurations", namespaced: false)
    static let mutatingDescriptor = ResourceDescriptor(
        group: "admissionregistration.k8s.io", version: "v1", kind: "MutatingWebhookConfiguration",
        plural: "mutatingwebhookconfigurations", namespaced: false)

    /// Registers both webhooks for config maps labelled with `nonce` (so no other test's objects
    /// reach them): the validating one speaks `v1`, the mutating one `v1beta1`.
    private func registerWebhooks(
        _ client: KubeClient, running: RunningWebhookServer, nonce: String
    ) async throws -> [(ResourceDescriptor, String)] {
        func webhook(_ name: String, _ path: String, reviewVersion: String) -> JSONValue {
            [
                "name": .string(name),
                "clientConfig": [
                    "url": .string(running.url(path)),
                    "caBundle": .string(Data(running.certificates.caBundle).base64EncodedString()),
                ],
                "rules": [["operations": ["CREATE", "UPDATE"], "apiGroups": [""], "apiVersions": ["v1"], "resources": ["configmaps"]]],
                "objectSelector": ["matchLabels": ["kinformer.dev/webhook-test": .string(nonce)]],
                "admissionReviewVersions": [.string(reviewVersion)],
                "sideEffects": "None",
                "failurePolicy": "Fail",
                "timeoutSeconds": 10,
            ]
        }
        let name = "kinformer-test-\(nonce)"
        let validating = DynamicObject(
            apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingWebhookConfiguration",
            metadata: ObjectMeta(name: name),
            content: ["webhooks": [webhook("validate.kinformer.dev", Self.validatePath, reviewVersion: "v1")]])
        let mutating = DynamicObject(
            apiVersion: "admissionregistration.k8s.io/v1", kind: "MutatingWebhookConfiguration",
            metadata: ObjectMeta(name: name),
            content: ["webhooks": [webhook("default.kinformer.dev", Self.defaultPath, reviewVersion: "v1beta1")]])
        _ = try await client.resource(Self.validatingDescriptor).create(validating)
        _ = try await client.resource(Self.mutatingDescriptor).create(mutating)
        return [(Self.validatingDescriptor, name), (Self.mutatingDescriptor, name)]
    }

    private func cleanUp(
        _ client: KubeClient, _ configurations: [(ResourceDescriptor, String)], _ namespace: String,
        _ running: RunningWebhookServer
    ) async {
        for (descriptor, name) in configurations { _ = try? await client.resource(descriptor).delete(name) }
        await Plane.deleteNamespace(client, namespace)
        try? await running.stop()
        try? await client.shutdown()
    }
}
