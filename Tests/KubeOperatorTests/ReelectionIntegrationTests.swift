import KinformerTestSupport
import Foundation
import KubeClient
import KubeController
import KubeModel
import KubeOperator
import Testing
import WidgetOperatorExample

/// A manager that loses its lease stops reconciling, and starts again (same queue) when it
/// wins the lease back. Needs `Controller.run()` to be restartable.
@Suite(.serialized) struct ReelectionIntegrationTests {
    static func setHolder(_ client: KubeClient, namespace: String, holder: String, expired: Bool) async throws {
        let leases = client.resource(CoordinationV1.Lease.self, namespace: namespace)
        try await eventually("lease written for \(holder)") {
            var lease = try await leases.get("widget-operator")
            let now = Int64(Date().timeIntervalSince1970 * 1_000_000)
            lease.spec?.holderIdentity = holder
            lease.spec?.leaseDurationSeconds = expired ? 1 : 3600
            lease.spec?.renewTime = MicroTime(microsecondsSinceEpoch: expired ? now - 3_600_000_000 : now)
            _ = try await leases.update(lease)
            return true
        }
    }

    @Test func aManagerThatLosesTheLeaseStopsAndRestartsWhenItWinsItBack() async throws {
        let client = try await Plane.client()
        try await Plane.installWidgets(client)
        let namespace = try await Plane.namespace(client, prefix: "op-reelect")
        let log = ManagerIntegrationTests.IntervalLog()
        let manager = try ManagerIntegrationTests.electingManager(client: client, namespace: namespace, identity: "a", log: log)
        let controller = try #require(manager.controllers.first)
        let running = RunningManager(manager)
        let widgets = client.resource(Widget.self, namespace: namespace)
        do {
            try await eventually("a leads") { manager.status.leading }
            _ = try await widgets.create(makeWidget("before", namespace: namespace))
            try await eventually("widget 'before' converged") { try await widgets.get("before").status?.ready == true }

            // Another holder takes the lease: a must stop by its renew deadline.
            try await Self.setHolder(client, namespace: namespace, holder: "intruder", expired: false)
            try await eventually("a stopped leading") { !manager.status.leading }
            let lost = ContinuousClock.now
            _ = try await widgets.create(makeWidget("during", namespace: namespace))
            try await eventually("'during' queued while not leading") {
                !controller.reasons.peek("\(namespace)/during").isEmpty
            }
            let startedWhileLost = log.intervals.withLock { $0 }.filter { $0.start > lost }
            #expect(startedWhileLost.isEmpty, "reconciled without the lease: \(startedWhileLost.map(\.key))")

            // The lease expires: a wins it back and its controllers run again, queue intact.
            try await Self.setHolder(client, namespace: namespace, holder: "intruder", expired: true)
            try await eventually("a leads again") { manager.status.leading }
            try await eventually("widget 'during' converged after re-election") {
                try await widgets.get("during").status?.ready == true
            }
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
}
