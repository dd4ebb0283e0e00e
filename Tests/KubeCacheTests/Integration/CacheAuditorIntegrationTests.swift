import Foundation
import KubeClient
import KubeModel
import KubeTesting
import Testing

@testable import KubeCache

/// The cache-consistency auditor: planted drift is found with its keys; a healthy informer
/// under churn shows none.
@Suite struct CacheAuditorIntegrationTests {
    typealias ConfigMap = CoreV1.ConfigMap

    /// Short pauses; `catchUp` bounds each wait for a lagging cache (planted drift always waits it out).
    static func quickAudits(catchUp: Duration = .seconds(1)) -> CacheAuditor<ConfigMap>.Configuration {
        var configuration = CacheAuditor<ConfigMap>.Configuration()
        configuration.recheckDelay = .milliseconds(200)
        configuration.catchUpTimeout = catchUp
        return configuration
    }

    @Test("the auditor's comparison: ahead is fine, behind or wrong is drift")
    func comparison() {
        let server = ["ns/a": "10", "ns/b": "11", "ns/c": "12", "ns/d": "13"]
        let cache = ["ns/a": "10", "ns/b": "9", "ns/d": "20", "ns/e": "5", "ns/f": "30"]
        let diff = CacheAuditDiff(server: server, listResourceVersion: "15", cache: cache)
        #expect(diff.missing == ["ns/c"])
        #expect(diff.stale == ["ns/b"], "d is newer in the cache than in the list: not stale")
        #expect(diff.extra == ["ns/e"], "f was created after the list: not extra")
        let later = CacheAuditDiff(missing: ["ns/c"], extra: [], stale: ["ns/b", "ns/x"])
        #expect(diff.intersection(later) == CacheAuditDiff(missing: ["ns/c"], stale: ["ns/b"]))
        #expect(!CacheAuditDiff.isNewer("abc", than: "1"))
    }

    @Test("planted drift (removed, stale and extra objects) is found with the keys", arguments: BackendKind.allCases)
    func plantedDrift(kind: BackendKind) async throws {
        try await IntegrationBackend.with(kind) { backend in
            let ns = try await backend.makeNamespace("audit")
            let client = backend.client.resource(ConfigMap.self, namespace: ns)
            for i in 0..<8 { _ = try await client.create(InformerIntegrationTests.configMap("cm-\(i)", "0")) }
            let watcher = try backend.makeClient()
            let informer = try InformerIntegrationTests.configMapInformer(watcher.resource(ConfigMap.self, namespace: ns))
            try await withRunning(informer) {
                try await expectSynced(informer, "\(kind)")
                try await expectCacheConverges(informer, what: "before planting") { try await serverState(client) }
                let auditor = informer.auditor(client: watcher, namespace: ns, configuration: Self.quickAudits())
                let healthy = try await auditor.auditOnce()
                #expect(healthy.drift.isEmpty, "\(healthy)")
                #expect(healthy.serverCount == 8)

                // Behind the informer's back: one object removed, one made stale, one invented.
                informer.indexer.delete(key: "\(ns)/cm-1")
                var stale = try #require(informer.indexer.get("\(ns)/cm-2"))
                stale.metadata.resourceVersion = "1"
                informer.indexer.update(stale)
                informer.indexer.add(ConfigMap(metadata: ObjectMeta(name: "ghost", namespace: ns, resourceVersion: "2")))

                let report = try await auditor.auditOnce()
                #expect(report.drift.missing == ["\(ns)/cm-1"])
                #expect(report.drift.stale == ["\(ns)/cm-2"])
                #expect(report.drift.extra == ["\(ns)/ghost"])
                #expect(report.rounds == 3, "drift is re-checked before it is reported")
                #expect(auditor.lastReport == report)
            }
        }
    }

    @Test("a healthy informer under churn shows no drift", arguments: BackendKind.allCases)
    func noDriftUnderChurn(kind: BackendKind) async throws {
        try await IntegrationBackend.with(kind) { backend in
            let ns = try await backend.makeNamespace("audit")
            let client = backend.client.resource(ConfigMap.self, namespace: ns)
            _ = try await InformerIntegrationTests.churn(client, names: (0..<10).map { "seed-\($0)" })
            let watcher = try backend.makeClient()
            let informer = try InformerIntegrationTests.configMapInformer(watcher.resource(ConfigMap.self, namespace: ns))
            try await withRunning(informer) {
                try await expectSynced(informer, "\(kind)")
                let auditor = informer.auditor(client: watcher, namespace: ns, pageSize: 7, configuration: Self.quickAudits(catchUp: .seconds(10)))
                let churn = Task {
                    for round in 0..<4 {
                        _ = try await InformerIntegrationTests.churn(client, names: (0..<12).map { "r\(round)-\($0)" })
                    }
                }
                var reports: [CacheAuditReport] = []
                for _ in 0..<4 { reports.append(try await auditor.auditOnce()) }
                try await churn.value
                reports.append(try await auditor.auditOnce())
                for report in reports { #expect(report.drift.isEmpty, "\(report)") }
                #expect(reports.last?.serverCount == reports.last?.cacheCount)
            }
        }
    }

    @Test("run() audits on its interval and returns when cancelled")
    func runAndCancel() async throws {
        try await IntegrationBackend.with(.inProcess) { backend in
            let ns = try await backend.makeNamespace("audit")
            _ = try await backend.client.resource(ConfigMap.self, namespace: ns).create(InformerIntegrationTests.configMap("a", "0"))
            let watcher = try backend.makeClient()
            let informer = try InformerIntegrationTests.configMapInformer(watcher.resource(ConfigMap.self, namespace: ns))
            try await withRunning(informer) {
                var configuration = Self.quickAudits()
                configuration.interval = .milliseconds(100)
                let auditor = informer.auditor(client: watcher, namespace: ns, configuration: configuration)
                let task = Task { await auditor.run() }
                try await eventually("a periodic audit ran") { auditor.lastReport != nil }
                task.cancel()
                await task.value
                #expect(auditor.lastReport?.drift.isEmpty == true)
            }
        }
    }
}
