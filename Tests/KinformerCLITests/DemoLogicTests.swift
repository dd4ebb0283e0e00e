import KubeModel
import Testing

@testable import KinformerCLI

/// The demo's pure parts: workload planning, cache comparison, rendering.
@Suite struct DemoLogicTests {
    @Test func initialWorkloadHasTheRequestedScale() {
        var model = DemoWorkloadModel(seed: 7)
        let changes = model.initialChanges(objects: 200)
        let nonNamespaces = changes.filter { if case .createNamespace = $0 { false } else { true } }
        #expect(nonNamespaces.count == 200)
        #expect(model.namespaces.count == 4)
        #expect(model.deployments.allSatisfy { !$0.configMaps.isEmpty })
        #expect(model.deployments.allSatisfy { $0.pods.count == $0.replicas })
    }

    @Test func planningIsDeterministicAndKeepsPodsMatchingReplicas() {
        var a = DemoWorkloadModel(seed: 42)
        var b = DemoWorkloadModel(seed: 42)
        _ = a.initialChanges(objects: 80)
        _ = b.initialChanges(objects: 80)
        var kinds = Set<String>()
        for _ in 0..<500 {
            let next = a.nextChanges()
            #expect(next == b.nextChanges())
            for change in next { kinds.insert(String(describing: change).prefix { $0 != "(" }.description) }
        }
        #expect(a.deployments.allSatisfy { $0.pods.count == $0.replicas && (1...8).contains($0.replicas) })
        #expect(
            kinds == ["updateConfigMap", "scaleDeployment", "editDeployment", "deletePod", "createPod", "updatePodStatus"])
    }

    @Test("steady mode: creates and deletes balance, so the pod count stays what populate made")
    func steadyWorkloadKeepsThePodCount() {
        var model = DemoWorkloadModel(seed: 9, steady: true)
        _ = model.initialChanges(objects: 300)
        let start = model.podCount
        var scaled = 0
        for _ in 0..<2000 {
            let next = model.nextChanges()
            let creates = next.count { if case .createPod = $0 { true } else { false } }
            let deletes = next.count { if case .deletePod = $0 { true } else { false } }
            #expect(creates == deletes)
            if next.contains(where: { if case .scaleDeployment = $0 { true } else { false } }) { scaled += 1 }
            #expect(model.podCount == start)
        }
        #expect(scaled > 100)
        #expect(model.deployments.allSatisfy { $0.pods.count == $0.replicas && (1...8).contains($0.replicas) })
    }

    @Test func podNamesStayUnique() {
        var model = DemoWorkloadModel(seed: 1)
        var created = Set<String>()
        for change in model.initialChanges(objects: 100) + (0..<300).flatMap({ _ in model.nextChanges() }) {
            if case .createPod(let ns, let name, _) = change {
                #expect(created.insert("\(ns)/\(name)").inserted, "duplicate pod \(name)")
            }
        }
        #expect(created.count > 50)
    }

    @Test func compareFindsMissingExtraAndStale() {
        let check = DemoConvergence.compare(
            name: "pods", cache: ["a/x": "1", "a/y": "2", "a/gone": "3"], server: ["a/x": "1", "a/y": "5", "a/new": "6"])
        #expect(check.missing == ["a/new"])
        #expect(check.extra == ["a/gone"])
        #expect(check.stale == ["a/y"])
        #expect(!check.ok)
        #expect(DemoConvergence.compare(name: "pods", cache: ["k": "1"], server: ["k": "1"]).ok)
    }

    @Test func wrongChecksumsAreFound() {
        let d = DemoWorkloadModel.Deployment(
            namespace: "ns", name: "app", configMaps: ["cfg"], replicas: 1, imageTag: 1, pods: [])
        let deployment = DemoWorkload.deployment(d)
        let configMap = CoreV1.ConfigMap(metadata: ObjectMeta(name: "cfg", namespace: "ns"), data: ["k": "v"])
        #expect(DemoConvergence.wrongChecksums(deployments: [deployment], configMaps: [configMap]) == ["ns/app"])
    }

    @Test func displayRendersEveryInformer() {
        let informer = DemoSnapshot.Informer(
            name: "pods", cached: 12, reflector: DemoReflectorCounts(lists: 2, watches: 3, events: 40, relists: 1, errors: 0),
            handler: .init(adds: 12, updates: 20, deletes: 3), bufferDepth: 0, perNamespace: ["demo-shop": 7, "demo-search": 5],
            resourceVersion: "1200")
        let snapshot = DemoSnapshot(
            elapsed: .seconds(3), duration: .seconds(30), serverResourceVersion: "1234", workload: .init(), informers: [informer],
            indexedConfigMaps: 4, controller: .init(), queueDepth: 2, leader: "me", isLeader: true, faultsEnabled: true,
            faults: [DemoFaults.Record(kind: .compaction, injectedAt: .seconds(2), recoveredAfter: .milliseconds(900))])
        let block = DemoDisplay.block(snapshot)
        #expect(block.contains { $0.hasPrefix("pods") && $0.contains("12/20/3") })
        #expect(block.contains { $0.contains("demo-search 5 · demo-shop 7") })
        #expect(block.contains { $0.contains("compact history") && $0.contains("recovered in 900ms") })
        let line = DemoDisplay.statusLine(snapshot)
        #expect(line.contains("pods=12 (ev 40, lists 2, relists 1)"))
        #expect(!line.contains("\u{1B}"))
    }
}
