public import KubeController
public import KubeModel

/// What one member's Lease says, as read from the API server: who holds it, how long it is
/// honoured, and which view its holder has acknowledged (acts on, or waits to act on).
public struct ShardLeaseSnapshot: Sendable, Hashable {
    /// The member the Lease belongs to (its `shard.kinformer.io/member` label).
    public var member: String
    /// The lease record (holder empty when released).
    public var record: LeaderElectionRecord
    /// The members of the view the holder acknowledged: it reconciles only keys it owns in this
    /// view, and nothing it owned in an earlier one.
    public var acknowledgedView: [String]?

    public init(member: String, record: LeaderElectionRecord, acknowledgedView: [String]?) {
        self.member = member
        self.record = record
        self.acknowledgedView = acknowledgedView
    }

    /// Reads a member Lease; `nil` when it lacks the member label.
    public init?(lease: CoordinationV1.Lease) {
        guard let member = lease.metadata.labels?[ShardLabels.member], !member.isEmpty else { return nil }
        self.member = member
        self.record = LeaderElectionRecord(lease: lease)
        self.acknowledgedView = lease.metadata.annotations?[ShardLabels.acknowledgedView].map(ShardLabels.parseView)
    }

    /// Whether the member holds its own lease (not released).
    public var isHeld: Bool { record.holderIdentity == member }
}

/// The label and annotation keys sharding writes.
public enum ShardLabels {
    /// On every member Lease: the ring's name.
    public static let ring = "shard.kinformer.io/ring"
    /// On every member Lease: the member.
    public static let member = "shard.kinformer.io/member"
    /// On every member Lease: the acknowledged view, members joined by commas.
    public static let acknowledgedView = "shard.kinformer.io/acknowledged-view"

    /// The label on objects in label mode: `shard.kinformer.io/<ring>`.
    public static func objectLabel(ring: String) -> String { "shard.kinformer.io/\(ring)" }

    static func parseView(_ text: String) -> [String] {
        text.split(separator: ",").map(String.init).sorted()
    }
}
