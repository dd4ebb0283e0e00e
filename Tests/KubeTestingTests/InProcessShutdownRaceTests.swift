import Foundation
import Synchronization
import Testing
import KubeTesting

#if canImport(Glibc)
    import Glibc
#endif

/// Shutting the in-process server down while clients keep connecting: a connection accepted as
/// the listener closes must be finished, not dropped (NIO traps on an unfinished channel, which
/// would kill the whole test process).
@Suite(.timeLimit(.minutes(2))) struct InProcessShutdownRaceTests {
    @Test func shutdownWhileClientsKeepConnecting() async throws {
        for round in 0..<15 {
            // An address of its own on the loopback network: other tests' servers listen on
            // 127.0.0.1, and one that takes the freed port number must not answer the last check.
            var configuration = InProcessAPIServer.Configuration()
            configuration.host = "127.0.\(171 + round).\(1 + Int.random(in: 1...250))"
            let server = InProcessAPIServer(configuration: configuration)
            try await server.start()
            let connector = Connector(host: configuration.host, port: server.port)
            let connected = connector.start()
            // Shut down only once connections are arriving (the loop keeps connecting meanwhile).
            await connected.first { $0 >= 20 }
            await server.shutdown()
            let total = await connector.stop()
            #expect(total >= 20)
            #expect(!Connector.connects(host: configuration.host, port: server.port), "the port still accepts after shutdown")
        }
    }
}

/// Opens TCP connections to a port in a tight loop on its own thread (each closed right away),
/// reporting the running count.
private final class Connector: Sendable {
    let host: String
    let port: Int
    private let stopped = Atomic<Bool>(false)
    private let done = Mutex<CheckedContinuation<Int, Never>?>(nil)
    private let total = Atomic<Int>(0)

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    func start() -> AsyncStream<Int> {
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let thread = Thread { [self] in
            while !stopped.load(ordering: .relaxed) {
                if Connector.connects(host: host, port: port) {
                    continuation.yield(total.add(1, ordering: .relaxed).newValue)
                }
            }
            continuation.finish()
            done.withLock { $0?.resume(returning: total.load(ordering: .relaxed)); $0 = nil }
        }
        thread.start()
        return stream
    }

    /// Stops the loop and returns how many connections succeeded.
    func stop() async -> Int {
        await withCheckedContinuation { c in
            done.withLock { $0 = c }
            stopped.store(true, ordering: .relaxed)
        }
    }

    /// Whether a TCP connect to `host`:`port` succeeds (the socket is closed again at once).
    static func connects(host: String, port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(host)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
