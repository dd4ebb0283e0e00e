/// Rendezvous (highest-random-weight) hashing: a key belongs to the member whose hash of
/// (member, key) is highest. Every replica computes the same owner from the same member list,
/// and adding or removing one of N members moves only the keys that member wins or held
/// (~1/N of them).
///
/// The hash is FNV-1a (64 bit) with a SplitMix64 finaliser — stable across processes, runs and
/// platforms, unlike Swift's per-process seeded `Hasher`.
public enum Rendezvous {
    /// The stable 64-bit weight of `key` on `member`.
    public static func weight(member: String, key: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        @inline(__always) func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        for byte in member.utf8 { mix(byte) }
        mix(0)
        for byte in key.utf8 { mix(byte) }
        // SplitMix64's finaliser spreads FNV's weak low bits over the whole word.
        hash ^= hash >> 30
        hash &*= 0xbf58_476d_1ce4_e5b9
        hash ^= hash >> 27
        hash &*= 0x94d0_49bb_1331_11eb
        hash ^= hash >> 31
        return hash
    }

    /// The owner of `key` among `members` (`nil` when there are none). Ties go to the smaller name.
    public static func owner(of key: String, among members: some Sequence<String>) -> String? {
        var best: (member: String, weight: UInt64)?
        for member in members {
            let w = weight(member: member, key: key)
            if let b = best, b.weight > w || (b.weight == w && b.member < member) { continue }
            best = (member, w)
        }
        return best?.member
    }
}
