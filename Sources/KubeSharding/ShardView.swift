/// The live members of a ring as one replica acts on them: every key has exactly one owner in
/// a view, by ``Rendezvous`` hashing.
public struct ShardView: Sendable, Hashable, CustomStringConvertible {
    /// The members, sorted.
    public let members: [String]
    /// The replica holding this view.
    public let identity: String

    public init(members: some Sequence<String>, identity: String) {
        self.members = Array(Set(members)).sorted()
        self.identity = identity
    }

    /// The member that owns `key` in this view.
    public func owner(of key: String) -> String? { Rendezvous.owner(of: key, among: members) }

    /// Whether this replica owns `key` in this view.
    public func owns(_ key: String) -> Bool { owner(of: key) == identity }

    public var description: String { members.joined(separator: ",") }
}
