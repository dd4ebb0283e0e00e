public import KubeClient
public import KubeModel

/// Server-side apply of typed objects as one field manager: send the fields you own, the server
/// merges them and tracks ownership. Results are recorded for read-your-writes.
public struct ServerSideApply: Sendable {
    /// The field manager, e.g. `widget-operator`.
    public let fieldManager: String
    /// Take fields owned by other managers instead of failing with a conflict.
    public var force: Bool

    public init(fieldManager: String, force: Bool = true) {
        self.fieldManager = fieldManager
        self.force = force
    }

    /// Applies `object` (its name, and namespace if namespaced, must be set); returns it as stored.
    public func apply<Object: KubernetesResource>(_ object: Object, client: KubeClient) async throws -> Object {
        let stored = try await client.resource(Object.self, namespace: object.namespace)
            .apply(object, fieldManager: fieldManager, force: force)
        ReadYourWrites.record(stored, resource: Object.resource)
        return stored
    }

    /// Applies `object`'s status subresource (send apiVersion, kind, name and the status fields you own).
    public func applyStatus<Object: KubernetesResource>(_ object: Object, client: KubeClient) async throws -> Object {
        var typed = object
        if typed.apiVersion?.isEmpty ?? true { typed.apiVersion = Object.resource.apiVersion }
        if typed.kind?.isEmpty ?? true { typed.kind = Object.resource.kind }
        let stored = try await client.resource(Object.self, namespace: object.namespace)
            .patch(
                object.name, try .apply(typed), subresource: "status", options: WriteOptions(fieldManager: fieldManager),
                force: force)
        ReadYourWrites.record(stored, resource: Object.resource)
        return stored
    }
}
