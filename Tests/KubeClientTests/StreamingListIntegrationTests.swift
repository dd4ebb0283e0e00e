import KinformerTestSupport
import KubeModel
import NIOCore
import Testing

@testable import KubeClient

/// The streaming list decode and the protobuf wire format against the real kube-apiserver.
@Suite struct StreamingListIntegrationTests {
    static let protobuf = "application/vnd.kubernetes.protobuf"

    /// ConfigMaps whose data stress the scanner (brackets, quotes, escapes, a large value).
    static func populate(_ client: KubeClient, _ ns: String) async throws {
        let cms = client.resource(CoreV1.ConfigMap.self, namespace: ns)
        for i in 0..<30 {
            var meta = ObjectMeta()
            meta.name = "cm-\(i)"
            meta.labels = ["i": "\(i)"]
            var data = ["brackets": "]}[{\"\\", "unicode": "é😀\u{1}", "n": "\(i)"]
            if i == 17 { data["large"] = String(repeating: "[\"x\\]", count: 50_000) }
            _ = try await cms.create(CoreV1.ConfigMap(metadata: meta, data: data))
        }
    }

    @Test func listsEqualTheWholeBodyDecode() async throws {
        let client = try await Plane.client()
        defer { Task { try await client.shutdown() } }
        let ns = try await Plane.namespace(client)
        try await Self.populate(client, ns)

        let path = ResourceDescriptor(group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", namespaced: true)
            .path(namespace: ns)
        let whole = try await client.transport.send(KubeRequest(path: path)).decode(ObjectList<CoreV1.ConfigMap>.self)
        let streamed = try await client.resource(CoreV1.ConfigMap.self, namespace: ns).list()
        #expect(streamed.items.count == 30)
        #expect(streamed.items == whole.items)
        #expect(streamed.kind == "ConfigMapList" && streamed.apiVersion == "v1")
        // Listed after the whole-body list while other tests write: at least as recent.
        #expect((Int(streamed.metadata.resourceVersion ?? "") ?? 0) >= (Int(whole.metadata.resourceVersion ?? "") ?? .max))
        #expect(streamed.items.first { $0.metadata.name == "cm-17" }?.data?["large"]?.count == 250_000)

        let dynamic = try await client.resource(ConfigMap.resource, namespace: ns).list()
        let dynamicWhole = try await client.transport.send(KubeRequest(path: path)).decode(ObjectList<DynamicObject>.self)
        #expect(dynamic.items == dynamicWhole.items)

        let paged = try await client.resource(CoreV1.ConfigMap.self, namespace: ns).listAll(pageSize: 7)
        #expect(paged.items == whole.items)

        let meta = try await client.metadata(ConfigMap.resource, namespace: ns).list()
        #expect(meta.kind == "PartialObjectMetadataList")
        #expect(meta.items.map(\.metadata.name) == whole.items.map(\.metadata.name))

        // Other tests write pods meanwhile: the whole-body list reads the same snapshot.
        let pods = try await client.resource(CoreV1.Pod.self).list()
        let snapshot = try #require(pods.metadata.resourceVersion)
        let podsWhole = try await client.transport.send(KubeRequest(
            path: "/api/v1/pods", query: [("resourceVersion", snapshot), ("resourceVersionMatch", "Exact")]
        )).decode(ObjectList<CoreV1.Pod>.self)
        #expect(pods.items == podsWhole.items)
    }

    @Test func protobufListWireFormat() async throws {
        let client = try await Plane.client()
        defer { Task { try await client.shutdown() } }
        let ns = try await Plane.namespace(client)
        try await Self.populate(client, ns)
        let json = try await client.resource(CoreV1.ConfigMap.self, namespace: ns).list()

        var request = KubeRequest(path: "/api/v1/namespaces/\(ns)/configmaps")
        request.accept = Self.protobuf
        let response = try await client.transport.send(request)
        #expect(response.headers.first(name: "Content-Type") == Self.protobuf)
        let body = response.bytes
        #expect(Array(body.prefix(4)) == ProtobufListItemScanner.magic)

        var rng = SeededGenerator(seed: 16)
        for cuts in [[], Array(stride(from: 1, to: body.count, by: 997)), randomCuts(body.count, &rng)] {
            let parts = try scanProtobuf(body, cuts: cuts, maxMessageLength: 1 << 24).get()
            #expect(parts.first == .typeMeta("v1", "ConfigMapList"))
            var names: [String] = []
            var resourceVersion: String?
            for part in parts {
                switch part {
                case .listMeta(let bytes):
                    resourceVersion = Self.stringField(2, in: bytes)
                case .item(_, let bytes):
                    // ConfigMap.metadata (1) → ObjectMeta.name (1).
                    names.append(Self.messageField(1, in: bytes).flatMap { Self.stringField(1, in: $0) } ?? "?")
                case .typeMeta: break
                }
            }
            #expect(names == json.items.map { $0.metadata.name ?? "" })
            // Listed after the JSON list (other tests write meanwhile): at least as recent.
            #expect((Int(resourceVersion ?? "") ?? 0) >= (Int(json.metadata.resourceVersion ?? "") ?? .max))
        }
    }

    @Test func protobufWatchFramesAreBareWatchEventsWithEnvelopedObjects() async throws {
        let client = try await Plane.client()
        defer { Task { try await client.shutdown() } }
        let ns = try await Plane.namespace(client)
        try await Self.populate(client, ns)

        var request = KubeRequest(
            path: "/api/v1/namespaces/\(ns)/configmaps", query: [("watch", "1"), ("resourceVersion", "0")])
        request.accept = Self.protobuf + ";stream=watch"
        let response = try await client.transport.stream(request)
        #expect(response.headers.first(name: "Content-Type") == Self.protobuf + ";stream=watch")

        var decoder = WatchFrameDecoder()
        var frames: [[UInt8]] = []
        for try await chunk in response.body {
            decoder.append(chunk.readableBytesView)
            while let frame = try decoder.nextFrame() { frames.append(Array(frame.bytes)) }
            if frames.count >= 30 { break }
        }
        #expect(frames.count == 30)
        var names: Set<String> = []
        for frame in frames {
            // WatchEvent: type (1), object (2: RawExtension, whose raw (1) is the enveloped object).
            #expect(Self.stringField(1, in: frame) == "ADDED")
            let raw = Self.messageField(2, in: frame).flatMap { Self.messageField(1, in: $0) } ?? []
            #expect(Array(raw.prefix(4)) == ProtobufListItemScanner.magic)
            let unknown = Array(raw.dropFirst(4))
            let typeMeta = Self.messageField(1, in: unknown) ?? []
            #expect(Self.stringField(2, in: typeMeta) == "ConfigMap")
            let object = Self.messageField(2, in: unknown) ?? []
            names.insert(Self.messageField(1, in: object).flatMap { Self.stringField(1, in: $0) } ?? "?")
        }
        #expect(names == Set((0..<30).map { "cm-\($0)" }))
    }

    // MARK: Wire helpers

    /// The first length-delimited field `number` of a message.
    static func messageField(_ number: UInt64, in message: [UInt8]) -> [UInt8]? {
        message.withUnsafeBytes { raw -> [UInt8]? in
            var reader = ProtobufReader(raw)
            do {
                while let field = try reader.next() {
                    if UInt64(field) == number { return Array(reader.buffer(try reader.lengthDelimited())) }
                    try reader.skip()
                }
            } catch {
                return nil
            }
            return nil
        }
    }

    static func stringField(_ number: UInt64, in message: [UInt8]) -> String? {
        messageField(number, in: message).map { String(decoding: $0, as: UTF8.self) }
    }
}
