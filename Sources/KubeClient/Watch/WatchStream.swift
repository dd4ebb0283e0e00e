import AsyncHTTPClient
public import KubeModel
import NIOCore

/// The events of one watch, read from the streaming response as the consumer asks for them.
///
/// Bounded: bytes are pulled from the connection only when the consumer wants the next event,
/// so a slow consumer slows the read and memory holds at most one partial event. Cancelling the
/// iterating task, or dropping the iterator, closes the connection. When the server ends the
/// watch cleanly the sequence finishes; a broken line throws ``WatchDecodingError``.
public struct WatchStream<Object: KubernetesObject>: AsyncSequence, Sendable {
    public typealias Element = WatchEvent<Object>
    public typealias Failure = any Error

    private let body: HTTPClientResponse.Body
    /// The response's Content-Type: JSON lines, or (later) protobuf frames.
    private let contentType: String

    init(body: HTTPClientResponse.Body, contentType: String) {
        self.body = body
        self.contentType = contentType
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(chunks: body.makeAsyncIterator())
    }

    /// Pulls chunks, frames lines and decodes events.
    public struct AsyncIterator: AsyncIteratorProtocol {
        private var chunks: HTTPClientResponse.Body.AsyncIterator?
        private var lines = WatchLineDecoder()

        init(chunks: HTTPClientResponse.Body.AsyncIterator) {
            self.chunks = chunks
        }

        public mutating func next() async throws -> WatchEvent<Object>? {
            while true {
                if let line = try lines.nextLine() { return try WatchEvent<Object>.decode(line) }
                guard var it = chunks else { return nil }
                let chunk: ByteBuffer?
                do {
                    chunk = try await it.next()
                } catch {
                    chunks = nil
                    throw error
                }
                chunks = it
                if let chunk {
                    lines.append(chunk.readableBytesView)
                } else {
                    chunks = nil
                    if let last = try lines.finish() { return try WatchEvent<Object>.decode(last) }
                    return nil
                }
            }
        }
    }

    public typealias Iterator = AsyncIterator
}

extension ResourceClient {
    /// Starts a watch and returns once the server has accepted it (so a 403 or 410 on the
    /// request itself throws here). Events then arrive by iterating the stream.
    public func watch(_ options: WatchOptions = WatchOptions()) async throws -> WatchStream<Object> {
        var request = KubeRequest(path: resource.path(namespace: namespace), query: options.queryItems)
        request.accept = watchAccept
        let response = try await transport.stream(request)
        return WatchStream(body: response.body, contentType: response.headers.first(name: "Content-Type") ?? "application/json")
    }

    /// The Accept header of a watch.
    var watchAccept: String {
        metadataOnly ? "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json" : "application/json"
    }
}
