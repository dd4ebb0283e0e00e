import NIOHTTP1

extension KubeClient {
    /// Sends a request asking for `accept` and returns the response's content type and whole
    /// body, undecoded: for tests and probes that compare encodings (JSON, protobuf) of the same
    /// object. `method` is an HTTP method name ("GET", "DELETE"). Non-2xx answers throw
    /// ``KubeAPIError`` as every request does.
    package func raw(
        _ method: String = "GET", path: String, query: [(String, String)] = [], accept: String
    ) async throws -> (contentType: String, body: [UInt8]) {
        let request = KubeRequest(method: HTTPMethod(rawValue: method), path: path, query: query, accept: accept)
        let response = try await transport.send(request)
        return (response.headers.first(name: "Content-Type") ?? "", response.bytes)
    }
}
