import CoreMetrics
import Metrics
public import Prometheus
import KubeSupport

/// A Prometheus registry and the swift-metrics factory writing into it: what the manager's
/// `/metrics` shows.
public struct OperatorMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    /// The swift-metrics factory over ``registry``.
    public let factory: PrometheusMetricsFactory

    /// Metrics in `registry`. Only what is created through ``factory`` (the manager's controllers,
    /// queues and reconcile metrics) lands there; see ``bootstrap()`` for everything else.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        ]
        self.factory = factory
    }

    private static let global = Locked<OperatorMetrics?>(nil)

    /// Bootstraps swift-metrics' global `MetricsSystem` with a Prometheus registry, so every metric
    /// of the process (informers, queues, controllers) shows on `/metrics`. swift-metrics can be
    /// bootstrapped once per process: the first call does it, later calls return the same metrics.
    public static func bootstrap() -> OperatorMetrics {
        global.withLock { global in
            if let global { return global }
            let metrics = OperatorMetrics()
            MetricsSystem.bootstrap(metrics.factory)
            global = metrics
            return metrics
        }
    }

    /// The metrics in the Prometheus text format.
    public func render() -> [UInt8] { registry.emitToBuffer() }
}
