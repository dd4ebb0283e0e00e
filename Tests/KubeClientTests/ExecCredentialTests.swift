import Foundation
import KubeModel
import Testing

@testable import KubeClient

@Suite struct ExecCredentialTests {
    /// A plugin that counts its runs in `count`, echoes an env var and an arg into the token,
    /// and copies KUBERNETES_EXEC_INFO into `info`.
    func plugin(in dir: TempDir, expiration: String? = nil, apiVersion: String = "client.authentication.k8s.io/v1")
        throws -> String
    {
        let exp = expiration.map { #","expirationTimestamp":"\#($0)""# } ?? ""
        return try dir.write(
            "plugin.sh",
            """
            #!/bin/sh
            n=$(cat "\(dir.path)/count" 2>/dev/null || echo 0)
            n=$((n+1))
            echo $n > "\(dir.path)/count"
            printf '%s' "$KUBERNETES_EXEC_INFO" > "\(dir.path)/info"
            echo "diagnostics go to stderr" >&2
            printf '{"apiVersion":"\(apiVersion)","kind":"ExecCredential","status":{"token":"%s-%s-%s"\(exp)}}' "$MY_PREFIX" "$1" "$n"
            """, executable: true)
    }

    func configuration(command: String, apiVersion: String = "client.authentication.k8s.io/v1", clusterInfo: Bool = false)
        -> ClientConfiguration
    {
        var exec = KubeConfig.ExecConfig(
            command: command, args: ["arg1"], env: [.init(name: "MY_PREFIX", value: "tok")], apiVersion: apiVersion)
        exec.provideClusterInfo = clusterInfo
        exec.installHint = "install it with: brew install my-plugin"
        var cc = ClientConfiguration(server: URL(string: "https://h:6443")!)
        cc.authentication = .exec(exec)
        cc.tls.certificateAuthorityPEM = Array("CA".utf8)
        return cc
    }

    @Test func runsWithEnvArgsAndExecInfo() async throws {
        let dir = try TempDir()
        let auth = Authenticator(configuration: configuration(command: try plugin(in: dir), clusterInfo: true))
        let c = try await auth.credential()
        #expect(c.authorization?.value == "Bearer tok-arg1-1")
        let info = try String(contentsOfFile: dir.path + "/info", encoding: .utf8)
        let json = try KubeJSON.decode(JSONValue.self, from: Array(info.utf8))
        #expect(json["apiVersion"]?.stringValue == "client.authentication.k8s.io/v1")
        #expect(json["kind"]?.stringValue == "ExecCredential")
        #expect(json["spec"]?["interactive"] == false)
        #expect(json["spec"]?["cluster"]?["server"]?.stringValue == "https://h:6443")
        #expect(json["spec"]?["cluster"]?["certificate-authority-data"]?.stringValue == Data("CA".utf8).base64EncodedString())
    }

    @Test func cachedUntilExpirationAndRerunAfterInvalidate() async throws {
        let dir = try TempDir()
        let auth = Authenticator(
            configuration: configuration(command: try plugin(in: dir, expiration: "2999-01-01T00:00:00Z")))
        #expect(try await auth.credential().authorization?.value == "Bearer tok-arg1-1")
        #expect(try await auth.credential().authorization?.value == "Bearer tok-arg1-1")
        auth.invalidate()  // what a 401 does
        #expect(try await auth.credential().authorization?.value == "Bearer tok-arg1-2")
    }

    @Test func expiredCredentialIsRefreshed() async throws {
        let dir = try TempDir()
        let auth = Authenticator(
            configuration: configuration(command: try plugin(in: dir, expiration: "2000-01-01T00:00:00Z")))
        #expect(try await auth.credential().authorization?.value == "Bearer tok-arg1-1")
        #expect(try await auth.credential().authorization?.value == "Bearer tok-arg1-2")
    }

    @Test func v1beta1IsSupportedAndMismatchIsAnError() async throws {
        let dir = try TempDir()
        let beta = "client.authentication.k8s.io/v1beta1"
        let ok = Authenticator(configuration: configuration(command: try plugin(in: dir, apiVersion: beta), apiVersion: beta))
        #expect(try await ok.credential().authorization?.value == "Bearer tok-arg1-1")
        let bad = Authenticator(configuration: configuration(command: try plugin(in: dir, apiVersion: beta)))
        let e = await #expect(throws: ExecPluginError.self) { try await bad.credential() }
        #expect(e?.message.contains("v1beta1") == true)
    }

    @Test func missingCommandNamesItAndGivesHint() async throws {
        let auth = Authenticator(configuration: configuration(command: "kinformer-no-such-plugin"))
        let e = await #expect(throws: ExecPluginError.self) { try await auth.credential() }
        #expect(e?.description.contains("kinformer-no-such-plugin") == true)
        #expect(e?.description.contains("not found") == true)
        #expect(e?.description.contains("brew install my-plugin") == true)
    }

    @Test func failingCommandReportsStatusAndStderr() async throws {
        let dir = try TempDir()
        let script = try dir.write("fail.sh", "#!/bin/sh\necho 'login required' >&2\nexit 3\n", executable: true)
        let auth = Authenticator(configuration: configuration(command: script))
        let e = await #expect(throws: ExecPluginError.self) { try await auth.credential() }
        #expect(e?.message.contains("status 3") == true)
        #expect(e?.message.contains("login required") == true)
    }

    @Test func clientCertificateCredential() async throws {
        let dir = try TempDir()
        let script = try dir.write(
            "cert.sh",
            #"""
            #!/bin/sh
            printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"clientCertificateData":"CERT","clientKeyData":"KEY"}}'
            """#, executable: true)
        let auth = Authenticator(configuration: configuration(command: script))
        let c = try await auth.credential()
        #expect(c.authorization == nil)
        #expect(c.clientCertificate?.certificatePEM == Array("CERT".utf8))
        #expect(c.clientCertificate?.keyPEM.value == "KEY")
        #expect("\(c.clientCertificate!.keyPEM)" == "<redacted>")
    }

    @Test func garbageOutputIsAClearError() async throws {
        let dir = try TempDir()
        let script = try dir.write("junk.sh", "#!/bin/sh\necho hello\n", executable: true)
        let auth = Authenticator(configuration: configuration(command: script))
        let e = await #expect(throws: ExecPluginError.self) { try await auth.credential() }
        #expect(e?.message.contains("not an ExecCredential") == true)
    }
}

@Suite struct TokenBucketTests {
    @Test func burstThenPaced() {
        var b = TokenBucket(qps: 5, burst: 10)
        for _ in 0..<10 { #expect(b.reserve(now: .zero) == .zero) }
        #expect(b.reserve(now: .zero) == .milliseconds(200))
        #expect(b.reserve(now: .zero) == .milliseconds(400))
        // One second later five tokens have refilled, two of them already promised.
        #expect(b.reserve(now: .seconds(1)) == .zero)
        #expect(b.reserve(now: .seconds(1)) == .zero)
        #expect(b.reserve(now: .seconds(1)) == .zero)
        #expect(b.reserve(now: .seconds(1)) == .milliseconds(200))
    }

    @Test func unlimited() {
        var b = TokenBucket(qps: 0, burst: 0)
        for _ in 0..<1000 { #expect(b.reserve(now: .zero) == .zero) }
    }

    @Test func refillIsCappedAtBurst() {
        var b = TokenBucket(qps: 100, burst: 2)
        #expect(b.reserve(now: .zero) == .zero)
        #expect(b.reserve(now: .seconds(100)) == .zero)
        #expect(b.reserve(now: .seconds(100)) == .zero)
        #expect(b.reserve(now: .seconds(100)) == .milliseconds(10))
    }
}

@Suite struct ClientHelpersTests {
    @Test func queryEncoding() {
        let q = Transport.encodeQuery([("labelSelector", "app in (a,b),tier!=db"), ("continue", "x+y/z=")])
        #expect(q == "?labelSelector=app%20in%20%28a%2Cb%29%2Ctier%21%3Ddb&continue=x%2By%2Fz%3D")
        #expect(Transport.encodeQuery([]) == "")
    }

    @Test func listAndWatchOptions() {
        let l = ListOptions(labelSelector: "a=b", resourceVersion: "0", resourceVersionMatch: .notOlderThan, limit: 500)
        #expect(l.queryItems.map { "\($0.0)=\($0.1)" } == ["labelSelector=a=b", "resourceVersion=0", "resourceVersionMatch=NotOlderThan", "limit=500"])
        let w = WatchOptions(resourceVersion: "10", timeoutSeconds: 300, sendInitialEvents: true)
        #expect(w.queryItems.map { "\($0.0)=\($0.1)" } == ["watch=true", "resourceVersion=10", "timeoutSeconds=300", "allowWatchBookmarks=true", "sendInitialEvents=true"])
    }

    @Test func deleteOptionsBody() throws {
        let d = DeleteOptions(
            gracePeriodSeconds: 0, preconditions: .init(uid: "u", resourceVersion: "5"), propagationPolicy: .foreground)
        let json = try KubeJSON.decode(JSONValue.self, from: try KubeJSON.encode(d))
        #expect(json["propagationPolicy"]?.stringValue == "Foreground")
        #expect(json["preconditions"]?["uid"]?.stringValue == "u")
        #expect(json["gracePeriodSeconds"]?.intValue == 0)
    }

    @Test func errorFromStatusBodyAndFromText() throws {
        let body = try Fixtures.bytes("status-invalid-422.json")
        let e = Transport.apiError(code: 422, body: body, request: KubeRequest(path: "/api/v1/x"))
        #expect(e.isInvalid)
        #expect(e.status?.details?.causes?.isEmpty == false)
        let t = Transport.apiError(code: 503, body: Array("upstream down".utf8), request: KubeRequest(path: "/api/v1/x"))
        #expect(t.reason == .serviceUnavailable)
        #expect(t.message.contains("upstream down") && t.message.contains("/api/v1/x"))
    }

    @Test func catalogLookup() {
        let core = APIResourceList(
            groupVersion: "v1",
            resources: [
                APIResource(name: "pods", singularName: "pod", namespaced: true, kind: "Pod", shortNames: ["po"]),
                APIResource(name: "pods/status", singularName: "", namespaced: true, kind: "Pod"),
                APIResource(name: "namespaces", singularName: "", namespaced: false, kind: "Namespace", shortNames: ["ns"]),
            ])
        let crd = APIResourceList(
            groupVersion: "example.com/v1",
            resources: [APIResource(name: "widgets", singularName: "widget", namespaced: true, kind: "Widget", shortNames: ["wd"])])
        let catalog = ResourceCatalog([core, crd])
        #expect(catalog.resources.count == 3)
        for name in ["pods", "pod", "po", "Pod", "PODS"] { #expect(catalog.lookup(name)?.plural == "pods") }
        #expect(catalog.lookup("ns")?.namespaced == false)
        #expect(catalog.lookup("namespace")?.kind == "Namespace")
        #expect(catalog.lookup("widgets.example.com")?.apiVersion == "example.com/v1")
        #expect(catalog.lookup("widget.example.com")?.kind == "Widget")
        #expect(catalog.lookup("wd")?.group == "example.com")
        #expect(catalog.lookup("pods/status") == nil)
        #expect(catalog.lookup("widgets.other.io") == nil)
    }

    @Test func kubeJSONErrorNamesPath() {
        struct T: Decodable { var a: [Inner]; struct Inner: Decodable { var b: Int } }
        let e = #expect(throws: KubeJSONError.self) { try KubeJSON.decode(T.self, from: Array(#"{"a":[{"b":1},{"b":"x"}]}"#.utf8)) }
        #expect(e?.path == "a[1].b")
        #expect(e?.description.contains("a[1].b") == true)
    }
}
