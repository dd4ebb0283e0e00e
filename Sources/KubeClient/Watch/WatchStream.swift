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
    /// Set when the body is a protobuf stream (`application/vnd.kubernetes.protobuf;stream=watch`).
    private let protobuf: ProtobufObjectDecoding<Object>?
    /// Shares managed-fields text of JSON events (protobuf decoders carry their own).
    private let interner: StringInterner?

    /// A stream over a response body of type `contentType`.
    /// - Throws: ``KubeClientError`` when the body is protobuf and `protobuf` is `nil`, or is neither JSON nor protobuf.
    init(
        body: HTTPClientResponse.Body, contentType: String, protobuf: ProtobufObjectDecoding<Object>?,
        interner: StringInterner? = nil
    ) throws {
        self.body = body
        self.interner = interner
        switch ResponseFormat(contentType: contentType) {
        case .json:
            self.protobuf = nil
        case .protobuf:
            guard let protobuf else {
                throw KubeClientError("the server answered a watch of \(Object.self) in protobuf, which this client did not ask for")
            }
            self.protobuf = protobuf
        case .other(let type):
            throw KubeClientError("the server answered a watch of \(Object.self) as '\(type)'; expected JSON or protobuf")
        }
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(chunks: body.makeAsyncIterator(), protobuf: protobuf, interner: interner)
    }

    /// Pulls chunks, frames lines (JSON) or length-prefixed frames (protobuf) and decodes events.
    public struct AsyncIterator: AsyncIteratorProtocol {
        private var chunks: HTTPClientResponse.Body.AsyncIterator?
        private var lines = WatchLineDecoder()
        private var frames = WatchFrameDecoder()
        private let protobuf: ProtobufObjectDecoding<Object>?
        private let interner: StringInterner?

        init(chunks: HTTPClientResponse.Body.AsyncIterator, protobuf: ProtobufObjectDecoding<Object>?, interner: StringInterner?) {
            self.chunks = chunks
            self.protobuf = protobuf
            self.interner = interner
        }

        public mutating func next() async throws -> WatchEvent<Object>? {
            while true {
                if let event = try buffered(finishing: false) { return event }
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
                    if protobuf == nil { lines.append(chunk.readableBytesView) } else { frames.append(chunk.readableBytesView) }
                } else {
                    chunks = nil
                    return try buffered(finishing: true)
                }
            }
        }

        /// The next complete event already received; at the end of the body, the last one.
        private mutating func buffered(finishing: Bool) throws(WatchDecodingError) -> WatchEvent<Object>? {
            if let protobuf {
                guard let frame = finishing ? try frames.finish() : try frames.nextFrame() else { return nil }
                return try WatchEvent<Object>.decode(frame, protobuf: protobuf)
            }
            guard let line = finishing ? try lines.finish() : try lines.nextLine() else { return nil }
            return try WatchEvent<Object>.decode(line, interner: interner)
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
        return try WatchStream(
            body: response.body, contentType: response.headers.first(name: "Content-Type") ?? "application/json",
            protobuf: protobuf, interner: interner)
    }

    /// The Accept header of a watch: protobuf frames when this client reads protobuf.
    var watchAccept: String {
        if metadataOnly { return "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json" }
        return protobuf == nil
            ? "application/json" : KubeProtobuf.contentType + ";stream=watch, application/json"
    }
}
