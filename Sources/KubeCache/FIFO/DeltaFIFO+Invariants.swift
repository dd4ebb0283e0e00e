import KubeModel

extension DeltaFIFOState {
    /// Checks the queue against the delta lists.
    func checkInvariants() throws(KubeCacheError) {
        if queue.count != items.count || Set(queue) != Set(items.keys) {
            throw .invariant("DeltaFIFO queue keys and delta lists differ")
        }
        for (key, deltas) in items {
            if deltas.isEmpty { throw .invariant("DeltaFIFO key '\(key)' has no deltas") }
            for delta in deltas where delta.payload.key != key {
                throw .invariant("DeltaFIFO delta for '\(delta.payload.key)' queued under '\(key)'")
            }
            for (a, b) in zip(deltas, deltas.dropFirst()) where a.type == .deleted && b.type == .deleted {
                throw .invariant("DeltaFIFO key '\(key)' has two consecutive deletes")
            }
        }
        if initialToPop < 0 || initialUnprocessed < initialToPop {
            throw .invariant("DeltaFIFO initial population counters \(initialToPop)/\(initialUnprocessed)")
        }
    }
}

extension DeltaFIFO {
    /// Verifies that the queue holds exactly the keys that have deltas, every key's deltas are
    /// non-empty and for that key, no two consecutive deletes remain, and the sync counters are
    /// consistent. For tests.
    /// - Throws: ``KubeCacheError/Code/invariantViolation``.
    public func checkInvariants() throws(KubeCacheError) {
        try core.readThrowing { (s) throws(KubeCacheError) in try s.checkInvariants() }
    }
}
