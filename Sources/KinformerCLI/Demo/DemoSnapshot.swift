import Foundation

/// Everything the demo shows at one moment, gathered from the workload, the informers, the
/// controller and the leader elector. Plain values: rendering it is pure (``DemoDisplay``).
struct DemoSnapshot: Sendable {
    /// One informer's row.
    struct Informer: Sendable, Hashable {
        var name: String
        var cached: Int
        var reflector: DemoReflectorCounts
        var handler: DemoHandlerCounter.Counts
        var bufferDepth: Int
        var perNamespace: [String: Int]
        var resourceVersion: String
    }

    /// What the controller did (from `Controller.Statistics`).
    struct ControllerCounts: Sendable, Hashable {
        var reconciles = 0
        var failures = 0
        var retries = 0
    }

    var elapsed: Duration
    var duration: Duration
    var serverResourceVersion: String
    var workload: DemoWorkload.Statistics
    var informers: [Informer]
    /// Distinct ConfigMaps in the Deployments' `configmaps` index.
    var indexedConfigMaps: Int
    var controller: ControllerCounts
    var queueDepth: Int
    var leader: String?
    var isLeader: Bool
    var faultsEnabled: Bool
    var faults: [DemoFaults.Record]
    /// Each informer's events per second over the last 30 s, oldest first.
    var eventRates: [String: [Double]] = [:]
    /// Reconcile latency p50, p90, p99 over the recent reconciles; `nil` before the first.
    var reconcileLatency: [Duration]?
}

/// Small formatting helpers shared by the display and the summary.
enum DemoFormat {
    /// `12.3s`, or `45ms` under a second.
    static func seconds(_ d: Duration) -> String {
        let s = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        return s < 1 ? String(format: "%.0fms", s * 1000) : String(format: "%.1fs", s)
    }

    /// Pads (or truncates) to a width, left-aligned.
    static func left(_ s: String, _ width: Int) -> String {
        s.count >= width ? String(s.prefix(width)) : s + String(repeating: " ", count: width - s.count)
    }

    /// Pads to a width, right-aligned.
    static func right(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }

    /// `Pod 12 · ConfigMap 3` from a per-kind count, in a fixed kind order.
    static func perKind(_ counts: [String: Int]) -> String {
        let order = ["Namespace", "ConfigMap", "Deployment", "Pod"]
        let parts = order.compactMap { k in counts[k].map { "\(k) \($0)" } }
        return parts.isEmpty ? "0" : parts.joined(separator: " · ")
    }
}
