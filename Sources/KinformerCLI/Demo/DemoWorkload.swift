import Foundation
import KubeClient
import KubeModel
import KubeSupport

/// Writes the demo workload to the API server through a real ``KubeClient``: creates it, then
/// keeps changing it at a steady pace (ConfigMap updates, scaling and edits of Deployments, pod
/// churn and status updates), as typed `CoreV1`/`AppsV1` objects and merge patches.
final class DemoWorkload: Sendable {
    /// What the workload did.
    struct Statistics: Sendable, Hashable {
        /// Objects created, per kind (`Namespace`, `ConfigMap`, `Deployment`, `Pod`).
        var created: [String: Int] = [:]
        /// Objects updated or patched, per kind.
        var updated: [String: Int] = [:]
        /// Objects deleted, per kind.
        var deleted: [String: Int] = [:]
        /// Writes that failed (after the client's own retries), e.g. an injected 500.
        var errors = 0
        /// The last failure, e.g. `update Pod ns/name: 500 InternalError`.
        var lastError: String?
        /// Writes in total (successful or not).
        var writes: Int { created.values.reduce(0, +) + updated.values.reduce(0, +) + deleted.values.reduce(0, +) + errors }
    }

    private let client: KubeClient
    private let model: Locked<DemoWorkloadModel>
    private let stats = Locked(Statistics())

    /// - Parameter steady: keep the number of objects constant after ``populate(objects:)``
    ///   (see ``DemoWorkloadModel/steady``).
    init(client: KubeClient, seed: UInt64, steady: Bool = false) {
        self.client = client
        model = Locked(DemoWorkloadModel(seed: seed, steady: steady))
    }

    /// What the workload did so far.
    var statistics: Statistics { stats.withLock { $0 } }

    /// The namespaces of the workload.
    var namespaces: [String] { model.withLock { $0.namespaces } }

    /// Creates the initial workload of about `objects` objects.
    func populate(objects: Int) async {
        let changes = model.withLock { $0.initialChanges(objects: objects) }
        for change in changes {
            if Task.isCancelled { return }
            await perform(change)
        }
    }

    /// Applies `changesPerSecond` planned changes per second until the task is cancelled.
    func run(changesPerSecond: Double) async {
        let clock = ContinuousClock()
        let step = Duration.seconds(1 / max(0.1, changesPerSecond))
        var next = clock.now
        while !Task.isCancelled {
            for change in model.withLock({ $0.nextChanges() }) { await perform(change) }
            next = next.advanced(by: step)
            if next < clock.now { next = clock.now }  // fell behind: do not burst to catch up
            do { try await Task.sleep(until: next, clock: clock) } catch { return }
        }
    }

    private func perform(_ change: DemoWorkloadModel.Change) async {
        do {
            let (kind, verb) = try await write(change)
            stats.withLock { $0[keyPath: verb][kind, default: 0] += 1 }
        } catch where Task.isCancelled || error is CancellationError {
            return  // the workload was stopped mid-write: not a failure
        } catch {
            stats.withLock {
                $0.errors += 1
                $0.lastError = "\(change): \(error)"
            }
        }
    }

    /// Performs one change; returns the kind written and which counter it counts in.
    private func write(
        _ change: DemoWorkloadModel.Change
    ) async throws -> (String, WritableKeyPath<Statistics, [String: Int]>) {
        switch change {
        case .createNamespace(let name):
            _ = try await client.resource(CoreV1.Namespace.self).create(CoreV1.Namespace(metadata: ObjectMeta(name: name)))
            return ("Namespace", \.created)
        case .createConfigMap(let ns, let name, let data):
            let cm = CoreV1.ConfigMap(
                metadata: ObjectMeta(name: name, namespace: ns, labels: ["app.kubernetes.io/part-of": "kinformer-demo"]),
                data: data)
            _ = try await client.resource(CoreV1.ConfigMap.self, namespace: ns).create(cm)
            return ("ConfigMap", \.created)
        case .createDeployment(let d):
            _ = try await client.resource(AppsV1.Deployment.self, namespace: d.namespace).create(Self.deployment(d))
            return ("Deployment", \.created)
        case .createPod(let ns, let name, let deployment):
            _ = try await client.resource(CoreV1.Pod.self, namespace: ns).create(Self.pod(ns, name, deployment))
            return ("Pod", \.created)
        case .updateConfigMap(let ns, let name, let key, let value):
            _ = try await client.resource(CoreV1.ConfigMap.self, namespace: ns)
                .patch(name, try .merge(["data": .object([key: .string(value)])]))
            return ("ConfigMap", \.updated)
        case .scaleDeployment(let ns, let name, let replicas):
            _ = try await client.resource(AppsV1.Deployment.self, namespace: ns)
                .patch(name, try .merge(["spec": ["replicas": .int(Int64(replicas))]]))
            return ("Deployment", \.updated)
        case .editDeployment(let d):
            let spec = try Self.json(Self.podSpec(d))
            _ = try await client.resource(AppsV1.Deployment.self, namespace: d.namespace)
                .patch(d.name, try .merge(["spec": ["template": ["spec": spec]]]))
            return ("Deployment", \.updated)
        case .deletePod(let ns, let name):
            _ = try await client.resource(CoreV1.Pod.self, namespace: ns).delete(name)
            return ("Pod", \.deleted)
        case .updatePodStatus(let ns, let name, let phase):
            _ = try await client.resource(CoreV1.Pod.self, namespace: ns)
                .patch(name, try .merge(["status": ["phase": .string(phase)]]), subresource: "status")
            return ("Pod", \.updated)
        }
    }

    // MARK: - Objects

    static func deployment(_ d: DemoWorkloadModel.Deployment) -> AppsV1.Deployment {
        let labels = ["app": d.name]
        return AppsV1.Deployment(
            metadata: ObjectMeta(name: d.name, namespace: d.namespace, labels: labels),
            spec: AppsV1.DeploymentSpec(
                replicas: Int32(d.replicas), selector: LabelSelector(matchLabels: labels),
                template: CoreV1.PodTemplateSpec(metadata: ObjectMeta(labels: labels), spec: podSpec(d))))
    }

    static func podSpec(_ d: DemoWorkloadModel.Deployment) -> CoreV1.PodSpec {
        let mounted = d.configMaps.first
        let container = CoreV1.Container(
            envFrom: d.configMaps.dropFirst().map { CoreV1.EnvFromSource(configMapRef: CoreV1.ConfigMapEnvSource(name: $0)) },
            image: "registry.example/\(d.name):1.\(d.imageTag)", name: "main",
            volumeMounts: mounted.map { _ in [CoreV1.VolumeMount(mountPath: "/etc/config", name: "config")] })
        return CoreV1.PodSpec(
            containers: [container],
            volumes: mounted.map { [CoreV1.Volume(configMap: CoreV1.ConfigMapVolumeSource(name: $0), name: "config")] })
    }

    static func pod(_ namespace: String, _ name: String, _ deployment: String) -> CoreV1.Pod {
        CoreV1.Pod(
            metadata: ObjectMeta(name: name, namespace: namespace, labels: ["app": deployment]),
            spec: CoreV1.PodSpec(containers: [CoreV1.Container(image: "registry.example/\(deployment)", name: "main")]),
            status: CoreV1.PodStatus(phase: "Pending"))
    }

    private static func json(_ value: some Encodable) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }
}
