public import KubeModel

/// Receives an informer's events. Handlers should be quick — typically they only enqueue a
/// key into a work queue; the real work happens in workers.
///
/// Each registered handler is fed from its own buffer by its own task, so a slow handler
/// delays only itself, never other handlers or the watch.
public protocol ResourceEventHandler<Object>: Sendable {
    associatedtype Object: KubernetesObject
    /// Called for each event, in order, one at a time.
    func handle(_ event: InformerEvent<Object>) async
}

/// A handler made of closures; any of them may be left out.
public struct EventHandlers<Object: KubernetesObject>: ResourceEventHandler {
    public var onAdd: (@Sendable (Object, _ isInInitialList: Bool) async -> Void)?
    public var onUpdate: (@Sendable (_ old: Object, _ new: Object) async -> Void)?
    public var onDelete: (@Sendable (DeltaObject<Object>) async -> Void)?

    public init(
        onAdd: (@Sendable (Object, _ isInInitialList: Bool) async -> Void)? = nil,
        onUpdate: (@Sendable (_ old: Object, _ new: Object) async -> Void)? = nil,
        onDelete: (@Sendable (DeltaObject<Object>) async -> Void)? = nil
    ) {
        self.onAdd = onAdd
        self.onUpdate = onUpdate
        self.onDelete = onDelete
    }

    public func handle(_ event: InformerEvent<Object>) async {
        switch event {
        case .added(let o, let initial): await onAdd?(o, initial)
        case .updated(let old, let new): await onUpdate?(old, new)
        case .deleted(let d): await onDelete?(d)
        }
    }
}

/// A handler that passes only the events whose object satisfies a predicate (client-go's
/// filtering handler): an update into the filter becomes an add, out of it a delete.
public struct FilteringEventHandler<Wrapped: ResourceEventHandler>: ResourceEventHandler {
    public typealias Object = Wrapped.Object
    public var filter: @Sendable (Object) -> Bool
    public var wrapped: Wrapped

    public init(filter: @escaping @Sendable (Object) -> Bool, handler: Wrapped) {
        self.filter = filter
        self.wrapped = handler
    }

    public func handle(_ event: InformerEvent<Object>) async {
        switch event {
        case .added(let o, let initial):
            if filter(o) { await wrapped.handle(.added(o, isInInitialList: initial)) }
        case .updated(let old, let new):
            switch (filter(old), filter(new)) {
            case (true, true): await wrapped.handle(event)
            case (false, true): await wrapped.handle(.added(new, isInInitialList: false))
            case (true, false): await wrapped.handle(.deleted(.object(old)))
            case (false, false): break
            }
        case .deleted(let d):
            if filter(d.object) { await wrapped.handle(event) }
        }
    }
}
