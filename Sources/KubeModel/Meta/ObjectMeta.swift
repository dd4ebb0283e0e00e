/// Metadata every persisted object has: name, namespace, identity, versioning, labels,
/// annotations, ownership, finalizers and field management.
///
/// A value type with its fields in one copy-on-write box: copying an object copies its
/// metadata with a single retain (caches, queues and handlers copy objects all the time), and
/// an object's own struct stays small. Mutation copies the box first if it is shared. Equality,
/// hashing and coding are the fields' own (synthesized on ``Fields``), as if stored inline.
public struct ObjectMeta: Codable, Sendable, Hashable {
    private var storage: Storage

    public var name: String? {
        get { storage.fields.name }
        _modify { yield &uniqueStorage().fields.name }
    }
    public var generateName: String? {
        get { storage.fields.generateName }
        _modify { yield &uniqueStorage().fields.generateName }
    }
    public var namespace: String? {
        get { storage.fields.namespace }
        _modify { yield &uniqueStorage().fields.namespace }
    }
    public var selfLink: String? {
        get { storage.fields.selfLink }
        _modify { yield &uniqueStorage().fields.selfLink }
    }
    public var uid: String? {
        get { storage.fields.uid }
        _modify { yield &uniqueStorage().fields.uid }
    }
    public var resourceVersion: String? {
        get { storage.fields.resourceVersion }
        _modify { yield &uniqueStorage().fields.resourceVersion }
    }
    public var generation: Int64? {
        get { storage.fields.generation }
        _modify { yield &uniqueStorage().fields.generation }
    }
    public var creationTimestamp: Time? {
        get { storage.fields.creationTimestamp }
        _modify { yield &uniqueStorage().fields.creationTimestamp }
    }
    public var deletionTimestamp: Time? {
        get { storage.fields.deletionTimestamp }
        _modify { yield &uniqueStorage().fields.deletionTimestamp }
    }
    public var deletionGracePeriodSeconds: Int64? {
        get { storage.fields.deletionGracePeriodSeconds }
        _modify { yield &uniqueStorage().fields.deletionGracePeriodSeconds }
    }
    public var labels: [String: String]? {
        get { storage.fields.labels }
        _modify { yield &uniqueStorage().fields.labels }
    }
    public var annotations: [String: String]? {
        get { storage.fields.annotations }
        _modify { yield &uniqueStorage().fields.annotations }
    }
    public var ownerReferences: [OwnerReference]? {
        get { storage.fields.ownerReferences }
        _modify { yield &uniqueStorage().fields.ownerReferences }
    }
    public var finalizers: [String]? {
        get { storage.fields.finalizers }
        _modify { yield &uniqueStorage().fields.finalizers }
    }
    public var clusterName: String? {
        get { storage.fields.clusterName }
        _modify { yield &uniqueStorage().fields.clusterName }
    }
    public var managedFields: [ManagedFieldsEntry]? {
        get { storage.fields.managedFields }
        _modify { yield &uniqueStorage().fields.managedFields }
    }

    public init(
        name: String? = nil, generateName: String? = nil, namespace: String? = nil, selfLink: String? = nil,
        uid: String? = nil, resourceVersion: String? = nil, generation: Int64? = nil,
        creationTimestamp: Time? = nil, deletionTimestamp: Time? = nil, deletionGracePeriodSeconds: Int64? = nil,
        labels: [String: String]? = nil, annotations: [String: String]? = nil,
        ownerReferences: [OwnerReference]? = nil, finalizers: [String]? = nil, clusterName: String? = nil,
        managedFields: [ManagedFieldsEntry]? = nil
    ) {
        storage = Storage(Fields(
            name: name,
            generateName: generateName,
            namespace: namespace,
            selfLink: selfLink,
            uid: uid,
            resourceVersion: resourceVersion,
            generation: generation,
            creationTimestamp: creationTimestamp,
            deletionTimestamp: deletionTimestamp,
            deletionGracePeriodSeconds: deletionGracePeriodSeconds,
            labels: labels,
            annotations: annotations,
            ownerReferences: ownerReferences,
            finalizers: finalizers,
            clusterName: clusterName,
            managedFields: managedFields))
    }

    /// The box, copied first if another value shares it.
    private mutating func uniqueStorage() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.fields) }
        return storage
    }

    public static func == (lhs: ObjectMeta, rhs: ObjectMeta) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    public func hash(into hasher: inout Hasher) { storage.fields.hash(into: &hasher) }

    public init(from decoder: any Decoder) throws { storage = Storage(try Fields(from: decoder)) }

    public func encode(to encoder: any Encoder) throws { try storage.fields.encode(to: encoder) }

    /// The fields, as a plain struct: its synthesized equality, hashing and coding are
    /// ObjectMeta's.
    private struct Fields: Codable, Sendable, Hashable {
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
    }

    /// The box. Mutated only through a uniquely referenced ``ObjectMeta`` (copy on write), so
    /// sharing it between threads is safe.
    private final class Storage: @unchecked Sendable {
        var fields: Fields

        init(_ fields: Fields) { self.fields = fields }
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
