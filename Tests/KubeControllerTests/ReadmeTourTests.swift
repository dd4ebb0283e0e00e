import KubeCache
import KubeClient
import KubeController
import KubeModel
import KubeTesting
import Synchronization
import Testing

/// The README's five-minute tour, run for real against the in-process API server, so the
/// snippets users copy keep compiling and working.
@Suite struct ReadmeTourTests {
    struct Reconcile: Reconciler {
        let pods: SharedIndexInformer<CoreV1.Pod>
        let seen: AsyncStream<String>.Continuation
        func reconcile(_ key: String) async throws -> Requeue {
            guard let pod = pods.indexer.get(key) else { return .done }
            seen.yield(pod.key)
            return .done
        }
    }

    @Test func tourRunsAgainstAnAPIServer() async throws {
        let server = InProcessAPIServer()
        try await server.start()
        let config = try ClientConfiguration(kubeConfig: KubeConfig.parse(yaml: server.kubeconfig()))
        let client = try KubeClient(configuration: config)
        for i in 0..<3 {
            var pod = CoreV1.Pod(metadata: ObjectMeta(name: "web-\(i)", namespace: "default"))
            pod.spec = CoreV1.PodSpec(containers: [CoreV1.Container(name: "main")], nodeName: "node-\(i % 2)")
            _ = try await client.resource(CoreV1.Pod.self, namespace: "default").create(pod)
        }

        // An informer with a handler.
        let factory = SharedInformerFactory(client: client)
        let pods = try factory.informer(for: CoreV1.Pod.self)
        let added = Mutex<[String]>([])
        pods.addEventHandler(onAdd: { pod, _ in added.withLock { $0.append(pod.key) } })

        // A lister and an index.
        try pods.indexer.addIndexers(["node": { pod in pod.spec?.nodeName.map { [$0] } ?? [] }])

        // A controller with a work queue.
        let (reconciled, seen) = AsyncStream<String>.makeStream()
        let reconciler = Reconcile(pods: pods, seen: seen)
        let controller = Controller(
            configuration: .init(name: "pods", workers: 4), reconciler: reconciler,
            cacheSyncs: [{ await pods.waitForCacheSync() }])
        pods.addEventHandler(controller.enqueueHandler(for: CoreV1.Pod.self))

        factory.start()
        #expect(await factory.waitForCacheSync().isEmpty)
        let onNode = try pods.indexer.byIndex("node", "node-1")
        #expect(onNode.map(\.name) == ["web-1"])
        #expect(try pods.lister.namespace("default").get("web-2").name == "web-2")
        #expect(throws: KubeAPIError.self) { try pods.lister.namespace("default").get("nope") }

        // Run only while leading.
        let podName = "tour-replica"
        let elector = LeaderElector(
            client: client,
            configuration: .init(leaseName: "pods-controller", leaseNamespace: "default", identity: podName),
            callbacks: .init(onStartedLeading: { try? await controller.run() }))
        let run = Task { try await elector.run() }
        var keys = Set<String>()
        for await key in reconciled {
            keys.insert(key)
            if keys.count == 3 { break }
        }
        #expect(keys == ["default/web-0", "default/web-1", "default/web-2"])
        run.cancel()
        try await run.value
        #expect(!controller.isRunning)
        await factory.shutdown()
        try await client.shutdown()
        await server.shutdown()
    }
}
