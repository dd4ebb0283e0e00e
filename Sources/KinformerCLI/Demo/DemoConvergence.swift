import ConfigMapChecksumExample
import KubeClient
import KubeModel

/// The end-of-run check: each informer's cache holds exactly the server's current objects at
/// their current resourceVersions, and every Deployment's checksum annotation matches its
/// ConfigMaps as the server has them.
struct DemoConvergence: Sendable {
    /// One informer compared with the server's list.
    struct InformerCheck: Sendable, Hashable {
        var name: String
        var cached: Int
        var onServer: Int
        /// On the server, not in the cache.
        var missing: [String]
        /// In the cache, not on the server.
        var extra: [String]
        /// In both, at different resourceVersions.
        var stale: [String]
        var ok: Bool { missing.isEmpty && extra.isEmpty && stale.isEmpty }
    }

    var informers: [InformerCheck]
    var deploymentsChecked: Int
    /// Deployments whose annotation is missing or wrong.
    var wrongChecksums: [String]
    /// Set when the server could not be read.
    var error: String?

    var converged: Bool { error == nil && informers.allSatisfy(\.ok) && wrongChecksums.isEmpty }

    /// Compares caches with the server and checks the checksums, once.
    static func check(probes: [DemoInformerProbe], client: KubeClient) async -> DemoConvergence {
        do {
            var informers: [InformerCheck] = []
            for probe in probes {
                let server = try await probe.serverVersions()
                let cache = probe.cacheVersions()
                informers.append(compare(name: probe.name, cache: cache, server: server))
            }
            let deployments = try await client.resource(AppsV1.Deployment.self).listAll().items
            let configMaps = try await client.resource(CoreV1.ConfigMap.self).listAll().items
            let wrong = wrongChecksums(deployments: deployments, configMaps: configMaps)
            return DemoConvergence(informers: informers, deploymentsChecked: deployments.count, wrongChecksums: wrong)
        } catch {
            return DemoConvergence(informers: [], deploymentsChecked: 0, wrongChecksums: [], error: "\(error)")
        }
    }

    /// Compares two key → resourceVersion maps. Pure.
    static func compare(name: String, cache: [String: String], server: [String: String]) -> InformerCheck {
        InformerCheck(
            name: name, cached: cache.count, onServer: server.count,
            missing: server.keys.filter { cache[$0] == nil }.sorted(),
            extra: cache.keys.filter { server[$0] == nil }.sorted(),
            stale: server.compactMap { key, rv in cache[key].flatMap { $0 == rv ? nil : key } }.sorted())
    }

    /// The keys of Deployments whose checksum annotation is not what the ConfigMaps give. Pure.
    static func wrongChecksums(deployments: [AppsV1.Deployment], configMaps: [CoreV1.ConfigMap]) -> [String] {
        let byKey = Dictionary(configMaps.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        return deployments.compactMap { d -> String? in
            guard let template = d.spec?.template else { return nil }
            let inputs = ConfigMapReferences.names(in: template).map { name in
                (name: name, configMap: byKey[ObjectKey.make(namespace: d.namespace, name: name)])
            }
            let expected = ConfigChecksum.compute(inputs)
            return template.metadata?.annotations?[ConfigChecksum.annotation] == expected ? nil : d.key
        }.sorted()
    }
}
