import Foundation
import KubeSupport

/// A real etcd + kube-apiserver v1.20.2 on loopback, run by `scripts/control-plane`, for tests
/// that must talk to a genuine API server.
///
/// Use ``shared()`` for ordinary tests: one plane per test process (or the one named by
/// `KINFORMER_CONTROL_PLANE_DIR`, as `scripts/test` sets up). Use ``startDedicated()`` for
/// disruptive tests (``restartAPIServer()``, ``compactEtcd()``) so they never disturb tests
/// that run in parallel, and ``stop()`` it at the end.
///
/// TLS verification is always on: trust ``caFile``. The admin identity is in group
/// `system:masters`; the restricted user may do anything in ``restrictedNamespace`` only;
/// anonymous requests get 401. There is no controller-manager: no default service accounts,
/// no garbage collection. `scripts/control-plane` documents each command's guarantees.
public final class ControlPlane: Sendable {
    /// How this process relates to the plane.
    enum Ownership: Sendable {
        /// Started elsewhere (e.g. by `scripts/test`); never stopped by this process.
        case external
        /// The per-process shared plane; stopped when the process exits.
        case shared
        /// A private plane; stopped by ``stop()`` (or at exit), its directory then removed.
        case dedicated
    }

    /// The state directory (certificates, kubeconfigs, logs, `env`).
    public let directory: String
    /// The API server, `https://127.0.0.1:<port>`.
    public let serverURL: URL
    /// The API server's secure port on 127.0.0.1.
    public let securePort: Int
    /// etcd's client URL, `http://127.0.0.1:<port>` (plain HTTP, loopback only).
    public let etcdEndpoint: URL
    /// PEM file of the CA that signed the serving and client certificates.
    public let caFile: String
    /// Kubeconfig authenticating as admin with a bearer token.
    public let adminTokenKubeconfig: String
    /// Kubeconfig authenticating as admin with a client certificate (`client-certificate`/`client-key`).
    public let adminCertKubeconfig: String
    /// Kubeconfig for the restricted user, with ``restrictedNamespace`` as its namespace.
    public let restrictedKubeconfig: String
    /// PEM file of the admin client certificate (O=system:masters).
    public let adminCertFile: String
    /// PEM file of the admin client certificate's private key.
    public let adminKeyFile: String
    /// The admin's bearer token (group `system:masters`).
    public let adminToken: String
    /// The restricted user's bearer token.
    public let restrictedToken: String
    /// The restricted user's name.
    public let restrictedUser: String
    /// The only namespace the restricted user may touch (`restricted-ns`).
    public let restrictedNamespace: String

    let ownership: Ownership
    let script: String
    private let stopped = Locked(false)

    init(directory: String, environment env: [String: String], ownership: Ownership, script: String) throws {
        func field(_ name: String) throws -> String {
            guard let value = env[name], !value.isEmpty else {
                throw ControlPlaneError(
                    code: .malformedState,
                    message: "\(directory)/env lacks \(name); restart the plane with scripts/control-plane start")
            }
            return value
        }
        guard let server = URL(string: try field("KINFORMER_SERVER")),
            let port = Int(try field("KINFORMER_SECURE_PORT")),
            let etcd = URL(string: try field("KINFORMER_ETCD_ENDPOINT"))
        else {
            throw ControlPlaneError(code: .malformedState, message: "\(directory)/env has an unreadable URL or port")
        }
        self.directory = directory
        self.serverURL = server
        self.securePort = port
        self.etcdEndpoint = etcd
        self.caFile = try field("KINFORMER_CA_FILE")
        self.adminTokenKubeconfig = try field("KINFORMER_ADMIN_TOKEN_KUBECONFIG")
        self.adminCertKubeconfig = try field("KINFORMER_ADMIN_CERT_KUBECONFIG")
        self.restrictedKubeconfig = try field("KINFORMER_RESTRICTED_KUBECONFIG")
        self.adminCertFile = try field("KINFORMER_ADMIN_CERT_FILE")
        self.adminKeyFile = try field("KINFORMER_ADMIN_KEY_FILE")
        self.adminToken = try field("KINFORMER_ADMIN_TOKEN")
        self.restrictedToken = try field("KINFORMER_RESTRICTED_TOKEN")
        self.restrictedUser = try field("KINFORMER_RESTRICTED_USER")
        self.restrictedNamespace = try field("KINFORMER_RESTRICTED_NAMESPACE")
        self.ownership = ownership
        self.script = script
    }

    private static let sharedPlane = Task<ControlPlane, any Error> { try await makeShared() }

    /// The control plane shared by all tests of this process.
    ///
    /// Reuses the plane in `KINFORMER_CONTROL_PLANE_DIR` when that is set (starting it there if
    /// it is not running); otherwise starts one in a temporary directory on first use and stops
    /// it when the process exits. Throws ``ControlPlaneError`` with the script's output when the
    /// plane cannot start; every caller then gets that same error.
    public static func shared() async throws -> ControlPlane {
        try await sharedPlane.value
    }

    /// Starts a private control plane in a new temporary directory, for disruptive tests.
    ///
    /// Call ``stop()`` when done; a plane left running is stopped when the process exits.
    public static func startDedicated() async throws -> ControlPlane {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("kinformer-plane-\(UUID().uuidString.prefix(8))").path
        return try await start(in: directory, ownership: .dedicated)
    }

    /// Stops a dedicated plane and removes its directory. Idempotent.
    ///
    /// Does nothing for the shared or an external plane: other tests may still use those.
    public func stop() async throws {
        guard ownership == .dedicated else { return }
        let alreadyStopped = stopped.withLock { value in
            defer { value = true }
            return value
        }
        if alreadyStopped { return }
        Self.forgetOwned(directory)
        _ = try await Self.runScript(script, ["stop", directory], ownerPID: false)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Stops kube-apiserver and starts it again with the same flags and port; returns once it
    /// is ready. etcd is untouched, so every object survives. The new watch cache starts at
    /// etcd's revision at the restart: a watch from an older resourceVersion then gets 410
    /// Expired (v1.20 sends it as an ERROR event carrying a `Status` on an HTTP 200 stream).
    /// Disruptive: use it on a dedicated plane.
    public func restartAPIServer() async throws {
        _ = try await Self.runScript(script, ["restart-apiserver", directory], ownerPID: false)
    }

    /// Compacts etcd at its current revision and returns that revision. Afterwards reads at an
    /// older revision that reach etcd (e.g. a list with `resourceVersionMatch=Exact`) get
    /// 410 Expired. Disruptive: use it on a dedicated plane.
    @discardableResult
    public func compactEtcd() async throws -> Int64 {
        let output = try await Self.runScript(script, ["compact", directory], ownerPID: false)
        let lines = output.stdout.split(whereSeparator: \.isNewline)
        guard let last = lines.last, let revision = Int64(last.trimmingCharacters(in: .whitespaces)) else {
            throw ControlPlaneError(
                code: .scriptFailed, message: "scripts/control-plane compact printed no revision",
                output: output.combined)
        }
        return revision
    }
}
