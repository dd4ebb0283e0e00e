import Foundation
import KubeModel
import Testing

@testable import KubeTesting

/// Tests against the shared real control plane (etcd + kube-apiserver v1.20.2).
@Suite struct ControlPlaneTests {
    private static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    @Test func adminTokenListsNamespaces() async throws {
        let plane = try await ControlPlane.shared()
        let response = try await ControlPlaneTestClient.with(plane, as: .bearer(plane.adminToken)) {
            try await $0.get("/api/v1/namespaces")
        }
        #expect(response.status == 200)
        let items = try #require(try response.json()["items"] as? [[String: Any]])
        let names = items.compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }
        #expect(names.contains(plane.restrictedNamespace))
    }

    @Test func adminClientCertificateAuthenticates() async throws {
        let plane = try await ControlPlane.shared()
        let identity = ControlPlaneTestClient.Identity.clientCertificate(
            certificate: plane.adminCertFile, key: plane.adminKeyFile)
        let (list, create) = try await ControlPlaneTestClient.with(plane, as: identity) { client in
            (
                try await client.get("/api/v1/namespaces"),
                try await client.createConfigMap(Self.uniqueName("by-cert"), in: "kube-system")
            )
        }
        #expect(list.status == 200)
        #expect(create.status == 201, "\(create.text)")
    }

    @Test func restrictedUserIsConfinedToItsNamespace() async throws {
        let plane = try await ControlPlane.shared()
        let name = Self.uniqueName("restricted")
        let (outside, cluster, inside, create) = try await ControlPlaneTestClient.with(
            plane, as: .bearer(plane.restrictedToken)
        ) { client in
            (
                try await client.get("/api/v1/namespaces/kube-system/configmaps"),
                try await client.get("/api/v1/namespaces"),
                try await client.get("/api/v1/namespaces/\(plane.restrictedNamespace)/configmaps"),
                try await client.createConfigMap(name, in: plane.restrictedNamespace)
            )
        }
        #expect(outside.status == 403)
        #expect(outside.kubeStatus?.reason == "Forbidden")
        #expect(outside.text.contains(plane.restrictedUser))
        #expect(cluster.status == 403)
        #expect(inside.status == 200)
        #expect(create.status == 201, "\(create.text)")
    }

    @Test func missingOrWrongTokenIsUnauthorized() async throws {
        let plane = try await ControlPlane.shared()
        let anonymous = try await ControlPlaneTestClient.with(plane, as: .anonymous) {
            try await $0.get("/api/v1/namespaces")
        }
        let wrong = try await ControlPlaneTestClient.with(plane, as: .bearer("not-a-valid-token")) {
            try await $0.get("/api/v1/namespaces")
        }
        #expect(anonymous.status == 401)
        #expect(anonymous.kubeStatus?.reason == "Unauthorized")
        #expect(wrong.status == 401)
    }

    @Test func kubeconfigsVerifyTLSAndPointAtThePlane() async throws {
        let plane = try await ControlPlane.shared()
        for path in [plane.adminTokenKubeconfig, plane.adminCertKubeconfig, plane.restrictedKubeconfig] {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.contains("server: \(plane.serverURL.absoluteString)"), "\(path)")
            #expect(text.contains("certificate-authority: \(plane.caFile)"), "\(path)")
            #expect(!text.contains("insecure-skip-tls-verify"), "\(path)")
        }
        let admin = try String(contentsOfFile: plane.adminTokenKubeconfig, encoding: .utf8)
        #expect(admin.contains("token: \(plane.adminToken)"))
        let cert = try String(contentsOfFile: plane.adminCertKubeconfig, encoding: .utf8)
        #expect(cert.contains("client-certificate: \(plane.adminCertFile)"))
        #expect(cert.contains("client-key: \(plane.adminKeyFile)"))
        let restricted = try String(contentsOfFile: plane.restrictedKubeconfig, encoding: .utf8)
        #expect(restricted.contains("token: \(plane.restrictedToken)"))
        #expect(restricted.contains("namespace: \(plane.restrictedNamespace)"))
    }

    @Test func sharedIsOneInstanceAndStartIsIdempotent() async throws {
        let plane = try await ControlPlane.shared()
        let again = try await ControlPlane.shared()
        #expect(plane === again)
        let before = try ControlPlane.readEnvironmentFile(plane.directory + "/env")
        let output = try await ControlPlane.runScript(plane.script, ["start", plane.directory], ownerPID: false)
        #expect(output.stderr.contains("already runs"))
        let after = try ControlPlane.readEnvironmentFile(plane.directory + "/env")
        #expect(after["KINFORMER_APISERVER_PID"] == before["KINFORMER_APISERVER_PID"])
        #expect(after["KINFORMER_ETCD_PID"] == before["KINFORMER_ETCD_PID"])
        #expect(after["KINFORMER_SECURE_PORT"] == String(plane.securePort))
    }

    @Test func parsesTheEnvFile() {
        let parsed = ControlPlane.parseEnvironment(
            "# comment\nKINFORMER_SERVER='https://127.0.0.1:1234'\n\nKINFORMER_X=plain\nbroken line\nK='a=b'\n")
        #expect(parsed == ["KINFORMER_SERVER": "https://127.0.0.1:1234", "KINFORMER_X": "plain", "K": "a=b"])
    }

    @Test func missingScriptFailsLoudly() async throws {
        let error = await #expect(throws: ControlPlaneError.self) {
            _ = try await ControlPlane.runScript("/nonexistent/control-plane", ["status"], ownerPID: false)
        }
        #expect(error?.code == .scriptMissing)
    }
}
