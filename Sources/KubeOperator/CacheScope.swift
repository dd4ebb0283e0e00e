import KubeCache

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

    public init(
        namespace: String? = nil, labelSelector: String? = nil, fieldSelector: String? = nil,
        dropManagedFields: Bool = true
    ) {
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.dropManagedFields = dropManagedFields
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
