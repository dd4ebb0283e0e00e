public import KubeCache
public import KubeClient
public import KubeController
public import KubeModel
public import KubeWorkQueue
public import Logging

/// An example controller: keeps the annotation `kinformer.io/config-checksum` on each
/// Deployment's pod template equal to a checksum of the ConfigMaps the pods read, so that
/// changing a ConfigMap rolls the Deployment.
///
/// It shows the whole pattern: a shared informer factory, an index (Deployments by the
/// ConfigMaps they reference), handlers that only enqueue keys, listers read by the reconciler,
/// a rate-limited work queue, and writes back to the API server (a merge patch).
public final class ConfigMapChecksumController: Reconciler {
    /// The index of Deployments by referenced ConfigMap key.
    public static let configMapIndex = "configmaps"

    public let deployments: SharedIndexInformer<AppsV1.Deployment>
    public let configMaps: SharedIndexInformer<CoreV1.ConfigMap>
    private let client: KubeClient
    private let logger: Logger

    /// Creates the controller's informers from `factory` and wires their handlers into a
    /// ``Controller`` it returns together with itself.
    /// - Parameter queue: the controller's work queue (e.g. one with its own metrics factory);
    ///   `nil` for the default.
    public static func make(
        factory: SharedInformerFactory, workers: Int = 2, queue: RateLimitingQueue<String>? = nil,
        logger: Logger = Logger(label: "kinformer.example")
    ) throws -> (reconciler: ConfigMapChecksumController, controller: Controller) {
        let deployments = try factory.informer(for: AppsV1.Deployment.self)
        try deployments.indexer.addIndexers([configMapIndex: ConfigMapReferences.indexKeys])
        let configMaps = try factory.informer(for: CoreV1.ConfigMap.self)
        let reconciler = ConfigMapChecksumController(
            client: factory.client, deployments: deployments, configMaps: configMaps, logger: logger)
        let controller = Controller(
            configuration: .init(name: "configmap-checksum", workers: workers), reconciler: reconciler,
            cacheSyncs: [{ await deployments.waitForCacheSync() }, { await configMaps.waitForCacheSync() }],
            queue: queue, logger: logger)
        deployments.addEventHandler(controller.enqueueHandler(for: AppsV1.Deployment.self, skipResyncs: true))
        let index = deployments.indexer
        configMaps.addEventHandler(
            EventHandlers<CoreV1.ConfigMap>(
                onAdd: { cm, _ in enqueueDependents(of: cm.key, index: index, controller: controller) },
                onUpdate: { _, cm in enqueueDependents(of: cm.key, index: index, controller: controller) },
                onDelete: { payload in enqueueDependents(of: payload.key, index: index, controller: controller) }))
        return (reconciler, controller)
    }

    private static func enqueueDependents(of configMapKey: String, index: Indexer<AppsV1.Deployment>, controller: Controller) {
        for key in (try? index.indexKeys(configMapIndex, configMapKey)) ?? [] { controller.enqueue(key) }
    }

    init(
        client: KubeClient, deployments: SharedIndexInformer<AppsV1.Deployment>,
        configMaps: SharedIndexInformer<CoreV1.ConfigMap>, logger: Logger
    ) {
        self.client = client
        self.deployments = deployments
        self.configMaps = configMaps
        self.logger = logger
    }

    /// Brings one Deployment's checksum annotation up to date.
    public func reconcile(_ key: String) async throws -> Requeue {
        guard let deployment = deployments.indexer.get(key), let template = deployment.spec?.template else {
            return .done  // deleted since it was queued
        }
        let names = ConfigMapReferences.names(in: template)
        let inputs = names.map { name in
            (name: name, configMap: configMaps.indexer.get(ObjectKey.make(namespace: deployment.namespace, name: name)))
        }
        let checksum = ConfigChecksum.compute(inputs)
        if template.metadata?.annotations?[ConfigChecksum.annotation] == checksum { return .done }
        let patch: JSONValue = [
            "spec": ["template": ["metadata": ["annotations": [.init(stringLiteral: ConfigChecksum.annotation): .string(checksum)]]]]
        ]
        _ = try await client.resource(AppsV1.Deployment.self, namespace: deployment.namespace)
            .patch(deployment.name, try .merge(patch))
        logger.debug("updated checksum", metadata: ["deployment": "\(key)", "checksum": "\(checksum)"])
        return .done
    }
}
