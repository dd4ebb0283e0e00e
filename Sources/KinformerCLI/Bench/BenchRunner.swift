import Foundation
import KubeCache
import KubeClient
import KubeModel
import Synchronization

/// Runs the peer's measurements with Kinformer: a typed `CoreV1.Pod` informer over all
/// namespaces from a `SharedInformerFactory`, then (for churn) patches pods and waits until the
/// handler has seen every update.
struct BenchRunner {
    var client: KubeClient
    var options: SharedInformerFactory.Options
    /// Concurrent writers in churn mode (the peer uses 16).
    var writers = 16
    /// How long churn waits for the handler before giving up (the peer waits 120 s).
    var churnTimeout: Duration = .seconds(120)
    /// Print the allocator's statistics to stderr once synced (`--malloc-stats`).
    var printMallocStats = false

    /// The label the churn patch sets.
    static let churnPatch: JSONValue = ["metadata": ["labels": ["gen": "1"]]]

    /// Syncs the informer and, when `churn` is given, patches that many pods.
    func run(churn: Int?) async throws -> BenchReport {
        var report = BenchReport()
        let counter = BenchUpdateCounter()
        let rss0 = ProcessStats.residentKiB()
        let cpu0 = ProcessStats.cpuSeconds()
        let clock = ContinuousClock()
        let factory = SharedInformerFactory(client: client, options: options)
        let informer = try factory.informer(for: CoreV1.Pod.self)
        informer.addEventHandler(onUpdate: { old, new in
            if new.metadata.labels?["gen"] == "1" && old.metadata.labels?["gen"] != "1" { counter.increment() }
        })
        let start = clock.now
        factory.start()
        let unsynced = await factory.waitForCacheSync()
        report.syncSeconds = (clock.now - start) / .seconds(1)
        report.syncCPUSeconds = ProcessStats.cpuSeconds() - cpu0
        guard unsynced.isEmpty else {
            await factory.shutdown()
            throw BenchError("the pod informer did not sync (\(unsynced.joined(separator: ", ")))")
        }
        report.rssKiBDelta = ProcessStats.residentKiB() - rss0
        if printMallocStats { ProcessStats.printMallocStatistics() }
        report.objects = informer.indexer.count
        if let churn {
            report.churn = await self.churn(
                keys: informer.indexer.listKeys(), count: churn, counter: counter, clock: clock)
        }
        await factory.shutdown()
        return report
    }

    /// Patches `count` of `keys` with 16 writers and waits until the handler saw them all.
    private func churn(keys: [String], count: Int, counter: BenchUpdateCounter, clock: ContinuousClock)
        async -> BenchReport.Churn
    {
        var result = BenchReport.Churn()
        result.updates = min(count, keys.count)
        let targets = Array(keys.prefix(result.updates))
        let cpu1 = ProcessStats.cpuSeconds()
        let t0 = clock.now
        result.failedWrites = await Self.forEachConcurrently(targets, writers: writers) { key in
            let (namespace, name) = try ObjectKey.split(key)
            let patch = try Patch.merge(Self.churnPatch)
            _ = try await client.resource(CoreV1.Pod.self, namespace: namespace).patch(name, patch)
        }
        result.writesSeconds = (clock.now - t0) / .seconds(1)
        let timeout = churnTimeout
        let target = result.updates
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await counter.wait(for: target) }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
        result.allSeenSeconds = (clock.now - t0) / .seconds(1)
        result.seen = counter.count
        result.cpuSeconds = ProcessStats.cpuSeconds() - cpu1
        return result
    }

    /// Runs `body` for every item with `writers` tasks pulling the next item; returns the failures.
    static func forEachConcurrently(
        _ items: [String], writers: Int, _ body: @escaping @Sendable (String) async throws -> Void
    ) async -> Int {
        let cursor = BenchCursor(limit: items.count)
        return await withTaskGroup(of: Int.self) { group in
            for _ in 0..<max(1, writers) {
                group.addTask {
                    var failures = 0
                    while let i = cursor.claim() {
                        do { try await body(items[i]) } catch { failures += 1 }
                    }
                    return failures
                }
            }
            return await group.reduce(0, +)
        }
    }

}

/// An error of `kinformer bench`.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Hands out the indices `0..<limit` once each to concurrent writers.
final class BenchCursor: Sendable {
    private let next = Atomic<Int>(0)
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    /// The next unclaimed index, or `nil` when all are taken.
    func claim() -> Int? {
        let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return i < limit ? i : nil
    }
}
