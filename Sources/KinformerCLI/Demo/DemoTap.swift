import KubeSupport

/// A read-only view into a running demo for whoever watches it from outside (the soak's
/// sampler): the informers' cache sizes, once the informers exist.
final class DemoTap: Sendable {
    private let probes = Locked<[DemoInformerProbe]>([])

    init() {}

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
