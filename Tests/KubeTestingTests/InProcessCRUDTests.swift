import Foundation
import KubeModel
import NIOHTTP1
import Testing
@testable import KubeTesting

@Suite struct InProcessCRUDTests {
    static let deployments = "/apis/apps/v1/namespaces/ns1/deployments"

    static func deployment(_ name: String, replicas: Int64 = 1) -> JSONValue {
        [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": .string(name)],
            "spec": ["replicas": .int(replicas), "selector": ["matchLabels": ["app": "x"]]],
        ]
    }

    @Test func createGetUpdateWithConflictAndGenerationBump() async throws {
        try await InProcessHarness.run { h in
            let created = try await h.send(.POST, Self.deployments, body: Self.deployment("web"))
            #expect(created.code == 201)
            let obj = created.json
            #expect(obj["metadata"]?["namespace"] == "ns1")
            #expect(obj["metadata"]?["generation"] == 1)
            #expect(obj["metadata"]?["uid"]?.stringValue?.isEmpty == false)
            #expect(obj["metadata"]?["creationTimestamp"]?.stringValue?.hasSuffix("Z") == true)
            #expect(obj.rv > 0)

            let again = try await h.send(.POST, Self.deployments, body: Self.deployment("web"))
            #expect(again.code == 409)
            #expect(again.json["kind"] == "Status")
            #expect(again.json["apiVersion"] == "v1")
            #expect(again.json["status"] == "Failure")
            #expect(again.json["reason"] == "AlreadyExists")
            #expect(again.json["code"] == 409)
            #expect(again.json["details"]?["name"] == "web")
            #expect(again.json["details"]?["kind"] == "deployments")

            let got = try await h.get(Self.deployments + "/web")
            #expect(got.code == 200)
            #expect(got.json == obj)

            var changed = obj
            changed["spec"]?["replicas"] = 3
            let updated = try await h.send(.PUT, Self.deployments + "/web", body: changed)
            #expect(updated.code == 200)
            #expect(updated.json["metadata"]?["generation"] == 2)
            #expect(updated.json.rv > obj.rv)
            #expect(updated.json["metadata"]?["uid"] == obj["metadata"]?["uid"])

            // Stale resourceVersion: 409 Conflict.
            changed["spec"]?["replicas"] = 4
            let stale = try await h.send(.PUT, Self.deployments + "/web", body: changed)
            #expect(stale.code == 409)
            #expect(stale.json["reason"] == "Conflict")
            #expect(stale.json["message"]?.stringValue?.contains("the object has been modified") == true)

            // Metadata-only change: no generation bump.
            var labelled = updated.json
            labelled["metadata"]?["labels"] = ["tier": "web"]
            let relabelled = try await h.send(.PUT, Self.deployments + "/web", body: labelled)
            #expect(relabelled.json["metadata"]?["generation"] == 2)
            #expect(relabelled.json.rv > updated.json.rv)

            // Empty resourceVersion: unconditional update.
            var unconditional = relabelled.json
            unconditional["metadata"]?["resourceVersion"] = nil
            unconditional["spec"]?["replicas"] = 5
            let forced = try await h.send(.PUT, Self.deployments + "/web", body: unconditional)
            #expect(forced.code == 200)
            #expect(forced.json["spec"]?["replicas"] == 5)
            #expect(forced.json["metadata"]?["generation"] == 3)

            // A no-op update changes nothing.
            let noop = try await h.send(.PUT, Self.deployments + "/web", body: forced.json)
            #expect(noop.json.rv == forced.json.rv)
        }
    }

    @Test func generateNameAndNamespaceChecks() async throws {
        try await InProcessHarness.run { h in
            let r = try await h.send(
                .POST, "/api/v1/namespaces/ns1/configmaps", body: ["metadata": ["generateName": "cm-"], "data": [:]])
            #expect(r.code == 201)
            let name = try #require(r.json.name)
            #expect(name.hasPrefix("cm-") && name.count == 8)
            #expect(r.json["kind"] == "ConfigMap")

            let wrongNS = try await h.send(
                .POST, "/api/v1/namespaces/ns1/configmaps", body: ["metadata": ["name": "a", "namespace": "other"]])
            #expect(wrongNS.code == 400)
            #expect(wrongNS.json["reason"] == "BadRequest")

            let noName = try await h.send(.POST, "/api/v1/namespaces/ns1/configmaps", body: ["metadata": [:]])
            #expect(noName.code == 422)
            #expect(noName.json["reason"] == "Invalid")

            let ns = try await h.send(.POST, "/api/v1/namespaces", body: ["metadata": ["name": "team-a"]])
            #expect(ns.code == 201)
            #expect(ns.json["metadata"]?["namespace"] == nil)
            #expect(try await h.get("/api/v1/namespaces/team-a").code == 200)
        }
    }

    @Test func statusSubresourceChangesOnlyStatus() async throws {
        try await InProcessHarness.run { h in
            let obj = try await h.create(Self.deployments, Self.deployment("web"))
            var body = obj
            body["spec"]?["replicas"] = 9
            body["status"] = ["readyReplicas": 1]
            let r = try await h.send(.PUT, Self.deployments + "/web/status", body: body)
            #expect(r.code == 200)
            #expect(r.json["status"]?["readyReplicas"] == 1)
            #expect(r.json["spec"]?["replicas"] == 1)
            #expect(r.json["metadata"]?["generation"] == 1)

            // The main resource ignores status changes.
            var main = r.json
            main["status"] = ["readyReplicas": 7]
            main["spec"]?["replicas"] = 2
            let m = try await h.send(.PUT, Self.deployments + "/web", body: main)
            #expect(m.json["status"]?["readyReplicas"] == 1)
            #expect(m.json["spec"]?["replicas"] == 2)

            let got = try await h.get(Self.deployments + "/web/status")
            #expect(got.json["status"]?["readyReplicas"] == 1)
        }
    }

    @Test func patches() async throws {
        try await InProcessHarness.run { h in
            _ = try await h.create(
                "/api/v1/namespaces/ns1/configmaps", InProcessHarness.configMap("c", data: ["a": "1", "b": "2"]))
            let merge = try await h.send(
                .PATCH, "/api/v1/namespaces/ns1/configmaps/c", body: ["data": ["a": nil, "c": "3"]],
                contentType: "application/merge-patch+json")
            #expect(merge.code == 200)
            #expect(merge.json["data"] == ["b": "2", "c": "3"])

            let strategic = try await h.send(
                .PATCH, "/api/v1/namespaces/ns1/configmaps/c", body: ["metadata": ["labels": ["x": "y"]]],
                contentType: "application/strategic-merge-patch+json")
            #expect(strategic.json["metadata"]?["labels"] == ["x": "y"])

            let ops: JSONValue = [
                ["op": "test", "path": "/data/b", "value": "2"],
                ["op": "replace", "path": "/data/b", "value": "20"],
                ["op": "add", "path": "/data/d~1e", "value": "4"],
                ["op": "remove", "path": "/data/c"],
                ["op": "copy", "from": "/data/b", "path": "/data/f"],
            ]
            let json = try await h.send(
                .PATCH, "/api/v1/namespaces/ns1/configmaps/c", body: ops, contentType: "application/json-patch+json")
            #expect(json.code == 200)
            #expect(json.json["data"] == ["b": "20", "d/e": "4", "f": "20"])

            let failing = try await h.send(
                .PATCH, "/api/v1/namespaces/ns1/configmaps/c", body: [["op": "test", "path": "/data/b", "value": "x"]],
                contentType: "application/json-patch+json")
            #expect(failing.code == 422)

            let stale = try await h.send(
                .PATCH, "/api/v1/namespaces/ns1/configmaps/c", body: ["metadata": ["resourceVersion": "1"]],
                contentType: "application/merge-patch+json")
            #expect(stale.code == 409)

            let apply = try await h.send(
                .PATCH, "/api/v1/namespaces/ns1/configmaps/c", body: [:], contentType: "application/apply-patch+yaml")
            #expect(apply.code == 415)
        }
    }

    @Test func deleteWithPreconditionsAndNotFoundStatus() async throws {
        try await InProcessHarness.run { h in
            let obj = try await h.create("/api/v1/namespaces/ns1/configmaps", InProcessHarness.configMap("c"))
            let wrongUID = try await h.send(
                .DELETE, "/api/v1/namespaces/ns1/configmaps/c", body: ["preconditions": ["uid": "nope"]])
            #expect(wrongUID.code == 409)
            let deleted = try await h.send(
                .DELETE, "/api/v1/namespaces/ns1/configmaps/c",
                body: ["preconditions": ["uid": obj["metadata"]?["uid"] ?? .null]])
            // A ConfigMap delete answers with a Success Status (as the real server does).
            #expect(deleted.code == 200)
            #expect(deleted.json["kind"] == "Status" && deleted.json["status"] == "Success")
            #expect(deleted.json["details"]?["name"] == "c" && deleted.json["details"]?["kind"] == "configmaps")
            #expect(deleted.json["details"]?["uid"] == obj["metadata"]?["uid"])
            // A pod delete answers with the deleted object.
            let pod = try await h.create("/api/v1/namespaces/ns1/pods", ["metadata": ["name": "p"]])
            let deletedPod = try await h.send(.DELETE, "/api/v1/namespaces/ns1/pods/p")
            #expect(deletedPod.code == 200 && deletedPod.json.name == "p" && deletedPod.json.rv > pod.rv)

            let missing = try await h.get("/api/v1/namespaces/ns1/configmaps/c")
            #expect(missing.code == 404)
            #expect(missing.json["kind"] == "Status")
            #expect(missing.json["reason"] == "NotFound")
            #expect(missing.json["message"] == "configmaps \"c\" not found")
            #expect(missing.json["details"]?["kind"] == "configmaps")
        }
    }

    @Test func finalizersDelayDeletion() async throws {
        try await InProcessHarness.run { h in
            var cm = InProcessHarness.configMap("c")
            cm["metadata"]?["finalizers"] = ["example.com/hold"]
            _ = try await h.create("/api/v1/namespaces/ns1/configmaps", cm)
            let marked = try await h.send(.DELETE, "/api/v1/namespaces/ns1/configmaps/c")
            #expect(marked.json["metadata"]?["deletionTimestamp"]?.stringValue != nil)
            #expect(try await h.get("/api/v1/namespaces/ns1/configmaps/c").code == 200)
            var released = marked.json
            released["metadata"]?["finalizers"] = []
            #expect(try await h.send(.PUT, "/api/v1/namespaces/ns1/configmaps/c", body: released).code == 200)
            #expect(try await h.get("/api/v1/namespaces/ns1/configmaps/c").code == 404)
        }
    }

    @Test func deleteCollectionWithLabelSelector() async throws {
        try await InProcessHarness.run { h in
            for (n, app) in [("a", "x"), ("b", "x"), ("c", "y")] {
                _ = try await h.create("/api/v1/namespaces/ns1/configmaps", InProcessHarness.configMap(n, labels: ["app": app]))
            }
            let r = try await h.send(.DELETE, "/api/v1/namespaces/ns1/configmaps?labelSelector=app%3Dx")
            #expect(r.code == 200)
            #expect(r.json["kind"] == "ConfigMapList")
            #expect(r.json["items"]?.arrayValue?.map { $0.name ?? "<no name>" } == ["a", "b"])
            let left = try await h.get("/api/v1/namespaces/ns1/configmaps")
            #expect(left.json["items"]?.arrayValue?.map { $0.name ?? "<no name>" } == ["c"])
        }
    }

    @Test func discoveryVersionAndHealth() async throws {
        try await InProcessHarness.run { h in
            h.server.register(
                ResourceDescriptor(group: "example.com", version: "v1", kind: "Widget", plural: "widgets", namespaced: true))
            #expect(try await h.get("/api").json["versions"] == ["v1"])
            let groups = try await h.get("/apis").json["groups"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
            #expect(groups == ["apps", "coordination.k8s.io", "example.com"])
            let core = try await h.get("/api/v1").json
            #expect(core["groupVersion"] == "v1")
            let names = core["resources"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            #expect(names.contains("pods") && names.contains("pods/status") && names.contains("namespaces"))
            let apps = try await h.get("/apis/apps/v1").json
            #expect(apps["resources"]?.arrayValue?.first?["kind"] == "Deployment")
            #expect(try await h.get("/apis/nope/v1").code == 404)
            #expect(try await h.get("/version").json["gitVersion"] == "v1.20.2")
            let health = try await h.get("/healthz")
            #expect(health.code == 200 && health.json == "ok")
            #expect(try await h.get("/readyz").code == 200)

            let w = try await h.send(
                .POST, "/apis/example.com/v1/namespaces/ns1/widgets",
                body: ["metadata": ["name": "w"], "spec": ["size": 1.5, "tags": [nil, true]]])
            #expect(w.code == 201)
            #expect(w.json["apiVersion"] == "example.com/v1")
            #expect(w.json["spec"]?["size"] == 1.5)
        }
    }

    @Test func metadataOnlyList() async throws {
        try await InProcessHarness.run { h in
            _ = try await h.create("/api/v1/namespaces/ns1/configmaps", InProcessHarness.configMap("c", data: ["k": "v"]))
            let r = try await h.get(
                "/api/v1/namespaces/ns1/configmaps",
                headers: [("Accept", "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json")])
            #expect(r.json["kind"] == "PartialObjectMetadataList")
            #expect(r.json["apiVersion"] == "meta.k8s.io/v1")
            let item = try #require(r.json["items"]?.arrayValue?.first)
            #expect(item["kind"] == "PartialObjectMetadata")
            #expect(item["data"] == nil)
            #expect(item.name == "c")
        }
    }
}
