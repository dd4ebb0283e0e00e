import KubeCache
import KubeModel

/// Event handlers that queue keys with their reasons.
enum EnqueueHandler {
    static func make<Object: KubernetesObject>(
        resource: String, route: ReconcileReason.Route, predicate: Predicate<Object>,
        keys: @escaping @Sendable (Object) -> [String], controller: OperatorController, readYourWrites: ReadYourWrites?
    ) -> EventHandlers<Object> {
        readYourWrites?.track(resource: resource)
        @Sendable func enqueue(_ object: Object, _ event: ReconcileReason.Event, keys found: [String]) {
            let reason = ReconcileReason(route: route, event: event, resource: resource, object: object.key)
            for key in Set(found) { controller.enqueue(key, reason: reason) }
        }
        return EventHandlers(
            onAdd: { object, _ in
                readYourWrites?.observe(resource: resource, resourceVersion: object.resourceVersion)
                guard predicate.onAdd(object) else { return }
                enqueue(object, .added, keys: keys(object))
            },
            onUpdate: { old, new in
                readYourWrites?.observe(resource: resource, resourceVersion: new.resourceVersion)
                guard predicate.onUpdate(old, new) else { return }
                let event: ReconcileReason.Event = old.resourceVersion == new.resourceVersion ? .resync : .updated
                enqueue(new, event, keys: keys(old) + keys(new))
            },
            onDelete: { payload in
                readYourWrites?.observe(resource: resource, resourceVersion: payload.object.resourceVersion)
                guard predicate.onDelete(payload.object) else { return }
                enqueue(payload.object, .deleted, keys: keys(payload.object))
            })
    }
}
