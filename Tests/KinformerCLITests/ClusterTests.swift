import Foundation
import KubeClient
import KubeModel
import KubeTesting
import Testing

@testable import KinformerCLI

/// `kinformer watch` and `get` against the real control plane. These fail (never skip) when the
/// plane cannot start.
@Suite(.timeLimit(.minutes(3))) struct ClusterTests {
    @Test func watchAllNamespacesSeesInitialListThenCreateUpdateDelete() async throws {
        let plane = try await ControlPlane.shared()
        let admin = try ClusterFixture.adminClient(plane)
        defer { Task { try await admin.shutdown() } }
        let ns = try await ClusterFixture.makeNamespace(admin)
        let pods = admin.resource(ClusterFixture.pods, namespace: ns)
        let first = try await pods.create(ClusterFixture.pod("first"))

        let output = RecordingOutput()
        let watch = try ClusterFixture.startWatch(
            ["pods", "-A", "--kubeconfig", plane.adminTokenKubeconfig], format: .text, output: output)
        let initial = await output.waitForLine { $0.hasPrefix("ADDED \(ns)/first ") || $0.hasPrefix("finished") }
        #expect(initial == "ADDED \(ns)/first rv=\(first.resourceVersion)")

        let second = try await pods.create(ClusterFixture.pod("second"))
        let added = await output.waitForLine { $0.hasPrefix("ADDED \(ns)/second ") || $0.hasPrefix("finished") }
        #expect(added == "ADDED \(ns)/second rv=\(second.resourceVersion)")

        var changed = second
        changed.metadata.labels = ["step": "two"]
        let updated = try await pods.update(changed)
        let modified = await output.waitForLine { $0.hasPrefix("MODIFIED \(ns)/second ") || $0.hasPrefix("finished") }
        #expect(modified == "MODIFIED \(ns)/second rv=\(updated.resourceVersion)")

        _ = try await pods.delete("second", options: DeleteOptions(gracePeriodSeconds: 0))
        let deleted = await output.waitForLine { $0.hasPrefix("DELETED \(ns)/second ") || $0.hasPrefix("finished") }
        #expect(deleted.hasPrefix("DELETED \(ns)/second rv="))

        watch.cancel()
        try await watch.value
        // In order; deleting may first set deletionTimestamp (one more MODIFIED) before DELETED.
        let mine = output.lines.filter { $0.contains(" \(ns)/") }.map { $0.split(separator: " ").prefix(2).joined(separator: " ") }
        #expect(Array(mine.prefix(3)) == ["ADDED \(ns)/first", "ADDED \(ns)/second", "MODIFIED \(ns)/second"])
        #expect(mine.last == "DELETED \(ns)/second")
        #expect(mine.dropFirst(3).dropLast().allSatisfy { $0 == "MODIFIED \(ns)/second" })
    }

    @Test func watchJSONPrintsOneObjectPerLine() async throws {
        let plane = try await ControlPlane.shared()
        let admin = try ClusterFixture.adminClient(plane)
        defer { Task { try await admin.shutdown() } }
        let ns = try await ClusterFixture.makeNamespace(admin)
        let pods = admin.resource(ClusterFixture.pods, namespace: ns)
        _ = try await pods.create(ClusterFixture.pod("first", labels: ["app": "web"]))

        let output = RecordingOutput()
        let watch = try ClusterFixture.startWatch(
            ["po", "-A", "--kubeconfig", plane.adminTokenKubeconfig], format: .json, output: output)
        func event(_ type: String, _ name: String) async throws -> JSONValue {
            let line = await output.waitForLine {
                $0.hasPrefix("finished") || ($0.contains("\"type\":\"\(type)\"") && $0.contains("\"namespace\":\"\(ns)\"")
                    && $0.contains("\"name\":\"\(name)\""))
            }
            return try JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))
        }
        let initial = try await event("ADDED", "first")
        #expect(initial["object"]?["metadata"]?["labels"]?["app"]?.stringValue == "web")
        #expect(initial["object"]?["spec"]?["containers"]?.arrayValue?.count == 1)

        _ = try await pods.create(ClusterFixture.pod("second"))
        let added = try await event("ADDED", "second")
        #expect(added["object"]?["metadata"]?["name"]?.stringValue == "second")
        _ = try await pods.delete("second", options: DeleteOptions(gracePeriodSeconds: 0))
        let deleted = try await event("DELETED", "second")
        #expect(deleted["object"]?["spec"]?["containers"]?.arrayValue?.first?["image"]?.stringValue == "registry.invalid/none:1")

        watch.cancel()
        try await watch.value
        for line in output.lines {
            #expect(throws: Never.self) { try JSONDecoder().decode(JSONValue.self, from: Data(line.utf8)) }
        }
    }

    @Test func getAllNamespacesPrintsTheTestsPods() async throws {
        let plane = try await ControlPlane.shared()
        let admin = try ClusterFixture.adminClient(plane)
        defer { Task { try await admin.shutdown() } }
        let ns = try await ClusterFixture.makeNamespace(admin)
        let pods = admin.resource(ClusterFixture.pods, namespace: ns)
        _ = try await pods.create(ClusterFixture.pod("alpha", labels: ["app": "web"]))
        _ = try await pods.create(ClusterFixture.pod("beta"))

        let lines = try await ClusterFixture.get(["pods", "-A", "--kubeconfig", plane.adminTokenKubeconfig])
        let header = try #require(lines.first)
        #expect(header.hasPrefix("NAMESPACE ") && header.contains(" NAME ") && header.contains(" STATUS ") && header.hasSuffix(" AGE"))
        let mine = lines.filter { $0.hasPrefix(ns + " ") }
        #expect(mine.count == 2)
        for (row, name) in zip(mine, ["alpha", "beta"]) {
            let cells = row.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            // NAMESPACE NAME READY STATUS RESTARTS AGE, as kubectl shows pods.
            #expect(cells.count == 6 && cells[0] == ns && cells[1] == name)
            #expect(Array(cells[2...4]) == ["0/1", "Pending", "0"])
            #expect(cells.last?.hasSuffix("s") == true || cells.last?.hasSuffix("m") == true)
        }

        let inNamespace = try await ClusterFixture.get(["pods", "-n", ns, "--kubeconfig", plane.adminTokenKubeconfig])
        #expect(inNamespace.first?.hasPrefix("NAME ") == true)
        #expect(inNamespace.dropFirst().map { $0.split(separator: " ").first.map(String.init) } == ["alpha", "beta"])

        let byLabel = try await ClusterFixture.get(
            ["pods", "-A", "--kubeconfig", plane.adminTokenKubeconfig], queries: ["namespace=\(ns)", "label:app=web"])
        #expect(byLabel.dropFirst().map { $0.split(separator: " ").prefix(2).joined(separator: " ") } == ["\(ns) alpha"])

        let empty = try await ClusterFixture.get(["configmaps", "-n", ns, "--kubeconfig", plane.adminTokenKubeconfig])
        #expect(empty == ["No resources found in \(ns) namespace."])
    }

    @Test func restrictedUserIsToldItIsForbidden() async throws {
        let plane = try await ControlPlane.shared()
        let error = await ClusterFixture.watchError(["pods", "-A", "--kubeconfig", plane.restrictedKubeconfig])
        #expect(error?.code == .forbidden)
        #expect(error?.message.hasPrefix("forbidden: you are not allowed to list and watch pods across all namespaces") == true)
        #expect(error?.message.contains(plane.restrictedUser) == true)

        let other = await ClusterFixture.watchError(["secrets", "-n", "default", "--kubeconfig", plane.restrictedKubeconfig])
        #expect(other?.message.hasPrefix("forbidden: you are not allowed to list and watch secrets in namespace \"default\"") == true)

        // In its own namespace the restricted user may list.
        let own = try await ClusterFixture.get(["configmaps", "--kubeconfig", plane.restrictedKubeconfig])
        #expect(own.first?.hasPrefix("NAME") == true || own.first?.hasPrefix("No resources found in \(plane.restrictedNamespace)") == true)
    }

    @Test func badTokenIsUnauthorized() async throws {
        let plane = try await ControlPlane.shared()
        let path = try ClusterFixture.writeKubeconfig(
            server: plane.serverURL.absoluteString, token: "not-a-valid-token", caFile: plane.caFile)
        let error = await ClusterFixture.watchError(["pods", "-A", "--kubeconfig", path])
        #expect(error?.code == .unauthorized)
        #expect(error?.message.hasPrefix("unauthorized: the API server \(plane.serverURL.absoluteString) did not accept your credentials") == true)
        #expect(error?.message.contains("not-a-valid-token") == false)
    }

    @Test func untrustedServerCertificateIsRejected() async throws {
        let plane = try await ControlPlane.shared()
        let path = try ClusterFixture.writeKubeconfig(server: plane.serverURL.absoluteString, token: plane.adminToken, caFile: nil)
        let error = await ClusterFixture.watchError(["pods", "-A", "--kubeconfig", path])
        #expect(error?.code == .certificateRejected)
        #expect(error?.message.contains("the certificate of \(plane.serverURL.absoluteString) was rejected") == true)
        #expect(error?.message.contains(plane.adminToken) == false)
    }

    @Test func unreachableServer() async throws {
        let path = try ClusterFixture.writeKubeconfig(server: "https://127.0.0.1:1", token: "t", caFile: nil)
        let error = await ClusterFixture.watchError(["pods", "--kubeconfig", path])
        #expect(error?.code == .unreachable)
        #expect(error?.message.hasPrefix("cannot reach https://127.0.0.1:1") == true)
    }

    @Test func missingKubeconfig() async throws {
        let error = await ClusterFixture.watchError(["pods", "--kubeconfig", "/nonexistent/kubeconfig"])
        #expect(error?.code == .noKubeconfig)
        #expect(error?.message.hasPrefix("no kubeconfig found at /nonexistent/kubeconfig (given with --kubeconfig)") == true)

        let none = await ClusterFixture.watchError(["pods"])
        #expect(none?.code == .noKubeconfig)
        #expect(none?.message.contains("looked at \(ClusterFixture.isolatedEnvironment["HOME"]!)/.kube/config") == true)
    }

    @Test func missingContextNamesTheContextsThatExist() async throws {
        let plane = try await ControlPlane.shared()
        let contexts = try KubeConfig.load(paths: [plane.adminTokenKubeconfig]).contexts.keys.sorted()
        let error = await ClusterFixture.watchError(
            ["pods", "--kubeconfig", plane.adminTokenKubeconfig, "--context", "no-such-context"])
        #expect(error?.code == .contextNotFound)
        #expect(error?.message.hasPrefix("context \"no-such-context\" does not exist in \(plane.adminTokenKubeconfig)") == true)
        #expect(error?.message.contains("the contexts there are: \(contexts.joined(separator: ", "))") == true)
    }

    @Test func unknownResourceSuggestsCloseMatches() async throws {
        let plane = try await ControlPlane.shared()
        let error = await ClusterFixture.watchError(["podz", "-A", "--kubeconfig", plane.adminTokenKubeconfig])
        #expect(error?.code == .unknownResource)
        #expect(error?.message.hasPrefix("the server has no resource type \"podz\". Did you mean pods") == true)
    }

    @Test func resolvesGroupQualifiedAndShortNames() async throws {
        let plane = try await ControlPlane.shared()
        let admin = try ClusterFixture.adminClient(plane)
        defer { Task { try await admin.shutdown() } }
        let ns = try await ClusterFixture.makeNamespace(admin)
        for name in ["deploy", "deployments.apps", "cm", "leases.coordination.k8s.io"] {
            let lines = try await ClusterFixture.get([name, "-n", ns, "--kubeconfig", plane.adminTokenKubeconfig])
            #expect(lines.count == 1 && lines[0] == "No resources found in \(ns) namespace.", "\(name)")
        }
    }
}

/// `kinformer watch` keeps going through an API server restart (watch dropped, then 410 for the
/// old resourceVersion), on a dedicated plane so other tests are not disturbed.
@Suite(.timeLimit(.minutes(5))) struct ClusterDisruptionTests {
    @Test func watchSurvivesAPIServerRestart() async throws {
        let plane = try await ControlPlane.startDedicated()
        do {
            let admin = try ClusterFixture.adminClient(plane)
            let ns = try await ClusterFixture.makeNamespace(admin)
            let configMaps = admin.resource(ClusterFixture.configMaps, namespace: ns)
            _ = try await configMaps.create(DynamicObject(metadata: ObjectMeta(name: "before")))

            let output = RecordingOutput()
            let watch = try ClusterFixture.startWatch(
                ["cm", "-n", ns, "--kubeconfig", plane.adminTokenKubeconfig], format: .text, output: output)
            let initial = await output.waitForLine { $0.hasPrefix("ADDED \(ns)/before ") || $0.hasPrefix("finished") }
            #expect(initial.hasPrefix("ADDED \(ns)/before rv="))

            try await plane.restartAPIServer()
            let after = try await configMaps.create(DynamicObject(metadata: ObjectMeta(name: "after")))
            let added = await output.waitForLine { $0.hasPrefix("ADDED \(ns)/after ") || $0.hasPrefix("finished") }
            #expect(added == "ADDED \(ns)/after rv=\(after.resourceVersion)")
            // While the server was down the watch failed at least once, and the user was told.
            #expect(output.diagnostics.contains { $0.contains("watch on configmaps") && $0.hasSuffix("recovers by itself") })

            watch.cancel()
            try await watch.value
            #expect(output.lines.filter { $0.hasPrefix("ADDED \(ns)/before ") }.count == 1)
            try await admin.shutdown()
        } catch {
            try await plane.stop()
            throw error
        }
        try await plane.stop()
    }
}
