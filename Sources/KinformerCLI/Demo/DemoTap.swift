import KubeSupport

/// A read-only view into a running demo for whoever watches it from outside (the soak's
/// sampler): the informers' cache sizes, once the informers exist, and the moment the workload
/// stops (before the demo tears anything down).
final class DemoTap: Sendable {
    private let probes = Locked<[DemoInformerProbe]>([])
    private let onWorkloadStop: @Sendable () -> Void

    /// - Parameter onWorkloadStop: called once, when the workload has stopped and before the
    ///   convergence check.
    init(onWorkloadStop: @escaping @Sendable () -> Void = {}) { self.onWorkloadStop = onWorkloadStop }

    /// Called by the demo when its workload has stopped.
    func workloadStopped() { onWorkloadStop() }

    /// Called by the demo once its informers exist.
    func attach(_ probes: [DemoInformerProbe]) { self.probes.withLock { $0 = probes } }

    /// Objects in each informer's cache, by resource (e.g. `pods`); empty before the informers exist.
    func cachedObjects() -> [DemoObjectCount] {
        probes.withLock { $0 }.map { DemoObjectCount(resource: $0.name, count: $0.cacheCount()) }
    }
}

/// How many objects one informer's cache held.
struct DemoObjectCount: Sendable, Hashable {
    var resource: String
    var count: Int
}
