import Foundation
import KubeOperator
import Logging

/// A webhook server on 127.0.0.1 (a free port) serving test certificates, in a task of its own.
final class RunningWebhookServer: Sendable {
    let server: WebhookServer
    let certificates: TestCertificates
    let port: Int
    private let task: Task<Void, any Error>

    /// Makes certificates, lets `configure` register handlers, starts the server and waits until it listens.
    init(_ configure: (WebhookServer) throws -> Void) async throws {
        certificates = try TestCertificates.make()
        server = try WebhookServer(
            configuration: .init(host: "127.0.0.1", port: 0, certificatePath: certificates.certificatePath,
                                 keyPath: certificates.keyPath),
            logger: Self.logger)
        try configure(server)
        let server = self.server
        task = Task { try await server.run() }
        guard let port = await server.port() else {
            _ = try? await task.value
            throw WebhookTestError("the webhook server did not start")
        }
        self.port = port
    }

    /// Debug output on stderr when KINFORMER_WEBHOOK_DEBUG is set.
    static var logger: Logger {
        var logger = Logger(label: "kinformer.webhooks.test", factory: { label in StreamLogHandler.standardError(label: label) })
        logger.logLevel = ProcessInfo.processInfo.environment["KINFORMER_WEBHOOK_DEBUG"] == nil ? Logger.Level.info : Logger.Level.debug
        return logger
    }

    /// `https://127.0.0.1:port/path`.
    func url(_ path: String) -> String { "https://127.0.0.1:\(port)\(path)" }

    /// Stops the server and removes the certificates; rethrows a failure of the server.
    func stop() async throws {
        task.cancel()
        defer { certificates.remove() }
        try await task.value
    }
}

struct WebhookTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
