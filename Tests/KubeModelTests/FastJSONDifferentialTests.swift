import Foundation
import Testing
@testable import FastJSON
@testable import KubeModel

/// Loads a copied API fixture from the test bundle.
func fastJSONFixture(_ name: String) throws -> [UInt8] {
    let url = try #require(Bundle.module.url(forResource: "FastJSONFixtures/\(name)", withExtension: nil))
    return [UInt8](try Data(contentsOf: url))
}

/// Decodes with both decoders; both must succeed and agree.
func decodeBoth<T: Decodable & Equatable>(_ type: T.Type, _ bytes: [UInt8]) throws -> T {
    let reference = try JSONDecoder().decode(T.self, from: Data(bytes))
    let fast = try FastJSONDecoder().decode(T.self, from: bytes)
    #expect(fast == reference, "FastJSONDecoder and JSONDecoder disagree on \(T.self)")
    return fast
}

struct TestPodListShape: Codable, Equatable {
    var apiVersion: String?
    var kind: String?
    var metadata: ListMeta?
    var items: [TestPod]
}

@Suite("FastJSON differential: recorded fixtures")
struct FastJSONDifferentialTests {
    @Test("a running pod decodes as typed, dynamic, partial and free-form JSON exactly as Foundation does")
    func runningPod() throws {
        let bytes = try fastJSONFixture("pod-running.json")
        let pod = try decodeBoth(TestPod.self, bytes)
        #expect(pod.metadata?.name == "web-7d4b9c8f6d-x2x9q")
        #expect(pod.metadata?.annotations?["example.com/note"] == "snow ☃ and emoji 🚀, quotes \" and backslash \\ and tab\t")
        #expect(pod.spec?.containers?.count == 2)
        #expect(pod.status?.containerStatuses?.first?.lastState?.terminated?.exitCode == 137)
        let dynamic = try decodeBoth(DynamicObject.self, bytes)
        #expect(dynamic.kind == "Pod")
        #expect(dynamic["spec"]?["nodeName"] != nil)
        let partial = try decodeBoth(PartialObjectMetadata.self, bytes)
        #expect(partial.metadata.managedFields?.first?.manager == "curl")
        _ = try decodeBoth(JSONValue.self, bytes)
        _ = try decodeBoth(TestPodMetadataOnly.self, bytes)
    }

    @Test("the generated CoreV1.Pod and PodList decode exactly as Foundation decodes them")
    func generatedPod() throws {
        let pod = try decodeBoth(CoreV1.Pod.self, try fastJSONFixture("pod-running.json"))
        #expect(pod.spec?.containers.count == 2)
        #expect(pod.metadata.labels?["tier"] == "frontend")
        let list = try decodeBoth(ObjectList<CoreV1.Pod>.self, try fastJSONFixture("podlist-page.json"))
        #expect(list.items.count == 2)
    }

    @Test("the generated Deployment and Lease decode exactly as Foundation decodes them")
    func generatedOthers() throws {
        _ = try decodeBoth(AppsV1.Deployment.self, try fastJSONFixture("deployment.json"))
        _ = try decodeBoth(CoordinationV1.Lease.self, try fastJSONFixture("lease.json"))
    }

    @Test("a list page decodes as typed and generic lists like Foundation")
    func listPage() throws {
        let bytes = try fastJSONFixture("podlist-page.json")
        let list = try decodeBoth(TestPodListShape.self, bytes)
        #expect(list.items.count == 2)
        #expect(list.metadata?.remainingItemCount == 49998)
        let dynamic = try decodeBoth(ObjectList<DynamicObject>.self, bytes)
        #expect(dynamic.metadata.continue != nil)
        let partial = try decodeBoth(ObjectList<PartialObjectMetadata>.self, bytes)
        #expect(partial.items.map(\.name) == ["bench-000000", "bench-000001"])
    }

    @Test("free-form custom objects, CRDs, deployments, leases and statuses agree",
          arguments: ["widget.json", "crd-widgets.json", "deployment.json", "lease.json", "status-invalid-422.json"])
    func freeForm(name: String) throws {
        let bytes = try fastJSONFixture(name)
        let value = try decodeBoth(JSONValue.self, bytes)
        #expect(value.objectValue != nil)
        _ = try decodeBoth(DynamicObject.self, bytes)
        _ = try decodeBoth(PartialObjectMetadata.self, bytes)
    }

    @Test("the widget's numbers keep their kinds")
    func widgetNumbers() throws {
        let value = try decodeBoth(JSONValue.self, try fastJSONFixture("widget.json"))
        #expect(value["spec"]?["config"]?["nested"]?["deep"] == [1, 2.5, -300, true, nil, "x"])
        #expect(value["spec"]?["config"]?["empty"] == .object([:]))
    }

    @Test("a Status decodes into the shared Status type like Foundation")
    func status() throws {
        let status = try decodeBoth(Status.self, try fastJSONFixture("status-invalid-422.json"))
        #expect(status.code == 422)
    }

    @Test("watch lines decode like Foundation decodes them",
          arguments: ["watch-configmaps.jsonl", "watch-error-410.jsonl"])
    func watchLines(name: String) throws {
        struct Event: Decodable { var type: String; var object: DynamicObject }
        let bytes = try fastJSONFixture(name)
        let lines = bytes.split(separator: UInt8(ascii: "\n")).map { [UInt8]($0) }
        #expect(!lines.isEmpty)
        for line in lines {
            let reference = try JSONDecoder().decode(Event.self, from: Data(line))
            let event = try FastJSONDecoder().decode(Event.self, from: line)
            #expect(event.type == reference.type)
            #expect(event.object == reference.object)
        }
    }
}

/// Only metadata, through the synthesised (not fast-path) route.
struct TestPodMetadataOnly: Codable, Equatable {
    var metadata: ObjectMeta
}
