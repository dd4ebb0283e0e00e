import Foundation
import KubeCache
import KubeClient
import KubeController
import KubeModel
import KubeSharding
import KubeTesting
import Synchronization

/// One reconcile as a replica ran it.
struct ReconcileRecord: Sendable {
    var replica: String
    var key: String
    /// The resourceVersion the reconcile read from its cache.
    var resourceVersion: String
    var start: ContinuousClock.Instant
    var end: ContinuousClock.Instant
}

/// Every reconcile of every replica, with waiters for conditions over the record.
final class ReconcileLog: Sendable {
    /// What waiters look at: kept up to date on each append.
    struct Summary: Sendable {
        var count = 0
        /// The newest resourceVersion each key was reconciled at (as an etcd revision).
        var newest: [String: Int] = [:]
        var replicas: Set<String> = []
    }
    private struct Waiter {
        var predicate: @Sendable (Summary) -> Bool
        var continuation: CheckedContinuation<Void, Never>
    }
    private struct State {
        var records: [ReconcileRecord] = []
        var summary = Summary()
        var waiters: [Waiter] = []
    }
    private let state = Mutex(State())

    var records: [ReconcileRecord] { state.withLock { $0.records } }

    func append(_ record: ReconcileRecord) {
        let ready = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.records.append(record)
            s.summary.count += 1
            s.summary.replicas.insert(record.replica)
            if let rv = Int(record.resourceVersion) { s.summary.newest[record.key] = max(s.summary.newest[record.key] ?? 0, rv) }
            let summary = s.summary
            var done: [CheckedContinuation<Void, Never>] = []
            s.waiters.removeAll { w in
                guard w.predicate(summary) else { return false }
                done.append(w.continuation)
                return true
            }
            return done
        }
        for continuation in ready { continuation.resume() }
    }

    /// Waits until `predicate` holds (checked on each append).
    func wait(until predicate: @escaping @Sendable (Summary) -> Bool) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if predicate(s.summary) { return true }
                s.waiters.append(Waiter(predicate: predicate, continuation: continuation))
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Waits until, for every key in `versions`, some reconcile read that version or a later one
    /// (resourceVersions compared as etcd revisions — fine for a test against one etcd).
    func waitUntilReconciled(_ versions: [String: String]) async {
        let targets = versions.mapValues { Int($0) ?? Int.max }
        await wait { summary in targets.allSatisfy { key, rv in (summary.newest[key] ?? -1) >= rv } }
    }

    /// Pairs of reconciles of one key by two replicas at overlapping times.
    func overlaps() -> [(ReconcileRecord, ReconcileRecord)] {
        var found: [(ReconcileRecord, ReconcileRecord)] = []
        for (_, records) in Dictionary(grouping: records, by: \.key) {
            let sorted = records.sorted { $0.start < $1.start }
            var latest: ReconcileRecord?  // the record ending last among those started so far
            for r in sorted {
                if let l = latest, l.replica != r.replica, r.start < l.end { found.append((l, r)) }
                if latest == nil || r.end > latest!.end { latest = r }
            }
        }
        return found
    }
}

/// A replica of a sharded ConfigMap controller with its own client, informer and ring membership.
final class Replica: Sendable {
    let identity: String
    let client: KubeClient
    let factory: SharedInformerFactory
    let informer: SharedIndexInformer<CoreV1.ConfigMap>
    let sharded: ShardedController<CoreV1.ConfigMap>
    private let task = Mutex<Task<Void, Never>?>(nil)

    enum CacheMode { case filter, label }

    init(
        identity: String, client: KubeClient, namespace: String, ring: String, log: ReconcileLog,
        mode: CacheMode = .filter, releaseOnCancel: Bool = true, workers: Int = 4,
        work: @escaping @Sendable () async throws -> Void = { try await Task.sleep(for: .milliseconds(5)) }
    ) throws {
        self.identity = identity
        self.client = client
        var configuration = ShardRing.Configuration(name: ring, namespace: namespace, identity: identity)
        configuration.leaseDuration = .seconds(3)
        configuration.renewDeadline = .seconds(2)
        configuration.retryPeriod = .milliseconds(500)
        configuration.releaseOnCancel = releaseOnCancel
        let shardRing = try ShardRing(client: client, configuration: configuration)
        var options = SharedInformerFactory.Options()
        options.namespace = namespace
        options.dropManagedFields = true
        if mode == .label { options.tweak = ListTweak(labelSelector: shardRing.objectSelector) }
        factory = SharedInformerFactory(client: client, options: options)
        let informer = try factory.informer(for: CoreV1.ConfigMap.self)
        self.informer = informer
        let reconciler = ReconcileFunction { key in
            let start = ContinuousClock.now
            let rv = informer.indexer.get(key)?.resourceVersion ?? "deleted"
            defer { log.append(ReconcileRecord(replica: identity, key: key, resourceVersion: rv, start: start, end: .now)) }
            try await work()
            return .done
        }
        let cacheMode: ShardedController<CoreV1.ConfigMap>.Mode =
            mode == .label ? .label(client.resource(CoreV1.ConfigMap.self, namespace: namespace), scanPeriod: .seconds(1)) : .filter
        sharded = ShardedController(
            ring: shardRing, informer: informer, mode: cacheMode,
            configuration: .init(name: "cm-\(identity)", workers: workers), reconciler: reconciler)
    }

    var ring: ShardRing { sharded.ring }

    func start() {
        let factory = factory, sharded = sharded
        task.withLock {
            $0 = Task {
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { try? await factory.run() }
                    try? await sharded.run()
                    group.cancelAll()
                }
            }
        }
    }

    /// Cancels the replica and waits until it stopped (its Lease released unless configured not
    /// to); shuts its client down.
    func stop() async {
        let t = task.withLock { $0 }
        t?.cancel()
        await t?.value
        try? await client.shutdown()
    }
}

enum ConfigMaps {
    /// Creates `count` ConfigMaps and returns their keys with resourceVersions.
    static func create(_ count: Int, in namespace: String, client: KubeClient) async throws -> [String: String] {
        let maps = client.resource(CoreV1.ConfigMap.self, namespace: namespace)
        return try await withThrowingTaskGroup(of: (String, String).self) { group in
            for i in 0..<count {
                group.addTask {
                    let name = String(format: "cm-%03d", i)
                    let created = try await maps.create(
                        CoreV1.ConfigMap(metadata: ObjectMeta(name: name, namespace: namespace), data: ["gen": "0"]))
                    return (created.key, created.resourceVersion ?? "")
                }
            }
            var versions: [String: String] = [:]
            for try await (key, rv) in group { versions[key] = rv }
            return versions
        }
    }

    /// Changes every ConfigMap (data `gen`) and returns the new resourceVersions.
    static func touchAll(_ keys: some Collection<String>, generation: Int, client: KubeClient) async throws -> [String: String] {
        try await withThrowingTaskGroup(of: (String, String).self) { group in
            for key in keys {
                let (namespace, name) = try ObjectKey.split(key)
                group.addTask {
                    let patch = try Patch.merge(.object(["data": .object(["gen": .string("\(generation)")])]))
                    let updated = try await client.resource(CoreV1.ConfigMap.self, namespace: namespace).patch(name, patch)
                    return (key, updated.resourceVersion ?? "")
                }
            }
            var versions: [String: String] = [:]
            for try await (key, rv) in group { versions[key] = rv }
            return versions
        }
    }
}
