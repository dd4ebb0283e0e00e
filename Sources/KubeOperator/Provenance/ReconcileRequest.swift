public import KubeController
import KubeModel

/// What a reconcile is asked to do: the key, and why it was queued.
public struct ReconcileRequest: Sendable, Hashable, CustomStringConvertible {
    /// `namespace/name` or `name`.
    public var key: String
    /// The object's namespace (`nil` when cluster-scoped).
    public var namespace: String?
    /// The object's name.
    public var name: String
    /// Why the key was queued since its last reconcile, in arrival order. Empty when the key was
    /// queued again while a reconcile of it ran (that reconcile was told the reasons).
    public var reasons: [ReconcileReason]
    /// Distinct reasons beyond those kept in ``reasons``.
    public var omittedReasons: Int

    public init(key: String, reasons: [ReconcileReason] = [], omittedReasons: Int = 0) {
        self.key = key
        let split = try? ObjectKey.split(key)
        self.namespace = split?.namespace
        self.name = split?.name ?? key
        self.reasons = reasons
        self.omittedReasons = omittedReasons
    }

    /// `ns/name (added widgets ns/name via primary; retry)`.
    public var description: String {
        var why = reasons.map(\.description).joined(separator: "; ")
        if omittedReasons > 0 { why += "; +\(omittedReasons) more" }
        return why.isEmpty ? key : "\(key) (\(why))"
    }
}

/// The part of an operator you write: bring the world in line with one object, knowing why it
/// was queued. Throwing requeues with backoff; return ``Requeue/after(_:)`` to look again later.
public protocol OperatorReconciler: Sendable {
    func reconcile(_ request: ReconcileRequest) async throws -> Requeue
}

/// An ``OperatorReconciler`` made of a closure.
public struct OperatorReconcileFunction: OperatorReconciler {
    private let body: @Sendable (ReconcileRequest) async throws -> Requeue

    public init(_ body: @escaping @Sendable (ReconcileRequest) async throws -> Requeue) { self.body = body }

    public func reconcile(_ request: ReconcileRequest) async throws -> Requeue { try await body(request) }
}
