import Foundation
import KubeModel
import NIOCore
import NIOHTTP1

extension InProcessAPIServer {
    typealias Outbound = NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    /// One accepted HTTP/1.1 connection.
    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    /// Serves the requests of one connection in order (HTTP/1.1 keep-alive) until it closes.
    func serve(_ connection: Connection) async {
        let channel = connection.channel
        track(channel, open: true)
        defer { track(channel, open: false) }
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                var body = ByteBuffer()
                for try await part in inbound {
                    switch part {
                    case .head(let h):
                        head = h
                        body.clear()
                    case .body(var chunk):
                        body.writeBuffer(&chunk)
                    case .end:
                        guard let h = head else { continue }
                        head = nil
                        let keepOpen = try await respond(to: h, body: body, channel: channel, outbound: outbound)
                        if !keepOpen || !h.isKeepAlive { return }
                    }
                }
            }
        } catch {
            logger.debug("in-process apiserver connection ended", metadata: ["error": "\(error)"])
        }
    }

    /// Answers one request; returns whether the connection may serve another.
    private func respond(to head: HTTPRequestHead, body: ByteBuffer, channel: any Channel, outbound: Outbound) async throws -> Bool {
        let request = APIRequest(head: head, core: core)
        if let latency = faults.injectedLatency(verb: request.verb, path: request.path) {
            try await Task.sleep(for: latency)
        }
        let outcome: Outcome
        var extraHeaders: [(String, String)] = []
        do {
            if let token = configuration.bearerToken,
                head.headers.first(name: "Authorization") != "Bearer \(token)", request.verb != "health"
            {
                throw ServerError.unauthorized
            }
            if let injected = faults.injectedError(verb: request.verb, path: request.path) { throw injected }
            outcome = try handle(request, body: body)
        } catch let error as ServerError {
            extraHeaders = error.headers
            outcome = .json(code: error.code, JSONCoding.value(error.status))
        }
        switch outcome {
        case .json(let code, let value):
            record(request, code: code)
            try await writeFull(
                outbound, head: head, code: code, contentType: "application/json", body: JSONCoding.buffer(value),
                extraHeaders: extraHeaders)
            return true
        case .text(let code, let text):
            record(request, code: code)
            try await writeFull(
                outbound, head: head, code: code, contentType: "text/plain; charset=utf-8", body: ByteBuffer(string: text),
                extraHeaders: extraHeaders)
            return true
        case .watch(let plan):
            record(request, code: 200)
            return try await stream(plan, head: head, channel: channel, outbound: outbound)
        }
    }

    private func writeFull(
        _ outbound: Outbound, head: HTTPRequestHead, code: Int, contentType: String, body: ByteBuffer,
        extraHeaders: [(String, String)]
    ) async throws {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        for (k, v) in extraHeaders { headers.add(name: k, value: v) }
        if !head.isKeepAlive { headers.add(name: "Connection", value: "close") }
        try await outbound.write(.head(HTTPResponseHead(version: head.version, status: .init(statusCode: code), headers: headers)))
        try await outbound.write(.body(.byteBuffer(body)))
        try await outbound.write(.end(nil))
    }

    /// Streams a watch: one JSON event per line (chunked), until a close, a timeout, an error
    /// event, a fault or the client going away. Returns whether the connection stays usable.
    private func stream(_ plan: WatchPlan, head: HTTPRequestHead, channel: any Channel, outbound: Outbound) async throws -> Bool {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Transfer-Encoding", value: "chunked")
        try await outbound.write(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers)))
        let core = self.core
        let id = plan.id
        channel.closeFuture.whenComplete { _ in core.signal(id, .close) }
        defer { core.unsubscribe(id) }
        let interval = configuration.bookmarkInterval
        return try await withThrowingTaskGroup(of: Void.self) { group in
            if let timeout = plan.timeout {
                group.addTask {
                    try await Task.sleep(for: timeout)
                    core.signal(id, .close)
                }
            }
            if plan.bookmarks {
                group.addTask {
                    while true {
                        try await Task.sleep(for: interval)
                        core.bookmark(id)
                    }
                }
            }
            defer { group.cancelAll() }
            var cutNextEvent = false
            loop: for await signal in plan.stream {
                await faults.waitWhileStalled()
                switch signal {
                case .event(let type, let object):
                    let o = plan.metadataOnly ? Self.metadataOnly(object) : object
                    if cutNextEvent {
                        var line = Self.eventLine(type, o)
                        let half = line.readSlice(length: line.readableBytes / 2) ?? line
                        try await outbound.write(.body(.byteBuffer(half)))
                        logger.debug("in-process apiserver cut a watch event mid-line", metadata: ["watch": "\(id)"])
                        return false
                    }
                    try await writeLine(outbound, type, o)
                case .bookmark(let rv, let end):
                    try await writeLine(outbound, "BOOKMARK", Self.bookmarkObject(plan, rv, end))
                case .error(let status):
                    try await writeLine(outbound, "ERROR", JSONCoding.value(status))
                    break loop
                case .close:
                    break loop
                case .truncate:
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(string: "{\"type\":\"MODIFIED\",\"object\":{\"kind\":\""))))
                    logger.debug("in-process apiserver cut a watch mid-line", metadata: ["watch": "\(id)"])
                    return false
                case .truncateNextEvent:
                    cutNextEvent = true
                case .malformed:
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(string: "{\"type\":\"MODIFIED\",\"object\":{this is not json\n"))))
                }
            }
            try await outbound.write(.end(nil))
            return true
        }
    }

    private func writeLine(_ outbound: Outbound, _ type: String, _ object: JSONValue) async throws {
        var buffer = Self.eventLine(type, object)
        buffer.writeInteger(UInt8(ascii: "\n"))
        try await outbound.write(.body(.byteBuffer(buffer)))
    }

    /// `{"type":"…","object":{…}}` with `type` first, as the real server writes it.
    static func eventLine(_ type: String, _ object: JSONValue) -> ByteBuffer {
        var buffer = ByteBuffer(string: "{\"type\":\"\(type)\",\"object\":")
        buffer.writeBytes(JSONCoding.encode(object))
        buffer.writeString("}")
        return buffer
    }

    static func bookmarkObject(_ plan: WatchPlan, _ rv: Int64, _ initialEventsEnd: Bool) -> JSONValue {
        var meta: JSONValue = ["resourceVersion": .string(String(rv)), "creationTimestamp": nil]
        if initialEventsEnd { meta["annotations"] = ["k8s.io/initial-events-end": "true"] }
        if plan.metadataOnly {
            return ["kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": meta]
        }
        return ["kind": .string(plan.resource.kind), "apiVersion": .string(plan.resource.apiVersion), "metadata": meta]
    }
}
