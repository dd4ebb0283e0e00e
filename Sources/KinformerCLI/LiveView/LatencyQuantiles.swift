/// Quantiles (p50, p90, p99) of the most recent `capacity` latency samples, kept in a ring.
/// Pure. The nearest-rank method: p-quantile is the smallest sample with at least p of all
/// samples at or below it.
struct LatencyQuantiles: Sendable, Hashable {
    let capacity: Int
    private var samples: [Duration] = []
    private var next = 0

    init(capacity: Int = 1024) { self.capacity = capacity }

    /// Adds a sample, replacing the oldest once full.
    mutating func record(_ latency: Duration) {
        if samples.count < capacity {
            samples.append(latency)
        } else {
            samples[next] = latency
        }
        next = (next + 1) % capacity
    }

    var count: Int { samples.count }

    /// The `p`-quantile (0 < p ≤ 1) by nearest rank; `nil` without samples.
    func quantile(_ p: Double) -> Duration? {
        guard !samples.isEmpty else { return nil }
        let sorted = samples.sorted()
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
