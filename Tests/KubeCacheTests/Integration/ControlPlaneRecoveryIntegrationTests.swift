import Foundation
import KubeClient
import KubeModel
import KubeTesting
import Testing

@testable import KubeCache

/// Disruptions of the real API server, each on a dedicated control plane: the informer
/// recovers by itself and nothing is lost.
@Suite struct ControlPlaneRecoveryIntegrationTests {
    typealias ConfigMap = CoreV1.ConfigMap
    /// After a restart the reflector may be in a long backoff (default settings: up to 30 s,
    /// doubled by jitter), so recovery gets a wider failure bound.
    static let recoveryDeadline: Duration = .seconds(150)

    /// Protobuf (the default for built-in types) and JSON: the informer's watch must survive
    /// in both encodings.
    @Test(arguments: ClientConfiguration.WireFormat.allCases)
    func informerRecoversFromAnAPIServerRestart(wireFormat: ClientConfiguration.WireFormat) async throws {
        try await IntegrationBackend.with(.controlPlane, dedicatedPlane: true) { backend in
            let plane = try #require(backend.plane)
            let ns = try await backend.makeNamespace("restart")
            let client = backend.client.resource(ConfigMap.self, namespace: ns)
            let before = try await InformerIntegrationTests.churn(client, names: (0..<6).map { "before-\($0)" })
            let informer = try InformerIntegrationTests.configMapInformer(
                try backend.makeClient(wireFormat: wireFormat).resource(ConfigMap.self, namespace: ns))
            let log = EventLog<ConfigMap>()
            informer.addEventHandler(log.handler)
            try await withRunning(informer) {
                try await expectSynced(informer, "real server")
                try await expectCacheConverges(informer, what: "before restart") { try await serverState(client) }
                // The sync needs only the list: under load the first watch may not have started
                // yet, and a restart then would test a first watch, not a re-watch.
                try await eventually("the informer is watching") { (informer.reflectorStatistics?.watches ?? 0) >= 1 }
                try await plane.restartAPIServer()
                let after = try await InformerIntegrationTests.churn(client, names: (0..<10).map { "after-\($0)" })
                try await expectCacheConverges(informer, what: "after restart", deadline: Self.recoveryDeadline) {
                    try await serverState(client)
                }
                let server = try await serverState(client)
                try await expectHandlerSawFinalStates(log, server: server, deleted: after, what: "after restart")
                #expect(log.entries.allSatisfy { !before.contains($0.key) })
                let stats = try #require(informer.reflectorStatistics)
                #expect(stats.watches >= 2, "re-watched after the restart: \(stats)")
            }
        }
    }

    /// The informer cannot watch while objects are deleted, the API server restarts (its new
    /// watch cache starts after the informer's resourceVersion) and etcd is compacted: the
    /// watch gets 410, the informer relists and delivers the missed deletes as tombstones.
    @Test(arguments: ClientConfiguration.WireFormat.allCases)
    func missedDeletesAcrossACompactionArriveAsTombstones(wireFormat: ClientConfiguration.WireFormat) async throws {
        try await IntegrationBackend.with(.controlPlane, dedicatedPlane: true) { backend in
            let plane = try #require(backend.plane)
            let ns = try await backend.makeNamespace("gap")
            let client = backend.client.resource(ConfigMap.self, namespace: ns)
            for i in 0..<6 { _ = try await client.create(InformerIntegrationTests.configMap("seed-\(i)", "0")) }
            let gate = GatedListWatch(try backend.makeClient(wireFormat: wireFormat).resource(ConfigMap.self, namespace: ns))
            let informer = try SharedIndexInformer(
                listerWatcher: gate, configuration: .init(resource: ConfigMap.resource))
            let log = EventLog<ConfigMap>()
            informer.addEventHandler(log.handler)
            try await withRunning(informer) {
                defer { gate.open() }
                try await expectSynced(informer, "real server")
                try await expectCacheConverges(informer, what: "before the gap") { try await serverState(client) }
                try await eventually("the informer is watching") { gate.watchCalls >= 1 }

                // Cut the watch; the informer's next watch waits at the gate.
                gate.close()
                try await plane.restartAPIServer()
                try await eventually("the informer waits at the gate") { gate.blockedWatches >= 1 }

                var missed: Set<String> = []
                for i in [0, 2, 4] {
                    _ = try await client.delete("seed-\(i)")
                    missed.insert("\(ns)/seed-\(i)")
                }
                var changed = try await client.get("seed-1")
                changed.data = ["v": "gap"]
                _ = try await client.update(changed)
                _ = try await client.create(InformerIntegrationTests.configMap("gap-new", "0"))
                try await plane.compactEtcd()
                try await plane.restartAPIServer()
                gate.open()

                try await expectCacheConverges(informer, what: "after the gap", deadline: Self.recoveryDeadline) {
                    try await serverState(client)
                }
                let server = try await serverState(client)
                try await expectHandlerSawFinalStates(log, server: server, deleted: missed, what: "after the gap")
                let stats = try #require(informer.reflectorStatistics)
                #expect(stats.relistsAfterExpiry >= 1, "\(stats)")
                #expect(stats.lists >= 2, "\(stats)")
                let last = log.lastByKey
                for key in missed {
                    #expect(last[key]?.isTombstone == true, "\(key): \(last[key]?.description ?? "nothing")")
                }

                // Still watching afterwards.
                let deleted = try await InformerIntegrationTests.churn(client, names: (0..<6).map { "later-\($0)" })
                try await expectCacheConverges(informer, what: "after the relist") { try await serverState(client) }
                try await expectHandlerSawFinalStates(
                    log, server: try await serverState(client), deleted: deleted.union(missed), what: "after the relist")
            }
        }
    }
}
