/// What a reconcile asks the controller to do next with its key.
public enum Requeue: Sendable, Hashable {
    /// Nothing: the key is done (its failure count is forgotten).
    case done
    /// Look at the key again after this long (not counted as a failure).
    case after(Duration)
}

/// The part of a controller you write: bring the world in line with the object named by `key`.
///
/// Read the object from an informer's cache (a lister), write to the API server, and return.
/// Throwing requeues the key with rate-limited backoff; the controller logs the error.
public protocol Reconciler: Sendable {
    /// Reconciles one key (`namespace/name` or `name`).
    func reconcile(_ key: String) async throws -> Requeue
}

/// A reconciler made of a closure.
public struct ReconcileFunction: Reconciler {
    private let body: @Sendable (String) async throws -> Requeue

    public init(_ body: @escaping @Sendable (String) async throws -> Requeue) { self.body = body }

    public func reconcile(_ key: String) async throws -> Requeue { try await body(key) }
}
