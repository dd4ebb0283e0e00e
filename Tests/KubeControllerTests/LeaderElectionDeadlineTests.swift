import KubeClient
import KubeController
import KubeModel
import KubeSupport
import KubeTesting
import Logging
import Testing

/// The renew deadline holds even when a renewal request hangs (in-process server with latency):
/// a leader whose API server stops answering must stop leading by the deadline, not when the
/// hanging request finally returns — otherwise another candidate could lead at the same time.
@Suite struct LeaderElectionDeadlineTests {
    /// A started in-process server, a client of it, and a leader on it (3 s lease, 2 s renew
    /// deadline, 0.5 s retry) that logs "started" and "stopped" and leads until cancelled.
    struct Setup {
        let server: InProcessAPIServer
        let client: KubeClient
        let elector: LeaderElector
        let log = EventLog<String>()

        init(lease: String, releaseOnCancel: Bool, requestTimeout: Duration? = .seconds(60)) async throws {
            server = InProcessAPIServer()
            try await server.start()
            var configuration = try ClientConfiguration(kubeConfig: KubeConfig.parse(yaml: server.kubeconfig()))
            configuration.rateLimit = .unlimited
            configuration.timeouts.request = requestTimeout
            client = try KubeClient(configuration: configuration)
            var config = LeaderElector.Configuration(leaseName: lease, leaseNamespace: "default", identity: "solo")
            config.leaseDuration = .seconds(3)
            config.renewDeadline = .seconds(2)
            config.retryPeriod = .milliseconds(500)
            config.releaseOnCancel = releaseOnCancel
            let log = self.log
            elector = LeaderElector(
                client: client, configuration: config,
                callbacks: .init(
                    onStartedLeading: {
                        log.append("started")
                        while !Task.isCancelled { try? await Task.sleep(for: .seconds(60)) }
                    },
                    onStoppedLeading: { log.append("stopped") }),
                logger: quietLogger)
        }

        func shutdown() async throws {
            try await client.shutdown()
            await server.shutdown()
        }
    }

    @Test func hangingRenewalLosesLeadershipAtTheDeadline() async throws {
        let setup = try await Setup(lease: "deadline", releaseOnCancel: false)
        let (server, elector, log) = (setup.server, setup.elector, setup.log)
        let task = Task { try await elector.run() }
        await log.wait { $0.contains("started") }
        #expect(elector.isLeader)

        // Every lease request now takes 60 s: renewals cannot finish.
        let hungAt = ContinuousClock.now
        server.faults.setLatency(.seconds(60), matching: .init(pathContains: "/leases"))
        await log.wait { $0.contains("stopped") }
        let lost = hungAt.duration(to: .now)
        print("leader election: hanging renewals lost leadership after \(lost)")
        #expect(!elector.isLeader)
        // retry + renewDeadline is 2.5 s; far below the 60 s the request would take.
        #expect(lost < .seconds(15))

        server.faults.setLatency(nil)
        task.cancel()
        _ = try? await task.value
        try await setup.shutdown()
    }

    /// Releasing the lease on cancellation is best effort: with the API server not answering, the
    /// elector stops after its renew deadline instead of waiting out the request (here without a
    /// client timeout, so the 15-minute latency would hold it up for that long).
    @Test func aHangingReleaseDoesNotHoldUpShutdown() async throws {
        let setup = try await Setup(lease: "release", releaseOnCancel: true, requestTimeout: nil)
        let (server, elector, log) = (setup.server, setup.elector, setup.log)
        let task = Task { try await elector.run() }
        await log.wait { $0.contains("started") }

        server.faults.setLatency(.seconds(900), matching: .init(pathContains: "/leases"))
        task.cancel()
        // A hang guard, not a measurement: the elector needs about renewDeadline here.
        let stopped = await withDeadline(.now + .seconds(30)) { _ = try? await task.value }
        #expect(stopped != nil, "cancelling the elector did not return: its release held up shutdown")
        #expect(log.values.contains("stopped"))
        #expect(!elector.isLeader)
        // The release never reached the server: the lease still names the old holder.
        server.faults.setLatency(nil)
        let lease = try await setup.client.resource(CoordinationV1.Lease.self, namespace: "default").get("release")
        #expect(lease.spec?.holderIdentity == "solo")
        try await setup.shutdown()
    }
}
