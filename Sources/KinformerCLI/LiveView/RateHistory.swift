/// Events per second over the last `capacity` seconds, from a cumulative counter sampled now
/// and then: a ring of per-second buckets. Pure: time comes in as whole seconds.
struct RateHistory: Sendable, Hashable {
    let capacity: Int
    private var buckets: [Double]
    private var newestSecond: Int64?
    private var lastTotal: Int?

    init(capacity: Int = 30) {
        self.capacity = capacity
        self.buckets = Array(repeating: 0, count: capacity)
    }

    /// Records the counter's `total` seen at `second`: the increase since the previous sample
    /// goes into this second's bucket; seconds skipped in between count as zero.
    mutating func record(total: Int, at second: Int64) {
        defer { lastTotal = total }
        let delta = Double(max(total - (lastTotal ?? total), 0))
        guard let newest = newestSecond else {
            newestSecond = second
            return
        }
        if second > newest {
            for s in (newest + 1)...min(second, newest + Int64(capacity)) { buckets[index(s)] = 0 }
            newestSecond = second
        }
        if second > (newestSecond ?? second) - Int64(capacity) { buckets[index(second)] += delta }
    }

    /// The per-second counts, oldest first, ending with the newest second.
    var rates: [Double] {
        guard let newest = newestSecond else { return Array(repeating: 0, count: capacity) }
        return (0..<capacity).map { buckets[index(newest - Int64(capacity - 1) + Int64($0))] }
    }

    private func index(_ second: Int64) -> Int { Int(((second % Int64(capacity)) + Int64(capacity)) % Int64(capacity)) }
}
