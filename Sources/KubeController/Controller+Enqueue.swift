public import KubeCache
public import KubeModel

/// Mapping informer events to work-queue keys.
public enum EventKeys {
    /// The key of the object an event is about (tombstones included).
    public static func key<Object: KubernetesObject>(of event: InformerEvent<Object>) -> String {
        switch event {
        case .added(let o, _): return o.key
        case .updated(_, let new): return new.key
        case .deleted(let payload): return payload.key
        }
    }

    /// The keys of an object's owners of the given kind (and API group, if given), in the
    /// object's namespace. With `controllerOnly`, only the managing owner (`controller: true`).
    public static func ownerKeys<Object: KubernetesObject>(
        of object: Object, ownerKind: String, ownerGroup: String? = nil, controllerOnly: Bool = false
    ) -> [String] {
        (object.metadata.ownerReferences ?? []).compactMap { ref in
            guard ref.kind == ownerKind else { return nil }
            if controllerOnly, ref.controller != true { return nil }
            if let ownerGroup {
                let group = ref.apiVersion.contains("/") ? String(ref.apiVersion.split(separator: "/")[0]) : ""
                guard group == ownerGroup else { return nil }
            }
            return ObjectKey.make(namespace: object.namespace, name: ref.name)
        }
    }
}

extension Controller {
    /// A handler that enqueues the key of every object added, updated or deleted.
    /// Updates whose resourceVersion did not change (resyncs) are enqueued too, unless
    /// `skipResyncs` is set.
    public func enqueueHandler<Object: KubernetesObject>(
        for type: Object.Type = Object.self, skipResyncs: Bool = false
    ) -> EventHandlers<Object> {
        EventHandlers(
            onAdd: { object, _ in self.enqueue(object.key) },
            onUpdate: { old, new in
                if skipResyncs, old.resourceVersion == new.resourceVersion { return }
                self.enqueue(new.key)
            },
            onDelete: { payload in self.enqueue(payload.key) })
    }

    /// A handler that enqueues the owners (of `ownerKind`) of every object that changes — e.g. a
    /// Deployment controller watching ReplicaSets.
    public func enqueueOwnersHandler<Object: KubernetesObject>(
        for type: Object.Type = Object.self, ownerKind: String, ownerGroup: String? = nil,
        controllerOnly: Bool = true
    ) -> EventHandlers<Object> {
        let enqueueOwners: @Sendable (Object) -> Void = { object in
            for key in EventKeys.ownerKeys(
                of: object, ownerKind: ownerKind, ownerGroup: ownerGroup, controllerOnly: controllerOnly)
            {
                self.enqueue(key)
            }
        }
        return EventHandlers(
            onAdd: { object, _ in enqueueOwners(object) },
            onUpdate: { old, new in
                enqueueOwners(old)
                enqueueOwners(new)
            },
            onDelete: { payload in enqueueOwners(payload.object) })
    }
}
