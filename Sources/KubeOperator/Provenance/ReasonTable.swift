import KubeSupport

/// Why each queued key is waiting, kept beside the work queue so the queue's dedup is unchanged:
/// reasons of a key merge while it waits and are taken when a worker gets the key.
///
/// A key's reasons are bounded (``limit``); extra distinct reasons are counted, not kept.
public final class ReasonTable: Sendable {
    /// The reasons taken for one reconcile.
    public struct Taken: Sendable, Hashable {
        /// Distinct reasons in arrival order (at most ``ReasonTable/limit``).
        public var reasons: [ReconcileReason]
        /// Further distinct reasons that did not fit.
        public var omitted: Int
    }

    private struct Entry {
        var reasons: [ReconcileReason] = []
        var omitted = 0
    }

    /// The most reasons kept per key.
    public let limit: Int
    private let table = Locked<[String: Entry]>([:])

    public init(limit: Int = 16) { self.limit = max(1, limit) }

    /// Adds a reason for `key` (a duplicate of one already waiting is merged into it).
    public func add(_ reason: ReconcileReason, for key: String) {
        table.withLock { table in
            var entry = table[key] ?? Entry()
            if !entry.reasons.contains(reason) {
                if entry.reasons.count < limit { entry.reasons.append(reason) } else { entry.omitted += 1 }
            }
            table[key] = entry
        }
    }

    /// Removes and returns the reasons waiting for `key` (empty when none were recorded).
    public func take(_ key: String) -> Taken {
        let entry = table.withLock { $0.removeValue(forKey: key) } ?? Entry()
        return Taken(reasons: entry.reasons, omitted: entry.omitted)
    }

    /// The reasons waiting for `key`, left in place.
    public func peek(_ key: String) -> [ReconcileReason] { table.withLock { $0[key]?.reasons ?? [] } }

    /// Keys with reasons waiting.
    public var count: Int { table.withLock { $0.count } }
}
