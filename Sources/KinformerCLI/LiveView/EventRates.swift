import KubeSupport

/// Per-informer ``RateHistory``s fed from the demo's snapshots (the reflector's cumulative
/// event counts), so the display can draw each informer's events/s over the last 30 s.
final class EventRates: Sendable {
    private let histories = Locked([String: RateHistory]())

    /// Records each informer's cumulative event count at `second`; returns the rates, by name.
    func record(_ totals: [(name: String, events: Int)], at second: Int64) -> [String: [Double]] {
        histories.withLock { h in
            var rates: [String: [Double]] = [:]
            for (name, events) in totals {
                h[name, default: RateHistory()].record(total: events, at: second)
                rates[name] = h[name]?.rates
            }
            return rates
        }
    }
}
