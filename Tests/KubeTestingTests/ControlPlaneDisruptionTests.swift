import Foundation
import KubeModel
import Testing

@testable import KubeTesting

/// Disruptive scenarios, each on its own dedicated control plane.
@Suite struct ControlPlaneDisruptionTests {
    /// Runs `body` with a dedicated plane and always stops the plane afterwards.
    private func withDedicatedPlane(_ body: (ControlPlane) async throws -> Void) async throws {
        let plane = try await ControlPlane.startDedicated()
        do {
            try await body(plane)
        } catch {
            try? await plane.stop()
            throw error
        }
        try await plane.stop()
        #expect(!FileManager.default.fileExists(atPath: plane.directory))
    }

    @Test func objectsSurviveAnAPIServerRestartAndOldWatchesExpire() async throws {
        try await withDedicatedPlane { plane in
            let ns = plane.restrictedNamespace
            try await ControlPlaneTestClient.with(plane, as: .bearer(plane.adminToken)) { client in
                let created = try await client.createConfigMap("survivor", in: ns, data: ["v": "1"])
                #expect(created.status == 201, "\(created.text)")
                let oldRV = try #require(try created.resourceVersion())
                let updated = try await client.updateConfigMap("survivor", in: ns, data: ["v": "2"])
                #expect(updated.status == 200, "\(updated.text)")

                try await plane.restartAPIServer()
                try await plane.compactEtcd()

                let read = try await client.get("/api/v1/namespaces/\(ns)/configmaps/survivor")
                #expect(read.status == 200)
                #expect(try read.json()["data"] as? [String: String] == ["v": "2"])

                // The restarted watch cache begins after oldRV: the watch must report 410 Expired,
                // either as the HTTP status or as an ERROR event carrying a Status.
                let watch = try await client.get(
                    "/api/v1/namespaces/\(ns)/configmaps?watch=1&resourceVersion=\(oldRV)&timeoutSeconds=10")
                let status = try Self.expiredStatus(of: watch)
                #expect(status.code == 410)
                #expect(status.reason == "Expired")
            }
        }
    }

    @Test func compactionExpiresExactListsAndContinueTokens() async throws {
        try await withDedicatedPlane { plane in
            let ns = plane.restrictedNamespace
            try await ControlPlaneTestClient.with(plane, as: .bearer(plane.adminToken)) { client in
                let first = try await client.createConfigMap("first", in: ns)
                #expect(first.status == 201, "\(first.text)")
                let oldRV = try #require(try first.resourceVersion())
                #expect(try await client.createConfigMap("second", in: ns).status == 201)
                #expect(try await client.updateConfigMap("first", in: ns, data: ["k": "v"]).status == 200)

                let exactPath = "/api/v1/namespaces/\(ns)/configmaps?resourceVersion=\(oldRV)&resourceVersionMatch=Exact"
                let beforeCompaction = try await client.get(exactPath)
                #expect(beforeCompaction.status == 200, "\(beforeCompaction.text)")
                let page = try await client.get("/api/v1/namespaces/\(ns)/configmaps?limit=1")
                #expect(page.status == 200)
                let token = try #require((try page.json()["metadata"] as? [String: Any])?["continue"] as? String)
                #expect(try await client.createConfigMap("third", in: ns).status == 201)

                let revision = try await plane.compactEtcd()
                #expect(revision > Int64(oldRV) ?? .max)

                let exact = try await client.get(exactPath)
                #expect(exact.status == 410, "\(exact.text)")
                #expect(exact.kubeStatus?.reason == "Expired")
                let next = try await client.get("/api/v1/namespaces/\(ns)/configmaps?limit=1&continue=\(token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token)")
                #expect(next.status == 410, "\(next.text)")
                #expect(next.kubeStatus?.reason == "Expired")
            }
        }
    }

    /// The 410 Status of a watch response: the body itself (HTTP 410) or the object of its
    /// first event (type ERROR).
    static func expiredStatus(of response: ControlPlaneTestClient.Response) throws -> Status {
        if response.status == 410 { return try #require(response.kubeStatus) }
        #expect(response.status == 200, "\(response.text)")
        let firstLine = try #require(response.body.split(separator: UInt8(ascii: "\n")).first)
        struct Event: Decodable {
            var type: String
            var object: Status
        }
        let event = try JSONDecoder().decode(Event.self, from: Data(firstLine))
        #expect(event.type == "ERROR")
        return event.object
    }
}
