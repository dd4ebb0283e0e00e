public import CoreMetrics
import KubeSupport

/// The metrics of one operator controller (swift-metrics; shown by the manager's `/metrics`):
/// `reconcile_total{controller,result}`, `reconcile_errors_total{controller}`,
/// `reconcile_time_seconds{controller}` (a histogram under Prometheus),
/// `active_workers{controller}` and, for provenance, `reconcile_reasons_total{controller,route,event,resource}`.
public final class ReconcileMetrics: Sendable {
    /// How a reconcile ended, the `result` label.
    public enum Result: String, Sendable, CaseIterable {
        case success, error, requeue_after, interrupted
    }

    private let controller: String
    private let factory: any MetricsFactory
    private let results: [Result: CoreMetrics.Counter]
    private let errors: CoreMetrics.Counter
    private let time: CoreMetrics.Timer
    private let activeGauge: CoreMetrics.Gauge
    private let active = Locked(0)

    public init(controller: String, factory: any MetricsFactory) {
        self.controller = controller
        self.factory = factory
        var results: [Result: CoreMetrics.Counter] = [:]
        for result in Result.allCases {
            results[result] = Counter(
                label: "reconcile_total", dimensions: [("controller", controller), ("result", result.rawValue)],
                factory: factory)
        }
        self.results = results
        errors = Counter(label: "reconcile_errors_total", dimensions: [("controller", controller)], factory: factory)
        time = Timer(label: "reconcile_time_seconds", dimensions: [("controller", controller)], factory: factory)
        activeGauge = Gauge(label: "active_workers", dimensions: [("controller", controller)], factory: factory)
        activeGauge.record(0)
    }

    /// A reconcile started.
    func started() {
        let now = active.withLock { $0 += 1; return $0 }
        activeGauge.record(now)
    }

    /// A reconcile ended after `duration`.
    func finished(_ result: Result, after duration: Duration) {
        let now = active.withLock { $0 -= 1; return $0 }
        activeGauge.record(now)
        results[result]?.increment()
        if result == .error { errors.increment() }
        time.recordNanoseconds(Self.nanoseconds(duration))
    }

    /// Counts why a reconcile ran.
    func reasons(_ reasons: [ReconcileReason]) {
        for reason in reasons {
            Counter(
                label: "reconcile_reasons_total",
                dimensions: [
                    ("controller", controller), ("route", reason.route.description),
                    ("event", reason.event?.rawValue ?? "none"), ("resource", reason.resource),
                ], factory: factory
            ).increment()
        }
    }

    /// Reconciles running now.
    public var activeWorkers: Int { active.withLock { $0 } }

    private static func nanoseconds(_ d: Duration) -> Int64 {
        let (s, atto) = d.components
        return s * 1_000_000_000 + atto / 1_000_000_000
    }
}
