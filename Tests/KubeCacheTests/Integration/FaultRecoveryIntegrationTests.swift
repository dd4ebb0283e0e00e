import Foundation
import KubeClient
import KubeModel
import KubeTesting
import Synchronization
import Testing

@testable import KubeCache

/// Faults injected into the in-process API server: after each one the informer recovers by
/// itself and its cache and handler end up at the server's state (nothing lost).
@Suite struct FaultRecoveryIntegrationTests {
    typealias ConfigMap = CoreV1.ConfigMap

    /// One running informer (behind a gate) on a fresh namespace of a fresh in-process server.
    struct Fixture {
        let backend: IntegrationBackend
        let server: InProcessAPIServer
        let namespace: String
        let client: ResourceClient<ConfigMap>
        let gate: GatedListWatch<ResourceClient<ConfigMap>>
        let informer: SharedIndexInformer<ConfigMap>
        let log: EventLog<ConfigMap>

        var faults: FaultInjector { server.faults }

        /// Waits until the informer has a watch open on the server.
        func watchOpen() async throws {
            try await eventually("a watch is open") { server.openWatchCount >= 1 }
        }

        /// Waits until the cache equals the server and the handler saw every final state.
        /// - Parameter relisted: the fault makes the informer relist, so objects created and
        ///   deleted meanwhile may never be seen.
        func converged(deleted: Set<String>, _ what: String, relisted: Bool = false) async throws {
            try await expectCacheConverges(informer, what: what) { try await serverState(client) }
            let state = try await serverState(client)
            try await expectHandlerSawFinalStates(
                log, server: state, deleted: deleted, what: what, deletedMayBeUnseen: relisted)
        }

        var statistics: InformerIntegrationTests.ReflectorStatistics {
            informer.reflectorStatistics ?? .init()
        }
    }

    /// Starts a server, seeds `seed` ConfigMaps, runs an informer over a gated client and calls
    /// `body`; `beforeStart` may script faults that hit the very first requests.
    func withFixture(
        seed: Int = 4, queue: InformerQueueKind = .inOrder, waitForSync: Bool = true,
        beforeStart: (InProcessAPIServer) -> Void = { _ in },
        _ body: (Fixture) async throws -> Void
    ) async throws {
        try await IntegrationBackend.with(.inProcess) { backend in
            let server = try #require(backend.inProcess)
            let ns = try await backend.makeNamespace("fault")
            let client = backend.client.resource(ConfigMap.self, namespace: ns)
            for i in 0..<seed { _ = try await client.create(InformerIntegrationTests.configMap("seed-\(i)", "0")) }
            let gate = GatedListWatch(client)
            var configuration = SharedIndexInformer<ConfigMap>.Configuration(resource: ConfigMap.resource)
            configuration.queue = queue
            // Short delays after failures, so that several injected failures in a row stay well
            // within the deadlines (the defaults grow to 30 s, with up to 100 % jitter).
            configuration.reflector.backoff = Backoff(initial: .milliseconds(50), maximum: .seconds(1))
            let informer = try SharedIndexInformer(
                listerWatcher: gate, configuration: configuration, logger: integrationLogger("informer"))
            let log = EventLog<ConfigMap>()
            informer.addEventHandler(log.handler)
            let fixture = Fixture(
                backend: backend, server: server, namespace: ns, client: client, gate: gate, informer: informer, log: log)
            beforeStart(server)
            try await withRunning(informer) {
                if waitForSync { try await expectSynced(informer, "in-process") }
                try await body(fixture)
                gate.open()
            }
        }
    }

    /// Creates, updates and deletes objects named `prefix-*`; returns the deleted keys.
    func churn(_ f: Fixture, _ prefix: String) async throws -> Set<String> {
        try await InformerIntegrationTests.churn(f.client, names: (0..<10).map { "\(prefix)-\($0)" })
    }

    @Test func droppedWatchesAreResumedWithoutRelisting() async throws {
        try await withFixture { f in
            try await f.watchOpen()
            #expect(f.faults.dropWatches() >= 1)
            let deleted = try await churn(f, "after-drop")
            try await f.converged(deleted: deleted, "drop watches")
            #expect(f.faults.count(.dropWatch) >= 1)
            #expect(f.statistics.lists == 1, "a clean close re-watches from the last RV: \(f.statistics)")
            #expect(f.statistics.watches >= 2, "\(f.statistics)")
        }
    }

    @Test(arguments: [false, true])
    func watchesCutMidLineAreResumed(atNextEvent: Bool) async throws {
        try await withFixture { f in
            try await f.watchOpen()
            #expect(f.faults.closeWatchesMidLine(atNextEvent: atNextEvent) >= 1)
            let deleted = try await churn(f, "after-cut")
            try await f.converged(deleted: deleted, "cut mid-line (atNextEvent: \(atNextEvent))")
            #expect(f.faults.count(.truncateWatch) >= 1)
            #expect(f.statistics.watches >= 2, "\(f.statistics)")
        }
    }

    /// Error answers to the initial list and to watches: the client honours Retry-After (429),
    /// the reflector backs off (500, 503); the informer still syncs and converges.
    @Test(arguments: [
        FaultInjector.ErrorResponse.tooManyRequests(retryAfterSeconds: 1), .internalError, .serviceUnavailable,
    ])
    func errorResponsesToListAndWatchAreRetried(response: FaultInjector.ErrorResponse) async throws {
        try await withFixture(
            waitForSync: false,
            beforeStart: { server in
                server.faults.failNextRequests(3, with: response, matching: .init(verb: "list"))
            }
        ) { f in
            try await expectSynced(f.informer, "after \(response) on the list")
            #expect(f.faults.count(.errorResponse) == 3)
            try await f.watchOpen()
            f.faults.failNextRequests(3, with: response, matching: .init(verb: "watch"))
            #expect(f.faults.dropWatches() >= 1)
            let deleted = try await churn(f, "after-errors")
            try await f.converged(deleted: deleted, "\(response)", relisted: true)
            #expect(f.faults.count(.errorResponse) == 6)
        }
    }

    @Test func latencyOnEveryRequestOnlySlowsThingsDown() async throws {
        try await withFixture(
            waitForSync: false,
            beforeStart: { $0.faults.setLatency(.milliseconds(150)) }
        ) { f in
            try await expectSynced(f.informer, "with latency")
            let deleted = try await churn(f, "slow")
            try await f.converged(deleted: deleted, "latency")
            #expect(f.faults.count(.latency) >= 2)
            #expect(f.statistics.lists == 1, "\(f.statistics)")
        }
    }

    /// Deletes made while the informer cannot watch, then history compacted: the watch gets
    /// 410, the informer relists and reports the missed deletes as tombstones.
    @Test(arguments: [InformerQueueKind.inOrder, .deltaFIFO])
    func compactedHistoryLeadsToRelistWithTombstones(queue: InformerQueueKind) async throws {
        try await compactedHistoryScenario(queue: queue)
    }

    private func compactedHistoryScenario(queue: InformerQueueKind) async throws {
        try await withFixture(seed: 6, queue: queue) { f in
            try await f.watchOpen()
            try await f.converged(deleted: [], "before the gap")
            f.gate.close()
            #expect(f.faults.dropWatches() >= 1)
            try await eventually("the informer waits at the gate") { f.gate.blockedWatches >= 1 }
            var missed: Set<String> = []
            for i in [0, 2, 4] {
                _ = try await f.client.delete("seed-\(i)")
                missed.insert("\(f.namespace)/seed-\(i)")
            }
            var changed = try await f.client.get("seed-1")
            changed.data = ["v": "gap"]
            _ = try await f.client.update(changed)
            _ = try await f.client.create(InformerIntegrationTests.configMap("gap-new", "0"))
            f.faults.compactHistory()
            f.gate.open()
            try await f.converged(deleted: missed, "compacted gap (\(queue))")
            #expect(f.statistics.relistsAfterExpiry >= 1, "\(f.statistics)")
            #expect(f.statistics.lists >= 2, "\(f.statistics)")
            let last = f.log.lastByKey
            for key in missed {
                #expect(last[key]?.isTombstone == true, "missed delete of \(key) delivered as \(last[key]?.description ?? "nothing")")
            }
            // And the informer keeps watching after the relist.
            let deleted = try await churn(f, "after-gap")
            try await f.converged(deleted: deleted.union(missed), "after relist (\(queue))")
        }
    }

    @Test func malformedEventLeadsToRelistAndNothingIsLost() async throws {
        try await withFixture { f in
            try await f.watchOpen()
            #expect(f.faults.sendMalformedEvent() >= 1)
            let deleted = try await churn(f, "after-malformed")
            try await f.converged(deleted: deleted, "malformed event", relisted: true)
            try await eventually("relisted after the malformed line") { f.statistics.lists >= 2 }
            #expect(f.faults.count(.malformedEvent) >= 1)
        }
    }

    @Test func stalledWatchesDeliverEverythingOnResume() async throws {
        try await withFixture { f in
            try await f.watchOpen()
            f.faults.stallWatches()
            let deleted = try await churn(f, "stalled")
            let server = try await serverState(f.client)
            #expect(f.faults.count(.stall) == 1)
            f.faults.resumeWatches()
            try await f.converged(deleted: deleted, "stall and resume")
            #expect(try await serverState(f.client) == server)
            #expect(f.statistics.lists == 1, "\(f.statistics)")
        }
    }
}

extension FaultRecoveryIntegrationTests {
    /// Counts streaming-list watches and cuts the first one short, before its initial events end.
    final class CutFirstStreamingList: Sendable {
        let streamingWatches = Mutex(0)

        func listWatch(_ client: ResourceClient<ConfigMap>) -> ListWatch<ConfigMap> {
            ListWatch(
                list: { try await client.list($0) },
                watch: { options in
                    let events = try await client.watch(options)
                    guard options.sendInitialEvents == true else { return AnyWatchEvents(events) }
                    let n = self.streamingWatches.withLock { count in
                        count += 1
                        return count
                    }
                    return n == 1 ? AnyWatchEvents(events.prefix(1)) : AnyWatchEvents(events)
                })
        }
    }

    /// A streaming list whose stream ends before the initial-events-end bookmark is started
    /// again; the informer then syncs with every object (it used to watch on from "" unsynced).
    @Test func streamingListCutBeforeItsEndIsRestarted() async throws {
        try await IntegrationBackend.with(.inProcess) { backend in
            let ns = try await backend.makeNamespace("stream-cut")
            let client = backend.client.resource(ConfigMap.self, namespace: ns)
            for i in 0..<5 { _ = try await client.create(InformerIntegrationTests.configMap("seed-\(i)", "0")) }
            let cutter = CutFirstStreamingList()
            var configuration = SharedIndexInformer<ConfigMap>.Configuration(resource: ConfigMap.resource)
            configuration.reflector.useStreamingList = true
            configuration.reflector.backoff = Backoff(initial: .milliseconds(50), maximum: .seconds(1))
            let informer = try SharedIndexInformer(
                listerWatcher: cutter.listWatch(client), configuration: configuration,
                logger: integrationLogger("informer"))
            let log = EventLog<ConfigMap>()
            informer.addEventHandler(log.handler)
            try await withRunning(informer) {
                try await expectSynced(informer, "after a cut streaming list")
                #expect(informer.indexer.count == 5, "synced with the complete initial state")
                let deleted = try await InformerIntegrationTests.churn(client, names: (0..<6).map { "later-\($0)" })
                try await expectCacheConverges(informer, what: "cut streaming list") { try await serverState(client) }
                try await expectHandlerSawFinalStates(
                    log, server: try await serverState(client), deleted: deleted, what: "cut streaming list")
                #expect(cutter.streamingWatches.withLock { $0 } >= 2)
                #expect(informer.reflectorStatistics?.streamingListSupported == true)
            }
        }
    }
}
