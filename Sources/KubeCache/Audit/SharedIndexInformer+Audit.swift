public import KubeClient
public import KubeModel
public import Logging

extension SharedIndexInformer {
    /// A cache auditor for this informer that lists metadata only (`PartialObjectMetadata`),
    /// quorum reads (`resourceVersion=""`) in pages of `pageSize`.
    /// - Parameters:
    ///   - namespace: the namespace the informer watches, `nil` for all.
    ///   - tweak: the label/field selectors the informer lists with, so both see the same objects.
    /// Run it with ``CacheAuditor/run()`` next to the informer, or call ``CacheAuditor/auditOnce()``.
    public func auditor(
        client: KubeClient, namespace: String? = nil, tweak: ListTweak = ListTweak(), pageSize: Int = 500,
        configuration: CacheAuditor<Object>.Configuration = .init(), logger: Logger = Logger(label: "kinformer.audit")
    ) -> CacheAuditor<Object> {
        let metadata = client.metadata(self.configuration.resource, namespace: namespace)
        return CacheAuditor(informer: self, configuration: configuration, logger: logger) {
            var options = ListOptions(resourceVersion: "")
            tweak.apply(to: &options.labelSelector, &options.fieldSelector)
            let list = try await metadata.listAll(options, pageSize: pageSize)
            var items: [String: String] = [:]
            for item in list.items { items[item.key] = item.resourceVersion }
            return (items, list.metadata.resourceVersion ?? "")
        }
    }
}
