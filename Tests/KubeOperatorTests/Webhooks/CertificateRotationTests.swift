import AsyncHTTPClient
import Foundation
import KubeOperator
import NIOCore
import NIOSSL
import Testing

/// The webhook server over real TLS: it answers through HTTPS, and serves a rotated
/// certificate to the next connection once the files change.
@Suite struct CertificateRotationTests {
    /// POSTs a malformed review through a fresh client that trusts only `caPath`.
    static func post(_ url: String, trusting caPath: String) async throws -> (Int, String) {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caPath))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        do {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.body = .bytes(ByteBuffer(string: "{}"))
            let response = try await client.execute(request, timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 1 << 20)
            try await client.shutdown()
            return (Int(response.status.code), String(buffer: body))
        } catch {
            try await client.shutdown()
            throw error
        }
    }

    @Test func servesHTTPSAndReloadsARotatedCertificate() async throws {
        let running = try await RunningWebhookServer { try $0.converting("/convert", .gizmos) }
        let url = running.url("/convert")
        let firstCA = running.certificates.directory.appendingPathComponent("first-ca.crt").path
        try FileManager.default.copyItem(atPath: running.certificates.caPath, toPath: firstCA)

        // A review without a request is answered as a failed conversion, not a dropped connection.
        let (status, body) = try await Self.post(url, trusting: firstCA)
        #expect(status == 400)
        #expect(body.contains("the ConversionReview has no request"))

        try running.certificates.issue(caName: "kinformer-rotated-ca")
        let (rotatedStatus, _) = try await Self.post(url, trusting: running.certificates.caPath)
        #expect(rotatedStatus == 400)
        await #expect(throws: (any Error).self) { _ = try await Self.post(url, trusting: firstCA) }
        try await running.stop()
    }
}
