public import KubeClient
public import KubeModel
public import Logging
import KubeSupport
import Metrics

/// Checks, while it runs, that an informer's cache matches the server (opt-in, per informer).
///
/// Every ``Configuration/interval`` (jittered) it takes a quorum list (`resourceVersion=""`,
/// paged; metadata-only when built with ``SharedIndexInformer/auditor(client:namespace:tweak:pageSize:configuration:logger:)``)
/// and compares keys and resourceVersions with the cache (``CacheAuditDiff``). Where they
/// differ it waits for the cache to reach the list's resourceVersion and compares again, then
/// re-checks with fresh lists; what survives every round is drift: logged with the keys and exported as the gauges
/// `cache_audit_missing`, `cache_audit_extra` and `cache_audit_stale` (dimension `resource`).
public final class CacheAuditor<Object: KubernetesObject>: Sendable {
    /// Settings.
    public struct Configuration: Sendable {
        /// Time between audits.
        public var interval: Duration = .seconds(600)
        /// Each interval is stretched by a random fraction up to this (0.2 = up to +20 %), so
        /// many processes do not list at once.
        public var jitter: Double = 0.2
        /// Re-checks of differences before they count as drift.
        public var rechecks: Int = 2
        /// Pause before a re-check, giving a lagging cache time to catch up.
        public var recheckDelay: Duration = .seconds(1)
        /// How long to wait for the cache to reach the list's resourceVersion before comparing anyway.
        public var catchUpTimeout: Duration = .seconds(10)
        /// How often the cache's progress is looked at while waiting for it.
        public var catchUpPoll: Duration = .milliseconds(50)

        public init() {}
    }

    /// Lists the server: every item's key and resourceVersion, and the list's resourceVersion.
    public typealias ServerList = @Sendable () async throws -> (items: [String: String], resourceVersion: String)

    public let informer: SharedIndexInformer<Object>
    public let configuration: Configuration
    private let list: ServerList
    private let logger: Logger
    private let gauges: (missing: Gauge, extra: Gauge, stale: Gauge)
    private let latest = Locked<CacheAuditReport?>(nil)

    /// An auditor over any server list (tests, custom sources).
    public init(
        informer: SharedIndexInformer<Object>, configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "kinformer.audit"), list: @escaping ServerList
    ) {
        self.informer = informer
        self.configuration = configuration
        self.list = list
        var logger = logger
        logger[metadataKey: "resource"] = "\(informer.configuration.resource)"
        self.logger = logger
        let resource = [("resource", "\(informer.configuration.resource)")]
        gauges = (
            Gauge(label: "cache_audit_missing", dimensions: resource),
            Gauge(label: "cache_audit_extra", dimensions: resource),
            Gauge(label: "cache_audit_stale", dimensions: resource)
        )
    }

    /// The last audit's report (`nil` before the first).
    public var lastReport: CacheAuditReport? { latest.withLock { $0 } }

    /// Audits every interval (jittered) until the task is cancelled. Waits for the informer's
    /// first sync; list failures are logged and retried at the next interval.
    public func run() async {
        guard await informer.waitForCacheSync() else { return }
        while !Task.isCancelled {
            let stretch = Double.random(in: 0...max(0, configuration.jitter))
            do {
                try await Task.sleep(for: configuration.interval * (1 + stretch))
            } catch {
                return
            }
            do {
                _ = try await auditOnce()
            } catch is CancellationError {
                return
            } catch {
                logger.warning("cache audit failed; retrying at the next interval", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Runs one audit now: list, compare at a comparable point, re-check, report.
    public func auditOnce() async throws -> CacheAuditReport {
        var (diff, serverCount, cacheCount, listRV) = try await round()
        let first = diff.count
        var rounds = 1
        while !diff.isEmpty, rounds <= configuration.rechecks {
            try await Task.sleep(for: configuration.recheckDelay)
            let next = try await round()
            diff = diff.intersection(next.diff)
            (serverCount, cacheCount, listRV) = (next.serverCount, next.cacheCount, next.listRV)
            rounds += 1
        }
        let report = CacheAuditReport(
            drift: diff, serverCount: serverCount, cacheCount: cacheCount, listResourceVersion: listRV,
            rounds: rounds, cleared: first - diff.count)
        publish(report)
        return report
    }

    /// One list compared with the cache; when they differ, compared again once the cache has
    /// reached the list's resourceVersion (or the catch-up timeout passed).
    private func round() async throws -> (diff: CacheAuditDiff, serverCount: Int, cacheCount: Int, listRV: String) {
        let server = try await list()
        func compare() -> (CacheAuditDiff, Int) {
            var cache: [String: String] = [:]
            for object in informer.indexer.list() { cache[object.key] = object.resourceVersion }
            return (CacheAuditDiff(server: server.items, listResourceVersion: server.resourceVersion, cache: cache), cache.count)
        }
        var (diff, cacheCount) = compare()
        if !diff.isEmpty {
            try await waitForCache(toReach: server.resourceVersion)
            (diff, cacheCount) = compare()
        }
        return (diff, server.items.count, cacheCount, server.resourceVersion)
    }

    /// Waits (bounded) until the cache has applied everything up to `rv`: its last write is at
    /// least `rv`, or the reflector is at least there with nothing left in the queue.
    private func waitForCache(toReach rv: String) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: configuration.catchUpTimeout)
        while clock.now < deadline {
            let applied = informer.indexer.resourceVersion
            let received = informer.lastSyncResourceVersion
            if applied == rv || CacheAuditDiff.isNewer(applied, than: rv) { return }
            if (received == rv || CacheAuditDiff.isNewer(received, than: rv)) && informer.queueDepth == 0 { return }
            try await Task.sleep(for: configuration.catchUpPoll)  // polling the cache's progress, bounded
        }
    }

    private func publish(_ report: CacheAuditReport) {
        latest.withLock { $0 = report }
        gauges.missing.record(report.drift.missing.count)
        gauges.extra.record(report.drift.extra.count)
        gauges.stale.record(report.drift.stale.count)
        if report.drift.isEmpty {
            logger.debug("cache audit: \(report)")
        } else {
            logger.error(
                "cache audit found drift between the cache and the server",
                metadata: [
                    "missing": "\(report.drift.missing.sorted())", "extra": "\(report.drift.extra.sorted())",
                    "stale": "\(report.drift.stale.sorted())", "listResourceVersion": "\(report.listResourceVersion)",
                ])
        }
    }
}
