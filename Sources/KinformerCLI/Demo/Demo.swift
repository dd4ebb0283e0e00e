import ConfigMapChecksumExample
import Foundation
import KubeCache
import KubeClient
import KubeController
import KubeModel
import KubeTesting
import KubeWorkQueue
import Logging
import KubeSupport

/// The whole demo: an in-process API server, a real client connected through its kubeconfig,
/// a workload, informers from a shared factory, the ConfigMap checksum controller under a
/// leader elector, optional faults, a live display and a final convergence check.
enum Demo {
    /// Runs the demo until `options.duration` has passed (or `stop` is requested, or the fault
    /// rounds asked for are done), then waits for convergence and returns the result.
    /// - Parameter tap: gets the informers once they exist, for an outside observer (the soak).
    static func run(
        options: DemoOptions, display: DemoDisplay, stop: DemoStop = DemoStop(), tap: DemoTap = DemoTap()
    ) async throws -> DemoResult {
        var serverConfiguration = InProcessAPIServer.Configuration()
        serverConfiguration.bookmarkInterval = .seconds(1)
        let server = InProcessAPIServer(configuration: serverConfiguration)
        try await server.start()
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("kinformer-demo-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        let kubeconfigPath = directory.appendingPathComponent("kubeconfig").path
        do {
            try server.writeKubeconfig(to: kubeconfigPath)
            var configuration = try ClientConfiguration(kubeConfig: KubeConfig.load(paths: [kubeconfigPath]))
            // The embedded server is local and uncontended; client-go's 5 qps would throttle the workload.
            configuration.rateLimit = .init(qps: 2000, burst: 4000)
            let client = try KubeClient(configuration: configuration)
            display.log("api server listening at \(server.baseURL) (kubeconfig: \(kubeconfigPath))")
            let result: DemoResult
            do {
                result = try await run(options: options, server: server, client: client, display: display, stop: stop, tap: tap)
            } catch {
                try? await client.shutdown()
                throw error
            }
            try? await client.shutdown()
            await server.shutdown()
            try? FileManager.default.removeItem(at: directory)
            return result
        } catch {
            await server.shutdown()
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    private static func run(
        options: DemoOptions, server: InProcessAPIServer, client: KubeClient, display: DemoDisplay, stop: DemoStop,
        tap: DemoTap
    ) async throws -> DemoResult {
        let quiet = Logger(label: "kinformer.demo")
        let requests = DemoRequestTally(server: server)
        let workload = DemoWorkload(client: client, seed: options.seed, steady: options.steadyObjects)
        let populateStart = ContinuousClock.now
        await workload.populate(objects: options.objects)
        display.log(
            "created the workload: \(DemoFormat.perKind(workload.statistics.created)) in "
                + DemoFormat.seconds(ContinuousClock.now - populateStart))

        var factoryOptions = SharedInformerFactory.Options()
        factoryOptions.dropManagedFields = true
        let factory = SharedInformerFactory(client: client, options: factoryOptions, logger: quiet)
        let pods = try factory.informer(for: CoreV1.Pod.self)
        let latency = ReconcileLatencyRecorder()
        let queue = RateLimitingQueue<String>(configuration: .init(name: "configmap-checksum", metricsFactory: latency))
        let (checksums, controller) = try ConfigMapChecksumController.make(factory: factory, queue: queue, logger: quiet)
        let probes = [
            DemoInformerProbe.make(pods, client: client),
            DemoInformerProbe.make(checksums.configMaps, client: client),
            DemoInformerProbe.make(checksums.deployments, client: client),
        ]
        tap.attach(probes)
        let identity = "kinformer-demo-\(ProcessInfo.processInfo.processIdentifier)"
        let elector = LeaderElector(
            client: client,
            configuration: .init(leaseName: "kinformer-demo", leaseNamespace: "kube-system", identity: identity),
            callbacks: .init(onStartedLeading: { try? await controller.run() }), logger: quiet)
        let gauges = DemoGauges(
            server: server, workload: workload, probes: probes, controller: controller, elector: elector,
            deployments: checksums.deployments, options: options, latency: latency)
        let faults = DemoFaults(server: server, probes: probes, start: gauges.start)

        return await withTaskGroup(of: Void.self, returning: DemoResult.self) { infrastructure in
            infrastructure.addTask { try? await factory.run() }
            infrastructure.addTask { try? await elector.run() }
            let syncStart = ContinuousClock.now
            await factory.waitForCacheSync()
            let cached = probes.map { "\($0.name) \($0.cacheCount())" }.joined(separator: ", ")
            display.log("informers synced in \(DemoFormat.seconds(ContinuousClock.now - syncStart)): \(cached)")

            let interrupted = await withTaskGroup(of: Void.self, returning: Bool.self) { load in
                load.addTask { await workload.run(changesPerSecond: options.effectiveChangesPerSecond) }
                let interrupted = await mainLoop(
                    options: options, gauges: gauges, faults: faults, requests: requests, display: display, stop: stop)
                load.cancelAll()
                return interrupted
            }
            faults.stop()
            tap.workloadStopped()
            display.log("workload stopped; waiting for caches and checksums to converge")
            let quietStart = ContinuousClock.now
            let convergence = await converge(probes: probes, server: server, client: client, options: options)
            let convergedAfter = ContinuousClock.now - quietStart
            let final = gauges.snapshot(faults: faults.records)
            display.show(final)
            display.finish()
            infrastructure.cancelAll()
            return DemoResult(
                final: final, convergence: convergence, convergedAfter: convergedAfter, interrupted: interrupted,
                leaseAcquisitions: elector.acquisitions, requestsByVerb: requests.byVerb)
        }
    }

    /// Waits, once the workload has stopped, until every cache equals the server and every
    /// checksum is right, or `options.convergenceTimeout` has passed.
    ///
    /// First until every informer has caught up to the server's resourceVersion at the stop (a
    /// cheap look at each reflector, which a relist after compaction or a restarted watch
    /// delays), then until a full comparison with the server's lists agrees (the controller may
    /// still be writing checksums).
    private static func converge(
        probes: [DemoInformerProbe], server: InProcessAPIServer, client: KubeClient, options: DemoOptions
    ) async -> DemoConvergence {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: options.convergenceTimeout)
        let target = Int64(server.resourceVersion) ?? 0
        while clock.now < deadline, probes.contains(where: { (Int64($0.lastSyncResourceVersion()) ?? 0) < target }) {
            try? await Task.sleep(for: .milliseconds(50))  // re-look interval of a bounded wait, not a synchronisation
        }
        var convergence = await DemoConvergence.check(probes: probes, client: client)
        while !convergence.converged, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(200))  // re-check interval, not a synchronisation
            convergence = await DemoConvergence.check(probes: probes, client: client)
        }
        return convergence
    }

    /// Refreshes the display, injects faults and watches recovery until the run is over.
    /// - Returns: whether it ended because a stop was requested.
    private static func mainLoop(
        options: DemoOptions, gauges: DemoGauges, faults: DemoFaults, requests: DemoRequestTally,
        display: DemoDisplay, stop: DemoStop
    ) async -> Bool {
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: options.duration)
        var nextRefresh = clock.now
        var nextFault = clock.now.advanced(by: options.faultInterval)
        while clock.now < end {
            if stop.isRequested || Task.isCancelled { return true }
            if options.faults {
                if let line = faults.checkRecovery() { display.log(line) }
                if let rounds = options.stopAfterFaultRounds, faults.completedRounds >= rounds { return false }
                if clock.now >= nextFault, let line = faults.injectNext() {
                    display.log(line)
                    nextFault = clock.now.advanced(by: options.faultInterval)
                }
            }
            if clock.now >= nextRefresh {
                requests.drain()
                display.show(gauges.snapshot(faults: faults.records))
                nextRefresh = nextRefresh.advanced(by: options.refreshInterval)
            }
            // The display's and the fault monitor's tick.
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }
}

/// A request to end the demo early (Ctrl-C): the workload stops, caches are checked, the
/// summary is printed.
final class DemoStop: Sendable {
    private let requested = Locked(false)

    /// Asks the demo to stop.
    func request() { requested.withLock { $0 = true } }

    /// Whether a stop was asked for.
    var isRequested: Bool { requested.withLock { $0 } }
}
