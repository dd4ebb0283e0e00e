/// Why a key was queued: which event on which resource, and by which route (the object itself,
/// an owned object, a mapping, a retry or a requeue). Reconcile provenance.
public struct ReconcileReason: Sendable, Hashable, CustomStringConvertible {
    /// The informer event that queued the key, if one did.
    public enum Event: String, Sendable, Hashable {
        case added, updated, deleted, resync
    }

    /// How an event on some object led to this key.
    public enum Route: Sendable, Hashable, CustomStringConvertible {
        /// An event on the reconciled object itself (`for`).
        case primary
        /// An event on an object this key controls (`owns`).
        case owner
        /// An event mapped to this key by a `watches(_:name:map:)` mapping with this name.
        case mapping(String)
        /// The previous reconcile failed; queued again with backoff.
        case retry
        /// The previous reconcile asked to look again after a while.
        case requeueAfter
        /// The previous reconcile was cut short (leadership lost); queued again.
        case interrupted
        /// Queued by hand (``OperatorController/enqueue(_:reason:)`` without a reason).
        case manual

        public var description: String {
            switch self {
            case .primary: "primary"
            case .owner: "owner"
            case .mapping(let name): "mapping:\(name)"
            case .retry: "retry"
            case .requeueAfter: "requeue-after"
            case .interrupted: "interrupted"
            case .manual: "manual"
            }
        }
    }

    public var route: Route
    /// The event, or `nil` for retries, requeues and manual adds.
    public var event: Event?
    /// The resource of the object the event was about (e.g. `configmaps`), or "" without an event.
    public var resource: String
    /// The key of the object the event was about, or "" without an event.
    public var object: String

    public init(route: Route, event: Event? = nil, resource: String = "", object: String = "") {
        self.route = route
        self.event = event
        self.resource = resource
        self.object = object
    }

    /// A reason without an event (retry, requeue, manual).
    public static func plain(_ route: Route) -> ReconcileReason { ReconcileReason(route: route) }

    /// `updated configmaps ns/cm via owner`, `retry`, …
    public var description: String {
        guard let event else { return route.description }
        return "\(event.rawValue) \(resource) \(object) via \(route)"
    }
}
