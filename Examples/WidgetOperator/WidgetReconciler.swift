public import KubeCache
import KubeClient
public import KubeController
public import KubeModel
public import KubeOperator
import Logging

/// The example operator: each `Widget` gets a ConfigMap (`<name>-config`, its settings) and a
/// Deployment (`<name>`, `spec.size` replicas) it owns; a finalizer deletes both when the widget is
/// deleted; status carries a `Ready` condition and the observed generation; events and metrics
/// come from KubeOperator.
public final class WidgetReconciler: OperatorReconciler {
    /// Hooks for tests and demos.
    public struct Hooks: Sendable {
        /// Called as a reconcile starts and ends (on this manager).
        public var started: @Sendable (ReconcileRequest) -> Void = { _ in }
        public var finished: @Sendable (ReconcileRequest) -> Void = { _ in }
        /// Called by the finalizer's cleanup, before the owned objects are deleted.
        public var cleanup: @Sendable (Widget) async -> Void = { _ in }

        public init() {}
    }

    public static let finalizer = Finalizer("example.com/widget-cleanup")
    public static let fieldManager = "widget-operator"
    public static let readyCondition = "Ready"

    public let widgets: SharedIndexInformer<Widget>
    public let configMaps: SharedIndexInformer<CoreV1.ConfigMap>
    public let deployments: SharedIndexInformer<AppsV1.Deployment>
    public let recorder: EventRecorder
    private let client: KubeClient
    private let apply = ServerSideApply(fieldManager: fieldManager)
    private let hooks: Hooks

    /// Declares the controller on `manager`: widgets, and the ConfigMaps and Deployments they own.
    public static func make(
        manager: Manager, workers: Int = 2, hooks: Hooks = Hooks()
    ) throws -> (reconciler: WidgetReconciler, controller: OperatorController) {
        let reconciler = WidgetReconciler(
            client: manager.client,
            widgets: try manager.informer(for: Widget.self),
            configMaps: try manager.informer(for: CoreV1.ConfigMap.self),
            deployments: try manager.informer(for: AppsV1.Deployment.self),
            recorder: try manager.eventRecorder(component: fieldManager), hooks: hooks)
        let controller = try manager.controller("widgets")
            .for(Widget.self, predicates: [.or([.generationChanged, .annotationsChanged, .labelsChanged])])
            .owns(CoreV1.ConfigMap.self)
            .owns(AppsV1.Deployment.self)
            .workers(workers)
            .readYourWrites()
            .complete(reconciler)
        return (reconciler, controller)
    }

    init(
        client: KubeClient, widgets: SharedIndexInformer<Widget>, configMaps: SharedIndexInformer<CoreV1.ConfigMap>,
        deployments: SharedIndexInformer<AppsV1.Deployment>, recorder: EventRecorder, hooks: Hooks
    ) {
        self.client = client
        self.widgets = widgets
        self.configMaps = configMaps
        self.deployments = deployments
        self.recorder = recorder
        self.hooks = hooks
    }

    public func reconcile(_ request: ReconcileRequest) async throws -> Requeue {
        hooks.started(request)
        defer { hooks.finished(request) }
        guard let cached = widgets.indexer.get(request.key) else { return .done }
        let widget: Widget
        switch try await Self.finalizer.reconcile(cached, client: client, cleanup: { try await self.cleanup($0) }) {
        case .finalized: return .done
        case .proceed(let current): widget = current
        }
        let configMapName = try await reconcileConfigMap(widget)
        try await reconcileDeployment(widget)
        try await reconcileStatus(widget, configMapName: configMapName)
        return .done
    }

    static func labels(_ widget: Widget) -> [String: String] {
        ["app.kubernetes.io/managed-by": fieldManager, "example.com/widget": widget.name]
    }

    private func reconcileConfigMap(_ widget: Widget) async throws -> String {
        let name = "\(widget.name)-config"
        let spec = widget.spec ?? Widget.Spec(size: 1)
        var data = ["color": spec.color ?? "", "size": "\(spec.size)", "tags": (spec.tags ?? []).joined(separator: ",")]
        if let config = spec.config { data["config.json"] = String(decoding: try KubeJSON.encode(config), as: UTF8.self) }
        let owner = OwnerReference.controller(of: widget)
        if let existing = configMaps.indexer.get(ObjectKey.make(namespace: widget.namespace, name: name)),
            existing.data == data, existing.metadata.ownerReferences?.contains(owner) == true
        {
            return name
        }
        let configMap = CoreV1.ConfigMap(
            metadata: ObjectMeta(
                name: name, namespace: widget.namespace, labels: Self.labels(widget), ownerReferences: [owner]),
            data: data)
        _ = try await apply.apply(configMap, client: client)
        recorder.event(widget, reason: "ConfigMapApplied", message: "ConfigMap \(name) applied")
        return name
    }

    private func reconcileDeployment(_ widget: Widget) async throws {
        let replicas = Int32(widget.spec?.size ?? 1)
        let owner = OwnerReference.controller(of: widget)
        if let existing = deployments.indexer.get(widget.key), existing.spec?.replicas == replicas,
            existing.metadata.ownerReferences?.contains(owner) == true
        {
            return
        }
        let labels = Self.labels(widget)
        var container = CoreV1.Container(name: "widget")
        container.image = "registry.k8s.io/pause:3.9"
        let deployment = AppsV1.Deployment(
            metadata: ObjectMeta(name: widget.name, namespace: widget.namespace, labels: labels, ownerReferences: [owner]),
            spec: AppsV1.DeploymentSpec(
                replicas: replicas, selector: LabelSelector(matchLabels: labels),
                template: CoreV1.PodTemplateSpec(
                    metadata: ObjectMeta(labels: labels), spec: CoreV1.PodSpec(containers: [container]))))
        _ = try await apply.apply(deployment, client: client)
        recorder.event(widget, reason: "DeploymentApplied", message: "Deployment \(widget.name) applied with \(replicas) replicas")
    }

    private func reconcileStatus(_ widget: Widget, configMapName: String) async throws {
        let generation = widget.metadata.generation
        var status = widget.status ?? Widget.Status()
        var conditions = status.conditions ?? []
        var changed = Conditions.set(
            &conditions, type: Self.readyCondition, status: .true, reason: "Reconciled",
            message: "ConfigMap \(configMapName) and Deployment \(widget.name) match the spec",
            observedGeneration: generation)
        if status.observedGeneration != generation || status.ready != true || status.configMap != configMapName {
            changed = true
        }
        guard changed else { return }
        status.conditions = conditions
        status.observedGeneration = generation
        status.ready = true
        status.configMap = configMapName
        let intent = Widget(metadata: ObjectMeta(name: widget.name, namespace: widget.namespace), status: status)
        _ = try await apply.applyStatus(intent, client: client)
        recorder.event(widget, reason: "Reconciled", message: "generation \(generation ?? 0) reconciled")
    }

    /// The finalizer's cleanup: no garbage collector is assumed, so the owned objects are deleted here.
    private func cleanup(_ widget: Widget) async throws {
        await hooks.cleanup(widget)
        do {
            _ = try await client.resource(CoreV1.ConfigMap.self, namespace: widget.namespace).delete("\(widget.name)-config")
        } catch let error as KubeAPIError where error.isNotFound {}
        do {
            _ = try await client.resource(AppsV1.Deployment.self, namespace: widget.namespace).delete(widget.name)
        } catch let error as KubeAPIError where error.isNotFound {}
        recorder.event(widget, reason: "CleanedUp", message: "ConfigMap and Deployment deleted")
    }
}
