import KubeModel
import KubeTesting
import Testing

@testable import KubeClient

/// What typed, dynamic and JSON-configured clients ask for, and that every read decodes what the
/// server answers — on the real kube-apiserver (protobuf) and the in-process server (JSON only).
@Suite struct WireFormatNegotiationTests {
    static let configMaps = ResourceDescriptor(
        group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", namespaced: true)

    static func jsonClient() async throws -> KubeClient {
        let protobuf = try await Plane.client()
        var configuration = protobuf.configuration
        try await protobuf.shutdown()
        configuration.wireFormat = .json
        return try KubeClient(configuration: configuration)
    }

    @Test func typedReadsUseProtobufAndEqualJSONReads() async throws {
        let client = try await Plane.client()
        let json = try await Self.jsonClient()
        let ns = try await Plane.namespace(client)
        defer {
            Task {
                _ = try? await client.resource(CoreV1.Namespace.self).delete(ns)
                try await client.shutdown()
                try await json.shutdown()
            }
        }
        let typed = client.resource(CoreV1.ConfigMap.self, namespace: ns)
        #expect(typed.accept(list: true).hasPrefix(KubeProtobuf.contentType))
        #expect(typed.watchAccept.hasPrefix(KubeProtobuf.contentType + ";stream=watch"))
        #expect(json.resource(CoreV1.ConfigMap.self, namespace: ns).accept(list: true) == "application/json")
        #expect(client.resource(Self.configMaps, as: DynamicObject.self, namespace: ns).accept(list: true) == "application/json")

        var created: [CoreV1.ConfigMap] = []
        for i in 0..<5 {
            let cm = CoreV1.ConfigMap(
                metadata: ObjectMeta(name: "cm-\(i)", labels: ["app.kubernetes.io/name": "wire-format-test"]),
                data: ["key": "value \(i)", "empty": ""])
            created.append(try await typed.create(cm))
        }
        let jsonTyped = json.resource(CoreV1.ConfigMap.self, namespace: ns)
        #expect(try await typed.get("cm-3") == (try await jsonTyped.get("cm-3")))
        let listed = try await typed.list()
        #expect(listed.items == (try await jsonTyped.list()).items)
        #expect(listed.items.map { $0.metadata.uid } == created.map { $0.metadata.uid })

        // The watch is protobuf frames, and its events equal the JSON watch's.
        var options = WatchOptions()
        options.resourceVersion = created[0].metadata.resourceVersion
        let (contentType, _) = try await typed.rawWatch(options)
        #expect(contentType.hasPrefix(KubeProtobuf.contentType) && contentType.contains("stream=watch"))
        var protobufEvents: [String] = []
        for try await event in try await typed.watch(options) {
            protobufEvents.append(event.object?.name ?? "?")
            if protobufEvents.count == 4 { break }
        }
        var jsonEvents: [String] = []
        for try await event in try await jsonTyped.watch(options) {
            jsonEvents.append(event.object?.name ?? "?")
            if jsonEvents.count == 4 { break }
        }
        #expect(protobufEvents == ["cm-1", "cm-2", "cm-3", "cm-4"])
        #expect(protobufEvents == jsonEvents)
    }

    /// A protobuf request's error comes back as a protobuf Status: the same KubeAPIError as JSON's.
    @Test func protobufStatusErrorsReadLikeJSONOnes() async throws {
        let client = try await Plane.client()
        let json = try await Self.jsonClient()
        defer {
            Task {
                try await client.shutdown()
                try await json.shutdown()
            }
        }
        func notFound(_ c: KubeClient) async -> KubeAPIError? {
            do {
                _ = try await c.resource(CoreV1.ConfigMap.self, namespace: "default").get("no-such-config-map")
                return nil
            } catch {
                return error as? KubeAPIError
            }
        }
        let viaProtobuf = try #require(await notFound(client))
        let viaJSON = try #require(await notFound(json))
        #expect(viaProtobuf.isNotFound)
        #expect(viaProtobuf.message == viaJSON.message)
        #expect(viaProtobuf.message.contains("no-such-config-map"))
    }

    /// The in-process server answers JSON whatever is asked: a protobuf-preferring client reads it.
    @Test func jsonAnswersToProtobufRequestsAreDecoded() async throws {
        try await withInProcessConfigMaps { _, configMaps in
            #expect(configMaps.accept(list: false).hasPrefix(KubeProtobuf.contentType))
            _ = try await configMaps.create(CoreV1.ConfigMap(metadata: ObjectMeta(name: "a"), data: ["k": "v"]))
            #expect(try await configMaps.get("a").data == ["k": "v"])
            #expect(try await configMaps.list().items.map { $0.name } == ["a"])
            var options = WatchOptions()
            options.resourceVersion = "0"
            for try await event in try await configMaps.watch(options) {
                #expect(event.object?.name == "a")
                break
            }
        }
    }
}
