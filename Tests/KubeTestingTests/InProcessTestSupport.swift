import AsyncHTTPClient
import Foundation
import KubeModel
import NIOCore
import NIOHTTP1
@testable import KubeTesting

/// A started in-process server plus a raw HTTP client, for the InProcess* tests.
struct InProcessHarness {
    let server: InProcessAPIServer
    let http: HTTPClient

    struct Response {
        var code: Int
        var headers: HTTPHeaders
        var json: JSONValue
    }

    /// Starts a server, runs `body`, and shuts everything down (also on failure).
    static func run(
        _ configure: (inout InProcessAPIServer.Configuration) -> Void = { _ in },
        _ body: (InProcessHarness) async throws -> Void
    ) async throws {
        var config = InProcessAPIServer.Configuration()
        configure(&config)
        let server = InProcessAPIServer(configuration: config)
        try await server.start()
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let harness = InProcessHarness(server: server, http: http)
        do {
            try await body(harness)
        } catch {
            try? await http.shutdown()
            await server.shutdown()
            throw error
        }
        try? await http.shutdown()
        await server.shutdown()
    }

    func send(
        _ method: HTTPMethod, _ path: String, body: JSONValue? = nil, contentType: String = "application/json",
        headers extra: [(String, String)] = []
    ) async throws -> Response {
        var request = HTTPClientRequest(url: server.baseURL + path)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
        }
        for (k, v) in extra { request.headers.add(name: k, value: v) }
        let response = try await http.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        let json: JSONValue
        if bytes.readableBytes == 0 {
            json = .null
        } else if let decoded = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes.readableBytesView)) {
            json = decoded
        } else {
            json = .string(String(buffer: bytes))
        }
        return Response(code: Int(response.status.code), headers: response.headers, json: json)
    }

    func get(_ path: String, headers: [(String, String)] = []) async throws -> Response {
        try await send(.GET, path, headers: headers)
    }

    /// Creates an object and returns the stored object (asserting nothing).
    @discardableResult
    func create(_ path: String, _ object: JSONValue) async throws -> JSONValue {
        try await send(.POST, path, body: object).json
    }

    /// Opens a watch; returns once the server has registered it (the response head arrived).
    func watch(_ path: String, headers: [(String, String)] = []) async throws -> WatchReader {
        var request = HTTPClientRequest(url: server.baseURL + path)
        for (k, v) in headers { request.headers.add(name: k, value: v) }
        let response = try await http.execute(request, timeout: .seconds(30))
        return WatchReader(code: Int(response.status.code), iterator: response.body.makeAsyncIterator())
    }

    static func configMap(_ name: String, labels: [String: String] = [:], data: [String: String] = [:]) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": .string(name), "labels": .object(labels.mapValues(JSONValue.string))],
            "data": .object(data.mapValues(JSONValue.string)),
        ]
    }
}

/// Reads a watch response line by line.
struct WatchReader {
    var code: Int
    var iterator: HTTPClientResponse.Body.AsyncIterator
    var pending: [UInt8] = []

    /// A full line; a partial last line before a clean end; the bytes read before the
    /// connection broke; or the clean end of the stream.
    enum Line: Equatable {
        case line(String)
        case partial(String)
        case broken(String)
        case end
    }

    mutating func nextLine() async throws -> Line {
        while true {
            if let nl = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<nl], as: UTF8.self)
                pending.removeSubrange(...nl)
                return .line(line)
            }
            let next: ByteBuffer?
            do {
                next = try await iterator.next()
            } catch {
                defer { pending.removeAll() }
                return .broken(String(decoding: pending, as: UTF8.self))
            }
            guard let chunk = next else {
                if pending.isEmpty { return .end }
                defer { pending.removeAll() }
                return .partial(String(decoding: pending, as: UTF8.self))
            }
            pending.append(contentsOf: chunk.readableBytesView)
        }
    }

    /// The next event as JSON, or `nil` at the clean end of the stream.
    mutating func nextEvent() async throws -> JSONValue? {
        switch try await nextLine() {
        case .line(let text): return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        case .end: return nil
        case .partial(let text), .broken(let text): throw WatchBroke(partial: text)
        }
    }

    /// The next event that is not a BOOKMARK.
    mutating func nextNonBookmark() async throws -> JSONValue? {
        while let e = try await nextEvent() {
            if e["type"] != "BOOKMARK" { return e }
        }
        return nil
    }

    struct WatchBroke: Error { var partial: String }
}

extension JSONValue {
    var rv: Int64 { Int64(self["metadata"]?["resourceVersion"]?.stringValue ?? "") ?? -1 }
    var name: String? { self["metadata"]?["name"]?.stringValue }
}
