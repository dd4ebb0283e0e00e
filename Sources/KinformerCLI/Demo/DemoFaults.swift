import KubeModel
import KubeTesting
import KubeSupport

/// Injects one fault at a time into the embedded API server and watches the informers recover
/// from it: dropped watches, watches cut mid-line, history compaction (→ 410 Gone → relist),
/// 429 TooManyRequests, and 500s on Deployment patches (→ the controller's retries).
final class DemoFaults: Sendable {
    /// The kinds of fault, injected in this order, round after round.
    enum Kind: String, Sendable, CaseIterable {
        case dropWatches = "drop watches"
        case compaction = "compact history"
        case tooManyRequests = "429 TooManyRequests"
        case serverErrors = "500 on deployment patches"
        case truncateWatches = "cut watches mid-line"
    }

    /// One injected fault and, once recovered, how long that took.
    struct Record: Sendable, Hashable {
        var kind: Kind
        var injectedAt: Duration
        var recoveredAfter: Duration?
    }

    private struct Pending {
        var kind: Kind
        var injectedAt: ContinuousClock.Instant
        var resourceVersion: Int64
        var watchesBefore: [Int]
        var relistsBefore: Int
        var errorsExpected: Int?
    }

    private struct State {
        var pending: Pending?
        var records: [Record] = []
        var next = 0
    }

    private let server: InProcessAPIServer
    private let probes: [DemoInformerProbe]
    private let start: ContinuousClock.Instant
    private let state = Locked(State())
    private static let secrets = InProcessAPIServer.commonResources.first { $0.0.plural == "secrets" }!.0

    init(server: InProcessAPIServer, probes: [DemoInformerProbe], start: ContinuousClock.Instant) {
        self.server = server
        self.probes = probes
        self.start = start
    }

    /// Every fault injected so far.
    var records: [Record] { state.withLock { $0.records } }

    /// Whether a fault is waiting for recovery.
    var isRecovering: Bool { state.withLock { $0.pending != nil } }

    /// Full rounds (every kind once) injected and recovered.
    var completedRounds: Int {
        state.withLock { s in s.records.count { $0.recoveredAfter != nil } / Kind.allCases.count }
    }

    /// Injects the next fault unless one is still recovering; returns a line describing it.
    func injectNext() -> String? {
        guard !isRecovering else { return nil }
        let kind = state.withLock { Kind.allCases[$0.next % Kind.allCases.count] }
        let before = probes.map { $0.reflector() }
        var errorsExpected: Int?
        let detail: String
        switch kind {
        case .dropWatches:
            detail = "closed \(server.faults.dropWatches()) watches"
        case .truncateWatches:
            detail = "cut \(server.faults.closeWatchesMidLine()) watches in the middle of an event"
        case .compaction:
            // Re-watches are held back briefly, so that they arrive after the compaction even
            // though other writers keep writing: every informer then gets 410 Gone and relists
            // (an informer that happened to be current would otherwise resume, as it should).
            // A write no informer watches moves the resourceVersion past every informer's; the
            // marker is deleted again (a second such write), so the server's objects stay steady.
            server.faults.setLatency(.milliseconds(300), matching: .init(verb: "watch"))
            let dropped = server.faults.dropWatches()
            let marker = "compaction-marker-\(state.withLock { $0.next })"
            _ = try? server.create(["metadata": ["name": .string(marker), "namespace": "default"]], resource: Self.secrets)
            _ = try? server.delete(resource: Self.secrets, namespace: "default", name: marker)
            server.faults.compactHistory()
            detail = "closed \(dropped) watches and compacted the history at rv \(server.resourceVersion)"
        case .tooManyRequests:
            let n = 5
            errorsExpected = server.faults.count(.errorResponse) + n
            server.faults.failNextRequests(n, with: .tooManyRequests(retryAfterSeconds: 1))
            detail = "the next \(n) requests get 429 with Retry-After: 1"
        case .serverErrors:
            let n = 3
            errorsExpected = server.faults.count(.errorResponse) + n
            server.faults.failNextRequests(
                n, with: .internalError, matching: .init(verb: "patch", pathContains: "/deployments/"))
            detail = "the next \(n) Deployment patches get 500"
        }
        let now = ContinuousClock.now
        state.withLock { s in
            s.next += 1
            s.pending = Pending(
                kind: kind, injectedAt: now, resourceVersion: Int64(server.resourceVersion) ?? 0,
                watchesBefore: before.map(\.watches), relistsBefore: before.reduce(0) { $0 + $1.relists },
                errorsExpected: errorsExpected)
            s.records.append(Record(kind: kind, injectedAt: now - start))
        }
        return "fault: \(kind.rawValue): \(detail)"
    }

    /// Checks whether the pending fault has been recovered from; returns a line saying so.
    ///
    /// Recovered means: every injected error was answered (and retried by its client), every
    /// informer whose watch was closed watches again, and every informer has caught up to the
    /// resourceVersion the server had when the fault was injected.
    func checkRecovery() -> String? {
        guard let pending = state.withLock({ $0.pending }) else { return nil }
        let now = reflectorsNow()
        if let expected = pending.errorsExpected, server.faults.count(.errorResponse) < expected { return nil }
        if pending.kind == .dropWatches || pending.kind == .compaction || pending.kind == .truncateWatches {
            for (after, before) in zip(now, pending.watchesBefore) where after.watches <= before { return nil }
        }
        for probe in probes where (Int64(probe.lastSyncResourceVersion()) ?? 0) < pending.resourceVersion { return nil }
        let took = ContinuousClock.now - pending.injectedAt
        let relists = now.reduce(0) { $0 + $1.relists } - pending.relistsBefore
        state.withLock { s in
            s.pending = nil
            if let i = s.records.indices.last { s.records[i].recoveredAfter = took }
        }
        if pending.kind == .compaction { server.faults.setLatency(nil) }
        let relisted = relists > 0 ? ", \(relists) informer(s) relisted after 410" : ""
        return "recovered from \(pending.kind.rawValue) in \(DemoFormat.seconds(took))\(relisted)"
    }

    /// Drops scripted failures that have not fired and forgets the pending fault.
    func stop() {
        server.faults.reset()
        state.withLock { $0.pending = nil }
    }

    private func reflectorsNow() -> [DemoReflectorCounts] { probes.map { $0.reflector() } }
}
