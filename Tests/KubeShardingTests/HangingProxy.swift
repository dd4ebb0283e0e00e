import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A loopback TCP proxy to one port that can stop forwarding: after ``hang()`` it keeps every
/// connection open (and accepts new ones) but passes no more bytes either way, so requests
/// through it neither complete nor fail — an API connection that hangs.
final class HangingProxy: Sendable {
    /// The port clients connect to.
    let port: UInt16
    private let target: UInt16
    private let listener: Int32
    private let state = Mutex<(hanging: Bool, closed: Bool, sockets: [Int32])>((false, false, []))

    init(targetPort: UInt16) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ProxyError("socket failed") }
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else { throw ProxyError("bind/listen failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        target = targetPort
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        Thread { [self] in acceptLoop() }.start()
    }

    /// Stops forwarding, for good.
    func hang() { state.withLock { $0.hanging = true } }

    /// Closes the listener and every connection.
    func close() {
        let sockets = state.withLock { s -> [Int32] in
            s.closed = true
            defer { s.sockets = [] }
            return s.sockets
        }
        _ = shutdown(listener, Int32(SHUT_RDWR))
        for fd in sockets { _ = shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: target)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            let closed = state.withLock { s -> Bool in
                if !s.closed { s.sockets += [client, upstream] }
                return s.closed
            }
            guard connected == 0, !closed else {
                _ = Glibc.close(client)
                _ = Glibc.close(upstream)
                continue
            }
            Thread { [self] in pump(from: client, to: upstream) }.start()
            Thread { [self] in pump(from: upstream, to: client) }.start()
        }
    }

    private func pump(from: Int32, to: Int32) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(from, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            if state.withLock({ $0.hanging }) { continue }  // swallow: the peer waits forever
            var sent = 0
            while sent < n {
                let w = buffer.withUnsafeBytes { write(to, $0.baseAddress! + sent, n - sent) }
                if w <= 0 { break }
                sent += w
            }
        }
        _ = shutdown(from, Int32(SHUT_RDWR))
        _ = shutdown(to, Int32(SHUT_RDWR))
    }
}

struct ProxyError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
