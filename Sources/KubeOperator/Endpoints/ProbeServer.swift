import KubeSupport
import NIOCore
import NIOHTTP1
import NIOPosix
import Logging
public import ServiceLifecycle

/// The operator's HTTP endpoints on one port, served with SwiftNIO's HTTP/1 codec:
/// `/metrics` (Prometheus text), `/healthz` (200 while the process serves) and `/readyz` (503
/// until the caches synced, then 200; the body reports leadership).
public final class ProbeServer: Service, Sendable {
    /// Where to listen.
    public struct Configuration: Sendable, Hashable {
        public var host: String
        /// 0 picks a free port (see ``Manager/probePort()``).
        public var port: Int

        public init(host: String = "0.0.0.0", port: Int = 8080) {
            self.host = host
            self.port = port
        }
    }

    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    private struct Runtime {
        var unserved: [ObjectIdentifier: Connection] = [:]
    }

    public let configuration: Configuration
    private let statusProvider = Locked<(@Sendable () -> Manager.Status?)?>(nil)
    private let metrics: OperatorMetrics?
    private let logger: Logger
    private let runtime = Locked(Runtime())
    /// The bound port, once listening.
    let boundPort = Locked<Int?>(nil)
    let listening = Latch<Bool>()

    init(configuration: Configuration, metrics: OperatorMetrics?, logger: Logger) {
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
    }

    /// Sets what `/readyz` reports.
    func setStatusProvider(_ provider: @escaping @Sendable () -> Manager.Status?) {
        statusProvider.withLock { $0 = provider }
    }

    /// The port listened on, waiting until listening (nil if the task is cancelled first).
    func port() async -> Int? {
        _ = await listening.wait()
        return boundPort.withLock { $0 }
    }

    /// Serves until cancelled.
    public func run() async throws {
        let server: NIOAsyncChannel<Connection, Never>
        do {
            server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .bind(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        let connection = try Connection(wrappingChannelSynchronously: channel)
                        self.runtime.withLock { $0.unserved[ObjectIdentifier(channel)] = connection }
                        return connection
                    }
                }
        } catch {
            listening.open(true)
            throw OperatorError(
                code: .probeServer,
                message: "cannot listen on \(configuration.host):\(configuration.port) (\(error)); choose another port")
        }
        boundPort.withLock { $0 = server.channel.localAddress?.port }
        listening.open(true)
        logger.debug("probe server listening", metadata: ["port": "\(server.channel.localAddress?.port ?? 0)"])
        // Cancellation closes the listener; the accept loop then ends and cancels the connections.
        await withTaskCancellationHandler {
            do {
                try await server.executeThenClose { inbound in
                    try await withThrowingDiscardingTaskGroup { group in
                        for try await connection in inbound {
                            _ = runtime.withLock { $0.unserved.removeValue(forKey: ObjectIdentifier(connection.channel)) }
                            group.addTask { await self.serve(connection) }
                        }
                        group.cancelAll()
                    }
                }
            } catch {
                logger.debug("probe server stopped", metadata: ["error": "\(error)"])
            }
        } onCancel: {
            server.channel.close(promise: nil)
        }
        // A connection accepted while the listener closed never reached the loop: finish it.
        let unserved = runtime.withLock { r in
            defer { r.unserved = [:] }
            return Array(r.unserved.values)
        }
        for connection in unserved { try? await connection.executeThenClose { _, _ in } }
    }

    private func serve(_ connection: Connection) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                for try await part in inbound {
                    switch part {
                    case .head(let h): head = h
                    case .body: break
                    case .end:
                        guard let request = head else { continue }
                        head = nil
                        let response = respond(to: request)
                        var headers = HTTPHeaders()
                        headers.add(name: "content-type", value: response.contentType)
                        headers.add(name: "content-length", value: "\(response.body.count)")
                        if !request.isKeepAlive { headers.add(name: "connection", value: "close") }
                        try await outbound.write(
                            .head(HTTPResponseHead(version: request.version, status: response.status, headers: headers)))
                        try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: response.body))))
                        try await outbound.write(.end(nil))
                        if !request.isKeepAlive { return }
                    }
                }
            }
        } catch {
            logger.debug("probe connection ended", metadata: ["error": "\(error)"])
        }
    }

    struct Response {
        var status: HTTPResponseStatus
        var contentType = "text/plain; charset=utf-8"
        var body: [UInt8]
    }

    func respond(to request: HTTPRequestHead) -> Response {
        let path = request.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? request.uri
        guard request.method == .GET || request.method == .HEAD else {
            return Response(status: .methodNotAllowed, body: Array("use GET\n".utf8))
        }
        switch path {
        case "/healthz", "/livez":
            return Response(status: .ok, body: Array("ok\n".utf8))
        case "/readyz":
            guard let status = statusProvider.withLock({ $0 })?() else { return Response(status: .serviceUnavailable, body: Array("stopped\n".utf8)) }
            var text = status.cachesSynced ? "ok\n" : "caches not synced\n"
            text += "caches_synced: \(status.cachesSynced)\n"
            text += "leader_election: \(status.electing)\n"
            text += "leading: \(status.leading)\n"
            if let leader = status.leader { text += "leader: \(leader)\n" }
            return Response(status: status.cachesSynced ? .ok : .serviceUnavailable, body: Array(text.utf8))
        case "/metrics":
            guard let metrics else {
                return Response(status: .notFound, body: Array("no metrics registry configured (Manager.Configuration.metrics)\n".utf8))
            }
            return Response(status: .ok, contentType: "text/plain; version=0.0.4; charset=utf-8", body: metrics.render())
        default:
            return Response(status: .notFound, body: Array("not found; try /metrics, /healthz or /readyz\n".utf8))
        }
    }
}
