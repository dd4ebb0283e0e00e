import KubeClient
import KubeModel
import KubeTesting
import Testing

/// The transport's retry rules against the in-process server's scripted failures: 429 is retried
/// for every verb (the server did not process the request) after `Retry-After`; 5xx only for
/// reads and only when the server sent `Retry-After`; the error surfaces once retries run out.
@Suite(.timeLimit(.minutes(1))) struct RetryTests {
    @Test func tooManyRequestsIsRetriedForReadsAndWrites() async throws {
        try await withInProcessConfigMaps { server, configMaps in
            server.faults.failNextRequests(2, with: .tooManyRequests(retryAfterSeconds: 0))
            let created = try await configMaps.create(CoreV1.ConfigMap(metadata: ObjectMeta(name: "a")))
            #expect(server.requestCount(verb: "create") == 3)
            server.faults.failNextRequests(2, with: .tooManyRequests(retryAfterSeconds: 0))
            #expect(try await configMaps.get("a").metadata.uid == created.metadata.uid)
            #expect(server.requestCount(verb: "get") == 3)
        }
    }

    @Test func serverErrorsAreRetriedOnlyForReadsWithRetryAfter() async throws {
        try await withInProcessConfigMaps { server, configMaps in
            // 500 without Retry-After: surfaces at once.
            server.faults.failNextRequests(1, with: .internalError)
            let error = await #expect(throws: KubeAPIError.self) { _ = try await configMaps.list() }
            #expect(error?.code == 500)
            #expect(server.requestCount(verb: "list") == 1)
            // A write that fails with 500 is never repeated (it may have been applied).
            server.faults.failNextRequests(1, with: .internalError)
            await #expect(throws: KubeAPIError.self) {
                _ = try await configMaps.create(CoreV1.ConfigMap(metadata: ObjectMeta(name: "b")))
            }
            #expect(server.requestCount(verb: "create") == 1)
        }
    }

    @Test func theErrorSurfacesWhenRetriesRunOut() async throws {
        try await withInProcessConfigMaps(client: { $0.retry.maxRetries = 2 }) { server, configMaps in
            server.faults.failNextRequests(5, with: .tooManyRequests(retryAfterSeconds: 0))
            let error = await #expect(throws: KubeAPIError.self) { _ = try await configMaps.get("missing") }
            #expect(error?.isTooManyRequests == true)
            #expect(server.requestCount(verb: "get") == 3)
        }
    }
}
