import KubeCache
import KubeModel

/// What one cache holds: a namespace, label and field selectors, and whether managedFields are
/// dropped. The ``Manager`` keeps one ``SharedInformerFactory`` per distinct scope, so each type
/// can be cached as narrowly as its controller needs.
public struct CacheScope: Sendable, Hashable {
    /// One namespace, or `nil` for all.
    public var namespace: String?
    /// A label selector every list and watch carries (e.g. `app=widgets`).
    public var labelSelector: String?
    /// A field selector every list and watch carries.
    public var fieldSelector: String?
    /// Drop `metadata.managedFields` before caching.
    public var dropManagedFields: Bool
    /// A change to every object's metadata before caching. Caches of a scope with a transform
    /// are informers of the manager's own (the informer factory has no per-type transform).
    public var metadataTransform: MetadataTransform?

    public init(
        namespace: String? = nil, labelSelector: String? = nil, fieldSelector: String? = nil,
        dropManagedFields: Bool = true, metadataTransform: MetadataTransform? = nil
    ) {
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.dropManagedFields = dropManagedFields
        self.metadataTransform = metadataTransform
    }

    /// The factory options of this scope.
    var factoryOptions: SharedInformerFactory.Options {
        var options = SharedInformerFactory.Options()
        options.namespace = namespace
        options.tweak = ListTweak(labelSelector: labelSelector, fieldSelector: fieldSelector)
        options.dropManagedFields = dropManagedFields
        return options
    }
}

extension CacheScope {
    /// The whole transform of this scope for objects of one type (nil when there is none).
    func transform<Object: KubernetesObject>(for type: Object.Type) -> (@Sendable (Object) -> Object)? {
        guard let metadataTransform else { return nil }
        let dropManagedFields = dropManagedFields
        return { object in
            var object = object
            if dropManagedFields { object.metadata.managedFields = nil }
            metadataTransform.body(&object.metadata)
            return object
        }
    }
}
