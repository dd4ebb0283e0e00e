import KubeClient
import KubeController
import KubeModel
import KubeOperator
import KubeTesting
import Testing

/// Manager lifecycle against the in-process API server: declaration errors, a probe port in use,
/// readiness and cancellation.
@Suite struct ManagerLifecycleTests {
    static func withServer(_ body: (KubeClient) async throws -> Void) async throws {
        let server = InProcessAPIServer()
        try await server.start()
        let client = try KubeClient(configuration: ClientConfiguration(kubeConfig: KubeConfig.parse(yaml: server.kubeconfig())))
        do { try await body(client) } catch {
            try? await client.shutdown()
            await server.shutdown()
            throw error
        }
        try? await client.shutdown()
        await server.shutdown()
    }

    static let noop = OperatorReconcileFunction { _ in .done }

    @Test func declarationsAfterRunAndDuplicateNamesAreRejected() async throws {
        try await Self.withServer { client in
            let manager = Manager(client: client, configuration: .init(name: "decl"), logger: testLogger("decl"))
            try manager.controller("a").for(CoreV1.ConfigMap.self).complete(Self.noop)
            #expect(throws: OperatorError.self) { try manager.controller("a").for(CoreV1.Secret.self).complete(Self.noop) }
            let running = RunningManager(manager)
            #expect(await manager.waitForCacheSync())
            #expect(manager.status.leading)
            let error = #expect(throws: OperatorError.self) {
                try manager.controller("b").for(CoreV1.Secret.self, scope: CacheScope(namespace: "other")).complete(Self.noop)
            }
            #expect(error?.code == .alreadyRunning)
            #expect(throws: OperatorError.self) { try manager.eventRecorder(component: "late") }
            await running.stop()
            #expect(!manager.status.leading)
        }
    }

    @Test func aProbePortInUseStopsTheManagerWithAClearError() async throws {
        try await Self.withServer { client in
            var first = Manager.Configuration(name: "first")
            first.probes = .init(host: "127.0.0.1", port: 0)
            let holder = Manager(client: client, configuration: first, logger: testLogger("first"))
            let running = RunningManager(holder)
            let port = try #require(await holder.probePort())
            var second = Manager.Configuration(name: "second")
            second.probes = .init(host: "127.0.0.1", port: port)
            let clash = Manager(client: client, configuration: second, logger: testLogger("second"))
            let error = await #expect(throws: OperatorError.self) { try await clash.run() }
            #expect(error?.code == .probeServer)
            #expect(error?.message.contains("\(port)") == true)
            #expect(await clash.probePort() == nil)
            await running.stop()
        }
    }
}
