import Foundation

/// A throwaway CA and a serving certificate for 127.0.0.1, made with the openssl CLI (as
/// scripts/control-plane makes the plane's) in a fresh temporary folder.
struct TestCertificates {
    let directory: URL
    var caPath: String { directory.appendingPathComponent("ca.crt").path }
    var certificatePath: String { directory.appendingPathComponent("tls.crt").path }
    var keyPath: String { directory.appendingPathComponent("tls.key").path }
    /// The CA certificate (PEM), for a webhook configuration's `caBundle`.
    var caBundle: [UInt8] { Array(FileManager.default.contents(atPath: caPath) ?? Data()) }

    /// A new CA (named `caName`) and a serving certificate for 127.0.0.1 signed by it.
    static func make(caName: String = "kinformer-webhook-test-ca") throws -> TestCertificates {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kinformer-webhook-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let certs = TestCertificates(directory: dir)
        try certs.issue(caName: caName)
        return certs
    }

    /// Replaces the CA and serving certificate with new ones (writes the key and certificate in place).
    func issue(caName: String) throws {
        let d = directory.path
        try Self.openssl(["req", "-x509", "-new", "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                          "-keyout", "\(d)/ca.key", "-out", "\(d)/ca.crt", "-days", "1", "-subj", "/CN=\(caName)"])
        try Self.openssl(["req", "-new", "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                          "-keyout", "\(d)/new.key", "-out", "\(d)/tls.csr", "-subj", "/CN=127.0.0.1"])
        try Data("subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n".utf8).write(to: directory.appendingPathComponent("tls.ext"))
        try Self.openssl(["x509", "-req", "-in", "\(d)/tls.csr", "-CA", "\(d)/ca.crt", "-CAkey", "\(d)/ca.key",
                          "-CAcreateserial", "-days", "1", "-out", "\(d)/new.crt", "-extfile", "\(d)/tls.ext"])
        // Swap the pair in by rename, certificate then key (a reader may see a mismatched pair in between).
        guard rename("\(d)/new.crt", certificatePath) == 0, rename("\(d)/new.key", keyPath) == 0 else {
            throw CertificateError(message: "cannot move the new certificate into place (errno \(errno))")
        }
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    private static func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CertificateError(message: "openssl \(arguments.first ?? "") failed: \(String(decoding: message, as: UTF8.self))")
        }
    }

    struct CertificateError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
