import Foundation
import Logging
import NIOSSL
import KubeSupport

/// The webhook server's TLS identity, read from a PEM certificate chain and key on disk and
/// re-read when either file changes (cert rotation, e.g. cert-manager renewing a Secret).
///
/// Each new connection asks for ``context()``: it reads the two small files and rebuilds the
/// TLS context only when their bytes changed, so rotation takes effect on the next connection
/// without a timer. A half-written pair (a new certificate beside the old key) does not load;
/// the last good context keeps serving until the pair matches again.
final class ServingCertificate: Sendable {
    private struct Loaded {
        var certificate: [UInt8]
        var key: [UInt8]
        var context: NIOSSLContext
    }

    let certificatePath: String
    let keyPath: String
    private let logger: Logger
    private let current: Locked<Loaded>

    /// Loads the pair.
    /// - Throws: ``OperatorError`` (code `webhookServer`) when a file is missing or does not hold
    ///   a PEM certificate chain and a matching private key.
    init(certificatePath: String, keyPath: String, logger: Logger) throws {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        self.logger = logger
        current = Locked(try Self.load(certificatePath: certificatePath, keyPath: keyPath))
    }

    /// The context for a new connection, reloaded first if the files changed.
    func context() -> NIOSSLContext {
        let (certificate, key) = (Self.read(certificatePath), Self.read(keyPath))
        let loaded = current.withLock { $0 }
        guard let certificate, let key, certificate != loaded.certificate || key != loaded.key else {
            return loaded.context
        }
        do {
            let fresh = try Self.make(certificate: certificate, key: key)
            current.withLock { $0 = fresh }
            logger.debug("webhook serving certificate reloaded", metadata: ["certificate": "\(certificatePath)"])
            return fresh.context
        } catch {
            logger.warning(
                "webhook serving certificate not reloaded; serving the previous one",
                metadata: ["certificate": "\(certificatePath)", "error": "\(error)"])
            return loaded.context
        }
    }

    private static func read(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { Array($0) }
    }

    private static func load(certificatePath: String, keyPath: String) throws -> Loaded {
        guard let certificate = read(certificatePath) else {
            throw OperatorError(code: .webhookServer, message: "cannot read the serving certificate \(certificatePath)")
        }
        guard let key = read(keyPath) else {
            throw OperatorError(code: .webhookServer, message: "cannot read the serving key \(keyPath)")
        }
        do {
            return try make(certificate: certificate, key: key)
        } catch {
            throw OperatorError(
                code: .webhookServer,
                message: "\(certificatePath) and \(keyPath) are not a PEM certificate chain and its private key (\(error))")
        }
    }

    private static func make(certificate: [UInt8], key: [UInt8]) throws -> Loaded {
        let chain = try NIOSSLCertificate.fromPEMBytes(certificate)
        guard !chain.isEmpty else { throw OperatorError(code: .webhookServer, message: "no certificate in the PEM") }
        let privateKey = try NIOSSLPrivateKey(bytes: key, format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
        configuration.minimumTLSVersion = .tlsv12
        return Loaded(certificate: certificate, key: key, context: try NIOSSLContext(configuration: configuration))
    }
}
