import Foundation
import Testing
import KubeModel

@Suite struct FixtureTests {
    static func fixture(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
        return try Data(contentsOf: url)
    }

    /// Decodes a fixture as `T`, re-encodes it and checks the JSON is semantically unchanged.
    @discardableResult
    static func roundTrip<T: Codable>(_ type: T.Type, _ name: String) throws -> T {
        let data = try fixture(name)
        let value = try JSONDecoder().decode(T.self, from: data)
        let again = try JSONEncoder().encode(value)
        let difference = JSONSemantics.difference(try JSONSemantics.parse(data), try JSONSemantics.parse(again))
        #expect(difference == nil, "\(name): \(difference ?? "")")
        // Decoding the re-encoded JSON gives the same JSON again (idempotent).
        let third = try JSONEncoder().encode(try JSONDecoder().decode(T.self, from: again))
        #expect(JSONSemantics.difference(try JSONSemantics.parse(again), try JSONSemantics.parse(third)) == nil)
        return value
    }

    @Test func pod() throws {
        let pod = try Self.roundTrip(CoreV1.Pod.self, "pod-running")
        #expect(pod.kind == "Pod")
        #expect(pod.metadata.name?.isEmpty == false)
        #expect(pod.spec?.containers.isEmpty == false)
        #expect(pod.status?.phase == "Running")
        #expect(CoreV1.Pod.resource.path(namespace: "ns", name: "p") == "/api/v1/namespaces/ns/pods/p")
        #expect(CoreV1.Pod.resource.namespaced)
        #expect(pod.metadata.managedFields?.isEmpty == false)
    }

    @Test func deployment() throws {
        let d = try Self.roundTrip(AppsV1.Deployment.self, "deployment")
        #expect(d.apiVersion == "apps/v1")
        #expect(AppsV1.Deployment.resource == ResourceDescriptor(
            group: "apps", version: "v1", kind: "Deployment", plural: "deployments", namespaced: true))
        let selector = try Selector(try #require(d.spec?.selector))
        #expect(selector.matches(d.spec?.template.metadata?.labels ?? [:]))
        #expect(d.spec?.strategy?.rollingUpdate?.maxSurge != nil)
    }

    @Test func lease() throws {
        let lease = try Self.roundTrip(CoordinationV1.Lease.self, "lease")
        #expect(lease.spec?.renewTime != nil)
        #expect(lease.spec?.holderIdentity?.isEmpty == false)
        #expect(CoordinationV1.Lease.resource.plural == "leases")
    }

    @Test func customResourceDefinition() throws {
        let crd = try Self.roundTrip(ApiextensionsV1.CustomResourceDefinition.self, "crd-widgets")
        #expect(crd.spec.names.plural == "widgets")
        #expect(crd.spec.versions.first?.schema?.openAPIV3Schema != nil)
        #expect(ApiextensionsV1.CustomResourceDefinition.resource.namespaced == false)
        #expect(ApiextensionsV1.CustomResourceDefinition.resource.apiVersion == "apiextensions.k8s.io/v1")
    }

    @Test func status() throws {
        let status = try Self.roundTrip(Status.self, "status-invalid-422")
        #expect(status.code == 422)
        #expect(status.reason == "Invalid")
        #expect(status.details?.causes?.isEmpty == false)
    }

    @Test func podListPage() throws {
        let list = try Self.roundTrip(ObjectList<CoreV1.Pod>.self, "podlist-page")
        #expect(list.items.count == 2)
        #expect(list.metadata.continue?.isEmpty == false)
        #expect(list.metadata.remainingItemCount != nil)
        #expect(list.items.allSatisfy { !$0.name.isEmpty })
    }

    @Test func dynamicWidget() throws {
        let w = try Self.roundTrip(DynamicObject.self, "widget")
        #expect(w.kind == "Widget")
        #expect(w["spec"]?["color"]?.stringValue == "blue")
        #expect(w["spec"]?["config"]?["empty"] == .object([:]))
    }

    @Test func missingMetadataDecodesEmpty() throws {
        let pod = try JSONDecoder().decode(CoreV1.Pod.self, from: Data(#"{"kind":"Pod"}"#.utf8))
        #expect(pod.metadata == ObjectMeta())
        #expect(CoreV1.Pod().apiVersion == "v1")
        #expect(CoreV1.Pod().kind == "Pod")
    }
}
