public import KubeCache
public import KubeClient
public import KubeController
public import KubeModel
public import Logging
import Metrics
import KubeSupport
public import ServiceLifecycle

/// A ``Controller`` whose workers reconcile only the keys this replica owns in a ``ShardRing``:
/// several replicas share the keys of one resource, each key reconciled by one replica at a time.
///
/// The controller's workers run only while the ring lets this replica act (see
/// ``ShardRing/run(whileActing:)``). Each time they start on a view, every cached key this
/// replica owns is queued (a key whose change arrived while ownership moved is not missed);
/// events of keys owned elsewhere are not queued, and a queued key owned elsewhere is skipped.
///
/// Two cache modes:
/// - ``Mode/filter``: the informer caches every object; ownership is checked at enqueue and
///   reconcile time. Simple; every replica caches everything.
/// - ``Mode/label(_:)``: objects carry the label `shard.kinformer.io/<ring>: <member>` and the
///   informer must select only this replica's label (``ShardRing/objectSelector``), so each
///   replica caches about 1/N of the objects. On each new view a replica relabels the objects
///   it holds but no longer owns (the hand-off), and labels the objects it owns that are
///   unlabelled or carry a departed member's label (also every `scanPeriod` while acting, for
///   new objects).
public final class ShardedController<Object: KubernetesObject>: Service, Sendable {
    /// Where the objects of the main type are cached.
    public enum Mode: Sendable {
        /// Cache everything; filter keys by owner.
        case filter
        /// Cache only this replica's objects, selected by label; the client writes the labels.
        case label(ResourceClient<Object>, scanPeriod: Duration = .seconds(10))
    }

    /// The wrapped controller (its queue, statistics).
    public let controller: Controller
    /// The ring this replica belongs to.
    public let ring: ShardRing
    /// The informer of the main type.
    public let informer: SharedIndexInformer<Object>
    private let mode: Mode
    private let logger: Logger
    private let ownedGauge: Gauge
    /// The view of the previous session, to count keys handed off (filter mode).
    private let previousView = Locked<ShardView?>(nil)

    /// Builds the controller and adds an enqueue handler for owned keys to `informer`.
    /// - Parameters:
    ///   - informer: the main type's informer; in label mode it must select ``ShardRing/objectSelector``.
    ///   - cacheSyncs: further informers the reconciler reads.
    public init(
        ring: ShardRing, informer: SharedIndexInformer<Object>, mode: Mode = .filter,
        configuration: Controller.Configuration, reconciler: some Reconciler,
        cacheSyncs: [@Sendable () async -> Bool] = [], logger: Logger = Logger(label: "kinformer.sharding")
    ) {
        self.ring = ring
        self.informer = informer
        self.mode = mode
        self.logger = logger
        self.ownedGauge = Gauge(
            label: "kinformer_shard_owned_keys", dimensions: [("ring", ring.configuration.name), ("controller", configuration.name)])
        self.controller = Controller(
            configuration: configuration, reconciler: OwnedKeysReconciler(ring: ring, wrapped: reconciler),
            cacheSyncs: [{ @Sendable in await informer.waitForCacheSync() } as @Sendable () async -> Bool] + cacheSyncs,
            logger: logger)
        let controller = self.controller
        informer.addEventHandler(
            onAdd: { object, _ in if ring.owns(object.key) { controller.enqueue(object.key) } },
            onUpdate: { _, new in if ring.owns(new.key) { controller.enqueue(new.key) } },
            onDelete: { payload in if ring.owns(payload.key) { controller.enqueue(payload.key) } })
    }

    /// Keys in the cache this replica owns now (in label mode: also objects still to hand off).
    public var ownedKeys: Int {
        guard let view = ring.actingView else { return 0 }
        return informer.indexer.listKeys().count { view.owns($0) }
    }

    /// Joins the ring and reconciles owned keys while acting, until cancelled or graceful shutdown.
    public func run() async throws {
        try await ring.run(whileActing: { view in await self.session(view) })
    }

    /// One stretch of acting on `view`; cancelled when the view ends.
    private func session(_ view: ShardView) async {
        guard await informer.waitForCacheSync(), !Task.isCancelled else { return }
        if case .label(let objects, let scanPeriod) = mode {
            await handOff(view, objects)
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    while (try? await Task.sleep(for: scanPeriod)) != nil {
                        await self.claim(view, objects)
                    }
                }
                group.addTask { await self.work(view) }
                await group.next()
                group.cancelAll()
            }
        } else {
            if let previous = previousView.withLock({ $0 }) {
                ring.recordHandOffs(informer.indexer.listKeys().count { previous.owns($0) && !view.owns($0) })
            }
            await work(view)
        }
    }

    /// Queues the owned keys and runs the workers until cancelled.
    private func work(_ view: ShardView) async {
        previousView.withLock { $0 = view }
        var owned = 0
        for key in informer.indexer.listKeys() where view.owns(key) {
            controller.enqueue(key)
            owned += 1
        }
        ownedGauge.record(owned)
        do { try await controller.run() } catch { logger.warning("controller stopped", metadata: ["error": "\(error)"]) }
    }

    // MARK: - Label mode

    /// Relabels cached objects owned elsewhere in `view`, then claims unassigned ones.
    private func handOff(_ view: ShardView, _ objects: ResourceClient<Object>) async {
        var moved = 0
        for object in informer.indexer.list() {
            guard let owner = view.owner(of: object.key), owner != view.identity, !Task.isCancelled else { continue }
            if await setLabel(of: object, to: owner, objects) { moved += 1 }
        }
        ring.recordHandOffs(moved)
        await claim(view, objects)
    }

    /// Labels the objects this replica owns that are unlabelled or labelled for a non-member.
    private func claim(_ view: ShardView, _ objects: ResourceClient<Object>) async {
        let label = ShardLabels.objectLabel(ring: ring.configuration.name)
        var options = ListOptions(labelSelector: "\(label) notin (\(view.members.joined(separator: ",")))", limit: 500)
        do {
            repeat {
                let page = try await objects.list(options)
                for object in page.items where view.owns(object.key) && !Task.isCancelled {
                    _ = await setLabel(of: object, to: view.identity, objects)
                }
                options.continueToken = page.metadata.continue
            } while !(options.continueToken ?? "").isEmpty && !Task.isCancelled
        } catch {
            logger.debug("listing unassigned objects failed", metadata: ["error": "\(error)"])
        }
    }

    private func setLabel(of object: Object, to member: String, _ objects: ResourceClient<Object>) async -> Bool {
        let label = ShardLabels.objectLabel(ring: ring.configuration.name)
        do {
            let patch = try Patch.merge(.object(["metadata": .object(["labels": .object([label: .string(member)])])]))
            _ = try await objects.inNamespace(object.namespace).patch(object.name, patch)
            return true
        } catch {
            logger.debug("labelling failed", metadata: ["key": "\(object.key)", "error": "\(error)"])
            return false
        }
    }
}

/// Passes only keys the ring says this replica owns now; others are done here.
struct OwnedKeysReconciler: Reconciler {
    let ring: ShardRing
    let wrapped: any Reconciler

    func reconcile(_ key: String) async throws -> Requeue {
        guard ring.owns(key) else { return .done }
        return try await wrapped.reconcile(key)
    }
}
