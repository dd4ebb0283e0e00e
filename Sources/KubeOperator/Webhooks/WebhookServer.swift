import Foundation
import KubeSupport
import KubeModel
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
public import ServiceLifecycle

/// An HTTPS server for admission webhooks (validating and mutating, `admission.k8s.io/v1` and
/// `v1beta1`) and CRD conversion webhooks (`apiextensions.k8s.io/v1`), on SwiftNIO with NIOSSL.
///
/// Register handlers by path before ``run()``; the server reloads its certificate and key when
/// the files change. Every request gets a review in answer — a handler's error denies the
/// request (or fails the conversion) with a message, it never drops the connection.
///
/// ```swift
/// let webhooks = try WebhookServer(configuration: .init(port: 9443, certificatePath: "tls.crt", keyPath: "tls.key"))
/// try webhooks.validating("/validate-gizmo", Validator(Gizmo.self) { old, new, operation in … })
/// try webhooks.mutating("/default-gizmo", Defaulter(Gizmo.self) { gizmo, _ in … })
/// try webhooks.converting("/convert", converter)
/// ```
/// Run it in a `ServiceGroup`, or pass it to ``Manager/Configuration/webhooks``.
public final class WebhookServer: Service, Sendable {
    /// Where to listen and which certificate to serve.
    public struct Configuration: Sendable, Hashable {
        public var host: String
        /// 0 picks a free port (see ``port()``).
        public var port: Int
        /// PEM certificate chain (leaf first).
        public var certificatePath: String
        /// PEM private key of the leaf certificate.
        public var keyPath: String
        /// Requests with larger bodies are answered 413.
        public var maxBodySize: Int

        public init(
            host: String = "0.0.0.0", port: Int = 9443, certificatePath: String, keyPath: String,
            maxBodySize: Int = 32 << 20
        ) {
            self.host = host
            self.port = port
            self.certificatePath = certificatePath
            self.keyPath = keyPath
            self.maxBodySize = maxBodySize
        }
    }

    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    public let configuration: Configuration
    private let certificate: ServingCertificate
    private let logger: Logger
    private let routes = Locked<[String: WebhookRoute]>([:])
    private let unserved = Locked<[ObjectIdentifier: Connection]>([:])
    private let boundPort = Locked<Int?>(nil)
    private let listening = Latch<Bool>()

    /// Creates the server and loads its certificate.
    /// - Throws: ``OperatorError`` (code `webhookServer`) when the certificate or key cannot be read.
    public init(configuration: Configuration, logger: Logger = Logger(label: "kinformer.webhooks")) throws {
        self.configuration = configuration
        self.logger = logger
        certificate = try ServingCertificate(
            certificatePath: configuration.certificatePath, keyPath: configuration.keyPath, logger: logger)
    }

    // MARK: Routes

    /// Serves a validating admission webhook at `path`.
    public func validating<V: AdmissionValidator>(_ path: String, _ validator: V) throws {
        try add(path, .validating(validator))
    }

    /// Serves a mutating admission webhook at `path`; the handler's changes become a JSON patch.
    public func mutating<D: AdmissionDefaulter>(_ path: String, _ defaulter: D) throws {
        try add(path, .mutating(defaulter))
    }

    /// Serves a CRD conversion webhook at `path`.
    public func converting(_ path: String, _ converter: ResourceConverter) throws {
        try add(path, .converting(converter))
    }

    private func add(_ path: String, _ route: WebhookRoute) throws {
        guard path.hasPrefix("/") else {
            throw OperatorError(code: .webhookRoute, message: "webhook path '\(path)' must start with /")
        }
        try routes.withLock { r in
            guard r[path] == nil else {
                throw OperatorError(code: .webhookRoute, message: "a webhook is already served at \(path); give each its own path")
            }
            r[path] = route
        }
    }

    /// The port listened on, once listening (nil if the server could not start).
    public func port() async -> Int? {
        _ = await listening.wait()
        return boundPort.withLock { $0 }
    }

    // MARK: Run

    /// Serves until cancelled or graceful shutdown.
    public func run() async throws {
        let server: NIOAsyncChannel<Connection, Never>
        do {
            server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .bind(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        // Reads the two small PEM files once per connection (see ServingCertificate).
                        let tls = NIOSSLServerHandler(context: self.certificate.context())
                        try channel.pipeline.syncOperations.addHandler(tls)
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        let connection = try Connection(wrappingChannelSynchronously: channel)
                        self.unserved.withLock { $0[ObjectIdentifier(channel)] = connection }
                        return connection
                    }
                }
        } catch {
            listening.open(false)
            throw OperatorError(
                code: .webhookServer,
                message: "cannot listen on \(configuration.host):\(configuration.port) (\(error)); choose another port")
        }
        boundPort.withLock { $0 = server.channel.localAddress?.port }
        listening.open(true)
        logger.debug("webhook server listening", metadata: ["port": "\(server.channel.localAddress?.port ?? 0)"])
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                do {
                    try await server.executeThenClose { inbound in
                        try await withThrowingDiscardingTaskGroup { group in
                            for try await connection in inbound {
                                _ = unserved.withLock { $0.removeValue(forKey: ObjectIdentifier(connection.channel)) }
                                group.addTask { await self.serve(connection) }
                            }
                            group.cancelAll()
                        }
                    }
                } catch {
                    logger.debug("webhook server stopped", metadata: ["error": "\(error)"])
                }
            } onGracefulShutdown: {
                server.channel.close(promise: nil)
            }
        } onCancel: {
            server.channel.close(promise: nil)
        }
        let left = unserved.withLock { u in
            defer { u = [:] }
            return Array(u.values)
        }
        for connection in left { try? await connection.executeThenClose { _, _ in } }
    }

    private func serve(_ connection: Connection) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                var body = ByteBuffer()
                var tooLarge = false
                for try await part in inbound {
                    switch part {
                    case .head(let h):
                        head = h
                        body.clear()
                        tooLarge = false
                    case .body(var chunk):
                        if body.readableBytes + chunk.readableBytes > configuration.maxBodySize {
                            tooLarge = true
                        } else {
                            body.writeBuffer(&chunk)
                        }
                    case .end:
                        guard let request = head else { continue }
                        head = nil
                        let answer = await respond(to: request, body: tooLarge ? nil : Array(buffer: body))
                        if answer.status != 200 {
                            logger.debug("webhook request not served", metadata: [
                                "path": "\(request.uri)", "status": "\(answer.status)",
                                "answer": "\(String(decoding: answer.body.prefix(500), as: UTF8.self))",
                            ])
                        }
                        var headers = HTTPHeaders()
                        headers.add(name: "content-type", value: "application/json")
                        headers.add(name: "content-length", value: "\(answer.body.count)")
                        if !request.isKeepAlive { headers.add(name: "connection", value: "close") }
                        let status = HTTPResponseStatus(statusCode: answer.status)
                        try await outbound.write(.head(HTTPResponseHead(version: request.version, status: status, headers: headers)))
                        try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: answer.body))))
                        try await outbound.write(.end(nil))
                        if !request.isKeepAlive { return }
                    }
                }
            }
        } catch {
            logger.debug("webhook connection ended", metadata: ["error": "\(error)"])
        }
    }

    func respond(to request: HTTPRequestHead, body: [UInt8]?) async -> WebhookRoute.Answer {
        let path = request.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? request.uri
        guard let route = routes.withLock({ $0[path] }) else {
            let known = routes.withLock { $0.keys.sorted() }
            return Self.message(404, "no webhook is served at \(path); the served paths are \(known)")
        }
        guard request.method == .POST else { return Self.message(405, "webhooks take POST requests") }
        guard let body else {
            return Self.message(413, "the request body exceeds \(configuration.maxBodySize) bytes (Configuration.maxBodySize)")
        }
        return await route.handle(body)
    }

    private static func message(_ status: Int, _ text: String) -> WebhookRoute.Answer {
        let bytes = (try? KubeJSON.encode(["message": JSONValue.string(text)])) ?? []
        return WebhookRoute.Answer(status: status, body: bytes)
    }
}
