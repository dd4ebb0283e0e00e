import Foundation
import KubeModel
import KubeSupport

/// Produces the credentials for each request: a bearer token or basic header, and (for exec
/// plugins that return one) a client certificate. Caches exec credentials until they expire and
/// re-reads token files as they rotate; ``invalidate()`` after a 401 forces a refresh.
final class Authenticator: Sendable {
    /// What one request presents.
    struct Credential: Sendable {
        var authorization: Sensitive?
        var clientCertificate: ClientCertificate?
    }

    /// A client certificate from an exec plugin; compared by value to pick the HTTP client.
    struct ClientCertificate: Sendable, Hashable {
        var certificatePEM: [UInt8]
        var keyPEM: Sensitive
    }

    /// How often a token file is re-read (client-go: one minute).
    static let tokenFileRefresh: Duration = .seconds(60)

    private enum Source: Sendable {
        case none
        case header(Sensitive)
        case tokenFile(String)
        case exec(ExecCredentialPlugin)
    }

    private struct State: Sendable {
        var fileToken: (value: Sensitive, readAt: ContinuousClock.Instant)?
        var exec: (credential: Credential, expiration: Date?)?
        var execInFlight: Task<Credential, any Error>?
        var generation = 0
    }

    private let source: Source
    private let state = Locked(State())

    init(configuration: ClientConfiguration, environment: [String: String] = ProcessInfo.processInfo.environment) {
        switch configuration.authentication {
        case .none: source = .none
        case .bearerToken(let t): source = .header(Sensitive("Bearer " + t.value))
        case .basic(let user, let password):
            let encoded = Data("\(user):\(password.value)".utf8).base64EncodedString()
            source = .header(Sensitive("Basic " + encoded))
        case .tokenFile(let path): source = .tokenFile(path)
        case .exec(let exec):
            source = .exec(
                ExecCredentialPlugin(
                    config: exec, server: configuration.server.absoluteString,
                    certificateAuthorityPEM: configuration.tls.certificateAuthorityPEM, environment: environment))
        }
    }

    /// Whether a 401 may be cured by refreshing (token files and exec plugins).
    var canRefresh: Bool {
        switch source {
        case .tokenFile, .exec: return true
        case .none, .header: return false
        }
    }

    /// Forgets cached credentials so the next request reads or runs them again.
    func invalidate() {
        state.withLock {
            $0.fileToken = nil
            $0.exec = nil
            $0.generation += 1
        }
    }

    /// The credential for the next request.
    func credential() async throws -> Credential {
        switch source {
        case .none:
            return Credential()
        case .header(let h):
            return Credential(authorization: h)
        case .tokenFile(let path):
            return Credential(authorization: Sensitive("Bearer " + (try tokenFromFile(path)).value))
        case .exec(let plugin):
            return try await execCredential(plugin)
        }
    }

    private func tokenFromFile(_ path: String) throws(KubeConfigError) -> Sensitive {
        let now = ContinuousClock.now
        if let cached = state.withLock({ $0.fileToken }), now - cached.readAt < Self.tokenFileRefresh {
            return cached.value
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KubeConfigError(.unreadableFile, field: "tokenFile", message: "cannot read the token file '\(path)'")
        }
        let token = Sensitive(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        state.withLock { $0.fileToken = (token, now) }
        return token
    }

    private func execCredential(_ plugin: ExecCredentialPlugin) async throws -> Credential {
        enum Step {
            case cached(Credential)
            case wait(Task<Credential, any Error>)
        }
        let step: Step = state.withLock { s in
            // Refresh a little before expiry so a request does not race the deadline.
            if let c = s.exec, c.expiration.map({ $0.timeIntervalSinceNow > 10 }) ?? true {
                return .cached(c.credential)
            }
            if let t = s.execInFlight { return .wait(t) }
            let generation = s.generation
            let task = Task { [weak self] () throws -> Credential in
                let result: Result<ExecCredentialPlugin.Credential, ExecPluginError>
                do throws(ExecPluginError) { result = .success(try await plugin.run()) } catch { result = .failure(error) }
                self?.state.withLock { s in
                    s.execInFlight = nil
                    if case .success(let c) = result, s.generation == generation {
                        s.exec = (Self.credential(from: c), c.expiration)
                    }
                }
                return Self.credential(from: try result.get())
            }
            s.execInFlight = task
            return .wait(task)
        }
        switch step {
        case .cached(let c): return c
        case .wait(let task): return try await task.value
        }
    }

    private static func credential(from c: ExecCredentialPlugin.Credential) -> Credential {
        var out = Credential()
        if let t = c.token { out.authorization = Sensitive("Bearer " + t.value) }
        if let cert = c.clientCertificatePEM, let key = c.clientKeyPEM {
            out.clientCertificate = ClientCertificate(certificatePEM: cert, keyPEM: key)
        }
        return out
    }
}
