import AsyncHTTPClient
import Foundation
import KubeModel
import KubeTesting
import NIOCore
import NIOHTTP1
import NIOSSL

/// A tiny HTTP client for control-plane tests: TLS verification on (trusting the plane's CA),
/// one identity per client, whole bodies collected.
struct ControlPlaneTestClient {
    /// Who the requests authenticate as.
    enum Identity {
        case anonymous
        case bearer(String)
        case clientCertificate(certificate: String, key: String)
    }

    /// A collected response.
    struct Response {
        var status: Int
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }

        /// The body as a Kubernetes `Status`, when it is one.
        var kubeStatus: Status? {
            guard let status = try? JSONDecoder().decode(Status.self, from: body), status.kind == "Status" else {
                return nil
            }
            return status
        }

        /// A top-level JSON object field of the body.
        func json() throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: body) as? [String: Any] ?? [:]
        }
    }

    let plane: ControlPlane
    let identity: Identity
    private let client: HTTPClient

    /// Runs `body` with a client for `plane` as `identity`, shutting the client down afterwards.
    static func with<T>(
        _ plane: ControlPlane, as identity: Identity, _ body: (ControlPlaneTestClient) async throws -> T
    ) async throws -> T {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .file(plane.caFile)
        tls.certificateVerification = .fullVerification
        if case .clientCertificate(let certificate, let key) = identity {
            tls.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
        }
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: HTTPClient.Configuration(tlsConfiguration: tls))
        let wrapper = ControlPlaneTestClient(plane: plane, identity: identity, client: client)
        do {
            let result = try await body(wrapper)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// Sends one request to `path` (with its query) and collects the response (up to 16 MiB).
    func send(_ method: HTTPMethod, _ path: String, json: String? = nil) async throws -> Response {
        var request = HTTPClientRequest(url: plane.serverURL.absoluteString + path)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        if case .bearer(let token) = identity {
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
        }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await client.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 16 << 20)
        return Response(status: Int(response.status.code), body: Data(body.readableBytesView))
    }

    func get(_ path: String) async throws -> Response { try await send(.GET, path) }

    /// Creates a ConfigMap `name` in `namespace` with `data` and returns its resourceVersion.
    func createConfigMap(_ name: String, in namespace: String, data: [String: String] = [:]) async throws -> Response {
        try await send(.POST, "/api/v1/namespaces/\(namespace)/configmaps", json: Self.configMapJSON(name, data))
    }

    /// Replaces ConfigMap `name` in `namespace` (no resourceVersion: unconditional).
    func updateConfigMap(_ name: String, in namespace: String, data: [String: String]) async throws -> Response {
        try await send(.PUT, "/api/v1/namespaces/\(namespace)/configmaps/\(name)", json: Self.configMapJSON(name, data))
    }

    static func configMapJSON(_ name: String, _ data: [String: String]) -> String {
        let object: [String: Any] = [
            "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": name], "data": data,
        ]
        let bytes = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension ControlPlaneTestClient.Response {
    /// `metadata.resourceVersion` of the object in the body.
    func resourceVersion() throws -> String? {
        (try json()["metadata"] as? [String: Any])?["resourceVersion"] as? String
    }
}
