import KubeModel
import KubeTesting
import NIOCore
import Testing

@testable import KubeClient

/// The streaming list against the in-process server: the response limit, retries and API errors
/// behave as for a whole-body request.
@Suite(.timeLimit(.minutes(1))) struct StreamingListTransportTests {
    @Test func theResponseLimitIsEnforcedWhileStreaming() async throws {
        try await withInProcessConfigMaps { server, configMaps in
            for i in 0..<20 {
                _ = try await configMaps.create(
                    CoreV1.ConfigMap(metadata: ObjectMeta(name: "cm-\(i)"), data: ["k": String(repeating: "v", count: 500)]))
            }
            var request = KubeRequest(path: configMaps.resource.path(namespace: "default"))
            request.maxResponseBytes = 4096
            await #expect(throws: NIOTooManyBytesError.self) {
                _ = try await configMaps.transport.send(request) { headers in
                    try StreamingListDecoder<CoreV1.ConfigMap>(contentType: headers.first(name: "Content-Type"))
                } chunk: { decoder, buffer in
                    try decoder.append(buffer)
                }
            }
            request.maxResponseBytes = 1 << 20
            var decoder = try await configMaps.transport.send(request) { headers in
                try StreamingListDecoder<CoreV1.ConfigMap>(contentType: headers.first(name: "Content-Type"))
            } chunk: { decoder, buffer in
                try decoder.append(buffer)
            }
            #expect(try decoder.finish().items.count == 20)
        }
    }

    @Test func listsAreRetriedAndFailAsBefore() async throws {
        try await withInProcessConfigMaps { server, configMaps in
            _ = try await configMaps.create(CoreV1.ConfigMap(metadata: ObjectMeta(name: "a")))
            server.faults.failNextRequests(2, with: .tooManyRequests(retryAfterSeconds: 0))
            #expect(try await configMaps.list().items.map(\.metadata.name) == ["a"])
            #expect(server.requestCount(verb: "list") == 3)
            server.faults.failNextRequests(1, with: .internalError)
            let error = await #expect(throws: KubeAPIError.self) { _ = try await configMaps.list() }
            #expect(error?.code == 500)
        }
    }
}
