import Foundation
import KubeModel

/// A resource the in-process server serves, with whether it has a `/status` subresource.
struct RegisteredResource: Sendable {
    var descriptor: ResourceDescriptor
    var statusSubresource: Bool
    var id: String { Self.id(group: descriptor.group, version: descriptor.version, plural: descriptor.plural) }

    static func id(group: String, version: String, plural: String) -> String { "\(group)/\(version)/\(plural)" }
}

/// One committed change, as kept in the bounded history that watches replay.
struct StoredEvent: Sendable {
    enum Kind: String, Sendable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
    }

    var resourceVersion: Int64
    var resource: String
    var kind: Kind
    var object: JSONValue
    /// The object before the change (for selector-filtered watches); `nil` for adds.
    var previous: JSONValue?
}

/// The pure state of the in-process server: objects per resource, one global monotonically
/// increasing resourceVersion, a bounded event history and list snapshots for continue tokens.
/// No I/O and no locking; `ServerCore` guards it.
struct ObjectStore {
    /// The resourceVersion of the last committed change.
    private(set) var resourceVersion: Int64
    /// Events with a resourceVersion at or below this are gone (compacted or pushed out).
    private(set) var compactedThrough: Int64 = 0
    let historyLimit: Int
    private(set) var resources: [String: RegisteredResource] = [:]
    private var objects: [String: [String: JSONValue]] = [:]
    private var history: [StoredEvent] = []
    private var historyStart = 0
    private var snapshots: [Int: ListSnapshot] = [:]
    private var nextSnapshotID = 1
    private let snapshotLimit = 64

    /// The items of a paginated list, kept so later pages come from the same state.
    struct ListSnapshot: Sendable {
        var resourceVersion: Int64
        var items: [JSONValue]
    }

    init(historyLimit: Int, initialResourceVersion: Int64) {
        self.historyLimit = max(1, historyLimit)
        self.resourceVersion = initialResourceVersion
    }

    static func key(_ namespace: String?, _ name: String) -> String {
        if let namespace, !namespace.isEmpty { return "\(namespace)/\(name)" }
        return name
    }

    mutating func register(_ resource: RegisteredResource) {
        resources[resource.id] = resource
    }

    // MARK: Reads

    func get(_ r: RegisteredResource, namespace: String?, name: String) throws(ServerError) -> JSONValue {
        guard let object = objects[r.id]?[Self.key(r.descriptor.namespaced ? namespace : nil, name)] else {
            throw .notFound(r.descriptor, name)
        }
        return object
    }

    /// Objects of a resource in key order (namespace, then name), filtered.
    func list(_ r: RegisteredResource, where include: (JSONValue) -> Bool) -> [JSONValue] {
        guard let all = objects[r.id] else { return [] }
        // Not `compactMap { include($0) ? $0 : nil }`: JSONValue is nil-literal expressible, so
        // that `nil` would become `.null` items.
        return all.keys.sorted().map { all[$0]! }.filter(include)
    }

    /// The history after `rv`, or `nil` if part of it is no longer kept (the caller answers 410).
    func events(after rv: Int64) -> ArraySlice<StoredEvent>? {
        guard rv >= compactedThrough else { return nil }
        var lo = historyStart
        var hi = history.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if history[mid].resourceVersion <= rv { lo = mid + 1 } else { hi = mid }
        }
        return history[lo...]
    }

    /// The lowest resourceVersion a watch can still start from.
    var oldestWatchableResourceVersion: Int64 { compactedThrough }

    // MARK: Snapshots

    mutating func saveSnapshot(_ snapshot: ListSnapshot) -> Int {
        let id = nextSnapshotID
        nextSnapshotID += 1
        snapshots[id] = snapshot
        if snapshots.count > snapshotLimit, let oldest = snapshots.keys.min() { snapshots.removeValue(forKey: oldest) }
        return id
    }

    func snapshot(_ id: Int, resourceVersion: Int64) -> ListSnapshot? {
        guard resourceVersion >= compactedThrough, let s = snapshots[id], s.resourceVersion == resourceVersion else {
            return nil
        }
        return s
    }

    /// Forgets all history now: watches and continue tokens older than the current
    /// resourceVersion get 410 Expired.
    mutating func compact() {
        compactedThrough = resourceVersion
        history.removeAll()
        historyStart = 0
        snapshots.removeAll()
    }

    // MARK: Writes

    /// Creates an object; returns the stored object and the event to publish.
    mutating func create(_ r: RegisteredResource, namespace: String?, body: JSONValue) throws(ServerError) -> StoredEvent {
        guard case .object = body else { throw .badRequest("the request body must be a JSON object") }
        let d = r.descriptor
        var object = body
        if object["metadata"]?.objectValue == nil { object["metadata"] = .object([:]) }
        let ns = try resolveNamespace(r, path: namespace, body: object)
        var name = object.meta("name") ?? ""
        if name.isEmpty, let prefix = object.meta("generateName"), !prefix.isEmpty {
            repeat {
                name = prefix + Self.randomSuffix()
            } while objects[r.id]?[Self.key(ns, name)] != nil
        }
        guard !name.isEmpty else {
            throw .invalid(d, "", field: "metadata.name", "Required value: name or generateName is required")
        }
        let key = Self.key(ns, name)
        if objects[r.id]?[key] != nil { throw .alreadyExists(d, name) }
        object["apiVersion"] = .string(d.apiVersion)
        object["kind"] = .string(d.kind)
        object.setMeta("name", .string(name))
        object.setMeta("namespace", ns.map(JSONValue.string))
        object.setMeta("uid", .string(UUID().uuidString.lowercased()))
        object.setMeta("creationTimestamp", .string(Time(secondsSinceEpoch: Int64(Date().timeIntervalSince1970)).rfc3339))
        object.setMeta("generation", .int(1))
        object.setMeta("deletionTimestamp", nil)
        object.setMeta("selfLink", nil)
        return commit(r, key: key, object: object, kind: .added, previous: nil)
    }

    /// Replaces an object (or only its status); 409 on a stale resourceVersion, none = unconditional.
    /// Returns `nil` when nothing changed (no new resourceVersion, no event).
    mutating func update(
        _ r: RegisteredResource, namespace: String?, name: String, body: JSONValue, statusOnly: Bool
    ) throws(ServerError) -> (object: JSONValue, event: StoredEvent?) {
        let d = r.descriptor
        let ns = d.namespaced ? namespace : nil
        let key = Self.key(ns, name)
        guard let old = objects[r.id]?[key] else { throw .notFound(d, name) }
        guard case .object = body else { throw .badRequest("the request body must be a JSON object") }
        if let bodyName = body.meta("name"), !bodyName.isEmpty, bodyName != name {
            throw .badRequest("the name of the object (\(bodyName)) does not match the name on the URL (\(name))")
        }
        _ = try resolveNamespace(r, path: ns, body: body)
        if let rv = body.meta("resourceVersion"), !rv.isEmpty, rv != old.meta("resourceVersion") {
            throw .staleResourceVersion(d, name)
        }
        var new: JSONValue
        if statusOnly {
            new = old
            new["status"] = body["status"]
        } else {
            new = body
            if r.statusSubresource { new["status"] = old["status"] }
            for field in ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                          "generation", "name", "namespace", "resourceVersion"] {
                new.setMeta(field, old["metadata"]?[field])
            }
            new.setMeta("selfLink", nil)
        }
        new["apiVersion"] = .string(d.apiVersion)
        new["kind"] = .string(d.kind)
        if Self.specChanged(old, new) {
            new.setMeta("generation", .int((old["metadata"]?["generation"]?.intValue ?? 0) + 1))
        }
        if new == old { return (old, nil) }
        if old["metadata"]?["deletionTimestamp"] != nil, (new["metadata"]?["finalizers"]?.arrayValue ?? []).isEmpty {
            return try finalDelete(r, key: key, object: new)
        }
        let event = commit(r, key: key, object: new, kind: .modified, previous: old)
        return (event.object, event)
    }

    /// Deletes an object (or marks it for deletion while finalizers remain).
    mutating func delete(
        _ r: RegisteredResource, namespace: String?, name: String, uid: String?, resourceVersion: String?
    ) throws(ServerError) -> (object: JSONValue, event: StoredEvent?) {
        let d = r.descriptor
        let key = Self.key(d.namespaced ? namespace : nil, name)
        guard let old = objects[r.id]?[key] else { throw .notFound(d, name) }
        if let uid, uid != old.meta("uid") {
            throw .conflict(d, name, "Precondition failed: UID in precondition: \(uid), UID in object meta: \(old.meta("uid") ?? "")")
        }
        if let resourceVersion, resourceVersion != old.meta("resourceVersion") {
            throw .conflict(d, name, "Precondition failed: ResourceVersion in precondition: \(resourceVersion), ResourceVersion in object meta: \(old.meta("resourceVersion") ?? "")")
        }
        if !(old["metadata"]?["finalizers"]?.arrayValue ?? []).isEmpty {
            if old["metadata"]?["deletionTimestamp"] != nil { return (old, nil) }
            var marked = old
            marked.setMeta("deletionTimestamp", .string(Time(secondsSinceEpoch: Int64(Date().timeIntervalSince1970)).rfc3339))
            marked.setMeta("deletionGracePeriodSeconds", .int(0))
            let event = commit(r, key: key, object: marked, kind: .modified, previous: old)
            return (event.object, event)
        }
        return try finalDelete(r, key: key, object: old)
    }

    private mutating func finalDelete(
        _ r: RegisteredResource, key: String, object: JSONValue
    ) throws(ServerError) -> (object: JSONValue, event: StoredEvent?) {
        let previous = objects[r.id]?[key]
        resourceVersion += 1
        var gone = object
        gone.setMeta("resourceVersion", .string(String(resourceVersion)))
        objects[r.id]?.removeValue(forKey: key)
        let event = StoredEvent(
            resourceVersion: resourceVersion, resource: r.id, kind: .deleted, object: gone, previous: previous)
        append(event)
        return (gone, event)
    }

    private mutating func commit(
        _ r: RegisteredResource, key: String, object: JSONValue, kind: StoredEvent.Kind, previous: JSONValue?
    ) -> StoredEvent {
        resourceVersion += 1
        var stored = object
        stored.setMeta("resourceVersion", .string(String(resourceVersion)))
        objects[r.id, default: [:]][key] = stored
        let event = StoredEvent(
            resourceVersion: resourceVersion, resource: r.id, kind: kind, object: stored, previous: previous)
        append(event)
        return event
    }

    private mutating func append(_ event: StoredEvent) {
        history.append(event)
        if history.count - historyStart > historyLimit {
            compactedThrough = history[historyStart].resourceVersion
            historyStart += 1
            if historyStart >= max(historyLimit, 256) {
                history.removeFirst(historyStart)
                historyStart = 0
            }
        }
    }

    private func resolveNamespace(_ r: RegisteredResource, path: String?, body: JSONValue) throws(ServerError) -> String? {
        guard r.descriptor.namespaced else { return nil }
        let bodyNamespace = body.meta("namespace").flatMap { $0.isEmpty ? nil : $0 }
        if let path, !path.isEmpty {
            if let bodyNamespace, bodyNamespace != path {
                throw .badRequest("the namespace of the provided object does not match the namespace sent on the request")
            }
            return path
        }
        guard let bodyNamespace else { throw .badRequest("the namespace of the object must be set (in the path or the body)") }
        return bodyNamespace
    }

    /// Whether anything outside `metadata` and `status` differs (the generation bump rule).
    static func specChanged(_ a: JSONValue, _ b: JSONValue) -> Bool {
        var x = a.objectValue ?? [:]
        var y = b.objectValue ?? [:]
        for k in ["metadata", "status"] {
            x.removeValue(forKey: k)
            y.removeValue(forKey: k)
        }
        return x != y
    }

    private static func randomSuffix() -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String((0..<5).map { _ in alphabet.randomElement()! })
    }
}
