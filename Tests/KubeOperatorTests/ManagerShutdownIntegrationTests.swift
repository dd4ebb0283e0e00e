import KinformerTestSupport
import Foundation
import KubeClient
import KubeController
import KubeModel
import KubeOperator
import Logging
import ServiceLifecycle
import Testing

/// Graceful shutdown of a leading manager in a ServiceGroup: reconciles in flight finish (they
/// are not cancelled), then the lease is released.
@Suite(.serialized) struct ManagerShutdownIntegrationTests {
    /// A reconcile that blocks until released and reports whether it was cancelled.
    final class Gate: Sendable {
        let started = Locked<[String]>([])
        let outcomes = Locked<[String: Bool]>([:])  // key → cancelled when released
        private let continuations = Locked<[String: CheckedContinuation<Void, Never>]>([:])
        private let released = Locked<Set<String>>([])

        func reconcile(_ request: ReconcileRequest) async -> Requeue {
            started.withLock { $0.append(request.key) }
            await withCheckedContinuation { continuation in
                let now = released.withLock { $0.contains(request.key) }
                if now { continuation.resume() } else { continuations.withLock { $0[request.key] = continuation } }
            }
            outcomes.withLock { $0[request.key] = Task.isCancelled }
            return .done
        }

        func release(_ key: String) {
            released.withLock { _ = $0.insert(key) }
            continuations.withLock { $0.removeValue(forKey: key) }?.resume()
        }
    }

    @Test func gracefulShutdownDrainsInFlightReconcilesThenReleasesTheLease() async throws {
        let client = try await Plane.client()
        let namespace = try await Plane.namespace(client, prefix: "op-drain")
        var configuration = RunningManager.configuration(name: "drain", namespace: namespace)
        configuration.leaderElection = LeaderElector.Configuration(
            leaseName: "drain", leaseNamespace: namespace, identity: "only")
        let manager = Manager(client: client, configuration: configuration, logger: testLogger("drain"))
        let gate = Gate()
        try manager.controller("drain").for(CoreV1.ConfigMap.self)
            .complete(OperatorReconcileFunction { await gate.reconcile($0) })
        let group = ServiceGroup(configuration: .init(services: [.init(service: manager)], logger: testLogger("group")))
        let running = Task { try await group.run() }
        do {
            let key = "\(namespace)/slow"
            _ = try await client.resource(CoreV1.ConfigMap.self, namespace: namespace)
                .create(CoreV1.ConfigMap(metadata: ObjectMeta(name: "slow", namespace: namespace)))
            try await eventually("reconcile of \(key) started") { gate.started.withLock { $0.contains(key) } }
            await group.triggerGracefulShutdown()
            try await eventually("manager stopping") { manager.status.stopping }
            // Still leading while the reconcile drains: the lease is not given up under it.
            #expect(manager.status.leading)
            gate.release(key)
            try await running.value
            #expect(gate.outcomes.withLock { $0 } == [key: false])
            let lease = try await client.resource(CoordinationV1.Lease.self, namespace: namespace).get("drain")
            #expect(lease.spec?.holderIdentity == "")
        } catch {
            gate.release("\(namespace)/slow")
            running.cancel()
            await Plane.deleteNamespace(client, namespace)
            try? await client.shutdown()
            throw error
        }
        await Plane.deleteNamespace(client, namespace)
        try? await client.shutdown()
    }
}
