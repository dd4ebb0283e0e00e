import Foundation
import KubeCache
public import KubeClient
import KubeController
public import KubeModel
public import Logging
import Metrics
import ServiceLifecycle
import KubeSupport

/// Membership of one replica in a ring of active-active controller replicas, coordinated only
/// through Leases on the API server.
///
/// Each replica holds its own Lease (`<ring>-<identity>` in the configured namespace, labelled
/// with the ring), renewed every `retryPeriod` with the same timing rules as ``LeaderElector``,
/// and watches the ring's Leases with an informer. Every key belongs to one live member by
/// ``Rendezvous`` hashing over a ``ShardView``. ``run(whileActing:)`` runs your session (e.g. a
/// controller's workers) only while this replica may act on its view: it has acknowledged the
/// live set in its Lease, every other live member has acknowledged the same set, and its own
/// last renewal started less than `renewDeadline` ago. On a membership change the session is
/// cancelled and awaited *before* the new view is acknowledged — which is how a new owner knows
/// the old one has stopped. The argument and its timing assumptions are in docs/sharding.md.
public final class ShardRing: Sendable {
    /// Settings; the timing defaults are client-go's leader election's.
    public struct Configuration: Sendable {
        /// The ring's name (label value; lowercase letters, digits, '-').
        public var name: String
        /// Where the members' Leases live.
        public var namespace: String
        /// This replica's identity, unique in the ring (label value; lowercase letters, digits, '-').
        public var identity: String
        /// How long a member's lease is honoured by others after they saw it renewed.
        public var leaseDuration: Duration = .seconds(15)
        /// A member stops acting if it cannot renew within this long (also when a request hangs).
        public var renewDeadline: Duration = .seconds(10)
        /// Time between renewals (and membership reads).
        public var retryPeriod: Duration = .seconds(2)
        /// On cancellation, clear this replica's Lease holder so the others take over at once
        /// (best effort, for up to `renewDeadline`: otherwise the Lease expires by itself).
        public var releaseOnCancel: Bool = true

        public init(name: String, namespace: String, identity: String) {
            self.name = name
            self.namespace = namespace
            self.identity = identity
        }

        /// The name of this replica's Lease.
        public var leaseName: String { "\(name)-\(identity)" }
    }

    /// What the ring has done, for tests and the demo.
    public struct Statistics: Sendable, Hashable {
        /// Live members in the last decision (this replica included).
        public var members = 0
        /// Views this replica acknowledged (membership changes it took part in).
        public var viewChanges = 0
        /// Sessions started.
        public var sessions = 0
        /// Sessions ended because a renewal missed its deadline.
        public var fenced = 0
        /// Keys or objects handed to another member (counted by the sharded controller).
        public var handOffs = 0
    }

    public let configuration: Configuration
    private let leases: ResourceClient<CoordinationV1.Lease>
    private let client: KubeClient
    private let logger: Logger
    private let wake = WakeSignal()
    private let state: Locked<State>
    private let membersGauge: Gauge
    private let handOffCounter: Counter

    private struct State {
        var membership: ShardMembership
        var acting: ShardView?
        var lastView: ShardView?
        var lease: CoordinationV1.Lease?
        var stats = Statistics()
        var running = false
    }

    /// - Throws: ``ShardingError`` when the ring name or identity cannot be a label value, or
    ///   the renew deadline is not shorter than the lease duration.
    public init(client: KubeClient, configuration: Configuration, logger: Logger = Logger(label: "kinformer.sharding")) throws {
        try ShardingError.validateName(configuration.name, what: "ring name")
        try ShardingError.validateName(configuration.identity, what: "shard identity")
        guard configuration.renewDeadline < configuration.leaseDuration,
            configuration.retryPeriod < configuration.renewDeadline,
            configuration.leaseDuration >= .seconds(1)
        else {
            throw ShardingError(
                "ring '\(configuration.name)': need retryPeriod < renewDeadline < leaseDuration (and leaseDuration ≥ 1 s); got \(configuration.retryPeriod), \(configuration.renewDeadline), \(configuration.leaseDuration)")
        }
        self.configuration = configuration
        self.client = client
        self.leases = client.resource(CoordinationV1.Lease.self, namespace: configuration.namespace)
        var logger = logger
        logger[metadataKey: "ring"] = "\(configuration.name)"
        logger[metadataKey: "identity"] = "\(configuration.identity)"
        self.logger = logger
        self.state = Locked(State(membership: ShardMembership(identity: configuration.identity)))
        self.membersGauge = Gauge(label: "kinformer_shard_members", dimensions: [("ring", configuration.name)])
        self.handOffCounter = Counter(label: "kinformer_shard_handoffs_total", dimensions: [("ring", configuration.name)])
    }

    /// The view this replica acts on now (`nil` while it may not act).
    public var actingView: ShardView? { state.withLock { $0.acting } }

    /// Whether this replica may reconcile `key` now.
    public func owns(_ key: String) -> Bool { state.withLock { $0.acting }?.owns(key) ?? false }

    /// What the ring has done so far.
    public var statistics: Statistics { state.withLock { $0.stats } }

    /// The label selector of objects assigned to this replica in label mode.
    public var objectSelector: String { "\(ShardLabels.objectLabel(ring: configuration.name))=\(configuration.identity)" }

    /// Counts hand-offs (keys or objects passed to another member).
    func recordHandOffs(_ n: Int) {
        guard n > 0 else { return }
        state.withLock { $0.stats.handOffs += n }
        handOffCounter.increment(by: n)
    }

    /// Holds this replica's Lease and runs `body` with the view while this replica may act on
    /// it; `body` is cancelled (and awaited) when membership changes or a renewal misses its
    /// deadline, and started again with the next view. Returns when cancelled (or on graceful
    /// shutdown), after stopping `body` and, with `releaseOnCancel`, releasing the Lease.
    /// - Throws: ``ShardingError`` when the ring is already running.
    public func run(whileActing body: @escaping @Sendable (ShardView) async -> Void) async throws {
        try state.withLock { (s) throws(ShardingError) in
            if s.running { throw ShardingError("ring '\(configuration.name)' is already running for '\(configuration.identity)'") }
            s.running = true
        }
        defer { state.withLock { $0.running = false } }
        var options = SharedInformerFactory.Options()
        options.namespace = configuration.namespace
        options.tweak = ListTweak(labelSelector: "\(ShardLabels.ring)=\(configuration.name)")
        let factory = SharedInformerFactory(client: client, options: options, logger: logger)
        let informer = try factory.informer(for: CoordinationV1.Lease.self)
        let wake = self.wake
        // Renewals only move renewTime; wake the loop for anything else (join, leave, release, acknowledgement).
        informer.addEventHandler(
            onAdd: { _, _ in wake.signal() },
            onUpdate: { old, new in
                if ShardLeaseSnapshot(lease: old).map(Self.membershipPart) != ShardLeaseSnapshot(lease: new).map(Self.membershipPart) {
                    wake.signal()
                }
            },
            onDelete: { _ in wake.signal() })
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { try? await factory.run() }
                await self.loop(body)
                group.cancelAll()
            }
        }
    }

    private static func membershipPart(_ s: ShardLeaseSnapshot) -> [String] {
        [s.member, s.record.holderIdentity, "\(s.record.leaseDurationSeconds)"] + (s.acknowledgedView ?? ["-"])
    }

    // MARK: - The loop

    private final class Session: Sendable {
        let view: ShardView
        let task: Task<Void, Never>
        init(view: ShardView, task: Task<Void, Never>) {
            self.view = view
            self.task = task
        }
    }

    private func loop(_ body: @escaping @Sendable (ShardView) async -> Void) async {
        var session: Session?
        var fence: ContinuousClock.Instant?
        var pending: [String]?
        func stop(fenced: Bool = false) async {
            guard let current = session else { return }
            state.withLock {
                $0.acting = nil
                if fenced { $0.stats.fenced += 1 }
            }
            current.task.cancel()
            await current.task.value
            session = nil
            logger.debug("stopped acting", metadata: ["view": "\(current.view)", "fenced": "\(fenced)"])
        }
        while !Task.isCancelled {
            let roundStart = ContinuousClock.now
            let deadline = fence ?? roundStart + configuration.renewDeadline
            let view = pending ?? state.withLock { $0.membership.published } ?? [configuration.identity]
            // 1. Renew, carrying the view to acknowledge.
            switch await withDeadline(deadline, { try await self.writeLease(view: view) }) {
            case .success?:
                fence = roundStart + configuration.renewDeadline
                if pending != nil {
                    state.withLock {
                        $0.membership.didPublish(view)
                        $0.stats.viewChanges += 1
                    }
                    logger.debug("acknowledged view", metadata: ["view": "\(view.joined(separator: ","))"])
                    pending = nil
                } else {
                    state.withLock { $0.membership.didPublish(view) }
                }
            case .failure(let error)?:
                logger.debug("renewing shard lease failed", metadata: ["error": "\(error)"])
                state.withLock { $0.lease = nil }
            case nil:
                logger.debug("renewing shard lease timed out")
                state.withLock { $0.lease = nil }
            }
            if Task.isCancelled { break }
            if let f = fence, ContinuousClock.now >= f {
                if session != nil { logger.info("shard lease not renewed in time; stopping") }
                await stop(fenced: true)
                fence = nil
            }
            // 2. A consistent read of the ring, after the write above.
            if case .success(let list)? = await withDeadline(fence ?? deadline, { try await self.readRing() }) {
                let now = ContinuousClock.now
                let decision = state.withLock { s in
                    s.membership.observe(list, at: now)
                    return s.membership.decide(at: now)
                }
                switch decision {
                case .publish(let members):
                    await stop()
                    pending = members
                    continue
                case .act(let next):
                    state.withLock { $0.stats.members = next.members.count }
                    membersGauge.record(next.members.count)
                    if let f = fence, now < f, session?.view != next {
                        await stop()
                        state.withLock {
                            $0.acting = next
                            $0.lastView = next
                            $0.stats.sessions += 1
                        }
                        logger.debug("acting", metadata: ["view": "\(next)"])
                        session = Session(view: next, task: Task { await body(next) })
                    }
                case .waitFor(let members):
                    logger.trace("waiting for acknowledgements", metadata: ["members": "\(members)"])
                }
            }
            // 3. Sleep until the next renewal, a member's expiry, the fence, or a membership event.
            var until = roundStart + configuration.retryPeriod
            if let f = fence { until = min(until, f) }
            if let expiry = state.withLock({ $0.membership.nextExpiry() }), expiry > .now { until = min(until, expiry) }
            await wake.wait(until: until)
        }
        await stop()
        if configuration.releaseOnCancel {
            // Although this task is cancelled, and for up to renewDeadline: an unreachable API
            // server must not hold up shutdown (the Lease then expires by itself).
            let deadline = ContinuousClock.now + configuration.renewDeadline
            await Task { _ = await withDeadline(deadline) { await self.release() } }.value
        }
    }

    // MARK: - Requests

    private static func wallNow() -> MicroTime {
        MicroTime(microsecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1_000_000))
    }

    /// Writes this replica's Lease: held by it, renewed now, acknowledging `view`.
    private func writeLease(view: [String]) async throws {
        let cached = state.withLock { $0.lease }
        var lease: CoordinationV1.Lease
        var exists = true
        if let cached {
            lease = cached
        } else {
            do {
                lease = try await leases.get(configuration.leaseName)
            } catch let error as KubeAPIError where error.isNotFound {
                lease = CoordinationV1.Lease(metadata: ObjectMeta(name: configuration.leaseName, namespace: configuration.namespace))
                exists = false
            }
        }
        let wall = Self.wallNow()
        var record = LeaderElectionRecord(lease: lease)
        if record.holderIdentity != configuration.identity {
            record.acquireTime = wall
            record.leaseTransitions += exists ? 1 : 0
        }
        record.holderIdentity = configuration.identity
        record.leaseDurationSeconds = Int(configuration.leaseDuration.components.seconds)
        record.renewTime = wall
        record.apply(to: &lease)
        var labels = lease.metadata.labels ?? [:]
        labels[ShardLabels.ring] = configuration.name
        labels[ShardLabels.member] = configuration.identity
        lease.metadata.labels = labels
        var annotations = lease.metadata.annotations ?? [:]
        annotations[ShardLabels.acknowledgedView] = view.joined(separator: ",")
        lease.metadata.annotations = annotations
        let written: CoordinationV1.Lease
        if exists {
            written = try await leases.update(lease)
        } else {
            written = try await leases.create(lease)
        }
        state.withLock { $0.lease = written }
    }

    /// All of the ring's Leases, read consistently (not from a cache).
    private func readRing() async throws -> [ShardLeaseSnapshot] {
        let list = try await leases.list(ListOptions(labelSelector: "\(ShardLabels.ring)=\(configuration.name)"))
        return list.items.compactMap(ShardLeaseSnapshot.init(lease:))
    }

    /// Clears the holder and the acknowledgement, so the others drop this replica at once.
    private func release() async {
        do {
            var lease = try await leases.get(configuration.leaseName)
            guard lease.spec?.holderIdentity == configuration.identity else { return }
            var record = LeaderElectionRecord(lease: lease)
            record.holderIdentity = ""
            record.leaseDurationSeconds = 1
            record.renewTime = Self.wallNow()
            record.apply(to: &lease)
            lease.metadata.annotations?[ShardLabels.acknowledgedView] = nil
            _ = try await leases.update(lease)
            state.withLock { $0.lease = nil }
            logger.debug("released shard lease")
        } catch {
            logger.debug("releasing shard lease failed", metadata: ["error": "\(error)"])
        }
    }
}
