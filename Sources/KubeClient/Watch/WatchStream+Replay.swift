import AsyncHTTPClient
public import KubeModel
package import NIOCore
public import KubeModel

extension ResourceClient {
    /// Opens a watch and returns its response body undecoded, with the Content-Type the server
    /// chose: for captures and for benchmarks that replay the bytes (``WatchStream/init(replaying:contentType:)``).
    package func rawWatch(_ options: WatchOptions) async throws -> (contentType: String, body: HTTPClientResponse.Body) {
        var request = KubeRequest(path: resource.path(namespace: namespace), query: options.queryItems)
        request.accept = watchAccept
        let response = try await transport.stream(request)
        return (response.headers.first(name: "Content-Type") ?? "application/json", response.body)
    }
}

extension WatchStream {
    /// A watch over bytes received earlier, decoded exactly as a live response with that
    /// Content-Type would be. The stream ends after the last chunk.
    package init(replaying chunks: [ByteBuffer], contentType: String, interner: StringInterner? = nil) throws {
        try self.init(
            body: .stream(ReplayedChunks(chunks: chunks)), contentType: contentType,
            protobuf: ProtobufObjectDecoding(interner: interner), interner: interner)
    }
}

/// Chunks already in memory, as an async sequence.
private struct ReplayedChunks: AsyncSequence, Sendable {
    let chunks: [ByteBuffer]

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(chunks: chunks) }

    struct AsyncIterator: AsyncIteratorProtocol {
        var chunks: [ByteBuffer]
        var index = 0

        mutating func next() async -> ByteBuffer? {
            guard index < chunks.count else { return nil }
            defer { index += 1 }
            return chunks[index]
        }
    }
}
