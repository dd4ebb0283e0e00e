public import KubeModel

extension OwnerReference {
    /// A controller reference to `owner` (`controller` and `blockOwnerDeletion` true), for
    /// objects an operator creates on the owner's behalf.
    public static func controller<Owner: KubernetesResource>(of owner: Owner) -> OwnerReference {
        OwnerReference(
            apiVersion: Owner.resource.apiVersion, kind: Owner.resource.kind, name: owner.name,
            uid: owner.metadata.uid ?? "", controller: true, blockOwnerDeletion: true)
    }
}
