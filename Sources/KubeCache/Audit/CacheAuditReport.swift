/// The outcome of one cache audit.
public struct CacheAuditReport: Sendable, Hashable, CustomStringConvertible {
    /// The drift that survived every re-check.
    public var drift: CacheAuditDiff
    /// Objects the quorum list returned.
    public var serverCount: Int
    /// Objects in the cache at the comparable point.
    public var cacheCount: Int
    /// The resourceVersion of the (last) quorum list.
    public var listResourceVersion: String
    /// Audit rounds run: 1, plus one per re-check of differences that could be the cache lagging.
    public var rounds: Int
    /// Differences seen in the first round that a re-check cleared (the cache was behind).
    public var cleared: Int

    public init(
        drift: CacheAuditDiff, serverCount: Int, cacheCount: Int, listResourceVersion: String, rounds: Int, cleared: Int
    ) {
        self.drift = drift
        self.serverCount = serverCount
        self.cacheCount = cacheCount
        self.listResourceVersion = listResourceVersion
        self.rounds = rounds
        self.cleared = cleared
    }

    public var description: String {
        let verdict = drift.isEmpty ? "no drift" : "DRIFT missing \(drift.missing.count), extra \(drift.extra.count), stale \(drift.stale.count)"
        return "\(verdict) (server \(serverCount), cache \(cacheCount), list rv \(listResourceVersion), "
            + "\(rounds) round\(rounds == 1 ? "" : "s"), \(cleared) cleared by re-check)"
    }
}
