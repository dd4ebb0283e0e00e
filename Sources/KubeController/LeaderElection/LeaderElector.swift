import Foundation
public import KubeClient
public import KubeModel
public import Logging
public import ServiceLifecycle
import KubeSupport

/// Leader election on a `coordination.k8s.io/v1` Lease, with client-go's rules and defaults:
/// of all candidates running with the same lease, at most one leads at any moment.
///
/// `run()` loops until cancelled: try to acquire the lease every `retryPeriod` (jittered); once
/// held, run ``Callbacks/onStartedLeading`` while renewing every `retryPeriod`; if renewal does not
/// succeed within `renewDeadline`, leadership is lost, the leading work is cancelled and
/// ``Callbacks/onStoppedLeading`` runs. On cancellation the lease is released (when
/// `releaseOnCancel`), so another candidate takes over at once instead of after expiry.
public final class LeaderElector: Service, Sendable {
    /// Settings; defaults are client-go's (15 s lease, 10 s renew deadline, 2 s retry).
    public struct Configuration: Sendable {
        public var leaseName: String
        public var leaseNamespace: String
        /// This candidate's unique identity (e.g. pod name + a random suffix).
        public var identity: String
        /// How long a lease is honoured by others after it was last seen renewed.
        public var leaseDuration: Duration = .seconds(15)
        /// The leader gives up if it cannot renew within this long.
        public var renewDeadline: Duration = .seconds(10)
        /// Time between attempts to acquire or renew.
        public var retryPeriod: Duration = .seconds(2)
        /// Acquire attempts wait `retryPeriod × (1 + random × jitterFactor)`.
        public var jitterFactor: Double = 1.2
        /// Clear the lease's holder when cancelled while leading (best effort, for up to
        /// `renewDeadline`: otherwise the lease expires by itself).
        public var releaseOnCancel: Bool = true

        public init(leaseName: String, leaseNamespace: String, identity: String) {
            self.leaseName = leaseName
            self.leaseNamespace = leaseNamespace
            self.identity = identity
        }
    }

    /// What to run on leadership changes.
    public struct Callbacks: Sendable {
        /// Runs while this candidate leads; cancelled when leadership is lost or the elector stops.
        public var onStartedLeading: @Sendable () async -> Void
        /// Runs after leadership was lost or given up.
        public var onStoppedLeading: @Sendable () async -> Void
        /// Told each time a different leader is observed (including this candidate).
        public var onNewLeader: @Sendable (String) async -> Void

        public init(
            onStartedLeading: @escaping @Sendable () async -> Void,
            onStoppedLeading: @escaping @Sendable () async -> Void = {},
            onNewLeader: @escaping @Sendable (String) async -> Void = { _ in }
        ) {
            self.onStartedLeading = onStartedLeading
            self.onStoppedLeading = onStoppedLeading
            self.onNewLeader = onNewLeader
        }
    }

    private struct State {
        var decider: LeaderElectionDecider
        var leading = false
        var observedLeader: String?
        var acquisitions = 0
    }

    public let configuration: Configuration
    private let callbacks: Callbacks
    private let leases: ResourceClient<CoordinationV1.Lease>
    private let logger: Logger
    private let state: Locked<State>

    public init(
        client: KubeClient, configuration: Configuration, callbacks: Callbacks,
        logger: Logger = Logger(label: "kinformer.leaderelection")
    ) {
        self.configuration = configuration
        self.callbacks = callbacks
        self.leases = client.resource(CoordinationV1.Lease.self, namespace: configuration.leaseNamespace)
        var logger = logger
        logger[metadataKey: "lease"] = "\(configuration.leaseNamespace)/\(configuration.leaseName)"
        logger[metadataKey: "identity"] = "\(configuration.identity)"
        self.logger = logger
        self.state = Locked(
            State(
                decider: LeaderElectionDecider(
                    identity: configuration.identity, leaseDuration: configuration.leaseDuration)))
    }

    /// Whether this candidate leads now.
    public var isLeader: Bool { state.withLock { $0.leading } }

    /// The leader last observed (possibly this candidate), if any.
    public var currentLeader: String? { state.withLock { $0.observedLeader } }

    /// How many times this candidate has acquired the lease.
    public var acquisitions: Int { state.withLock { $0.acquisitions } }

    /// Campaigns, leads and campaigns again, until cancelled or graceful shutdown.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                guard await self.acquire() else { return }
                await self.lead()
            }
        }
    }

    // MARK: - Campaign

    /// Tries until the lease is acquired (true) or the task is cancelled (false).
    private func acquire() async -> Bool {
        while !Task.isCancelled {
            if await tryAcquireOrRenew() {
                state.withLock {
                    $0.leading = true
                    $0.acquisitions += 1
                }
                logger.debug("acquired lease")
                return true
            }
            let jittered = configuration.retryPeriod * (1 + Double.random(in: 0..<1) * configuration.jitterFactor)
            do { try await Task.sleep(for: jittered) } catch { return false }
        }
        return false
    }

    /// Runs the leading work while renewing; returns when leadership is lost or on cancellation.
    private func lead() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.callbacks.onStartedLeading() }
            await self.renewUntilLost()
            group.cancelAll()
        }
        state.withLock { $0.leading = false }
        if Task.isCancelled, configuration.releaseOnCancel {
            // The request must run although this task is cancelled, but only for up to
            // renewDeadline: with the API server unreachable its retries would hold up shutdown
            // for minutes, and the lease expires by itself anyway.
            let deadline = ContinuousClock.now + configuration.renewDeadline
            await Task { _ = await withDeadline(deadline) { await self.release() } }.value
        }
        logger.debug("stopped leading")
        await callbacks.onStoppedLeading()
    }

    private func renewUntilLost() async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: configuration.retryPeriod) } catch { return }
            let deadline = ContinuousClock.now + configuration.renewDeadline
            var renewed = false
            while !Task.isCancelled, ContinuousClock.now < deadline {
                if await tryRenew(before: deadline) {
                    renewed = true
                    break
                }
                // Never sleep past the deadline: leadership ends there.
                do { try await Task.sleep(until: min(.now + configuration.retryPeriod, deadline)) } catch { return }
            }
            if !renewed {
                if !Task.isCancelled { logger.info("failed to renew lease in time; leadership lost") }
                return
            }
        }
    }

    /// One renewal attempt that counts only if it finishes before `deadline`: a request still
    /// running then is cancelled and the attempt fails, so a hanging API server cannot keep this
    /// candidate leading after others may have taken the lease.
    private func tryRenew(before deadline: ContinuousClock.Instant) async -> Bool {
        let result = await withDeadline(deadline) { await self.tryAcquireOrRenew() }
        return (try? result?.get()) ?? false
    }

    // MARK: - One attempt

    private static func wallNow() -> MicroTime {
        MicroTime(microsecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1_000_000))
    }

    /// One get + create/update of the lease. True when this candidate holds it afterwards.
    private func tryAcquireOrRenew() async -> Bool {
        let existing: CoordinationV1.Lease?
        do {
            existing = try await leases.get(configuration.leaseName)
        } catch let error as KubeAPIError where error.isNotFound {
            existing = nil
        } catch {
            logger.debug("reading lease failed", metadata: ["error": "\(error)"])
            return false
        }
        let now = ContinuousClock.now
        let action = state.withLock {
            $0.decider.decide(current: existing.map(LeaderElectionRecord.init(lease:)), now: now, wallNow: Self.wallNow())
        }
        do {
            switch action {
            case .heldBy(let holder):
                await observeLeader(holder)
                return false
            case .create(let record):
                var lease = CoordinationV1.Lease(
                    metadata: ObjectMeta(name: configuration.leaseName, namespace: configuration.leaseNamespace))
                record.apply(to: &lease)
                _ = try await leases.create(lease)
                state.withLock { $0.decider.wrote(record, at: now) }
            case .update(let record):
                guard var lease = existing else { return false }
                record.apply(to: &lease)
                _ = try await leases.update(lease)
                state.withLock { $0.decider.wrote(record, at: now) }
            }
        } catch {
            logger.debug("writing lease failed", metadata: ["error": "\(error)"])
            return false
        }
        await observeLeader(configuration.identity)
        return true
    }

    private func observeLeader(_ leader: String) async {
        let changed = state.withLock { s in
            guard s.observedLeader != leader else { return false }
            s.observedLeader = leader
            return true
        }
        if changed { await callbacks.onNewLeader(leader) }
    }

    /// Clears the holder so others can acquire at once.
    private func release() async {
        do {
            var lease = try await leases.get(configuration.leaseName)
            guard lease.spec?.holderIdentity == configuration.identity else { return }
            let wall = Self.wallNow()
            let record = LeaderElectionRecord(
                holderIdentity: "", leaseDurationSeconds: 1, acquireTime: wall, renewTime: wall,
                leaseTransitions: Int(lease.spec?.leaseTransitions ?? 0))
            record.apply(to: &lease)
            _ = try await leases.update(lease)
            logger.debug("released lease")
        } catch {
            logger.debug("releasing lease failed", metadata: ["error": "\(error)"])
        }
    }
}
