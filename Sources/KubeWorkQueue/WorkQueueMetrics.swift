import CoreMetrics

/// The metrics of one named queue, with the labels client-go uses (each with a `name`
/// dimension):
///
/// | label | kind | meaning |
/// |---|---|---|
/// | `workqueue_depth` | gauge | items waiting to be processed |
/// | `workqueue_adds_total` | counter | adds that were not collapsed |
/// | `workqueue_queue_duration_seconds` | timer | time from add to get |
/// | `workqueue_work_duration_seconds` | timer | time from get to done |
/// | `workqueue_unfinished_work_seconds` | gauge | summed age of all work in progress |
/// | `workqueue_longest_running_processor_seconds` | gauge | age of the oldest work in progress |
/// | `workqueue_retries_total` | counter | rate-limited or delayed re-adds |
@usableFromInline
final class WorkQueueMetrics: Sendable {
    let depth: Gauge
    let adds: Counter
    let queueDuration: Timer
    let workDuration: Timer
    let unfinishedWork: Gauge
    let longestRunning: Gauge
    let retries: Counter

    /// Creates the metrics for the queue called `name`.
    init(name: String, factory: any MetricsFactory) {
        let dims = [("name", name)]
        depth = Gauge(label: "workqueue_depth", dimensions: dims, factory: factory)
        adds = Counter(label: "workqueue_adds_total", dimensions: dims, factory: factory)
        queueDuration = Timer(label: "workqueue_queue_duration_seconds", dimensions: dims, factory: factory)
        workDuration = Timer(label: "workqueue_work_duration_seconds", dimensions: dims, factory: factory)
        unfinishedWork = Gauge(label: "workqueue_unfinished_work_seconds", dimensions: dims, factory: factory)
        longestRunning = Gauge(
            label: "workqueue_longest_running_processor_seconds", dimensions: dims, factory: factory)
        retries = Counter(label: "workqueue_retries_total", dimensions: dims, factory: factory)
    }

    /// Records what one queue operation measured (computed under the queue's lock, recorded
    /// outside it).
    @usableFromInline
    func record(_ report: WorkQueueTimings<some Hashable>.Report) {
        if report.added { adds.increment() }
        if let depthValue = report.depth { depth.record(depthValue) }
        if let latency = report.queueLatency { queueDuration.recordNanoseconds(latency.nanoseconds) }
        if let work = report.workDuration { workDuration.recordNanoseconds(work.nanoseconds) }
        if let unfinished = report.unfinished {
            unfinishedWork.record(unfinished.total / .seconds(1))
            longestRunning.record(unfinished.longest / .seconds(1))
        }
    }
}

/// The timestamps behind the latency metrics: when each waiting item was added and when each
/// item in processing was handed out. Pure; lives under the queue's lock.
@usableFromInline
struct WorkQueueTimings<Item: Hashable> {
    @usableFromInline var addedAt: [Item: Duration] = [:]
    @usableFromInline var startedAt: [Item: Duration] = [:]

    /// What to record after an operation.
    @usableFromInline struct Report: Sendable {
        @usableFromInline var added = false
        @usableFromInline var depth: Int?
        @usableFromInline var queueLatency: Duration?
        @usableFromInline var workDuration: Duration?
        @usableFromInline var unfinished: (total: Duration, longest: Duration)?
        @inlinable init() {}
    }

    @inlinable init() {}

    /// Notes that `item` was added (not collapsed) at `now`.
    @inlinable mutating func added(_ item: Item, now: Duration) {
        if addedAt[item] == nil { addedAt[item] = now }
    }

    /// Notes that `item` was handed out at `now`; returns its time in the queue.
    @inlinable mutating func started(_ item: Item, now: Duration) -> Duration? {
        startedAt[item] = now
        return addedAt.removeValue(forKey: item).map { now - $0 }
    }

    /// Notes that `item` is done at `now`; returns how long it was processed.
    @inlinable mutating func finished(_ item: Item, now: Duration) -> Duration? {
        startedAt.removeValue(forKey: item).map { now - $0 }
    }

    /// The summed and the longest age of all work in progress at `now`.
    @inlinable func unfinished(now: Duration) -> (total: Duration, longest: Duration) {
        var total = Duration.zero
        var longest = Duration.zero
        for start in startedAt.values {
            let age = now - start
            total += age
            longest = max(longest, age)
        }
        return (total, longest)
    }
}
