import Foundation
import KinformerTestSupport
import KubeClient
import Testing

@testable import KubeModel

/// On the real kube-apiserver: every object and list fetched as protobuf decodes to the same
/// value as the same object fetched as JSON (with and without interning).
@Suite(.serialized) struct ProtobufDifferentialTests {
    static let json = "application/json"

    static func fixture<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
        return try KubeJSON.decode(T.self, from: try Data(contentsOf: url))
    }

    static func path(_ r: ResourceDescriptor, namespace: String?, name: String? = nil) -> String {
        var p = r.group.isEmpty ? "/api/\(r.version)" : "/apis/\(r.group)/\(r.version)"
        if let namespace, r.namespaced { p += "/namespaces/\(namespace)" }
        p += "/\(r.plural)"
        if let name { p += "/\(name)" }
        return p
    }

    static func decodeProtobuf<T: ProtobufDecodable>(
        _ type: T.Type, _ body: [UInt8], interner: StringInterner? = nil
    ) throws -> T {
        try body.withUnsafeBytes { b in try KubeProtobuf.decode(T.self, envelope: b, interner: interner) }
    }

    /// Fetches `path` in both encodings and checks the decodes agree.
    @discardableResult
    static func compare<T: Decodable & ProtobufDecodable & Equatable>(
        _ type: T.Type, _ client: KubeClient, _ path: String, query: [(String, String)] = [],
        as asKind: String? = nil, normalize: (inout T) -> Void = { _ in }
    ) async throws -> T {
        let suffix = asKind.map { ";as=\($0);g=meta.k8s.io;v=v1" } ?? ""
        let pb = try await client.raw(path: path, query: query, accept: KubeProtobuf.contentType + suffix)
        let js = try await client.raw(path: path, query: query, accept: json + suffix)
        #expect(pb.contentType.hasPrefix(KubeProtobuf.contentType), "\(path): answered \(pb.contentType)")
        var fromJSON = try KubeJSON.decode(T.self, from: js.body)
        var fromProtobuf = try decodeProtobuf(T.self, pb.body)
        var interned = try decodeProtobuf(T.self, pb.body, interner: StringInterner(capacity: 1024))
        normalize(&fromJSON)
        normalize(&fromProtobuf)
        normalize(&interned)
        #expect(fromProtobuf == fromJSON, "\(path) (\(T.self))")
        #expect(interned == fromJSON, "\(path) (\(T.self), interned)")
        return fromProtobuf
    }

    /// A list's resourceVersion moves with every write anywhere: not part of the comparison.
    static func listRV<Item>(_ list: inout ObjectList<Item>) { list.metadata.resourceVersion = nil }

    /// The object and a one-item list of it (selected by name, so other tests' writes do not interfere).
    static func compareObjectAndList<T: KubernetesResource & ProtobufDecodable & Equatable>(
        _ type: T.Type, _ client: KubeClient, namespace: String?, name: String
    ) async throws {
        let r = T.resource
        try await compare(T.self, client, path(r, namespace: namespace, name: name))
        let list = try await compare(
            ObjectList<T>.self, client, path(r, namespace: namespace), query: [("fieldSelector", "metadata.name=\(name)")],
            normalize: listRV)
        #expect(list.items.count == 1)
    }

    /// Clears what the server sets, so a fixture can be created again.
    static func fresh(_ meta: ObjectMeta, namespace: String?) -> ObjectMeta {
        ObjectMeta(name: meta.name, namespace: namespace, labels: meta.labels, annotations: meta.annotations,
                   ownerReferences: meta.ownerReferences, finalizers: nil)
    }

    /// Runs `body` with a client and a fresh namespace, both cleaned up whatever happens.
    static func withNamespace(_ prefix: String, _ body: (KubeClient, String) async throws -> Void) async throws {
        let client = try await Plane.client()
        do {
            let ns = try await Plane.namespace(client, prefix: prefix)
            do {
                try await body(client, ns)
            } catch {
                await Plane.deleteNamespace(client, ns)
                throw error
            }
            await Plane.deleteNamespace(client, ns)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    @Test func fixturesAndCoreTypesOnTheRealServer() async throws {
        try await Self.withNamespace("pbdiff") { client, ns in try await Self.fixturesAndCoreTypes(client, ns) }
    }

    static func fixturesAndCoreTypes(_ client: KubeClient, _ ns: String) async throws {

        // Fixtures: a running pod (status written through the status subresource), a deployment, a lease.
        let podFixture = try Self.fixture(CoreV1.Pod.self, "pod-running")
        var pod = podFixture
        pod.metadata = Self.fresh(pod.metadata, namespace: ns)
        pod.status = nil
        var created = try await client.resource(CoreV1.Pod.self, namespace: ns).create(pod)
        created.status = podFixture.status
        _ = try await client.resource(CoreV1.Pod.self, namespace: ns).updateStatus(created)
        try await Self.compareObjectAndList(CoreV1.Pod.self, client, namespace: ns, name: created.name)

        var deployment = try Self.fixture(AppsV1.Deployment.self, "deployment")
        deployment.metadata = Self.fresh(deployment.metadata, namespace: ns)
        deployment.status = nil
        _ = try await client.resource(AppsV1.Deployment.self, namespace: ns).create(deployment)
        try await Self.compareObjectAndList(AppsV1.Deployment.self, client, namespace: ns, name: deployment.name)

        var lease = try Self.fixture(CoordinationV1.Lease.self, "lease")
        lease.metadata = Self.fresh(lease.metadata, namespace: ns)
        _ = try await client.resource(CoordinationV1.Lease.self, namespace: ns).create(lease)
        try await Self.compareObjectAndList(CoordinationV1.Lease.self, client, namespace: ns, name: lease.name)

        // ConfigMap with text and binary data, Secret with binary data.
        let binary = Data([0, 1, 2, 254, 255] + Array("kinformer".utf8)).base64EncodedString()
        _ = try await client.resource(CoreV1.ConfigMap.self, namespace: ns).create(CoreV1.ConfigMap(
            metadata: ObjectMeta(name: "cm", labels: ["app.kubernetes.io/name": "protobuf-differential-test"]),
            binaryData: ["blob": binary], data: ["a": "1", "empty": ""]))
        try await Self.compareObjectAndList(CoreV1.ConfigMap.self, client, namespace: ns, name: "cm")
        _ = try await client.resource(CoreV1.Secret.self, namespace: ns).create(CoreV1.Secret(
            metadata: ObjectMeta(name: "secret"), data: ["key": binary, "none": ""], type: "Opaque"))
        try await Self.compareObjectAndList(CoreV1.Secret.self, client, namespace: ns, name: "secret")

        // Service: int and named target ports.
        _ = try await client.resource(CoreV1.Service.self, namespace: ns).create(CoreV1.Service(
            metadata: ObjectMeta(name: "svc"),
            spec: CoreV1.ServiceSpec(
                ports: [CoreV1.ServicePort(name: "http", port: 80, targetPort: .int(8080)),
                        CoreV1.ServicePort(name: "metrics", port: 9090, targetPort: .string("metrics"))],
                selector: ["app": "web"])))
        try await Self.compareObjectAndList(CoreV1.Service.self, client, namespace: ns, name: "svc")

        // Events: core/v1 (Time fields) and events.k8s.io/v1 (MicroTime eventTime). (A core event read
        // through events.k8s.io/v1 has a null eventTime, which the JSON model cannot hold either.)
        let now = Time(secondsSinceEpoch: Int64(Date().timeIntervalSince1970))
        _ = try await client.resource(CoreV1.Event.self, namespace: ns).create(CoreV1.Event(
            metadata: ObjectMeta(name: "ev"), count: 3, firstTimestamp: now,
            involvedObject: CoreV1.ObjectReference(kind: "Pod", name: created.name, namespace: ns),
            lastTimestamp: now, message: "pulled", reason: "Pulled", source: CoreV1.EventSource(component: "kubelet"),
            type: "Normal"))
        try await Self.compareObjectAndList(CoreV1.Event.self, client, namespace: ns, name: "ev")
        _ = try await client.resource(EventsV1.Event.self, namespace: ns).create(EventsV1.Event(
            metadata: ObjectMeta(name: "ev2"), action: "Scheduled",
            eventTime: MicroTime(microsecondsSinceEpoch: now.secondsSinceEpoch * 1_000_000 + 123_456),
            reason: "Scheduled", regarding: CoreV1.ObjectReference(kind: "Pod", name: created.name, namespace: ns),
            reportingController: "example.com/scheduler", reportingInstance: "scheduler-1", type: "Normal"))
        try await Self.compareObjectAndList(EventsV1.Event.self, client, namespace: ns, name: "ev2")

        // Cluster-scoped: the namespace itself and a node.
        try await Self.compareObjectAndList(CoreV1.Namespace.self, client, namespace: nil, name: ns)
        let nodeName = "pbdiff-" + ns.suffix(8)
        var node = try await client.resource(CoreV1.Node.self).create(CoreV1.Node(
            metadata: ObjectMeta(name: nodeName, labels: ["kubernetes.io/hostname": nodeName]),
            spec: CoreV1.NodeSpec(podCIDR: "10.244.1.0/24", taints: [CoreV1.Taint(effect: "NoSchedule", key: "example.com/x")])))
        node.status = CoreV1.NodeStatus(
            addresses: [CoreV1.NodeAddress(address: "10.0.0.5", type: "InternalIP")],
            allocatable: ["cpu": try Quantity("3800m"), "memory": try Quantity("15Gi"), "pods": try Quantity("110")],
            capacity: ["cpu": try Quantity("4"), "memory": try Quantity("16Gi"), "pods": try Quantity("110")],
            conditions: [CoreV1.NodeCondition(lastHeartbeatTime: now, lastTransitionTime: now, message: "ok",
                                              reason: "KubeletReady", status: "True", type: "Ready")])
        _ = try await client.resource(CoreV1.Node.self).updateStatus(node)
        try await Self.compareObjectAndList(CoreV1.Node.self, client, namespace: nil, name: nodeName)
        _ = try? await client.resource(CoreV1.Node.self).delete(nodeName)

        // Metadata only (the meta.k8s.io/v1 PartialObjectMetadata transformation).
        let podPath = Self.path(CoreV1.Pod.resource, namespace: ns, name: created.name)
        let partial = try await Self.compare(PartialObjectMetadata.self, client, podPath, as: "PartialObjectMetadata")
        #expect(partial.kind == "PartialObjectMetadata")
        #expect(partial.metadata.managedFields?.isEmpty == false)
        let partialList = try await Self.compare(
            ObjectList<PartialObjectMetadata>.self, client, Self.path(CoreV1.Pod.resource, namespace: ns),
            as: "PartialObjectMetadataList", normalize: Self.listRV)
        #expect(partialList.kind == "PartialObjectMetadataList")
        #expect(partialList.items.map(\.name) == [created.name])

        // A Status: deleting a config map answers one (HTTP 200), in the encoding asked for.
        for name in ["gone-pb", "gone-json"] {
            _ = try await client.resource(CoreV1.ConfigMap.self, namespace: ns).create(CoreV1.ConfigMap(metadata: ObjectMeta(name: name)))
        }
        let cmPath = Self.path(CoreV1.ConfigMap.resource, namespace: ns)
        let pbDelete = try await client.raw("DELETE", path: cmPath + "/gone-pb", accept: KubeProtobuf.contentType)
        let jsDelete = try await client.raw("DELETE", path: cmPath + "/gone-json", accept: Self.json)
        var pbStatus = try Self.decodeProtobuf(Status.self, pbDelete.body)
        var jsStatus = try KubeJSON.decode(Status.self, from: jsDelete.body)
        #expect(pbStatus.kind == "Status")
        #expect(pbStatus.details?.name == "gone-pb")
        pbStatus.details?.name = nil
        pbStatus.details?.uid = nil
        jsStatus.details?.name = nil
        jsStatus.details?.uid = nil
        #expect(pbStatus == jsStatus)
    }

    @Test func watchOverProtobufOnTheRealServer() async throws {
        try await Self.withNamespace("pbwatch") { client, ns in try await Self.watch(client, ns) }
    }

    static func watch(_ client: KubeClient, _ ns: String) async throws {
        for name in ["one", "two"] {
            _ = try await client.resource(CoreV1.ConfigMap.self, namespace: ns).create(CoreV1.ConfigMap(
                metadata: ObjectMeta(name: name, annotations: ["note": String(repeating: name, count: 10)]), data: ["k": name]))
        }
        // Without a resourceVersion the watch starts with ADDED for what exists; the server ends it after 1 s.
        let path = Self.path(CoreV1.ConfigMap.resource, namespace: ns)
        let stream = try await client.raw(
            path: path, query: [("watch", "1"), ("timeoutSeconds", "1")], accept: KubeProtobuf.contentType + ";stream=watch")
        #expect(stream.contentType == KubeProtobuf.contentType + ";stream=watch")
        // Frames: a 4-byte big-endian length, then a metav1.WatchEvent whose object raw is a whole envelope.
        var offset = 0
        var seen: [String: CoreV1.ConfigMap] = [:]
        try stream.body.withUnsafeBytes { body in
            while offset < body.count {
                try #require(body.count - offset >= 4)
                let length = body[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
                let frame = UnsafeRawBufferPointer(rebasing: body[offset + 4..<offset + 4 + length])
                let (type, object) = try KubeProtobuf.watchEvent(frame)
                #expect(type == "ADDED")
                let cm = try KubeProtobuf.decode(CoreV1.ConfigMap.self, envelope: UnsafeRawBufferPointer(rebasing: frame[object]))
                seen[cm.name] = cm
                offset += 4 + length
            }
        }
        #expect(Set(seen.keys) == ["one", "two"])
        for (name, cm) in seen {
            let js = try await client.raw(path: path + "/" + name, accept: Self.json)
            #expect(cm == (try KubeJSON.decode(CoreV1.ConfigMap.self, from: js.body)))
        }
    }
}
