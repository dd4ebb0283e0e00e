import KinformerTestSupport
import ConfigMapChecksumExample
import KubeCache
import KubeClient
import KubeController
import KubeModel
import Testing

/// The example controller against the real control plane (etcd + kube-apiserver only: no
/// controller-manager touches the Deployments, so every write comes from the example).
@Suite struct ConfigMapChecksumIntegrationTests {
    /// Which ConfigMaps each Deployment reads.
    static let references: [String: [ExampleObjects.Reference]] = [
        "d-a": [.volume("cm-a")],
        "d-b": [.envFrom("cm-b")],
        "d-ab": [.projected("cm-a"), .keyRef("cm-b")],
        "d-shared": [.volume("cm-shared"), .initEnvFrom("cm-shared")],
        "d-none": [],
        "d-missing": [.envFrom("cm-missing")],
        "d-sentinel": [.volume("cm-sentinel")],
    ]

    /// The checksum each Deployment should carry when the ConfigMaps hold `data` (absent = missing).
    static func expected(_ data: [String: [String: String]]) -> [String: String] {
        references.mapValues { refs in
            let names = Set(refs.map { ref -> String in
                switch ref {
                case .volume(let n), .projected(let n), .envFrom(let n), .keyRef(let n), .initEnvFrom(let n): n
                }
            })
            return ConfigChecksum.compute(names.map { name in
                (name: name, configMap: data[name].map { ExampleObjects.configMap(name, data: $0) })
            })
        }
    }

    @Test func convergesAndFollowsConfigMapChanges() async throws {
        let client = try await Plane.client()
        let namespace = try await Plane.namespace(client, prefix: "checksum")
        let configMaps = client.resource(CoreV1.ConfigMap.self, namespace: namespace)
        let deployments = client.resource(AppsV1.Deployment.self, namespace: namespace)

        var data: [String: [String: String]] = [
            "cm-a": ["x": "1"], "cm-b": ["y": "1"], "cm-shared": ["z": "1"], "cm-sentinel": ["s": "1"],
        ]
        for (name, values) in data {
            _ = try await configMaps.create(ExampleObjects.configMap(name, data: values))
        }
        for (name, refs) in Self.references {
            _ = try await deployments.create(try ExampleObjects.deployment(name, references: refs))
        }

        var options = SharedInformerFactory.Options()
        options.namespace = namespace
        let factory = SharedInformerFactory(client: client, options: options)
        // One worker: keys are reconciled in queue order, which the sentinel below relies on.
        let (example, controller) = try ConfigMapChecksumController.make(factory: factory, workers: 1)
        let changes = EventLog<String>()
        example.deployments.addEventHandler(
            onAdd: { d, _ in changes.append(d.key) }, onUpdate: { _, d in changes.append(d.key) })
        let indexer = example.deployments.indexer
        let ns = namespace
        @Sendable func converged(_ expected: [String: String]) -> Bool {
            expected.allSatisfy { name, checksum in
                indexer.get(ObjectKey.make(namespace: ns, name: name))?
                    .spec?.template.metadata?.annotations?[ConfigChecksum.annotation] == checksum
            }
        }

        factory.start()
        let running = Task { try await controller.run() }

        // 1. Every Deployment converges to the checksum of its ConfigMaps.
        let initial = Self.expected(data)
        await changes.wait { _ in converged(initial) }
        let before = try await Dictionary(
            uniqueKeysWithValues: deployments.list().items.map { ($0.name, $0.resourceVersion) })
        #expect(before.count == Self.references.count)

        // 2. Changing cm-a updates exactly d-a and d-ab. The sentinel ConfigMap changes after it:
        // once its Deployment is updated, every key queued before has been reconciled.
        data["cm-a"] = ["x": "2"]
        data["cm-sentinel"] = ["s": "2"]
        _ = try await configMaps.update(ExampleObjects.configMap("cm-a", namespace: namespace, data: ["x": "2"]))
        _ = try await configMaps.update(
            ExampleObjects.configMap("cm-sentinel", namespace: namespace, data: ["s": "2"]))
        let second = Self.expected(data)
        #expect(second["d-a"] != initial["d-a"] && second["d-ab"] != initial["d-ab"])
        await changes.wait { _ in converged(second) }
        let after = try await Dictionary(
            uniqueKeysWithValues: deployments.list().items.map { ($0.name, $0.resourceVersion) })
        let changed = Set(after.filter { before[$0.key] != $0.value }.keys)
        #expect(changed == ["d-a", "d-ab", "d-sentinel"])

        // 3. A missing ConfigMap appearing updates the Deployment that references it.
        data["cm-missing"] = ["m": "1"]
        _ = try await configMaps.create(ExampleObjects.configMap("cm-missing", data: ["m": "1"]))
        let third = Self.expected(data)
        #expect(third["d-missing"] != second["d-missing"])
        await changes.wait { _ in converged(third) }

        #expect(controller.statistics.failures == 0)
        controller.stopTakingWork()
        try await running.value
        await factory.shutdown()
        await Plane.deleteNamespace(client, namespace)
        try await client.shutdown()
    }
}
