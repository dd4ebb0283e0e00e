public import KubeModel

/// Which ConfigMaps a Deployment's pods read: volumes, projected volumes, `envFrom` and
/// `env[].valueFrom.configMapKeyRef`, in init and regular containers. Pure.
public enum ConfigMapReferences {
    /// The names of the ConfigMaps the pod template references, sorted and unique.
    public static func names(in template: CoreV1.PodTemplateSpec) -> [String] {
        guard let spec = template.spec else { return [] }
        var names = Set<String>()
        for volume in spec.volumes ?? [] {
            if let name = volume.configMap?.name { names.insert(name) }
            for source in volume.projected?.sources ?? [] {
                if let name = source.configMap?.name { names.insert(name) }
            }
        }
        for container in spec.containers + (spec.initContainers ?? []) {
            for source in container.envFrom ?? [] {
                if let name = source.configMapRef?.name { names.insert(name) }
            }
            for variable in container.env ?? [] {
                if let name = variable.valueFrom?.configMapKeyRef?.name { names.insert(name) }
            }
        }
        return names.sorted()
    }

    /// Index function for a Deployment informer: the keys (`namespace/name`) of the ConfigMaps
    /// it references, so a ConfigMap change finds its Deployments with one index lookup.
    @Sendable public static func indexKeys(_ deployment: AppsV1.Deployment) -> [String] {
        guard let template = deployment.spec?.template else { return [] }
        return names(in: template).map { ObjectKey.make(namespace: deployment.namespace, name: $0) }
    }
}
