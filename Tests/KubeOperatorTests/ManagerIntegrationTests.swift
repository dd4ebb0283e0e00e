import KinformerTestSupport
import AsyncHTTPClient
import Foundation
import KubeClient
import KubeController
import KubeModel
import KubeOperator
import Testing
import WidgetOperatorExample

/// The manager on the real kube-apiserver: leader election between two managers, and the
/// probe and metrics endpoints.
@Suite(.serialized) struct ManagerIntegrationTests {
    /// One reconcile on one manager.
    struct Interval: Sendable {
        var identity: String
        var key: String
        var start: ContinuousClock.Instant
        var end: ContinuousClock.Instant?
    }

    /// Reconcile intervals of every manager, to check that two never reconcile at once.
    final class IntervalLog: Sendable {
        let intervals = Locked<[Interval]>([])

        func hooks(_ identity: String) -> WidgetReconciler.Hooks {
            var hooks = WidgetReconciler.Hooks()
            hooks.started = { request in
                self.intervals.withLock { $0.append(Interval(identity: identity, key: request.key, start: .now)) }
            }
            hooks.finished = { request in
                self.intervals.withLock { all in
                    if let i = all.lastIndex(where: { $0.identity == identity && $0.key == request.key && $0.end == nil }) {
                        all[i].end = .now
                    }
                }
            }
            return hooks
        }

        /// Pairs of intervals of different managers that overlap.
        var overlaps: [(Interval, Interval)] {
            let all = intervals.withLock { $0 }
            var found: [(Interval, Interval)] = []
            for a in all {
                for b in all where a.identity < b.identity {
                    let aEnd = a.end ?? .now, bEnd = b.end ?? .now
                    if a.start < bEnd && b.start < aEnd { found.append((a, b)) }
                }
            }
            return found
        }

        func count(_ identity: String) -> Int { intervals.withLock { $0.filter { $0.identity == identity }.count } }
    }

    static func electingManager(
        client: KubeClient, namespace: String, identity: String, log: IntervalLog
    ) throws -> Manager {
        var configuration = RunningManager.configuration(name: "le-\(identity)", namespace: namespace)
        var election = LeaderElector.Configuration(leaseName: "widget-operator", leaseNamespace: namespace, identity: identity)
        election.leaseDuration = .seconds(3)
        election.renewDeadline = .seconds(2)
        election.retryPeriod = .milliseconds(500)
        election.releaseOnCancel = false
        configuration.leaderElection = election
        let manager = Manager(client: client, configuration: configuration, logger: testLogger("le-\(identity)"))
        _ = try WidgetReconciler.make(manager: manager, hooks: log.hooks(identity))
        return manager
    }

    @Test func whenTheLeaderDiesTheStandbyTakesOverAndTheyNeverReconcileAtOnce() async throws {
        let client = try await Plane.client()
        try await Plane.installWidgets(client)
        let namespace = try await Plane.namespace(client, prefix: "op-leader")
        let log = IntervalLog()
        let a = RunningManager(try Self.electingManager(client: client, namespace: namespace, identity: "a", log: log))
        try await eventually("a leads") { a.manager.status.leading }
        let b = RunningManager(try Self.electingManager(client: client, namespace: namespace, identity: "b", log: log))
        do {
            // b warms its caches while a leads, and does not reconcile.
            #expect(await b.manager.waitForCacheSync())
            #expect(!b.manager.status.leading)
            try await eventually("b sees a as the leader") { b.manager.status.leader == "a" }
            let widgets = client.resource(Widget.self, namespace: namespace)
            for i in 0..<8 { _ = try await widgets.create(makeWidget("w\(i)", namespace: namespace)) }
            try await eventually("a reconciled some widgets") { log.count("a") >= 3 }
            // Kill the leader mid-stream, without releasing the lease.
            await a.stop()
            for i in 8..<12 { _ = try await widgets.create(makeWidget("w\(i)", namespace: namespace)) }
            try await eventually("b leads and every widget converged") {
                guard b.manager.status.leading else { return false }
                let all = try await widgets.list().items
                return all.count == 12 && all.allSatisfy { $0.status?.observedGeneration == 1 && $0.status?.ready == true }
            }
            #expect(log.count("b") > 0)
            #expect(log.overlaps.isEmpty, "overlapping reconciles: \(log.overlaps)")
        } catch {
            await a.stop()
            await b.stop()
            await Plane.deleteNamespace(client, namespace)
            try? await client.shutdown()
            throw error
        }
        await b.stop()
        await Plane.deleteNamespace(client, namespace)
        try? await client.shutdown()
    }

    @Test func aScopedCacheHoldsOnlyItsSelection() async throws {
        let client = try await Plane.client()
        let namespace = try await Plane.namespace(client, prefix: "op-scope")
        let manager = Manager(
            client: client, configuration: RunningManager.configuration(name: "scope", namespace: namespace),
            logger: testLogger("scope"))
        let dropBig = MetadataTransform(name: "drop-big") { $0.annotations?["big"] = nil }
        let scope = CacheScope(namespace: namespace, labelSelector: "team=a", metadataTransform: dropBig)
        let reconciled = Locked<[String]>([])
        try manager.controller("team-a").for(CoreV1.ConfigMap.self, scope: scope)
            .complete(OperatorReconcileFunction { request in
                reconciled.withLock { $0.append(request.name) }
                return .done
            })
        let running = RunningManager(manager)
        do {
            let configMaps = client.resource(CoreV1.ConfigMap.self, namespace: namespace)
            // b first: the watch delivers in order, so once a is seen, b would have been too.
            _ = try await configMaps.create(
                CoreV1.ConfigMap(metadata: ObjectMeta(name: "b", namespace: namespace, labels: ["team": "b"])))
            _ = try await configMaps.create(
                CoreV1.ConfigMap(
                    metadata: ObjectMeta(
                        name: "a", namespace: namespace, labels: ["team": "a"], annotations: ["big": "x", "small": "y"])))
            try await eventually("a reconciled") { reconciled.withLock { $0.contains("a") } }
            let cache = try manager.informer(for: CoreV1.ConfigMap.self, scope: scope).indexer
            #expect(cache.get("\(namespace)/a") != nil)
            #expect(cache.get("\(namespace)/b") == nil)
            #expect(cache.get("\(namespace)/a")?.metadata.managedFields == nil)
            #expect(cache.get("\(namespace)/a")?.metadata.annotations == ["small": "y"])
            #expect(try manager.informer(for: CoreV1.ConfigMap.self, scope: scope) === manager.informer(for: CoreV1.ConfigMap.self, scope: scope))
            #expect(!reconciled.withLock { $0.contains("b") })
        } catch {
            await running.stop()
            await Plane.deleteNamespace(client, namespace)
            try? await client.shutdown()
            throw error
        }
        await running.stop()
        await Plane.deleteNamespace(client, namespace)
        try? await client.shutdown()
    }

    @Test func readyzIs503BeforeTheCachesSyncAnd200AfterAndMetricsParse() async throws {
        let client = try await Plane.client()
        let namespace = try await Plane.namespace(client, prefix: "op-probes")
        // A cache of a resource that is not served yet cannot sync: /readyz stays 503 until it is.
        let group = "p\(UUID().uuidString.prefix(8).lowercased()).kinformer.test"
        Gadget.group.withLock { $0 = group }
        var configuration = RunningManager.configuration(name: "probes", namespace: namespace)
        configuration.probes = ProbeServer.Configuration(host: "127.0.0.1", port: 0)
        let manager = Manager(client: client, configuration: configuration, logger: testLogger("probes"))
        let reconciled = Locked(0)
        try manager.controller("gadgets").for(Gadget.self)
            .complete(OperatorReconcileFunction { _ in
                reconciled.withLock { $0 += 1 }
                return .done
            })
        let running = RunningManager(manager)
        do {
            let port = try #require(await manager.probePort())
            let base = "http://127.0.0.1:\(port)"
            #expect(try await HTTP.get("\(base)/healthz").status == 200)
            let unready = try await HTTP.get("\(base)/readyz")
            #expect(unready.status == 503)
            #expect(unready.body.contains("caches_synced: false"))

            try await Gadget.install(client)
            #expect(await manager.waitForCacheSync())
            let ready = try await HTTP.get("\(base)/readyz")
            #expect(ready.status == 200)
            #expect(ready.body.contains("leader_election: false"))
            #expect(ready.body.contains("leading: true"))

            _ = try await client.resource(Gadget.self, namespace: namespace)
                .create(Gadget(metadata: ObjectMeta(name: "g1", namespace: namespace)))
            try await eventually("gadget reconciled") { reconciled.withLock { $0 } > 0 }

            let metrics = try await HTTP.get("\(base)/metrics")
            #expect(metrics.status == 200)
            let parsed = try PrometheusText.parse(metrics.body)
            let families = Set(parsed.map(\.family))
            for name in [
                "reconcile_total", "reconcile_errors_total", "reconcile_time_seconds", "active_workers",
                "reconcile_reasons_total", "workqueue_adds_total", "workqueue_depth", "workqueue_work_duration_seconds",
                "kinformer_informer_queue_depth",
            ] {
                #expect(families.contains(name), "missing \(name) in /metrics")
            }
            let success = parsed.first {
                $0.name == "reconcile_total" && $0.labels["controller"] == "gadgets" && $0.labels["result"] == "success"
            }
            #expect((success?.value ?? 0) >= 1)
            #expect(parsed.contains { $0.name == "reconcile_time_seconds_bucket" && $0.labels["le"] == "+Inf" })
            #expect(try await HTTP.get("\(base)/nothing").status == 404)
        } catch {
            await running.stop()
            await Gadget.uninstall(client)
            await Plane.deleteNamespace(client, namespace)
            try? await client.shutdown()
            throw error
        }
        await running.stop()
        await Gadget.uninstall(client)
        await Plane.deleteNamespace(client, namespace)
        try? await client.shutdown()
    }
}

/// A custom resource whose group each test picks (so it is not served until installed).
struct Gadget: KubernetesResource, Hashable {
    static let group = Locked("gadgets.kinformer.test")
    static var resource: ResourceDescriptor {
        ResourceDescriptor(group: group.withLock { $0 }, version: "v1", kind: "Gadget", plural: "gadgets", namespaced: true)
    }

    var apiVersion: String?
    var kind: String?
    var metadata: ObjectMeta

    init(metadata: ObjectMeta) {
        self.metadata = metadata
    }

    static func install(_ client: KubeClient) async throws {
        let group = resource.group
        let json = """
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
             "metadata":{"name":"gadgets.\(group)"},
             "spec":{"group":"\(group)","scope":"Namespaced",
               "names":{"plural":"gadgets","singular":"gadget","kind":"Gadget","listKind":"GadgetList"},
               "versions":[{"name":"v1","served":true,"storage":true,
                 "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
            """
        let crd = try JSONDecoder().decode(DynamicObject.self, from: Data(json.utf8))
        _ = try await client.resource(ApiextensionsV1.CustomResourceDefinition.resource).create(crd)
    }

    static func uninstall(_ client: KubeClient) async {
        _ = try? await client.resource(ApiextensionsV1.CustomResourceDefinition.resource).delete("gadgets.\(resource.group)")
    }
}

/// GETs with AsyncHTTPClient.
enum HTTP {
    struct Response {
        var status: Int
        var body: String
    }

    static func get(_ url: String) async throws -> Response {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 << 20)
        return Response(status: Int(response.status.code), body: String(buffer: body))
    }
}

/// A small parser of the Prometheus text exposition format (enough to check names, labels and values).
enum PrometheusText {
    struct Sample {
        var name: String
        var family: String
        var labels: [String: String]
        var value: Double
    }

    struct ParseError: Error, CustomStringConvertible {
        var line: String
        var description: String { "not a Prometheus sample line: \(line)" }
    }

    static func parse(_ text: String) throws -> [Sample] {
        var types: [String: String] = [:]
        var samples: [Sample] = []
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                if parts.count == 4 { types[String(parts[2])] = String(parts[3]) }
                continue
            }
            if line.hasPrefix("#") { continue }
            var name = ""
            var labels: [String: String] = [:]
            var rest = Substring(line)
            if let brace = line.firstIndex(of: "{") {
                name = String(line[..<brace])
                guard let close = line.lastIndex(of: "}") else { throw ParseError(line: line) }
                let inner = line[line.index(after: brace)..<close]
                for pair in inner.split(separator: ",") where !pair.isEmpty {
                    let kv = pair.split(separator: "=", maxSplits: 1)
                    guard kv.count == 2, kv[1].hasPrefix("\""), kv[1].hasSuffix("\"") else { throw ParseError(line: line) }
                    labels[String(kv[0])] = String(kv[1].dropFirst().dropLast())
                }
                rest = line[line.index(after: close)...]
            } else {
                guard let space = line.firstIndex(of: " ") else { throw ParseError(line: line) }
                name = String(line[..<space])
                rest = line[space...]
            }
            let valueText = rest.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init) ?? ""
            guard let value = Double(valueText) ?? (valueText == "+Inf" ? .infinity : nil) else {
                throw ParseError(line: line)
            }
            var family = name
            for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
                let base = String(name.dropLast(suffix.count))
                if types[base] == "histogram" || types[base] == "summary" { family = base }
            }
            guard types[family] != nil else { throw ParseError(line: "no # TYPE for \(name)") }
            samples.append(Sample(name: name, family: family, labels: labels, value: value))
        }
        return samples
    }
}
