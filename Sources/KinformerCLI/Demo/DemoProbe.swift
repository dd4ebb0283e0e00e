import KubeCache
import KubeClient
import KubeModel
import KubeSupport

/// Counts the events one handler of an informer received.
final class DemoHandlerCounter: Sendable {
    /// Adds, updates and deletes seen by the handler.
    struct Counts: Sendable, Hashable {
        var adds = 0
        var updates = 0
        var deletes = 0
        var total: Int { adds + updates + deletes }
    }

    private let counts = Locked(Counts())

    /// The counts so far.
    var value: Counts { counts.withLock { $0 } }

    func record<Object>(_ event: InformerEvent<Object>) {
        counts.withLock { c in
            switch event {
            case .added: c.adds += 1
            case .updated: c.updates += 1
            case .deleted: c.deletes += 1
            }
        }
    }
}

/// What a reflector did, without its generic type (see `Reflector.Statistics`).
struct DemoReflectorCounts: Sendable, Hashable {
    var lists = 0
    var watches = 0
    var events = 0
    var relists = 0
    var errors = 0
}

/// A type-erased view of one informer for the display, the fault monitor and the convergence
/// check: its reflector's counters, its cache, its handlers, and the server's list to compare.
struct DemoInformerProbe: Sendable {
    /// The resource's plural, e.g. `pods`.
    let name: String
    /// The counting handler the demo added.
    let handler: DemoHandlerCounter
    let reflector: @Sendable () -> DemoReflectorCounts
    let lastSyncResourceVersion: @Sendable () -> String
    let cacheCount: @Sendable () -> Int
    /// Cached objects per namespace.
    let perNamespace: @Sendable () -> [String: Int]
    /// Events waiting in the handlers' buffers, summed.
    let bufferDepth: @Sendable () -> Int
    /// key → resourceVersion of the cache.
    let cacheVersions: @Sendable () -> [String: String]
    /// key → resourceVersion of the server's current list (through the client).
    let serverVersions: @Sendable () async throws -> [String: String]

    /// Wraps `informer`, adding a counting handler to it.
    static func make<T: KubernetesResource>(_ informer: SharedIndexInformer<T>, client: KubeClient) -> DemoInformerProbe {
        let counter = DemoHandlerCounter()
        informer.addEventHandler(DemoCountingHandler<T>(counter: counter))
        let indexer = informer.indexer
        return DemoInformerProbe(
            name: T.resource.plural, handler: counter,
            reflector: {
                guard let s = informer.reflectorStatistics else { return DemoReflectorCounts() }
                return DemoReflectorCounts(
                    lists: s.lists, watches: s.watches, events: s.events, relists: s.relistsAfterExpiry, errors: s.errors)
            },
            lastSyncResourceVersion: { informer.lastSyncResourceVersion },
            cacheCount: { indexer.count },
            perNamespace: {
                let index = Indexer<T>.namespaceIndex
                let namespaces = (try? indexer.listIndexFuncValues(index)) ?? []
                return namespaces.reduce(into: [:]) { $0[$1] = (try? indexer.indexKeys(index, $1).count) ?? 0 }
            },
            bufferDepth: { informer.registrations.reduce(0) { $0 + $1.bufferDepth } },
            cacheVersions: { Dictionary(indexer.list().map { ($0.key, $0.resourceVersion) }, uniquingKeysWith: { a, _ in a }) },
            serverVersions: {
                let list = try await client.resource(T.self).listAll()
                return Dictionary(list.items.map { ($0.key, $0.resourceVersion) }, uniquingKeysWith: { a, _ in a })
            })
    }
}

/// The handler behind ``DemoHandlerCounter``: counts, and does nothing else (handlers must be fast).
struct DemoCountingHandler<Object: KubernetesObject>: ResourceEventHandler {
    let counter: DemoHandlerCounter

    func handle(_ event: InformerEvent<Object>) async { counter.record(event) }
}
