import Foundation
import KubeModel
import Testing

@testable import KubeClient

/// A temporary folder removed when the test ends.
final class TempDir {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "kinformer-client-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ text: String, executable: Bool = false) throws -> String {
        let p = path + "/" + name
        try FileManager.default.createDirectory(
            atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: p) }
        return p
    }
}

let sampleConfig = """
    apiVersion: v1
    kind: Config
    current-context: dev
    clusters:
    - name: c1
      cluster:
        server: https://127.0.0.1:6443
        certificate-authority: certs/ca.crt
        tls-server-name: kubernetes
    - name: c2
      cluster:
        server: https://example.com:443
        insecure-skip-tls-verify: true
    users:
    - name: u1
      user:
        token: s3cr3t-token
    - name: u2
      user:
        client-certificate: certs/client.crt
        client-key: /abs/client.key
    - name: u3
      user:
        username: alice
        password: hunter2
        as: bob
        as-groups: [devs, ops]
    contexts:
    - name: dev
      context: {cluster: c1, user: u1, namespace: team-a}
    - name: prod
      context: {cluster: c2, user: u3}
    - name: broken
      context: {cluster: nowhere, user: u1}
    """

@Suite struct KubeConfigTests {
    @Test func parsesAndResolvesRelativePaths() throws {
        let config = try KubeConfig.parse(yaml: sampleConfig, file: "/home/me/.kube/config")
        #expect(config.currentContext == "dev")
        #expect(config.clusters["c1"]?.certificateAuthority == "/home/me/.kube/certs/ca.crt")
        #expect(config.clusters["c1"]?.tlsServerName == "kubernetes")
        #expect(config.clusters["c2"]?.insecureSkipTLSVerify == true)
        #expect(config.users["u2"]?.clientCertificate == "/home/me/.kube/certs/client.crt")
        #expect(config.users["u2"]?.clientKey == "/abs/client.key")
        #expect(config.users["u3"]?.impersonateGroups == ["devs", "ops"])
        #expect(config.contexts["dev"]?.namespace == "team-a")
    }

    @Test func resolvesContextWithTokenAndNamespace() throws {
        let config = try KubeConfig.parse(yaml: sampleConfig)
        var cc = try ClientConfiguration(kubeConfig: config, context: "prod")
        #expect(cc.server.absoluteString == "https://example.com:443")
        #expect(cc.namespace == "default")
        #expect(cc.tls.insecureSkipVerify)
        #expect(cc.impersonation?.user == "bob")
        guard case .basic(let user, let password) = cc.authentication else {
            Issue.record("expected basic auth")
            return
        }
        #expect(user == "alice" && password.value == "hunter2")
        let e = #expect(throws: KubeConfigError.self) { try ClientConfiguration(kubeConfig: config) }
        #expect(e?.code == .unreadableFile && e?.description.contains("certs/ca.crt") == true)
        let noCA = try KubeConfig.parse(
            yaml: sampleConfig.replacingOccurrences(of: "certificate-authority: certs/ca.crt", with: ""))
        cc = try ClientConfiguration(kubeConfig: noCA, namespace: "override")
        #expect(cc.namespace == "override")
        #expect(cc.tls.serverName == "kubernetes")
        #expect(cc.tls.insecureSkipVerify == false)
    }

    @Test func secretsNeverPrinted() throws {
        let config = try KubeConfig.parse(yaml: sampleConfig)
        let cc = try ClientConfiguration(kubeConfig: config, context: "prod")
        let dev = try ClientConfiguration(
            kubeConfig: KubeConfig.parse(yaml: sampleConfig.replacingOccurrences(of: "certificate-authority: certs/ca.crt", with: "")))
        var dumped = ""
        dump(cc, to: &dumped)
        dump(dev, to: &dumped)
        dump(config, to: &dumped)
        let printed = "\(cc) \(dev) \(config) \(String(reflecting: config)) \(config.users["u1"]!) " + dumped
        #expect(!printed.contains("hunter2"))
        #expect(!printed.contains("s3cr3t-token"))
    }

    @Test func missingContextClusterUserAreClear() throws {
        let config = try KubeConfig.parse(yaml: sampleConfig, file: "/tmp/kc")
        let e1 = #expect(throws: KubeConfigError.self) { try ClientConfiguration(kubeConfig: config, context: "nope") }
        #expect(e1?.code == .contextNotFound)
        #expect(e1?.description.contains("'nope'") == true && e1?.description.contains("dev, prod") == true)
        let e2 = #expect(throws: KubeConfigError.self) { try ClientConfiguration(kubeConfig: config, context: "broken") }
        #expect(e2?.code == .clusterNotFound)
        #expect(e2?.description.contains("nowhere") == true)
        var noUser = config
        noUser.users["u1"] = nil
        let e3 = #expect(throws: KubeConfigError.self) { try ClientConfiguration(kubeConfig: noUser) }
        #expect(e3?.code == .userNotFound)
        var noCurrent = config
        noCurrent.currentContext = nil
        let e4 = #expect(throws: KubeConfigError.self) { try ClientConfiguration(kubeConfig: noCurrent) }
        #expect(e4?.code == .noCurrentContext)
    }

    @Test func malformedNamesFileAndField() throws {
        let yaml = """
            clusters:
            - name: c1
              cluster:
                server: https://x
                insecure-skip-tls-verify: [not, a, bool]
            """
        let e = #expect(throws: KubeConfigError.self) { try KubeConfig.parse(yaml: yaml, file: "/etc/kc.yaml") }
        #expect(e?.code == .malformed)
        #expect(e?.file == "/etc/kc.yaml")
        #expect(e?.field?.contains("insecure-skip-tls-verify") == true)
        let e2 = #expect(throws: KubeConfigError.self) { try KubeConfig.parse(yaml: "clusters: [ {", file: "/etc/bad") }
        #expect(e2?.code == .malformed)
        #expect(e2?.description.contains("/etc/bad") == true)
    }

    @Test func mergesKubeconfigListFirstWins() throws {
        let dir = try TempDir()
        let a = try dir.write(
            "a/config",
            """
            current-context: ctx-a
            clusters:
            - name: shared
              cluster: {server: "https://a:1", certificate-authority: ca.pem}
            contexts:
            - name: ctx-a
              context: {cluster: shared, namespace: from-a}
            """)
        let b = try dir.write(
            "b/config",
            """
            current-context: ctx-b
            clusters:
            - name: shared
              cluster: {server: "https://b:1"}
            - name: only-b
              cluster: {server: "https://b:2", certificate-authority: ca.pem}
            users:
            - name: ub
              user: {tokenFile: token}
            contexts:
            - name: ctx-a
              context: {cluster: only-b}
            - name: ctx-b
              context: {cluster: only-b, user: ub}
            """)
        let env = ["KUBECONFIG": "\(a):\(dir.path)/missing:\(b)", "HOME": dir.path]
        let config = try KubeConfig.load(environment: env)
        #expect(config.currentContext == "ctx-a")
        #expect(config.clusters["shared"]?.server == "https://a:1")
        #expect(config.clusters["shared"]?.certificateAuthority == "\(dir.path)/a/ca.pem")
        #expect(config.clusters["only-b"]?.certificateAuthority == "\(dir.path)/b/ca.pem")
        #expect(config.contexts["ctx-a"]?.namespace == "from-a")
        #expect(config.users["ub"]?.tokenFile == "\(dir.path)/b/token")
        #expect(config.sources == [a, b])
    }

    @Test func defaultsToHomeKubeConfigAndReportsWhereItLooked() throws {
        let dir = try TempDir()
        let e = #expect(throws: KubeConfigError.self) { try KubeConfig.load(environment: ["HOME": dir.path]) }
        #expect(e?.code == .noConfiguration)
        #expect(e?.description.contains("\(dir.path)/.kube/config") == true)
        try dir.write(".kube/config", sampleConfig)
        let config = try KubeConfig.load(environment: ["HOME": dir.path])
        #expect(config.currentContext == "dev")
    }

    @Test func inlineDataAndBadBase64() throws {
        let pem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
        let b64 = Data(pem.utf8).base64EncodedString()
        let yaml = """
            current-context: x
            clusters: [{name: c, cluster: {server: "https://h:1", certificate-authority-data: \(b64)}}]
            users: [{name: u, user: {client-certificate-data: \(b64), client-key-data: "!!notbase64"}}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            """
        let config = try KubeConfig.parse(yaml: yaml)
        let e = #expect(throws: KubeConfigError.self) { try ClientConfiguration(kubeConfig: config) }
        #expect(e?.field == "users[u].client-key-data")
        #expect(e?.description.contains("notbase64") == false)
        var fixed = config
        fixed.users["u"]?.clientKeyData = Sensitive(b64)
        let cc = try ClientConfiguration(kubeConfig: fixed)
        #expect(cc.tls.certificateAuthorityPEM == Array(pem.utf8))
        #expect(cc.tls.clientKeyPEM?.value == pem)
    }

    @Test func inClusterConfiguration() throws {
        let dir = try TempDir()
        try dir.write("token", "tok-1\n")
        try dir.write("namespace", "kube-system")
        try dir.write("ca.crt", "CA")
        let env = ["KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"]
        let cc = try ClientConfiguration.inCluster(environment: env, directory: dir.path)
        #expect(cc.server.absoluteString == "https://10.0.0.1:443")
        #expect(cc.namespace == "kube-system")
        #expect(cc.authentication == .tokenFile(dir.path + "/token"))
        #expect(cc.tls.certificateAuthorityPEM == Array("CA".utf8))
        let e = #expect(throws: KubeConfigError.self) { try ClientConfiguration.inCluster(environment: [:], directory: dir.path) }
        #expect(e?.code == .notInCluster)
    }

    @Test func tokenFileIsReReadAfterInvalidate() async throws {
        let dir = try TempDir()
        let path = try dir.write("token", "first\n")
        var cc = ClientConfiguration(server: URL(string: "https://h:1")!)
        cc.authentication = .tokenFile(path)
        let auth = Authenticator(configuration: cc)
        #expect(try await auth.credential().authorization?.value == "Bearer first")
        try dir.write("token", "second")
        #expect(try await auth.credential().authorization?.value == "Bearer first")  // cached for a minute
        auth.invalidate()
        #expect(try await auth.credential().authorization?.value == "Bearer second")
    }
}
