import Foundation
import KubeModel
import KubeTesting
import Testing

@testable import KubeClient

/// The real control plane shared by the test process (`ControlPlane.shared()`: the one
/// `scripts/test` started, or one started here). Tests FAIL when it cannot start.
enum Plane {
    enum Credentials { case adminToken, adminCert, restricted }

    static func client(_ credentials: Credentials = .adminToken, qps: Double = 0, plane: ControlPlane? = nil)
        async throws -> KubeClient
    {
        let resolved: ControlPlane
        if let plane { resolved = plane } else { resolved = try await ControlPlane.shared() }
        let path: String
        switch credentials {
        case .adminToken: path = resolved.adminTokenKubeconfig
        case .adminCert: path = resolved.adminCertKubeconfig
        case .restricted: path = resolved.restrictedKubeconfig
        }
        var conf = try ClientConfiguration(kubeConfig: KubeConfig.load(paths: [path]))
        conf.rateLimit = qps == 0 ? .unlimited : .init(qps: qps, burst: 10)
        return try KubeClient(configuration: conf)
    }

    /// A fresh namespace for one test.
    static func namespace(_ client: KubeClient) async throws -> String {
        let name = "kc-" + UUID().uuidString.prefix(8).lowercased()
        let namespaces = ResourceDescriptor(group: "", version: "v1", kind: "Namespace", plural: "namespaces", namespaced: false)
        _ = try await client.resource(namespaces).create(DynamicObject(metadata: ObjectMeta(name: name)))
        return name
    }
}

/// A test-local typed ConfigMap.
struct ConfigMap: KubernetesResource, Equatable {
    static let resource = ResourceDescriptor(
        group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", namespaced: true, shortNames: ["cm"])
    var apiVersion: String? = "v1"
    var kind: String? = "ConfigMap"
    var metadata: ObjectMeta
    var data: [String: String]?
}

@Suite
struct ControlPlaneIntegrationTests {
    @Test func discovery() async throws {
        let client = try await Plane.client()
        defer { Task { try await client.shutdown() } }
        let version = try await client.discovery.version()
        #expect(version.gitVersion.hasPrefix("v1.20"))
        let catalog = try await client.discovery.catalog()
        #expect(catalog.lookup("cm")?.plural == "configmaps")
        #expect(catalog.lookup("deploy")?.group == "apps")
        #expect(catalog.lookup("leases.coordination.k8s.io")?.kind == "Lease")
    }

    @Test func typedVerbs() async throws {
        let client = try await Plane.client()
        defer { Task { try await client.shutdown() } }
        let ns = try await Plane.namespace(client)
        let cms = client.resource(ConfigMap.self, namespace: ns)

        var cm = try await cms.create(ConfigMap(metadata: ObjectMeta(name: "a", labels: ["t": "x"]), data: ["k": "v1"]))
        #expect(cm.metadata.uid != nil && cm.data == ["k": "v1"])
        let dup = await #expect(throws: KubeAPIError.self) { try await cms.create(ConfigMap(metadata: ObjectMeta(name: "a"))) }
        #expect(dup?.isAlreadyExists == true && dup?.code == 409)

        let stale = cm
        cm.data = ["k": "v2"]
        cm = try await cms.update(cm)
        #expect(try await cms.get("a").data == ["k": "v2"])
        let conflict = await #expect(throws: KubeAPIError.self) { try await cms.update(stale) }
        #expect(conflict?.isConflict == true)

        cm = try await cms.patch("a", .merge(["data": ["m": "merge"]]))
        #expect(cm.data?["m"] == "merge")
        cm = try await cms.patch("a", .json([["op": "add", "path": "/data/j", "value": "json"]]))
        #expect(cm.data?["j"] == "json")
        cm = try await cms.patch("a", .strategicMerge(["metadata": ["labels": ["s": "smp"]]]))
        #expect(cm.metadata.labels?["s"] == "smp")
        cm = try await cms.apply(
            ConfigMap(metadata: ObjectMeta(name: "a"), data: ["applied": "yes"]), fieldManager: "kinformer-test", force: true)
        #expect(cm.data?["applied"] == "yes")
        #expect(cm.metadata.managedFields?.contains { $0.manager == "kinformer-test" } == true)

        let wrongUID = await #expect(throws: KubeAPIError.self) {
            try await cms.delete("a", options: DeleteOptions(preconditions: .init(uid: "not-the-uid")))
        }
        #expect(wrongUID?.isConflict == true)
        let deleted = try await cms.delete("a", options: DeleteOptions(gracePeriodSeconds: 0, preconditions: .init(uid: cm.metadata.uid)))
        #expect(deleted.object?.name == "a" || deleted.object == nil)
        let missing = await #expect(throws: KubeAPIError.self) { try await cms.get("a") }
        #expect(missing?.isNotFound == true)
        #expect(missing?.message.contains("\"a\" not found") == true)
    }

    @Test func dynamicObjectsPaginationMetadataAndDeleteCollection() async throws {
        let client = try await Plane.client()
        defer { Task { try await client.shutdown() } }
        let ns = try await Plane.namespace(client)
        let dyn = client.resource(ConfigMap.resource, namespace: ns)
        for i in 0..<7 {
            var o = DynamicObject(metadata: ObjectMeta(name: "d\(i)", labels: ["batch": "1"]))
            o["data"] = ["i": .string("\(i)")]
            _ = try await dyn.create(o)
        }
        let got = try await dyn.get("d3")
        #expect(got["data"]?["i"]?.stringValue == "3" && got.kind == "ConfigMap")

        var pageCount = 0
        for try await page in dyn.pages(ListOptions(labelSelector: "batch=1"), pageSize: 3) {
            pageCount += 1
            #expect(page.list.items.count <= 3)
        }
        #expect(pageCount == 3)
        let all = try await dyn.listAll(ListOptions(labelSelector: "batch=1"), pageSize: 3)
        #expect(all.items.map(\.name).sorted() == (0..<7).map { "d\($0)" })
        #expect(!(all.metadata.resourceVersion ?? "").isEmpty)

        let meta = try await client.metadata(ConfigMap.resource, namespace: ns).list(ListOptions(labelSelector: "batch=1"))
        #expect(meta.items.count == 7)
        #expect(meta.kind == "PartialObjectMetadataList")

        _ = try await dyn.deleteCollection(ListOptions(labelSelector: "batch=1"))
        #expect(try await dyn.list(ListOptions(labelSelector: "batch=1")).items.isEmpty)
    }

    @Test func clientCertificateAndRestrictedUser() async throws {
        let cert = try await Plane.client(.adminCert)
        defer { Task { try await cert.shutdown() } }
        #expect(cert.configuration.tls.clientCertificatePEM != nil)
        let nsList = try await cert.resource(
            ResourceDescriptor(group: "", version: "v1", kind: "Namespace", plural: "namespaces", namespaced: false)
        ).list()
        #expect(nsList.items.contains { $0.name == "default" })

        let restricted = try await Plane.client(.restricted)
        defer { Task { try await restricted.shutdown() } }
        let own = try await ControlPlane.shared().restrictedNamespace
        _ = try await restricted.resource(ConfigMap.self, namespace: own).list()
        let denied = await #expect(throws: KubeAPIError.self) {
            try await restricted.resource(ConfigMap.self, namespace: "default").list()
        }
        #expect(denied?.isForbidden == true)
        #expect(denied?.message.contains("cannot list resource \"configmaps\"") == true)

        var bad = restricted.configuration
        bad.authentication = .bearerToken("wrong-token")
        let anon = try KubeClient(configuration: bad)
        defer { Task { try await anon.shutdown() } }
        let unauthorized = await #expect(throws: KubeAPIError.self) { try await anon.resource(ConfigMap.self, namespace: own).list() }
        #expect(unauthorized?.isUnauthorized == true)
        #expect(!(unauthorized?.description.contains("wrong-token") ?? true))
    }

    @Test func watchSeesChangesInOrderAndResumes() async throws {
        let client = try await Plane.client()
        defer { Task { try await client.shutdown() } }
        let ns = try await Plane.namespace(client)
        let cms = client.resource(ConfigMap.self, namespace: ns)
        let start = try await cms.list().metadata.resourceVersion
        let stream = try await cms.watch(WatchOptions(resourceVersion: start, timeoutSeconds: 60))

        var cm = try await cms.create(ConfigMap(metadata: ObjectMeta(name: "w"), data: ["n": "1"]))
        let afterCreate = cm.resourceVersion
        cm.data = ["n": "2"]
        cm = try await cms.update(cm)
        _ = try await cms.create(ConfigMap(metadata: ObjectMeta(name: "w2")))
        _ = try await cms.delete("w")

        var seen: [String] = []
        for try await event in stream {
            switch event {
            case .added(let o): seen.append("ADDED \(o.name)")
            case .modified(let o): seen.append("MODIFIED \(o.name) \(o.data?["n"] ?? "")")
            case .deleted(let o): seen.append("DELETED \(o.name)")
            case .bookmark: continue
            case .error(let e): Issue.record("unexpected error event \(e)")
            }
            if seen.count == 4 { break }
        }
        #expect(seen == ["ADDED w", "MODIFIED w 2", "ADDED w2", "DELETED w"])

        // Resuming from the create's resourceVersion misses nothing after it.
        var resumed: [String] = []
        for try await event in try await cms.watch(WatchOptions(resourceVersion: afterCreate, timeoutSeconds: 60)) {
            if case .bookmark = event { continue }
            resumed.append("\(event.object.map { "\($0.name)" } ?? "?")")
            if resumed.count == 3 { break }
        }
        #expect(resumed == ["w", "w2", "w"])
    }

    @Test func watchBookmarksAndLargeObject() async throws {
        let client = try await Plane.client()
        defer { Task { try await client.shutdown() } }
        let ns = try await Plane.namespace(client)
        let cms = client.resource(ConfigMap.self, namespace: ns)
        let start = try await cms.list().metadata.resourceVersion
        // A long timeout for the large object: on a loaded machine its create alone can take
        // longer than a short watch lasts.
        let stream = try await cms.watch(WatchOptions(resourceVersion: start, timeoutSeconds: 120))
        let big = String(repeating: "z", count: 1_000_000)
        let note = String(repeating: "n", count: 200_000)
        _ = try await cms.create(
            ConfigMap(metadata: ObjectMeta(name: "big", annotations: ["note": note]), data: ["blob": big]))
        var gotBig = false
        var bookmarks = 0
        for try await event in stream {
            if case .added(let o) = event {
                gotBig = o.data?["blob"]?.count == 1_000_000 && o.metadata.annotations?["note"]?.count == 200_000
                break
            }
        }
        #expect(gotBig)
        // The server sends a bookmark 2 s before it ends a watch that allows them, but only on
        // its ~1 s bookmark tick, which a loaded machine (or a cacher busy replaying the large
        // object) can delay past the end: several watches give it several chances.
        var watches = 0
        while bookmarks == 0 && watches < 6 {
            watches += 1
            for try await event in try await cms.watch(WatchOptions(resourceVersion: start, timeoutSeconds: 8)) {
                if case .bookmark = event { bookmarks += 1 }
            }
        }
        #expect(bookmarks >= 1, "no bookmark in \(watches) watches that allowed them")
    }

    /// Compaction disturbs paged lists of other tests, so it runs on a dedicated plane.
    @Test func compactedResourceVersionIsGone() async throws {
        let plane = try await ControlPlane.startDedicated()
        let client = try await Plane.client(plane: plane)
        let ns = try await Plane.namespace(client)
        let cms = client.resource(ConfigMap.self, namespace: ns)
        let old = try await cms.create(ConfigMap(metadata: ObjectMeta(name: "old"))).resourceVersion
        _ = try await cms.create(ConfigMap(metadata: ObjectMeta(name: "newer")))
        try await plane.compactEtcd()
        let gone = await #expect(throws: KubeAPIError.self) {
            try await cms.list(ListOptions(resourceVersion: old, resourceVersionMatch: .exact))
        }
        try await client.shutdown()
        try await plane.stop()
        #expect(gone?.isGone == true)
    }
}
