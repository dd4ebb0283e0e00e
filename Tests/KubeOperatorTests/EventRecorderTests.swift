import KubeClient
import KubeModel
import KubeOperator
import KubeTesting
import Testing

@Suite struct EventRecorderTests {
    @Test func anUnreachableServerIsTriedAgainThenTheEventIsGivenUp() async throws {
        let server = InProcessAPIServer()
        try await server.start()
        var clientConfiguration = try ClientConfiguration(kubeConfig: KubeConfig.parse(yaml: server.kubeconfig()))
        // A refused connection is retried by the HTTP client until the connect timeout.
        clientConfiguration.timeouts.connect = .milliseconds(200)
        clientConfiguration.timeouts.request = .seconds(2)
        let client = try KubeClient(configuration: clientConfiguration)
        await server.shutdown()
        var configuration = EventRecorder.Configuration()
        configuration.retryDelay = .milliseconds(1)
        let recorder = EventRecorder(client: client, component: "t", configuration: configuration, logger: testLogger("ev"))
        let running = Task { await recorder.run() }
        recorder.event(CoreV1.ConfigMap(metadata: ObjectMeta(name: "c", namespace: "default")), reason: "R", message: "m")
        try await eventually("event given up", deadline: .seconds(60)) { recorder.statistics.processed == 1 }
        #expect(recorder.statistics.failed == 3)
        #expect(recorder.statistics.created == 0)
        running.cancel()
        await running.value
        try? await client.shutdown()
    }

    @Test func aFullBufferDropsNewEvents() async throws {
        let server = InProcessAPIServer()
        try await server.start()
        let client = try KubeClient(configuration: ClientConfiguration(kubeConfig: KubeConfig.parse(yaml: server.kubeconfig())))
        var configuration = EventRecorder.Configuration()
        configuration.bufferSize = 2
        let recorder = EventRecorder(client: client, component: "t", configuration: configuration, logger: testLogger("ev"))
        // Not running: nothing drains the buffer.
        for i in 0..<5 {
            recorder.event(CoreV1.ConfigMap(metadata: ObjectMeta(name: "c", namespace: "default")), reason: "R", message: "m\(i)")
        }
        #expect(recorder.statistics.received == 5)
        #expect(recorder.statistics.dropped == 3)
        try? await client.shutdown()
        await server.shutdown()
    }
}
