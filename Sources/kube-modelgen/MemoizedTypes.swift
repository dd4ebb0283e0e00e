/// The message types whose decoders keep decoded values by their bytes (`MessageMemo` in
/// KubeModel), so that a value repeated across objects is decoded once and then shared: the
/// parts of a workload's pod template that its replicas repeat byte for byte, and a node's
/// image list. Types that differ per object (metadata, status, a container's state) are not
/// listed: keeping them would only churn the table.
enum MemoizedTypes {
    /// Qualified Swift names (`Namespace.Type`).
    static let names: Set<String> = [
        "CoreV1.Container", "CoreV1.Volume", "CoreV1.Toleration", "CoreV1.Affinity",
        "CoreV1.TopologySpreadConstraint", "CoreV1.PodSecurityContext", "CoreV1.PodDNSConfig",
        "CoreV1.SecurityContext", "CoreV1.ResourceRequirements", "CoreV1.Probe", "CoreV1.Lifecycle",
        "CoreV1.EnvFromSource", "CoreV1.ContainerImage", "OwnerReference",
    ]
}
