import CoreMetrics

extension WorkQueue {
    /// How a ``WorkQueue`` is set up. The defaults match client-go: no name, no metrics.
    public struct Configuration: Sendable {
        /// The queue's name, used as the `name` dimension of its metrics. Nothing is recorded
        /// when it is nil.
        public var name: String?
        /// Where metrics go; nil means the globally bootstrapped `MetricsSystem.factory`.
        public var metricsFactory: (any MetricsFactory)?

        /// Creates a configuration.
        /// - Parameters:
        ///   - name: the queue's name for metrics, or nil for no metrics.
        ///   - metricsFactory: an explicit metrics factory, or nil for the global one.
        public init(name: String? = nil, metricsFactory: (any MetricsFactory)? = nil) {
            self.name = name
            self.metricsFactory = metricsFactory
        }
    }
}
