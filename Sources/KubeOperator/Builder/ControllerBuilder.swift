import KubeCache
import KubeController
public import KubeModel
public import KubeWorkQueue

/// The first step of building a controller: name the type it reconciles with ``for(_:scope:predicates:)``.
public struct ControllerBuilderStart: Sendable {
    let manager: Manager
    let name: String

    /// Reconciles objects of `type`: each event on one (that passes `predicates`) queues its key.
    public func `for`<Primary: KubernetesResource>(
        _ type: Primary.Type, scope: CacheScope? = nil, predicates: [Predicate<Primary>] = []
    ) -> ControllerBuilder<Primary> {
        ControllerBuilder(manager: manager, name: name, primaryScope: scope, primaryPredicate: .and(predicates))
    }
}

/// Declares what a controller watches and how it runs, then ``complete(_:)`` adds it to the
/// manager (controller-runtime's builder):
///
/// ```swift
/// let widgets = try manager.controller("widgets")
///     .for(Widget.self, predicates: [.generationChanged])
///     .owns(CoreV1.ConfigMap.self)
///     .watches(CoreV1.Secret.self, name: "secret-to-widgets") { secret in widgetKeys(using: secret) }
///     .workers(4)
///     .complete(WidgetReconciler(...))
/// ```
///
/// Every key carries why it was queued (``ReconcileReason``): the event, the resource, the object
/// and the route (primary, owner, mapping, retry).
public struct ControllerBuilder<Primary: KubernetesResource>: Sendable {
    typealias Wiring = @Sendable (Manager, OperatorController, ReadYourWrites?) throws -> Void

    let manager: Manager
    let name: String
    let primaryScope: CacheScope?
    var primaryPredicate: Predicate<Primary>
    var workerCount = 2
    var retryLimit: Int?
    var limiter: (any RateLimiter<String>)?
    var readYourWritesTimeout: Duration?
    var wirings: [Wiring] = []

    init(manager: Manager, name: String, primaryScope: CacheScope?, primaryPredicate: Predicate<Primary>) {
        self.manager = manager
        self.name = name
        self.primaryScope = primaryScope
        self.primaryPredicate = primaryPredicate
    }

    /// Also queues the controlling owner (an `ownerReferences` entry with `controller: true` of the
    /// primary kind and group) of each `type` object that changes.
    public func owns<Owned: KubernetesResource>(
        _ type: Owned.Type, scope: CacheScope? = nil, predicates: [Predicate<Owned>] = []
    ) -> Self {
        let kind = Primary.resource.kind
        let group = Primary.resource.group
        return adding { manager, controller, ryw in
            let informer = try manager.informer(for: Owned.self, scope: scope)
            informer.addEventHandler(
                EnqueueHandler.make(
                    resource: Owned.resource.description, route: .owner, predicate: .and(predicates),
                    keys: { EventKeys.ownerKeys(of: $0, ownerKind: kind, ownerGroup: group, controllerOnly: true) },
                    controller: controller, readYourWrites: ryw))
        }
    }

    /// Also queues the keys `map` returns for each `type` object that changes (any relation:
    /// references, labels, a fixed key). `name` labels the route in provenance and metrics.
    public func watches<Watched: KubernetesResource>(
        _ type: Watched.Type, name mappingName: String? = nil, scope: CacheScope? = nil,
        predicates: [Predicate<Watched>] = [], map: @escaping @Sendable (Watched) -> [String]
    ) -> Self {
        let route = ReconcileReason.Route.mapping(mappingName ?? Watched.resource.description)
        return adding { manager, controller, ryw in
            let informer = try manager.informer(for: Watched.self, scope: scope)
            informer.addEventHandler(
                EnqueueHandler.make(
                    resource: Watched.resource.description, route: route, predicate: .and(predicates), keys: map,
                    controller: controller, readYourWrites: ryw))
        }
    }

    /// Adds predicates for the primary type's events.
    public func withPredicates(_ predicates: Predicate<Primary>...) -> Self {
        var copy = self
        copy.primaryPredicate = .and([primaryPredicate] + predicates)
        return copy
    }

    /// How many keys are reconciled at once (default 2).
    public func workers(_ count: Int) -> Self {
        var copy = self
        copy.workerCount = max(1, count)
        return copy
    }

    /// Drops a key after this many failures in a row (default: retry forever).
    public func maxRetries(_ count: Int?) -> Self {
        var copy = self
        copy.retryLimit = count
        return copy
    }

    /// The retry backoff (default: client-go's controller rate limiter).
    public func rateLimiter(_ limiter: any RateLimiter<String>) -> Self {
        var copy = self
        copy.limiter = limiter
        return copy
    }

    /// Turns on read-your-writes: a key's next reconcile waits up to `timeout` for the caches to
    /// see the writes its previous reconcile recorded (see ``ReadYourWrites``).
    public func readYourWrites(timeout: Duration = .seconds(5)) -> Self {
        var copy = self
        copy.readYourWritesTimeout = timeout
        return copy
    }

    private func adding(_ wiring: @escaping Wiring) -> Self {
        var copy = self
        copy.wirings.append(wiring)
        return copy
    }

    /// Creates the controller, wires its handlers and adds it to the manager.
    @discardableResult
    public func complete(_ reconciler: some OperatorReconciler) throws -> OperatorController {
        let informer = try manager.informer(for: Primary.self, scope: primaryScope)
        let reasons = ReasonTable()
        let metrics = ReconcileMetrics(controller: name, factory: manager.metricsFactory)
        let ryw = readYourWritesTimeout.map { ReadYourWrites(timeout: $0) }
        let queue = RateLimitingQueue<String>(
            configuration: .init(name: name, metricsFactory: manager.metricsFactory), rateLimiter: limiter)
        var logger = manager.logger
        logger[metadataKey: "controller"] = "\(name)"
        let controller = Controller(
            configuration: .init(name: name, workers: workerCount, maxRetries: retryLimit),
            reconciler: ProvenanceReconciler(
                user: reconciler, reasons: reasons, metrics: metrics, readYourWrites: ryw, logger: logger),
            queue: queue, logger: manager.logger)
        let operatorController = OperatorController(
            name: name, controller: controller, reasons: reasons, metrics: metrics, readYourWrites: ryw)
        try manager.add(operatorController)
        informer.addEventHandler(
            EnqueueHandler.make(
                resource: Primary.resource.description, route: .primary, predicate: primaryPredicate,
                keys: { [$0.key] }, controller: operatorController, readYourWrites: ryw))
        for wiring in wirings { try wiring(manager, operatorController, ryw) }
        return operatorController
    }
}
