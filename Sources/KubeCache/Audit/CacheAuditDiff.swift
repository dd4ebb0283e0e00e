/// The difference between an informer's cache and a quorum list of the server, judged at a
/// comparable point. Pure logic: ``CacheAuditor`` feeds it snapshots.
///
/// Keys map to resourceVersions. Only differences the cache cannot explain by being *ahead* of
/// the list are kept (an object the cache has with a newer resourceVersion than the list
/// point, or a newer version of an object than the list shows, is fine). Differences because
/// the cache is *behind* are removed by ``intersection(_:)`` over a re-check: real drift stays,
/// churn moves on.
public struct CacheAuditDiff: Sendable, Hashable {
    /// On the server, not in the cache.
    public var missing: Set<String> = []
    /// In the cache, not on the server (and not newer than the list).
    public var extra: Set<String> = []
    /// In both, the cache's resourceVersion older than the server's.
    public var stale: Set<String> = []

    public init(missing: Set<String> = [], extra: Set<String> = [], stale: Set<String> = []) {
        self.missing = missing
        self.extra = extra
        self.stale = stale
    }

    /// Compares a snapshot of the cache with a list of the server taken at `listResourceVersion`.
    public init(server: [String: String], listResourceVersion: String, cache: [String: String]) {
        for (key, serverRV) in server {
            guard let cachedRV = cache[key] else {
                missing.insert(key)
                continue
            }
            if cachedRV != serverRV, !Self.isNewer(cachedRV, than: serverRV) { stale.insert(key) }
        }
        for (key, cachedRV) in cache where server[key] == nil {
            if !Self.isNewer(cachedRV, than: listResourceVersion) { extra.insert(key) }
        }
    }

    public var isEmpty: Bool { missing.isEmpty && extra.isEmpty && stale.isEmpty }
    public var count: Int { missing.count + extra.count + stale.count }

    /// The differences present in both audits (the same key, the same kind of drift).
    public func intersection(_ other: CacheAuditDiff) -> CacheAuditDiff {
        CacheAuditDiff(
            missing: missing.intersection(other.missing), extra: extra.intersection(other.extra),
            stale: stale.intersection(other.stale))
    }

    /// Whether resourceVersion `a` is newer than `b`. Resource versions are etcd revisions in
    /// practice; when either is not a number, nothing is assumed newer (the re-check decides).
    public static func isNewer(_ a: String, than b: String) -> Bool {
        guard let x = UInt64(a), let y = UInt64(b) else { return false }
        return x > y
    }
}
