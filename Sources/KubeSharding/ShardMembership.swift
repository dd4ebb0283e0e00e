/// The pure decision of a ring member (no I/O): from consistent reads of the ring's Leases,
/// which members are live, which view to acknowledge, and whether it may act.
///
/// A member is live while its lease is held and was seen to change less than its lease
/// duration ago — measured on *this* replica's monotonic clock from when this replica first
/// read the current record, as client-go's leader election does, so clock skew between
/// machines does not matter. This replica is always live to itself (its shell stops it when
/// its own renewals miss their deadline).
///
/// The rule: acknowledge (publish) the live set; act on view V only when V is the live set,
/// this replica has published V, and every other live member's Lease shows V acknowledged —
/// read after this replica's own publish. See docs/sharding.md for why that means no key has
/// two owners at once.
public struct ShardMembership: Sendable {
    /// This replica.
    public let identity: String

    private struct Observation: Sendable {
        var snapshot: ShardLeaseSnapshot
        var firstSeen: ContinuousClock.Instant
    }

    private var observations: [String: Observation] = [:]
    /// The view this replica last wrote into its Lease.
    public private(set) var published: [String]?

    public init(identity: String) { self.identity = identity }

    /// What to do next.
    public enum Decision: Sendable, Hashable {
        /// The live set differs from what this replica acknowledged: stop acting (finish or
        /// cancel what is in flight) and then publish these members.
        case publish([String])
        /// Every live member acknowledged this view: act on it.
        case act(ShardView)
        /// Waiting for these live members to acknowledge the published view.
        case waitFor([String])
    }

    /// Takes a consistent read of all the ring's Leases (members missing from it are gone).
    public mutating func observe(_ snapshots: [ShardLeaseSnapshot], at now: ContinuousClock.Instant) {
        var next: [String: Observation] = [:]
        for snapshot in snapshots where snapshot.member != identity {
            if let old = observations[snapshot.member], old.snapshot == snapshot {
                next[snapshot.member] = old
            } else {
                next[snapshot.member] = Observation(snapshot: snapshot, firstSeen: now)
            }
        }
        observations = next
    }

    /// Records that this replica's Lease now carries `view`.
    public mutating func didPublish(_ view: [String]) { published = view }

    /// The live members at `now`, sorted, this replica included.
    public func live(at now: ContinuousClock.Instant) -> [String] {
        var members = [identity]
        for (member, o) in observations where o.snapshot.isHeld {
            let duration = Duration.seconds(max(o.snapshot.record.leaseDurationSeconds, 1))
            if now < o.firstSeen + duration { members.append(member) }
        }
        return members.sorted()
    }

    /// When the earliest live member (other than this one) expires unless renewed.
    public func nextExpiry() -> ContinuousClock.Instant? {
        observations.values.filter(\.snapshot.isHeld)
            .map { $0.firstSeen + .seconds(max($0.snapshot.record.leaseDurationSeconds, 1)) }.min()
    }

    /// Decides from the observations; valid only when they were read after the last publish.
    public func decide(at now: ContinuousClock.Instant) -> Decision {
        let live = live(at: now)
        guard published == live else { return .publish(live) }
        let missing = live.filter { member in
            member != identity && observations[member]?.snapshot.acknowledgedView != live
        }
        if !missing.isEmpty { return .waitFor(missing) }
        return .act(ShardView(members: live, identity: identity))
    }
}
