/// Settings of one `kinformer demo` run; the command line fills them, tests set them directly.
struct DemoOptions: Sendable {
    /// How long the workload keeps changing before the summary.
    var duration: Duration = .seconds(30)
    /// Scale of the workload: roughly how many objects exist (namespaces excluded).
    var objects: Int = 200
    /// Inject faults periodically (dropped watches, compaction → 410 → relist, 429s, 500s).
    var faults: Bool = false
    /// Time between two injected faults.
    var faultInterval: Duration = .seconds(4)
    /// Workload changes per second; `nil` derives it from ``objects`` (objects / 10, at least 5).
    var changesPerSecond: Double?
    /// Keep the number of objects constant after the initial population (the soak): scaling
    /// moves replicas between Deployments, pod churn deletes as many as it creates.
    var steadyObjects: Bool = false
    /// Seed of the workload's random choices (same seed, same sequence of changes).
    var seed: UInt64 = 42
    /// End early once this many full rounds of every fault kind were injected and recovered
    /// (tests use it to wait on a condition rather than a duration).
    var stopAfterFaultRounds: Int?
    /// How long to wait, after the workload stops, for caches and checksums to converge.
    var convergenceTimeout: Duration = .seconds(30)
    /// How often the live display (or the plain status line) is refreshed.
    var refreshInterval: Duration = .seconds(1)

    /// The workload's pace.
    var effectiveChangesPerSecond: Double { changesPerSecond ?? max(5, Double(objects) / 10) }
}
