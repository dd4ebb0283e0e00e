import ConfigMapChecksumExample
import KubeCache
import KubeController
import KubeModel
import KubeTesting

/// Reads every counter the demo shows into a ``DemoSnapshot``.
struct DemoGauges: Sendable {
    let server: InProcessAPIServer
    let workload: DemoWorkload
    let probes: [DemoInformerProbe]
    let controller: Controller
    let elector: LeaderElector
    let deployments: SharedIndexInformer<AppsV1.Deployment>
    let options: DemoOptions
    let latency: ReconcileLatencyRecorder
    let start = ContinuousClock.now
    let rates = EventRates()

    /// The current state of everything.
    func snapshot(faults: [DemoFaults.Record]) -> DemoSnapshot {
        let informers = probes.map { p in
            DemoSnapshot.Informer(
                name: p.name, cached: p.cacheCount(), reflector: p.reflector(), handler: p.handler.value,
                bufferDepth: p.bufferDepth(), perNamespace: p.perNamespace(), resourceVersion: p.lastSyncResourceVersion())
        }
        let second = Int64((ContinuousClock.now - start).components.seconds)
        let eventRates = rates.record(informers.map { ($0.name, $0.reflector.events) }, at: second)
        let indexed = (try? deployments.indexer.listIndexFuncValues(ConfigMapChecksumController.configMapIndex))?.count ?? 0
        let c = controller.statistics
        return DemoSnapshot(
            elapsed: ContinuousClock.now - start, duration: options.duration, serverResourceVersion: server.resourceVersion,
            workload: workload.statistics, informers: informers, indexedConfigMaps: indexed,
            controller: .init(reconciles: c.reconciles, failures: c.failures, retries: c.retries), queueDepth: controller.queue.len, leader: elector.currentLeader,
            isLeader: elector.isLeader, faultsEnabled: options.faults, faults: faults,
            eventRates: eventRates, reconcileLatency: latency.quantiles.map { [$0.p50, $0.p90, $0.p99] })
    }
}
