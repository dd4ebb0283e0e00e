public import KubeCache
public import KubeModel

/// Decides which informer events queue a key (controller-runtime's predicates). Each event kind
/// has its own test; the built-in predicates filter updates and let adds and deletes through.
/// Combine them with ``and(_:)``, ``or(_:)`` and ``not(_:)``.
public struct Predicate<Object: KubernetesObject>: Sendable {
    public var onAdd: @Sendable (Object) -> Bool
    public var onUpdate: @Sendable (_ old: Object, _ new: Object) -> Bool
    public var onDelete: @Sendable (Object) -> Bool

    public init(
        onAdd: @escaping @Sendable (Object) -> Bool = { _ in true },
        onUpdate: @escaping @Sendable (_ old: Object, _ new: Object) -> Bool = { _, _ in true },
        onDelete: @escaping @Sendable (Object) -> Bool = { _ in true }
    ) {
        self.onAdd = onAdd
        self.onUpdate = onUpdate
        self.onDelete = onDelete
    }

    /// The same test for every event kind (for updates, applied to the new object).
    public init(_ test: @escaping @Sendable (Object) -> Bool) {
        self.init(onAdd: test, onUpdate: { _, new in test(new) }, onDelete: test)
    }

    /// Whether `event` passes.
    public func allows(_ event: InformerEvent<Object>) -> Bool {
        switch event {
        case .added(let object, _): onAdd(object)
        case .updated(let old, let new): onUpdate(old, new)
        case .deleted(let payload): onDelete(payload.object)
        }
    }

    /// Passes everything.
    public static var always: Predicate { Predicate() }

    /// Updates pass when `metadata.generation` changed (spec changes; status and metadata-only
    /// updates are filtered). Objects without a generation always pass.
    public static var generationChanged: Predicate {
        Predicate(onUpdate: { old, new in
            guard let a = old.metadata.generation, let b = new.metadata.generation else { return true }
            return a != b
        })
    }

    /// Updates pass when the labels changed.
    public static var labelsChanged: Predicate {
        Predicate(onUpdate: { old, new in (old.metadata.labels ?? [:]) != (new.metadata.labels ?? [:]) })
    }

    /// Updates pass when the annotations changed.
    public static var annotationsChanged: Predicate {
        Predicate(onUpdate: { old, new in (old.metadata.annotations ?? [:]) != (new.metadata.annotations ?? [:]) })
    }

    /// Updates pass when the resourceVersion changed (filters resyncs).
    public static var resourceVersionChanged: Predicate {
        Predicate(onUpdate: { old, new in old.resourceVersion != new.resourceVersion })
    }

    /// Events pass when the object's labels match `selector` (for updates: old or new matches,
    /// so an object leaving the selection is still seen).
    public static func labelSelector(_ selector: Selector) -> Predicate {
        Predicate(
            onAdd: { selector.matches($0) }, onUpdate: { old, new in selector.matches(old) || selector.matches(new) },
            onDelete: { selector.matches($0) })
    }

    /// Passes when every predicate passes.
    public static func and(_ predicates: [Predicate]) -> Predicate {
        Predicate(
            onAdd: { o in predicates.allSatisfy { $0.onAdd(o) } },
            onUpdate: { old, new in predicates.allSatisfy { $0.onUpdate(old, new) } },
            onDelete: { o in predicates.allSatisfy { $0.onDelete(o) } })
    }

    /// Passes when any predicate passes (nothing passes an empty list).
    public static func or(_ predicates: [Predicate]) -> Predicate {
        Predicate(
            onAdd: { o in predicates.contains { $0.onAdd(o) } },
            onUpdate: { old, new in predicates.contains { $0.onUpdate(old, new) } },
            onDelete: { o in predicates.contains { $0.onDelete(o) } })
    }

    /// Passes what `predicate` rejects.
    public static func not(_ predicate: Predicate) -> Predicate {
        Predicate(
            onAdd: { !predicate.onAdd($0) }, onUpdate: { !predicate.onUpdate($0, $1) },
            onDelete: { !predicate.onDelete($0) })
    }

    /// `self` and `other`.
    public func and(_ other: Predicate) -> Predicate { .and([self, other]) }
    /// `self` or `other`.
    public func or(_ other: Predicate) -> Predicate { .or([self, other]) }
}
