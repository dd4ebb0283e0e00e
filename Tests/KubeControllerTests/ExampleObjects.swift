import Foundation
import KubeModel

/// Builders for the Deployments and ConfigMaps the example-controller tests use.
enum ExampleObjects {
    /// How a Deployment's pod template references a ConfigMap.
    enum Reference {
        case volume(String)
        case projected(String)
        case envFrom(String)
        case keyRef(String)
        case initEnvFrom(String)
    }

    /// A Deployment named `name` whose template references ConfigMaps as given.
    static func deployment(_ name: String, namespace: String? = nil, references: [Reference]) throws -> AppsV1.Deployment {
        var volumes: [[String: Any]] = []
        var envFrom: [[String: Any]] = []
        var env: [[String: Any]] = []
        var initEnvFrom: [[String: Any]] = []
        for (i, reference) in references.enumerated() {
            switch reference {
            case .volume(let cm): volumes.append(["name": "v\(i)", "configMap": ["name": cm]])
            case .projected(let cm):
                volumes.append(["name": "v\(i)", "projected": ["sources": [["configMap": ["name": cm]]]]])
            case .envFrom(let cm): envFrom.append(["configMapRef": ["name": cm]])
            case .keyRef(let cm):
                env.append(["name": "E\(i)", "valueFrom": ["configMapKeyRef": ["name": cm, "key": "k"]]])
            case .initEnvFrom(let cm): initEnvFrom.append(["configMapRef": ["name": cm]])
            }
        }
        var podSpec: [String: Any] = [
            "containers": [["name": "main", "image": "busybox", "envFrom": envFrom, "env": env]],
            "volumes": volumes,
        ]
        if !initEnvFrom.isEmpty {
            podSpec["initContainers"] = [["name": "init", "image": "busybox", "envFrom": initEnvFrom]]
        }
        var metadata: [String: Any] = ["name": name]
        if let namespace { metadata["namespace"] = namespace }
        let object: [String: Any] = [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": metadata,
            "spec": [
                "replicas": 0,
                "selector": ["matchLabels": ["app": name]],
                "template": ["metadata": ["labels": ["app": name]], "spec": podSpec],
            ],
        ]
        let data = try JSONSerialization.data(withJSONObject: object)
        return try KubeJSON.decode(AppsV1.Deployment.self, from: data)
    }

    /// A ConfigMap with `data`.
    static func configMap(_ name: String, namespace: String? = nil, data: [String: String]) -> CoreV1.ConfigMap {
        var cm = CoreV1.ConfigMap(metadata: ObjectMeta(name: name, namespace: namespace))
        cm.apiVersion = "v1"
        cm.kind = "ConfigMap"
        cm.data = data
        return cm
    }
}
