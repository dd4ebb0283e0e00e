import KinformerTestSupport
import Foundation
import KubeClient
import KubeController
import KubeModel
import Synchronization
import Testing

/// Three candidates on one Lease of the real control plane, with short durations.
@Suite(.serialized) struct LeaderElectionIntegrationTests {
    /// What the candidates' callbacks report.
    enum Event: Sendable {
        case started(String, ContinuousClock.Instant, leadersSampled: Int)
        case stopped(String, ContinuousClock.Instant, leadersSampled: Int)
    }

    /// A leadership interval of one candidate.
    struct Interval {
        var identity: String
        var start: ContinuousClock.Instant
        var end: ContinuousClock.Instant?
    }

    /// Three electors, their tasks, and the log of their callbacks.
    final class Candidates: Sendable {
        let log = EventLog<Event>()
        let electors: [LeaderElector]
        let tasks: Mutex<[String: Task<Void, any Error>]> = Mutex([:])

        init(
            client: KubeClient, lease: String, namespace: String, releaseOnCancel: Bool,
            leaseDuration: Duration = .seconds(3), renewDeadline: Duration = .seconds(2)
        ) {
            let box = Mutex<[LeaderElector]>([])
            let log = self.log
            @Sendable func sampleLeaders() -> Int { box.withLock { $0 }.filter(\.isLeader).count }
            electors = ["a", "b", "c"].map { identity in
                var configuration = LeaderElector.Configuration(
                    leaseName: lease, leaseNamespace: namespace, identity: identity)
                configuration.leaseDuration = leaseDuration
                configuration.renewDeadline = renewDeadline
                configuration.retryPeriod = .milliseconds(500)
                configuration.releaseOnCancel = releaseOnCancel
                return LeaderElector(
                    client: client, configuration: configuration,
                    callbacks: .init(onStartedLeading: {
                        log.append(.started(identity, .now, leadersSampled: sampleLeaders()))
                        // Lead until cancelled (the sleep only waits for cancellation).
                        while !Task.isCancelled { try? await Task.sleep(for: .seconds(60)) }
                        log.append(.stopped(identity, .now, leadersSampled: sampleLeaders()))
                    }))
            }
            box.withLock { $0 = electors }
        }

        func startAll() {
            tasks.withLock { tasks in
                for elector in electors {
                    tasks[elector.configuration.identity] = Task { try await elector.run() }
                }
            }
        }

        /// Cancels one candidate and waits until its `run()` returned.
        func stop(_ identity: String) async {
            let task = tasks.withLock { $0.removeValue(forKey: identity) }
            task?.cancel()
            _ = try? await task?.value
        }

        func stopAll() async {
            for elector in electors { await stop(elector.configuration.identity) }
        }

        func elector(_ identity: String) -> LeaderElector {
            electors.first { $0.configuration.identity == identity }!
        }

        /// Number of `started` events so far.
        var startCount: Int { log.values.filter { if case .started = $0 { true } else { false } }.count }

        /// Waits for the `n`-th `started` event (1-based) and returns its identity and time.
        func waitForStart(_ n: Int) async -> (String, ContinuousClock.Instant) {
            let values = await log.wait { values in
                values.filter { if case .started = $0 { true } else { false } }.count >= n
            }
            let starts = values.compactMap { event -> (String, ContinuousClock.Instant)? in
                if case .started(let id, let at, _) = event { return (id, at) }
                return nil
            }
            return starts[n - 1]
        }

        /// Leadership intervals from the log, in start order.
        var intervals: [Interval] {
            var open: [String: Int] = [:]
            var out: [Interval] = []
            for event in log.values {
                switch event {
                case .started(let id, let at, _):
                    open[id] = out.count
                    out.append(Interval(identity: id, start: at))
                case .stopped(let id, let at, _):
                    if let i = open.removeValue(forKey: id) { out[i].end = at }
                }
            }
            return out
        }

        /// Records an issue for every overlap of two leadership intervals, and for every callback
        /// that saw other than one leader (itself) when it started.
        func checkExclusive(sourceLocation: SourceLocation = #_sourceLocation) {
            let sorted = intervals.sorted { $0.start < $1.start }
            for (earlier, later) in zip(sorted, sorted.dropFirst()) {
                guard let end = earlier.end else {
                    Issue.record("\(earlier.identity) still led when \(later.identity) started", sourceLocation: sourceLocation)
                    continue
                }
                #expect(end <= later.start, "\(earlier.identity) and \(later.identity) overlapped", sourceLocation: sourceLocation)
            }
            for event in log.values {
                if case .started(let id, _, let sampled) = event {
                    #expect(sampled == 1, "\(id) started leading while \(sampled) candidates claimed to lead", sourceLocation: sourceLocation)
                }
            }
        }
    }

    private static func seconds(_ d: Duration) -> String { String(format: "%.2f", d / .seconds(1)) }

    /// The first leader is cancelled; another candidate must take over. Returns the failover time,
    /// the lease as it was just before the cancel, and as it is once the second leader started.
    private func failover(
        releaseOnCancel: Bool, leaseDuration: Duration = .seconds(3), renewDeadline: Duration = .seconds(2)
    ) async throws -> (failover: Duration, before: CoordinationV1.LeaseSpec?, after: CoordinationV1.LeaseSpec?) {
        let client = try await Plane.client()
        let lease = "le-" + UUID().uuidString.prefix(8).lowercased()
        let leases = client.resource(CoordinationV1.Lease.self, namespace: "default")
        let candidates = Candidates(
            client: client, lease: lease, namespace: "default", releaseOnCancel: releaseOnCancel,
            leaseDuration: leaseDuration, renewDeadline: renewDeadline)
        candidates.startAll()
        let (first, _) = await candidates.waitForStart(1)
        #expect(candidates.electors.filter(\.isLeader).map(\.configuration.identity) == [first])

        let before = try await leases.get(lease).spec
        let cancelledAt = ContinuousClock.now
        await candidates.stop(first)
        #expect(!candidates.elector(first).isLeader)
        let (second, startedAt) = await candidates.waitForStart(2)
        let failover = cancelledAt.duration(to: startedAt)
        #expect(second != first)
        #expect(candidates.electors.filter(\.isLeader).map(\.configuration.identity) == [second])
        let after = try await leases.get(lease).spec

        await candidates.stopAll()
        candidates.checkExclusive()
        let stored = try await leases.get(lease)
        #expect((stored.spec?.leaseTransitions ?? 0) >= 1)
        _ = try? await leases.delete(lease)
        try await client.shutdown()
        return (failover, before, after)
    }

    @Test func oneLeaderAndFailoverAfterExpiry() async throws {
        let (failover, _, _) = try await failover(releaseOnCancel: false)
        // A generous failure bound only (lease + retry with jitter is ~4.1 s here).
        #expect(failover < .seconds(20))
        print("leader election failover without release: \(Self.seconds(failover)) s")
    }

    /// With a 60 s lease, only a release lets the next candidate in before the old lease expires:
    /// by the lease's own timestamps, the new holder acquired it less than 60 s after the old
    /// holder's last renewal seen before the cancel (expiry would need at least 60 s).
    @Test func releaseOnCancelHandsOverBeforeTheLeaseExpires() async throws {
        let leaseDuration = Duration.seconds(60)
        let (failover, before, after) = try await failover(
            releaseOnCancel: true, leaseDuration: leaseDuration, renewDeadline: .seconds(10))
        let renewed = try #require(before?.renewTime?.microsecondsSinceEpoch)
        let acquired = try #require(after?.acquireTime?.microsecondsSinceEpoch)
        #expect(after?.holderIdentity != before?.holderIdentity)
        #expect(acquired - renewed < Int64(leaseDuration / .microseconds(1)),
                "acquired \(acquired - renewed) µs after the last renewal: that is expiry, not a release")
        print("leader election failover with releaseOnCancel: \(Self.seconds(failover)) s")
    }

    @Test func leaderLosesAStolenLease() async throws {
        let client = try await Plane.client()
        let leaseName = "le-" + UUID().uuidString.prefix(8).lowercased()
        let leases = client.resource(CoordinationV1.Lease.self, namespace: "default")
        let candidates = Candidates(client: client, lease: leaseName, namespace: "default", releaseOnCancel: true)
        candidates.startAll()
        let (leader, _) = await candidates.waitForStart(1)

        // Another identity writes the lease (retrying on conflicts with the leader's renewals).
        let stolenAt = ContinuousClock.now
        var stolen = false
        for _ in 0..<20 where !stolen {
            var lease = try await leases.get(leaseName)
            let now = MicroTime(microsecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1_000_000))
            LeaderElectionRecord(
                holderIdentity: "thief", leaseDurationSeconds: 3, acquireTime: now, renewTime: now,
                leaseTransitions: Int(lease.spec?.leaseTransitions ?? 0) + 1
            ).apply(to: &lease)
            do {
                _ = try await leases.update(lease)
                stolen = true
            } catch let error as KubeAPIError where error.isConflict {
                continue
            }
        }
        try #require(stolen)

        // The leader notices and stops leading; after the thief's lease expires, someone leads again.
        let values = await candidates.log.wait { values in
            values.contains { if case .stopped(leader, _, _) = $0 { true } else { false } }
        }
        let lostAt = values.compactMap { event -> ContinuousClock.Instant? in
            if case .stopped(leader, let at, _) = event { return at }
            return nil
        }.first!
        print("leader election: stolen lease noticed after \(Self.seconds(stolenAt.duration(to: lostAt))) s")
        let (next, nextAt) = await candidates.waitForStart(2)
        print("leader election: \(next) took over \(Self.seconds(stolenAt.duration(to: nextAt))) s after the steal")
        #expect(stolenAt.duration(to: nextAt) < .seconds(30))
        // Nobody led while the thief's lease was honoured: the new leader started after the old one stopped.
        #expect(lostAt <= nextAt)

        await candidates.stopAll()
        candidates.checkExclusive()
        _ = try? await leases.delete(leaseName)
        try await client.shutdown()
    }
}
