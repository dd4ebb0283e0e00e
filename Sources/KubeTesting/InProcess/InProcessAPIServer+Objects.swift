import Foundation
import KubeClient
import KubeModel

/// Direct access to the server's objects, without HTTP: for seeding state in tests and the demo.
/// Writes behave exactly like the HTTP verbs (resourceVersions, generations, conflicts) and are
/// published to open watches. Failures are ``KubeClient/KubeAPIError``s carrying the `Status`
/// the HTTP API would have returned.
extension InProcessAPIServer {
    /// Creates an object, as `POST` would; `namespace` defaults to `metadata.namespace`.
    @discardableResult
    public func create(_ object: JSONValue, resource: ResourceDescriptor, namespace: String? = nil) throws(KubeAPIError) -> JSONValue {
        let r = try registered(resource)
        return try Self.bridge { () throws(ServerError) in
            try core.create(r, namespace: namespace ?? object.meta("namespace"), body: object)
        }
    }

    /// Replaces an object (or only its status), as `PUT` would; a stale
    /// `metadata.resourceVersion` fails with 409 Conflict, an empty one is unconditional.
    @discardableResult
    public func update(_ object: JSONValue, resource: ResourceDescriptor, statusOnly: Bool = false) throws(KubeAPIError) -> JSONValue {
        let r = try registered(resource)
        return try Self.bridge { () throws(ServerError) in
            try core.update(
                r, namespace: object.meta("namespace"), name: object.meta("name") ?? "", body: object, statusOnly: statusOnly)
        }
    }

    /// Applies a JSON merge patch (RFC 7386) to an object, as `PATCH` would.
    @discardableResult
    public func mergePatch(
        _ patch: JSONValue, resource: ResourceDescriptor, namespace: String? = nil, name: String
    ) throws(KubeAPIError) -> JSONValue {
        let r = try registered(resource)
        return try Self.bridge { () throws(ServerError) in
            try core.patch(r, namespace: namespace, name: name, statusOnly: false) { MergePatch.apply(patch, to: $0) }
        }
    }

    /// Deletes an object (or marks it while finalizers remain); returns it as `DELETE` would.
    @discardableResult
    public func delete(resource: ResourceDescriptor, namespace: String? = nil, name: String) throws(KubeAPIError) -> JSONValue {
        let r = try registered(resource)
        return try Self.bridge { () throws(ServerError) in
            try core.delete(r, namespace: namespace, name: name, uid: nil, resourceVersion: nil)
        }
    }

    /// One object, as `GET` would return it.
    public func get(resource: ResourceDescriptor, namespace: String? = nil, name: String) throws(KubeAPIError) -> JSONValue {
        let r = try registered(resource)
        return try Self.bridge { () throws(ServerError) in try core.get(r, namespace: namespace, name: name) }
    }

    /// All objects of a resource (in one namespace, or all), in key order.
    public func list(resource: ResourceDescriptor, namespace: String? = nil) throws(KubeAPIError) -> [JSONValue] {
        let r = try registered(resource)
        return try Self.bridge { () throws(ServerError) in
            try core.list(r, filter: WatchFilter(resource: r.id, namespace: namespace), limit: nil, continueToken: nil).items
        }
    }

    /// Creates a typed object (encoded to JSON), returning it as stored.
    @discardableResult
    public func create<T: KubernetesResource>(_ object: T) throws -> T {
        let json = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(object))
        let stored = try create(json, resource: T.resource)
        return try JSONDecoder().decode(T.self, from: JSONCoding.encode(stored))
    }

    private func registered(_ resource: ResourceDescriptor) throws(KubeAPIError) -> RegisteredResource {
        guard let r = core.resource(group: resource.group, version: resource.version, plural: resource.plural) else {
            throw KubeAPIError(status: ServerError.pathNotFound.status, httpCode: 404)
        }
        return r
    }

    private static func bridge<T>(_ body: () throws(ServerError) -> T) throws(KubeAPIError) -> T {
        do {
            return try body()
        } catch {
            throw KubeAPIError(status: error.status, httpCode: error.code)
        }
    }
}
