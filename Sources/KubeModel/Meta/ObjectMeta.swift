/// Metadata every persisted object has: name, namespace, identity, versioning, labels,
/// annotations, ownership, finalizers and field management.
///
/// A value type with its fields in one copy-on-write box: copying an object copies its
/// metadata with a single retain (caches, queues and handlers copy objects all the time), and
/// an object's own struct stays small. Mutation copies the box first if it is shared.
public struct ObjectMeta: Codable, Sendable, Hashable {
    private var storage: Storage

    public var name: String? {
        get { storage.name }
        _modify { yield &uniqueStorage().name }
    }
    public var generateName: String? {
        get { storage.generateName }
        _modify { yield &uniqueStorage().generateName }
    }
    public var namespace: String? {
        get { storage.namespace }
        _modify { yield &uniqueStorage().namespace }
    }
    public var selfLink: String? {
        get { storage.selfLink }
        _modify { yield &uniqueStorage().selfLink }
    }
    public var uid: String? {
        get { storage.uid }
        _modify { yield &uniqueStorage().uid }
    }
    public var resourceVersion: String? {
        get { storage.resourceVersion }
        _modify { yield &uniqueStorage().resourceVersion }
    }
    public var generation: Int64? {
        get { storage.generation }
        _modify { yield &uniqueStorage().generation }
    }
    public var creationTimestamp: Time? {
        get { storage.creationTimestamp }
        _modify { yield &uniqueStorage().creationTimestamp }
    }
    public var deletionTimestamp: Time? {
        get { storage.deletionTimestamp }
        _modify { yield &uniqueStorage().deletionTimestamp }
    }
    public var deletionGracePeriodSeconds: Int64? {
        get { storage.deletionGracePeriodSeconds }
        _modify { yield &uniqueStorage().deletionGracePeriodSeconds }
    }
    public var labels: [String: String]? {
        get { storage.labels }
        _modify { yield &uniqueStorage().labels }
    }
    public var annotations: [String: String]? {
        get { storage.annotations }
        _modify { yield &uniqueStorage().annotations }
    }
    public var ownerReferences: [OwnerReference]? {
        get { storage.ownerReferences }
        _modify { yield &uniqueStorage().ownerReferences }
    }
    public var finalizers: [String]? {
        get { storage.finalizers }
        _modify { yield &uniqueStorage().finalizers }
    }
    public var clusterName: String? {
        get { storage.clusterName }
        _modify { yield &uniqueStorage().clusterName }
    }
    public var managedFields: [ManagedFieldsEntry]? {
        get { storage.managedFields }
        _modify { yield &uniqueStorage().managedFields }
    }

    public init(
        name: String? = nil, generateName: String? = nil, namespace: String? = nil, selfLink: String? = nil,
        uid: String? = nil, resourceVersion: String? = nil, generation: Int64? = nil,
        creationTimestamp: Time? = nil, deletionTimestamp: Time? = nil, deletionGracePeriodSeconds: Int64? = nil,
        labels: [String: String]? = nil, annotations: [String: String]? = nil,
        ownerReferences: [OwnerReference]? = nil, finalizers: [String]? = nil, clusterName: String? = nil,
        managedFields: [ManagedFieldsEntry]? = nil
    ) {
        let s = Storage()
        s.name = name
        s.generateName = generateName
        s.namespace = namespace
        s.selfLink = selfLink
        s.uid = uid
        s.resourceVersion = resourceVersion
        s.generation = generation
        s.creationTimestamp = creationTimestamp
        s.deletionTimestamp = deletionTimestamp
        s.deletionGracePeriodSeconds = deletionGracePeriodSeconds
        s.labels = labels
        s.annotations = annotations
        s.ownerReferences = ownerReferences
        s.finalizers = finalizers
        s.clusterName = clusterName
        s.managedFields = managedFields
        storage = s
    }

    /// The box, copied first if another value shares it.
    private mutating func uniqueStorage() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    public static func == (lhs: ObjectMeta, rhs: ObjectMeta) -> Bool {
        let a = lhs.storage, b = rhs.storage
        if a === b { return true }
        return a.name == b.name
            && a.generateName == b.generateName
            && a.namespace == b.namespace
            && a.selfLink == b.selfLink
            && a.uid == b.uid
            && a.resourceVersion == b.resourceVersion
            && a.generation == b.generation
            && a.creationTimestamp == b.creationTimestamp
            && a.deletionTimestamp == b.deletionTimestamp
            && a.deletionGracePeriodSeconds == b.deletionGracePeriodSeconds
            && a.labels == b.labels
            && a.annotations == b.annotations
            && a.ownerReferences == b.ownerReferences
            && a.finalizers == b.finalizers
            && a.clusterName == b.clusterName
            && a.managedFields == b.managedFields
    }

    public func hash(into hasher: inout Hasher) {
        let s = storage
        hasher.combine(s.name)
        hasher.combine(s.generateName)
        hasher.combine(s.namespace)
        hasher.combine(s.selfLink)
        hasher.combine(s.uid)
        hasher.combine(s.resourceVersion)
        hasher.combine(s.generation)
        hasher.combine(s.creationTimestamp)
        hasher.combine(s.deletionTimestamp)
        hasher.combine(s.deletionGracePeriodSeconds)
        hasher.combine(s.labels)
        hasher.combine(s.annotations)
        hasher.combine(s.ownerReferences)
        hasher.combine(s.finalizers)
        hasher.combine(s.clusterName)
        hasher.combine(s.managedFields)
    }

    private enum CodingKeys: String, CodingKey {
        case name, generateName, namespace, selfLink, uid, resourceVersion, generation, creationTimestamp, deletionTimestamp, deletionGracePeriodSeconds, labels, annotations, ownerReferences, finalizers, clusterName, managedFields
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let s = Storage()
        s.name = try c.decodeIfPresent(String.self, forKey: .name)
        s.generateName = try c.decodeIfPresent(String.self, forKey: .generateName)
        s.namespace = try c.decodeIfPresent(String.self, forKey: .namespace)
        s.selfLink = try c.decodeIfPresent(String.self, forKey: .selfLink)
        s.uid = try c.decodeIfPresent(String.self, forKey: .uid)
        s.resourceVersion = try c.decodeIfPresent(String.self, forKey: .resourceVersion)
        s.generation = try c.decodeIfPresent(Int64.self, forKey: .generation)
        s.creationTimestamp = try c.decodeIfPresent(Time.self, forKey: .creationTimestamp)
        s.deletionTimestamp = try c.decodeIfPresent(Time.self, forKey: .deletionTimestamp)
        s.deletionGracePeriodSeconds = try c.decodeIfPresent(Int64.self, forKey: .deletionGracePeriodSeconds)
        s.labels = try c.decodeIfPresent([String: String].self, forKey: .labels)
        s.annotations = try c.decodeIfPresent([String: String].self, forKey: .annotations)
        s.ownerReferences = try c.decodeIfPresent([OwnerReference].self, forKey: .ownerReferences)
        s.finalizers = try c.decodeIfPresent([String].self, forKey: .finalizers)
        s.clusterName = try c.decodeIfPresent(String.self, forKey: .clusterName)
        s.managedFields = try c.decodeIfPresent([ManagedFieldsEntry].self, forKey: .managedFields)
        storage = s
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let s = storage
        try c.encodeIfPresent(s.name, forKey: .name)
        try c.encodeIfPresent(s.generateName, forKey: .generateName)
        try c.encodeIfPresent(s.namespace, forKey: .namespace)
        try c.encodeIfPresent(s.selfLink, forKey: .selfLink)
        try c.encodeIfPresent(s.uid, forKey: .uid)
        try c.encodeIfPresent(s.resourceVersion, forKey: .resourceVersion)
        try c.encodeIfPresent(s.generation, forKey: .generation)
        try c.encodeIfPresent(s.creationTimestamp, forKey: .creationTimestamp)
        try c.encodeIfPresent(s.deletionTimestamp, forKey: .deletionTimestamp)
        try c.encodeIfPresent(s.deletionGracePeriodSeconds, forKey: .deletionGracePeriodSeconds)
        try c.encodeIfPresent(s.labels, forKey: .labels)
        try c.encodeIfPresent(s.annotations, forKey: .annotations)
        try c.encodeIfPresent(s.ownerReferences, forKey: .ownerReferences)
        try c.encodeIfPresent(s.finalizers, forKey: .finalizers)
        try c.encodeIfPresent(s.clusterName, forKey: .clusterName)
        try c.encodeIfPresent(s.managedFields, forKey: .managedFields)
    }

    /// The fields. Mutated only through a uniquely referenced ``ObjectMeta`` (copy on write),
    /// so sharing it between threads is safe.
    private final class Storage: @unchecked Sendable {
        var name: String?
        var generateName: String?
        var namespace: String?
        var selfLink: String?
        var uid: String?
        var resourceVersion: String?
        var generation: Int64?
        var creationTimestamp: Time?
        var deletionTimestamp: Time?
        var deletionGracePeriodSeconds: Int64?
        var labels: [String: String]?
        var annotations: [String: String]?
        var ownerReferences: [OwnerReference]?
        var finalizers: [String]?
        var clusterName: String?
        var managedFields: [ManagedFieldsEntry]?

        init() {}

        func copy() -> Storage {
            let s = Storage()
            s.name = name
            s.generateName = generateName
            s.namespace = namespace
            s.selfLink = selfLink
            s.uid = uid
            s.resourceVersion = resourceVersion
            s.generation = generation
            s.creationTimestamp = creationTimestamp
            s.deletionTimestamp = deletionTimestamp
            s.deletionGracePeriodSeconds = deletionGracePeriodSeconds
            s.labels = labels
            s.annotations = annotations
            s.ownerReferences = ownerReferences
            s.finalizers = finalizers
            s.clusterName = clusterName
            s.managedFields = managedFields
            return s
        }
    }
}

/// A reference from an object to the object that owns it (garbage collection, controllers).
public struct OwnerReference: Codable, Sendable, Hashable {
    public var apiVersion: String
    public var kind: String
    public var name: String
    public var uid: String
    public var controller: Bool?
    public var blockOwnerDeletion: Bool?

    public init(
        apiVersion: String, kind: String, name: String, uid: String, controller: Bool? = nil,
        blockOwnerDeletion: Bool? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.uid = uid
        self.controller = controller
        self.blockOwnerDeletion = blockOwnerDeletion
    }
}

/// One field manager's record of the fields it owns (server-side apply bookkeeping).
public struct ManagedFieldsEntry: Codable, Sendable, Hashable {
    public var manager: String?
    public var operation: String?
    public var apiVersion: String?
    public var time: Time?
    public var fieldsType: String?
    public var fieldsV1: FieldsV1?
    public var subresource: String?

    public init(
        manager: String? = nil, operation: String? = nil, apiVersion: String? = nil, time: Time? = nil,
        fieldsType: String? = nil, fieldsV1: FieldsV1? = nil, subresource: String? = nil
    ) {
        self.manager = manager
        self.operation = operation
        self.apiVersion = apiVersion
        self.time = time
        self.fieldsType = fieldsType
        self.fieldsV1 = fieldsV1
        self.subresource = subresource
    }
}

/// `apiVersion` and `kind`, as every serialised object carries them at its top level.
public struct TypeMeta: Codable, Sendable, Hashable {
    public var apiVersion: String?
    public var kind: String?

    public init(apiVersion: String? = nil, kind: String? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
    }
}

/// Metadata of a list: the resourceVersion it was read at, and pagination state.
public struct ListMeta: Codable, Sendable, Hashable {
    public var selfLink: String?
    public var resourceVersion: String?
    public var `continue`: String?
    public var remainingItemCount: Int64?

    public init(
        selfLink: String? = nil, resourceVersion: String? = nil, continue: String? = nil,
        remainingItemCount: Int64? = nil
    ) {
        self.selfLink = selfLink
        self.resourceVersion = resourceVersion
        self.continue = `continue`
        self.remainingItemCount = remainingItemCount
    }
}
