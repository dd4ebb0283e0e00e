import Foundation
import KubeCache
import KubeModel

/// `kinformer get RESOURCE --audit`: syncs a metadata-only informer, then audits its cache
/// against a quorum list of the server (``CacheAuditor``) and prints the verdict and the keys.
struct GetAuditRunner: Sendable {
    var connection: ConnectionOptions
    var resource: String
    var environment: [String: String] = ProcessInfo.processInfo.environment

    /// Connects, syncs, audits once and prints the report. Prints nothing if the calling task is
    /// cancelled before the cache syncs.
    /// - Throws: ``CLIError`` when the cluster cannot be used (config, auth, RBAC, resource name).
    func run(output: some CLIOutput) async throws(CLIError) {
        let session = try await ClusterSession.open(
            connection, resource: resource, verbs: ["list", "watch"], environment: environment)
        let factory = SharedInformerFactory(client: session.client, options: session.factoryOptions)
        let report: CacheAuditReport
        do {
            let informer = try factory.metadataInformer(for: session.resource)
            factory.start()
            guard await informer.waitForCacheSync() else {
                await factory.shutdown()
                await session.close()
                return
            }
            let auditor = informer.auditor(
                client: session.client, namespace: session.namespace, tweak: session.factoryOptions.tweak)
            report = try await auditor.auditOnce()
        } catch {
            await factory.shutdown()
            await session.close()
            throw CLIError.describing(error, context: session.errorContext)
        }
        await factory.shutdown()
        await session.close()
        for line in Self.lines(report, resource: session.resource.description) { output.line(line) }
    }

    /// The printed report: one verdict line, then one line per drifting key.
    static func lines(_ report: CacheAuditReport, resource: String) -> [String] {
        var lines = ["audit of \(resource): \(report)"]
        for (kind, keys) in [("missing", report.drift.missing), ("extra", report.drift.extra), ("stale", report.drift.stale)] {
            for key in keys.sorted() { lines.append("  \(kind) \(key)") }
        }
        return lines
    }
}
