import AsyncHTTPClient
import Foundation
import KubeModel
import KubeTesting
import NIOCore
import NIOHTTP1
import NIOSSL

/// One API server the conformance sequence runs against, spoken to with raw HTTP so that
/// status codes, `Status` bodies and watch lines are seen exactly as sent.
struct ConformanceTarget {
    /// A collected response.
    struct Response: CustomStringConvertible {
        var code: Int
        var json: JSONValue
        /// `reason` of a `Status` body, or "-" when the body is not a Status.
        var reason: String { json["kind"]?.stringValue == "Status" ? (json["reason"]?.stringValue ?? "") : "-" }
        var resourceVersion: String? { json["metadata"]?["resourceVersion"]?.stringValue }
        var description: String { "\(code) \(reason)" }
    }

    let name: String
    let baseURL: String
    let token: String?
    let http: HTTPClient

    /// Runs `body` with a target for the real control plane `plane` (admin token, TLS verified).
    static func real(_ plane: ControlPlane, _ body: (ConformanceTarget) async throws -> Void) async throws {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .file(plane.caFile)
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        let target = ConformanceTarget(
            name: "kube-apiserver", baseURL: plane.serverURL.absoluteString, token: plane.adminToken, http: http)
        try await run(target, body)
    }

    /// Runs `body` with a target for `server` (plain HTTP, no authentication).
    static func inProcess(_ server: InProcessAPIServer, _ body: (ConformanceTarget) async throws -> Void) async throws {
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        try await run(ConformanceTarget(name: "in-process", baseURL: server.baseURL, token: nil, http: http), body)
    }

    private static func run(_ target: ConformanceTarget, _ body: (ConformanceTarget) async throws -> Void) async throws {
        do {
            try await body(target)
        } catch {
            try? await target.http.shutdown()
            throw error
        }
        try await target.http.shutdown()
    }

    private func request(_ method: HTTPMethod, _ path: String, body: JSONValue?, contentType: String) throws -> HTTPClientRequest {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: try KubeJSON.encode(body)))
        }
        return request
    }

    /// Sends one request and collects the JSON answer (`null` when the body is not JSON).
    func send(
        _ method: HTTPMethod, _ path: String, body: JSONValue? = nil, contentType: String = "application/json"
    ) async throws -> Response {
        let response = try await http.execute(
            try request(method, path, body: body, contentType: contentType), timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        let json = (try? KubeJSON.decode(JSONValue.self, from: Array(bytes.readableBytesView))) ?? .null
        return Response(code: Int(response.status.code), json: json)
    }

    func get(_ path: String) async throws -> Response { try await send(.GET, path) }

    /// Opens a watch at `path` and returns its HTTP status and the first `count` events that are
    /// not BOOKMARKs (fewer if the server ends the stream first).
    func watch(_ path: String, count: Int) async throws -> (code: Int, events: [JSONValue]) {
        let response = try await http.execute(try request(.GET, path, body: nil, contentType: ""), timeout: .seconds(60))
        var events: [JSONValue] = []
        var pending: [UInt8] = []
        if response.status != .ok {
            let bytes = try await response.body.collect(upTo: 1 << 20)
            let json = (try? KubeJSON.decode(JSONValue.self, from: Array(bytes.readableBytesView))) ?? .null
            return (Int(response.status.code), [json])
        }
        reading: for try await chunk in response.body {
            pending.append(contentsOf: chunk.readableBytesView)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(pending[..<newline])
                pending.removeSubrange(...newline)
                guard !line.isEmpty else { continue }
                let event = try KubeJSON.decode(JSONValue.self, from: line)
                if event["type"]?.stringValue == "BOOKMARK" { continue }
                events.append(event)
                if events.count >= count { break reading }
            }
        }
        return (200, events)
    }
}

extension JSONValue {
    /// `metadata.name` of an object.
    var objectName: String { self["metadata"]?["name"]?.stringValue ?? "" }
}
