import KinformerTestSupport
import Foundation
import KubeClient
import KubeController
import KubeModel
import KubeOperator
import Synchronization
import Testing
import WidgetOperatorExample

/// The example operator on the real kube-apiserver (no controller-manager: no garbage collector,
/// Deployments never get pods).
@Suite(.serialized) struct WidgetOperatorIntegrationTests {
    /// A namespace, the Widget CRD, and a running manager with the example operator.
    struct Fixture {
        let client: KubeClient
        let namespace: String
        let running: RunningManager
        let reconciler: WidgetReconciler
        let controller: OperatorController
        let cleanups: CleanupLog
        let requests: Locked<[ReconcileRequest]>

        static func start(_ prefix: String) async throws -> Fixture {
            let client = try await Plane.client()
            do {
                return try await start(prefix, client: client)
            } catch {
                try? await client.shutdown()
                throw error
            }
        }

        private static func start(_ prefix: String, client: KubeClient) async throws -> Fixture {
            try await Plane.installWidgets(client)
            let namespace = try await Plane.namespace(client, prefix: prefix)
            let manager = Manager(
                client: client, configuration: RunningManager.configuration(name: prefix, namespace: namespace),
                logger: testLogger("widget-test"))
            let cleanups = CleanupLog()
            var hooks = WidgetReconciler.Hooks()
            hooks.cleanup = { widget in await cleanups.record(widget, client: client) }
            let requests = Locked<[ReconcileRequest]>([])
            hooks.started = { request in requests.withLock { $0.append(request) } }
            let (reconciler, controller) = try WidgetReconciler.make(manager: manager, hooks: hooks)
            return Fixture(
                client: client, namespace: namespace, running: RunningManager(manager), reconciler: reconciler,
                controller: controller, cleanups: cleanups, requests: requests)
        }

        func stop() async {
            await running.stop()
            await Plane.deleteNamespace(client, namespace)
            try? await client.shutdown()
        }

        var widgets: ResourceClient<Widget> { client.resource(Widget.self, namespace: namespace) }
        var configMaps: ResourceClient<CoreV1.ConfigMap> { client.resource(CoreV1.ConfigMap.self, namespace: namespace) }
        var deployments: ResourceClient<AppsV1.Deployment> { client.resource(AppsV1.Deployment.self, namespace: namespace) }

        /// Waits until the widget's status reports `generation` reconciled.
        func waitForStatus(_ name: String, generation: Int64) async throws -> Widget {
            var last: Widget?
            try await eventually("widget \(name) reconciled at generation \(generation)") {
                let widget = try await widgets.get(name)
                last = widget
                return widget.status?.observedGeneration == generation
                    && Conditions.find(widget.status?.conditions ?? [], type: "Ready")?.observedGeneration == generation
            }
            return last!
        }
    }

    /// What the finalizer's cleanup saw: whether the widget still existed (being deleted) then.
    final class CleanupLog: Sendable {
        let entries = Mutex<[(name: String, existedWhileDeleting: Bool)]>([])

        func record(_ widget: Widget, client: KubeClient) async {
            let current = try? await client.resource(Widget.self, namespace: widget.namespace).get(widget.name)
            let existed = current?.metadata.deletionTimestamp != nil
            entries.withLock { $0.append((widget.name, existed)) }
        }
    }

    @Test func convergesOnCreateAndFollowsSpecChanges() async throws {
        let f = try await Fixture.start("op-converge")
        do {
            _ = try await f.widgets.create(makeWidget("w1", namespace: f.namespace, size: 2, color: "red"))
            let widget = try await f.waitForStatus("w1", generation: 1)
            #expect(widget.status?.ready == true)
            #expect(widget.metadata.finalizers?.contains(WidgetReconciler.finalizer.name) == true)
            let ready = Conditions.find(widget.status?.conditions ?? [], type: "Ready")
            #expect(ready?.status == "True")
            let configMap = try await f.configMaps.get("w1-config")
            #expect(configMap.data?["color"] == "red")
            #expect(configMap.metadata.ownerReferences?.first?.uid == widget.metadata.uid)
            #expect(configMap.metadata.ownerReferences?.first?.controller == true)
            let deployment = try await f.deployments.get("w1")
            #expect(deployment.spec?.replicas == 2)
            #expect(deployment.metadata.ownerReferences?.first?.uid == widget.metadata.uid)

            // A spec change: generation 2 is reflected in status, ConfigMap and Deployment.
            var changed = widget
            changed.spec?.size = 3
            changed.spec?.color = "green"
            _ = try await f.widgets.update(changed)
            let updated = try await f.waitForStatus("w1", generation: 2)
            let readyAgain = Conditions.find(updated.status?.conditions ?? [], type: "Ready")
            #expect(readyAgain?.observedGeneration == 2)
            // Still True: the transition time did not move.
            #expect(readyAgain?.lastTransitionTime == ready?.lastTransitionTime)
            try await eventually("ConfigMap and Deployment follow the new spec") {
                let cm = try await f.configMaps.get("w1-config")
                let d = try await f.deployments.get("w1")
                return cm.data?["color"] == "green" && d.spec?.replicas == 3
            }
            // Provenance: the first reconcile of w1 was queued by its own add.
            let first = f.requests.withLock { $0 }.first { $0.key == "\(f.namespace)/w1" }
            #expect(first?.reasons.contains { $0.route == .primary && $0.event == .added && $0.resource == "widgets.example.com" } == true)
        } catch {
            await f.stop()
            throw error
        }
        await f.stop()
    }

    @Test func deletingAnOwnedConfigMapRecreatesIt() async throws {
        let f = try await Fixture.start("op-owns")
        do {
            _ = try await f.widgets.create(makeWidget("w2", namespace: f.namespace))
            _ = try await f.waitForStatus("w2", generation: 1)
            let before = try await f.configMaps.get("w2-config")
            _ = try await f.configMaps.delete("w2-config")
            try await eventually("ConfigMap w2-config recreated") {
                let after = try await f.configMaps.get("w2-config")
                return after.metadata.uid != before.metadata.uid && after.data == before.data
            }
            // The reconcile that recreated it knew why: the ConfigMap's deletion, via its owner.
            let why = f.requests.withLock { $0 }.flatMap(\.reasons)
            #expect(why.contains(
                ReconcileReason(route: .owner, event: .deleted, resource: "configmaps", object: "\(f.namespace)/w2-config")))
        } catch {
            await f.stop()
            throw error
        }
        await f.stop()
    }

    @Test func deletingAWidgetRunsTheFinalizerCleanupBeforeItDisappears() async throws {
        let f = try await Fixture.start("op-finalizer")
        do {
            _ = try await f.widgets.create(makeWidget("w3", namespace: f.namespace))
            _ = try await f.waitForStatus("w3", generation: 1)
            _ = try await f.widgets.delete("w3")
            try await eventually("widget w3 gone") {
                do {
                    _ = try await f.widgets.get("w3")
                    return false
                } catch let error as KubeAPIError where error.isNotFound { return true }
            }
            let entries = f.cleanups.entries.withLock { $0 }
            #expect(entries.map(\.name) == ["w3"])
            #expect(entries.first?.existedWhileDeleting == true)
            // The cleanup deleted the owned objects (there is no garbage collector here).
            await #expect(throws: KubeAPIError.self) { _ = try await f.configMaps.get("w3-config") }
            await #expect(throws: KubeAPIError.self) { _ = try await f.deployments.get("w3") }
        } catch {
            await f.stop()
            throw error
        }
        await f.stop()
    }

    @Test func identicalWarningsInABurstBecomeOneEventCountedByTheSpamFilter() async throws {
        let f = try await Fixture.start("op-events")
        do {
            let widget = try await f.widgets.create(makeWidget("w4", namespace: f.namespace))
            let recorder = try EventRecorderHarness.start(client: f.client)
            for _ in 0..<100 { recorder.recorder.event(widget, type: .warning, reason: "Overheating", message: "too hot") }
            try await eventually("100 events handled") { recorder.recorder.statistics.processed == 100 }
            let events = try await f.client.resource(CoreV1.Event.self, namespace: f.namespace).list()
                .items.filter { $0.reason == "Overheating" }
            #expect(events.count == 1)
            #expect(events.first?.count == 25)
            #expect(recorder.recorder.statistics.skipped == 75)

            // Ten different messages for one object within ten minutes: client-go's aggregate event.
            let other = try await f.widgets.create(makeWidget("w5", namespace: f.namespace))
            for i in 0..<10 { recorder.recorder.event(other, type: .warning, reason: "Flapping", message: "state \(i)") }
            try await eventually("110 events handled") { recorder.recorder.statistics.processed == 110 }
            let flapping = try await f.client.resource(CoreV1.Event.self, namespace: f.namespace).list()
                .items.filter { $0.reason == "Flapping" }
            #expect(flapping.count == 10)
            let aggregates = flapping.filter { $0.message?.hasPrefix("(combined from similar events): ") == true }
            #expect(aggregates.map(\.message) == ["(combined from similar events): state 9"])
            await recorder.stop()
        } catch {
            await f.stop()
            throw error
        }
        await f.stop()
    }
}

/// A recorder running on its own (not through a manager).
struct EventRecorderHarness {
    let recorder: EventRecorder
    let task: Task<Void, Never>

    static func start(client: KubeClient) throws -> EventRecorderHarness {
        let recorder = EventRecorder(client: client, component: "op-test", logger: testLogger("events"))
        return EventRecorderHarness(recorder: recorder, task: Task { await recorder.run() })
    }

    func stop() async {
        task.cancel()
        await task.value
    }
}
