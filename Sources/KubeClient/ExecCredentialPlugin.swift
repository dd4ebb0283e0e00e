import Dispatch
import Foundation
import KubeModel
import KubeSupport

/// Runs an exec credential plugin (`client.authentication.k8s.io/v1` or `v1beta1`) and parses
/// the `ExecCredential` it prints.
struct ExecCredentialPlugin: Sendable {
    var config: KubeConfig.ExecConfig
    /// The cluster the credential is for, passed in `KUBERNETES_EXEC_INFO` when `provideClusterInfo`.
    var server: String
    var certificateAuthorityPEM: [UInt8]?
    var environment: [String: String]

    /// What the plugin returned.
    struct Credential: Sendable {
        var token: Sensitive?
        var clientCertificatePEM: [UInt8]?
        var clientKeyPEM: Sensitive?
        var expiration: Date?
    }

    var apiVersion: String { config.apiVersion ?? "client.authentication.k8s.io/v1" }

    /// Runs the plugin once. Blocks a dispatch thread, not the caller's executor.
    func run() async throws(ExecPluginError) -> Credential {
        let executable = try locate()
        var env = environment
        for v in config.env ?? [] { env[v.name] = v.value }
        env["KUBERNETES_EXEC_INFO"] = execInfo()
        let args = config.args ?? []
        let environment = env
        let result: Result<(Int32, Data, Data), ExecPluginError> = await withCheckedContinuation { cont in
            DispatchQueue.global().async {
                cont.resume(returning: Self.spawn(executable: executable, args: args, environment: environment, command: config.command))
            }
        }
        let (status, stdout, stderr) = try result.get()
        guard status == 0 else {
            let detail = String(decoding: stderr.prefix(512), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw ExecPluginError(
                command: config.command,
                message: "exited with status \(status)\(detail.isEmpty ? "" : ": \(detail)")")
        }
        return try parse(stdout)
    }

    /// Parses the plugin's standard output.
    func parse(_ output: Data) throws(ExecPluginError) -> Credential {
        let cred: ExecCredentialOutput
        do {
            cred = try KubeJSON.decode(ExecCredentialOutput.self, from: output)
        } catch {
            throw ExecPluginError(command: config.command, message: "printed something that is not an ExecCredential: \(error)")
        }
        guard cred.apiVersion == apiVersion else {
            throw ExecPluginError(
                command: config.command,
                message: "returned apiVersion '\(cred.apiVersion ?? "")' but '\(apiVersion)' was asked for")
        }
        guard let status = cred.status else {
            throw ExecPluginError(command: config.command, message: "returned an ExecCredential without status")
        }
        var out = Credential()
        if let t = status.token, !t.isEmpty { out.token = Sensitive(t) }
        if let c = status.clientCertificateData, let k = status.clientKeyData, !c.isEmpty, !k.isEmpty {
            out.clientCertificatePEM = Array(c.utf8)
            out.clientKeyPEM = Sensitive(k)
        } else if status.clientCertificateData != nil || status.clientKeyData != nil {
            throw ExecPluginError(
                command: config.command, message: "returned only one of clientCertificateData and clientKeyData")
        }
        guard out.token != nil || out.clientCertificatePEM != nil else {
            throw ExecPluginError(command: config.command, message: "returned neither a token nor a client certificate")
        }
        if let exp = status.expirationTimestamp {
            guard let t = Time(rfc3339: exp) else {
                throw ExecPluginError(command: config.command, message: "returned a bad expirationTimestamp '\(exp)'")
            }
            out.expiration = Date(timeIntervalSince1970: TimeInterval(t.secondsSinceEpoch))
        }
        return out
    }

    /// `KUBERNETES_EXEC_INFO`: the ExecCredential input with `spec.interactive` and, if asked, the cluster.
    func execInfo() -> String {
        var spec: [String: JSONValue] = ["interactive": false]
        if config.provideClusterInfo == true {
            var cluster: [String: JSONValue] = ["server": .string(server)]
            if let ca = certificateAuthorityPEM {
                cluster["certificate-authority-data"] = .string(Data(ca).base64EncodedString())
            }
            spec["cluster"] = .object(cluster)
        }
        let info: JSONValue = ["apiVersion": .string(apiVersion), "kind": "ExecCredential", "spec": .object(spec)]
        return (try? KubeJSON.encode(info)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    private func locate() throws(ExecPluginError) -> String {
        let command = config.command
        let hint = config.installHint.map { "\n\($0)" } ?? ""
        if command.contains("/") {
            guard FileManager.default.isExecutableFile(atPath: command) else {
                throw ExecPluginError(command: command, message: "is not an executable file\(hint)")
            }
            return command
        }
        let path = (config.env?.last { $0.name == "PATH" }?.value) ?? environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(command)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw ExecPluginError(command: command, message: "was not found on PATH\(hint)")
    }

    private static func spawn(executable: String, args: [String], environment: [String: String], command: String)
        -> Result<(Int32, Data, Data), ExecPluginError>
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = args
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return .failure(ExecPluginError(command: command, message: "could not be started: \(error.localizedDescription)"))
        }
        // Read stderr concurrently so a chatty plugin cannot fill the pipe and deadlock.
        let errorBox = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorBox.set(err.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return .success((process.terminationStatus, stdout, errorBox.get()))
    }
}

/// Hands the stderr bytes from the reader thread to the waiting thread.
private final class DataBox: Sendable {
    private let data = Locked(Data())
    func set(_ d: Data) { data.withLock { $0 = d } }
    func get() -> Data { data.withLock { $0 } }
}

private struct ExecCredentialOutput: Decodable {
    var apiVersion: String?
    var kind: String?
    var status: Status?
    struct Status: Decodable {
        var token: String?
        var clientCertificateData: String?
        var clientKeyData: String?
        var expirationTimestamp: String?
    }
}

/// An exec credential plugin that is missing, failed, or printed something unusable.
public struct ExecPluginError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The plugin command as configured.
    public var command: String
    /// What went wrong (never includes the credential).
    public var message: String

    public init(command: String, message: String) {
        self.command = command
        self.message = message
    }

    public var description: String { "exec credential plugin '\(command)' \(message)" }
}
