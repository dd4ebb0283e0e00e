/// The demo workload as the generator believes it to be, and the pure choice of the next
/// change. No I/O: ``DemoWorkload`` performs what this plans.
struct DemoWorkloadModel: Sendable {
    /// One Deployment and the pods the workload keeps for it (there is no ReplicaSet controller).
    struct Deployment: Sendable, Hashable {
        var namespace: String
        var name: String
        /// ConfigMaps mounted as a volume (first) and read through `envFrom` (the rest).
        var configMaps: [String]
        var replicas: Int
        var imageTag: Int
        var pods: [String]
    }

    /// One write to the API server.
    enum Change: Sendable, Hashable {
        case createNamespace(String)
        case createConfigMap(namespace: String, name: String, data: [String: String])
        case createDeployment(Deployment)
        case createPod(namespace: String, name: String, deployment: String)
        /// Changes one key of a ConfigMap (the checksum controller must roll its Deployments).
        case updateConfigMap(namespace: String, name: String, key: String, value: String)
        /// Sets `spec.replicas`.
        case scaleDeployment(namespace: String, name: String, replicas: Int)
        /// A new image and/or a different set of referenced ConfigMaps.
        case editDeployment(Deployment)
        case deletePod(namespace: String, name: String)
        /// Sets `status.phase` through the status subresource.
        case updatePodStatus(namespace: String, name: String, phase: String)
    }

    private(set) var namespaces: [String] = []
    private(set) var configMaps: [String: [String]] = [:]
    private(set) var deployments: [Deployment] = []
    private var nextID = 0
    private var rng: DemoRandom
    /// Whether the number of objects stays what ``initialChanges(objects:)`` created (the soak):
    /// scaling then moves replicas from one Deployment to another instead of adding or removing pods.
    let steady: Bool

    init(seed: UInt64, steady: Bool = false) {
        rng = DemoRandom(seed: seed)
        self.steady = steady
    }

    /// How many pods the model holds.
    var podCount: Int { deployments.reduce(0) { $0 + $1.pods.count } }

    /// The changes that create the initial workload of about `objects` objects: a namespace per
    /// 50 objects (at least 2), a quarter ConfigMaps, a sixth Deployments, the rest pods.
    mutating func initialChanges(objects: Int) -> [Change] {
        let objects = max(objects, 12)
        let namespaceCount = max(2, objects / 50)
        let configMapCount = max(namespaceCount * 2, objects / 4)
        let deploymentCount = max(namespaceCount, objects / 6)
        let podCount = max(deploymentCount, objects - configMapCount - deploymentCount)
        var changes: [Change] = []
        for i in 0..<namespaceCount {
            let ns = "demo-\(Self.teamNames[i % Self.teamNames.count])\(i < Self.teamNames.count ? "" : "-\(i)")"
            namespaces.append(ns)
            changes.append(.createNamespace(ns))
        }
        for i in 0..<configMapCount {
            let ns = namespaces[i % namespaceCount]
            let name = "config-\(i / namespaceCount)"
            configMaps[ns, default: []].append(name)
            changes.append(.createConfigMap(namespace: ns, name: name, data: ["setting": "v0", "level": "info"]))
        }
        for i in 0..<deploymentCount {
            let ns = namespaces[i % namespaceCount]
            let name = "app-\(i / namespaceCount)"
            let replicas = podCount / deploymentCount + (i < podCount % deploymentCount ? 1 : 0)
            var deployment = Deployment(
                namespace: ns, name: name, configMaps: pickConfigMaps(in: ns), replicas: replicas, imageTag: 1, pods: [])
            changes.append(.createDeployment(deployment))
            for _ in 0..<replicas {
                let pod = newPodName(deployment.name)
                deployment.pods.append(pod)
                changes.append(.createPod(namespace: ns, name: pod, deployment: name))
            }
            deployments.append(deployment)
        }
        return changes
    }

    /// Plans the next round of changes (usually one; a scale brings its pod creates/deletes).
    mutating func nextChanges() -> [Change] {
        guard !deployments.isEmpty else { return [] }
        let roll = Int.random(in: 0..<100, using: &rng)
        let d = Int.random(in: 0..<deployments.count, using: &rng)
        let ns = deployments[d].namespace
        switch roll {
        case 0..<35:
            guard let names = configMaps[ns], let name = names.randomElement(using: &rng) else { return [] }
            nextID += 1
            return [.updateConfigMap(namespace: ns, name: name, key: "setting", value: "v\(nextID)")]
        case 35..<50 where steady:
            return moveReplicas(to: d)
        case 35..<50:
            let old = deployments[d].replicas
            let replicas = max(1, min(8, old + (Bool.random(using: &rng) ? 1 : -1) * Int.random(in: 1...2, using: &rng)))
            deployments[d].replicas = replicas
            var changes: [Change] = [.scaleDeployment(namespace: ns, name: deployments[d].name, replicas: replicas)]
            while deployments[d].pods.count < replicas {
                let pod = newPodName(deployments[d].name)
                deployments[d].pods.append(pod)
                changes.append(.createPod(namespace: ns, name: pod, deployment: deployments[d].name))
            }
            while deployments[d].pods.count > replicas {
                changes.append(.deletePod(namespace: ns, name: deployments[d].pods.removeFirst()))
            }
            return changes
        case 50..<60:
            deployments[d].imageTag += 1
            if Bool.random(using: &rng) { deployments[d].configMaps = pickConfigMaps(in: ns) }
            return [.editDeployment(deployments[d])]
        case 60..<80:
            guard !deployments[d].pods.isEmpty else { return [] }
            let old = deployments[d].pods.removeFirst()
            let pod = newPodName(deployments[d].name)
            deployments[d].pods.append(pod)
            return [.deletePod(namespace: ns, name: old), .createPod(namespace: ns, name: pod, deployment: deployments[d].name)]
        default:
            guard let pod = deployments[d].pods.randomElement(using: &rng) else { return [] }
            let phase = ["Running", "Running", "Pending", "Succeeded"].randomElement(using: &rng)!
            return [.updatePodStatus(namespace: ns, name: pod, phase: phase)]
        }
    }

    /// Scales Deployment `d` up and another one down by the same 1–2 replicas (pods 1…8 each),
    /// deleting the pods before creating the new ones: the pod count never exceeds its start.
    private mutating func moveReplicas(to d: Int) -> [Change] {
        guard deployments.count > 1 else { return [] }
        var from = Int.random(in: 0..<(deployments.count - 1), using: &rng)
        if from >= d { from += 1 }
        let wanted = Int.random(in: 1...2, using: &rng)
        let moved = min(wanted, 8 - deployments[d].replicas, deployments[from].replicas - 1)
        guard moved > 0 else { return [] }
        deployments[from].replicas -= moved
        deployments[d].replicas += moved
        var changes: [Change] = [
            .scaleDeployment(namespace: deployments[from].namespace, name: deployments[from].name, replicas: deployments[from].replicas)
        ]
        for _ in 0..<moved {
            changes.append(.deletePod(namespace: deployments[from].namespace, name: deployments[from].pods.removeFirst()))
        }
        changes.append(.scaleDeployment(namespace: deployments[d].namespace, name: deployments[d].name, replicas: deployments[d].replicas))
        for _ in 0..<moved {
            let pod = newPodName(deployments[d].name)
            deployments[d].pods.append(pod)
            changes.append(.createPod(namespace: deployments[d].namespace, name: pod, deployment: deployments[d].name))
        }
        return changes
    }

    /// One or two ConfigMaps of the namespace (the first mounted, the second as `envFrom`).
    private mutating func pickConfigMaps(in namespace: String) -> [String] {
        guard let names = configMaps[namespace], !names.isEmpty else { return [] }
        let first = names.randomElement(using: &rng)!
        let second = names.randomElement(using: &rng)!
        return first == second || Bool.random(using: &rng) ? [first] : [first, second].sorted()
    }

    private mutating func newPodName(_ deployment: String) -> String {
        nextID += 1
        let suffix = String(UInt32(truncatingIfNeeded: nextID &* 2_654_435_761), radix: 36)
        return "\(deployment)-\(suffix)"
    }

    private static let teamNames = ["shop", "search", "billing", "auth", "media", "infra", "data", "ml"]
}

/// A small deterministic random number generator (SplitMix64), so a seed replays a run's changes.
struct DemoRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
