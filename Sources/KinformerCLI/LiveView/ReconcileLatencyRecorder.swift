import CoreMetrics
import KubeSupport

/// A metrics factory for one controller's work queue that keeps the recent durations of
/// `workqueue_work_duration_seconds` (from a key's get to its done: one reconcile) in
/// ``LatencyQuantiles``, and drops every other metric. Given to the queue directly, so the
/// process's global metrics system is left alone.
final class ReconcileLatencyRecorder: MetricsFactory, TimerHandler {
    private let samples = Locked(LatencyQuantiles())

    /// p50, p90 and p99 of the recent reconciles; `nil` before the first.
    var quantiles: (p50: Duration, p90: Duration, p99: Duration)? {
        samples.withLock { q in
            guard let p50 = q.quantile(0.5), let p90 = q.quantile(0.9), let p99 = q.quantile(0.99) else { return nil }
            return (p50, p90, p99)
        }
    }

    func recordNanoseconds(_ duration: Int64) {
        samples.withLock { $0.record(.nanoseconds(duration)) }
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        label == "workqueue_work_duration_seconds" ? self : NOOPMetricsHandler.instance
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler { NOOPMetricsHandler.instance }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        NOOPMetricsHandler.instance
    }

    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}
}
