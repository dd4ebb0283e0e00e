public import KubeModel

/// Who holds a lease and until when, as stored in a `coordination.k8s.io/v1` Lease's spec.
public struct LeaderElectionRecord: Sendable, Hashable {
    /// The holder's identity; empty when released.
    public var holderIdentity: String
    /// How long the lease is valid after `renewTime`, in seconds.
    public var leaseDurationSeconds: Int
    public var acquireTime: MicroTime?
    public var renewTime: MicroTime?
    /// How many times the lease changed hands.
    public var leaseTransitions: Int

    public init(
        holderIdentity: String, leaseDurationSeconds: Int, acquireTime: MicroTime? = nil,
        renewTime: MicroTime? = nil, leaseTransitions: Int = 0
    ) {
        self.holderIdentity = holderIdentity
        self.leaseDurationSeconds = leaseDurationSeconds
        self.acquireTime = acquireTime
        self.renewTime = renewTime
        self.leaseTransitions = leaseTransitions
    }

    /// Reads the record from a Lease.
    public init(lease: CoordinationV1.Lease) {
        let spec = lease.spec
        self.init(
            holderIdentity: spec?.holderIdentity ?? "", leaseDurationSeconds: Int(spec?.leaseDurationSeconds ?? 0),
            acquireTime: spec?.acquireTime, renewTime: spec?.renewTime,
            leaseTransitions: Int(spec?.leaseTransitions ?? 0))
    }

    /// Writes the record into a Lease's spec.
    public func apply(to lease: inout CoordinationV1.Lease) {
        var spec = lease.spec ?? CoordinationV1.LeaseSpec()
        spec.holderIdentity = holderIdentity
        spec.leaseDurationSeconds = Int32(clamping: leaseDurationSeconds)
        spec.acquireTime = acquireTime
        spec.renewTime = renewTime
        spec.leaseTransitions = Int32(clamping: leaseTransitions)
        lease.spec = spec
    }
}

/// The pure decision of one acquire-or-renew attempt (client-go's rules): expiry is judged by
/// when *this* candidate last saw the record change, on its own clock — never by the holder's
/// timestamps, so clock skew between machines cannot make two leaders.
public struct LeaderElectionDecider: Sendable {
    /// This candidate's identity.
    public var identity: String
    /// The lease duration this candidate writes and honours.
    public var leaseDuration: Duration

    /// The record last observed and when (local monotonic time) it was first seen.
    public private(set) var observed: LeaderElectionRecord?
    public private(set) var observedAt: ContinuousClock.Instant?

    public init(identity: String, leaseDuration: Duration) {
        self.identity = identity
        self.leaseDuration = leaseDuration
    }

    /// What to do next.
    public enum Action: Sendable, Hashable {
        /// No lease exists: create one with this record.
        case create(LeaderElectionRecord)
        /// Write this record over the current one (acquire or renew).
        case update(LeaderElectionRecord)
        /// Someone else holds an unexpired lease.
        case heldBy(String)
    }

    /// Decides, given the lease's current record (`nil` if none exists).
    /// - Parameters:
    ///   - now: local monotonic time, for expiry.
    ///   - wallNow: wall-clock time written into the record.
    public mutating func decide(
        current: LeaderElectionRecord?, now: ContinuousClock.Instant, wallNow: MicroTime
    ) -> Action {
        let seconds = Int(leaseDuration.components.seconds)
        guard let current else {
            return .create(
                LeaderElectionRecord(
                    holderIdentity: identity, leaseDurationSeconds: seconds, acquireTime: wallNow,
                    renewTime: wallNow, leaseTransitions: 0))
        }
        if observed != current {
            observed = current
            observedAt = now
        }
        let heldByOther = !current.holderIdentity.isEmpty && current.holderIdentity != identity
        if heldByOther, let observedAt,
            now < observedAt + .seconds(max(current.leaseDurationSeconds, 1))
        {
            return .heldBy(current.holderIdentity)
        }
        var next = LeaderElectionRecord(
            holderIdentity: identity, leaseDurationSeconds: seconds, acquireTime: current.acquireTime,
            renewTime: wallNow, leaseTransitions: current.leaseTransitions)
        if current.holderIdentity != identity {
            next.acquireTime = wallNow
            next.leaseTransitions = current.leaseTransitions + 1
        }
        return .update(next)
    }

    /// Records a successful write, so the next attempt compares against it.
    public mutating func wrote(_ record: LeaderElectionRecord, at now: ContinuousClock.Instant) {
        observed = record
        observedAt = now
    }
}
