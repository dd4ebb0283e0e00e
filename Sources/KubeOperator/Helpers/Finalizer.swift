public import KubeClient
public import KubeModel

/// A finalizer owned by an operator: added to live objects so that their deletion waits for the
/// operator's cleanup, which then removes it (controller-runtime's finalizer helper).
///
/// Writes are merge patches of `metadata.finalizers` carrying the object's resourceVersion, so a
/// concurrent change is a conflict, never a lost update; on conflict the object is read again and
/// the patch retried.
public struct Finalizer: Sendable {
    /// What ``reconcile(_:client:cleanup:)`` found.
    public enum Outcome<Object: KubernetesObject & Sendable>: Sendable {
        /// The object lives and carries the finalizer (added now if it was missing): reconcile it.
        case proceed(Object)
        /// The object is being deleted; the cleanup ran and the finalizer is gone. Stop here.
        case finalized
    }

    /// The finalizer, e.g. `widgets.example.com/cleanup`.
    public let name: String
    /// How many times a conflicting write is retried.
    public var conflictRetries: Int

    public init(_ name: String, conflictRetries: Int = 5) {
        self.name = name
        self.conflictRetries = conflictRetries
    }

    /// Whether `object` carries this finalizer.
    public func isPresent(on object: some KubernetesObject) -> Bool { object.metadata.finalizers?.contains(name) ?? false }

    /// On a live object, adds the finalizer if missing and returns ``Outcome/proceed(_:)``; on an
    /// object being deleted that carries it, runs `cleanup` and then removes it (``Outcome/finalized``).
    /// A throwing cleanup keeps the finalizer (the reconcile fails and is retried).
    public func reconcile<Object: KubernetesResource>(
        _ object: Object, client: KubeClient, cleanup: @Sendable (Object) async throws -> Void
    ) async throws -> Outcome<Object> {
        if object.metadata.deletionTimestamp == nil {
            return .proceed(try await add(to: object, client: client))
        }
        if isPresent(on: object) {
            try await cleanup(object)
            _ = try await remove(from: object, client: client)
        }
        return .finalized
    }

    /// Adds the finalizer (no write when present). Returns the object as stored.
    public func add<Object: KubernetesResource>(to object: Object, client: KubeClient) async throws -> Object {
        try await update(object, client: client) { finalizers in
            guard !finalizers.contains(name) else { return false }
            finalizers.append(name)
            return true
        }
    }

    /// Removes the finalizer (no write when absent). Returns the object as stored (the server may
    /// have deleted it then; the returned object is its last state).
    public func remove<Object: KubernetesResource>(from object: Object, client: KubeClient) async throws -> Object {
        try await update(object, client: client) { finalizers in
            guard finalizers.contains(name) else { return false }
            finalizers.removeAll { $0 == name }
            return true
        }
    }

    private func update<Object: KubernetesResource>(
        _ object: Object, client: KubeClient, change: (inout [String]) -> Bool
    ) async throws -> Object {
        let resource = client.resource(Object.self, namespace: object.namespace)
        var current = object
        var attempt = 0
        while true {
            var finalizers = current.metadata.finalizers ?? []
            guard change(&finalizers) else { return current }
            let patch: JSONValue = [
                "metadata": [
                    "resourceVersion": .string(current.resourceVersion),
                    "finalizers": .array(finalizers.map { .string($0) }),
                ]
            ]
            do {
                let stored = try await resource.patch(current.name, try .merge(patch))
                if finalizers.isEmpty, current.metadata.deletionTimestamp != nil {
                    ReadYourWrites.recordDeletion(of: stored, resource: Object.resource)
                } else {
                    ReadYourWrites.record(stored, resource: Object.resource)
                }
                return stored
            } catch let error as KubeAPIError where error.isConflict && attempt < conflictRetries {
                attempt += 1
                current = try await resource.get(current.name)
            }
        }
    }
}
