import Foundation
import KubeModel
@testable import KubeOperator
import NIOHTTP1
import Testing

/// The webhook server's pure parts: JSON patches, review handling, manifests — no network.
@Suite struct WebhookLogicTests {
    @Test func patchTurnsOldIntoNewAndEscapesPointers() throws {
        let old: JSONValue = ["metadata": ["labels": ["a/b": "1", "gone": "x"]], "spec": ["list": [1, 2], "n": 1, "same": true]]
        let new: JSONValue = ["metadata": ["labels": ["a/b": "2", "c~d": "3"]], "spec": ["list": [1, 2, 3], "n": "one", "same": true]]
        let patch = JSONPatch(from: old, to: new)
        #expect(try patch.apply(to: old) == new)
        let paths = patch.operations.map { "\($0.op) \($0.path)" }
        #expect(paths == ["remove /metadata/labels/gone", "replace /metadata/labels/a~1b", "add /metadata/labels/c~0d",
                          "replace /spec/list", "replace /spec/n"])
        #expect(JSONPatch(from: old, to: old).operations.isEmpty)
        #expect(throws: OperatorError.self) { try patch.apply(to: ["other": 1]) }
    }

    static func review(_ apiVersion: String, operation: String, object: JSONValue?, old: JSONValue? = nil) throws -> [UInt8] {
        var request = AdmissionReview.Request(uid: "uid-1", operation: operation, object: object, oldObject: old)
        request.namespace = "ns"
        return try KubeJSON.encode(AdmissionReview(apiVersion: apiVersion, request: request))
    }

    static let configMap: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c"], "data": ["a": "1"]]

    @Test func mutationAnswersAPatchInTheReviewVersionItWasAsked() async throws {
        let route = WebhookRoute.mutating(Defaulter(CoreV1.ConfigMap.self) { cm, _ in
            var cm = cm
            cm.data?["b"] = "2"
            return cm
        })
        let answer = await route.handle(try Self.review("admission.k8s.io/v1beta1", operation: "CREATE", object: Self.configMap))
        #expect(answer.status == 200)
        let review = try KubeJSON.decode(AdmissionReview.self, from: answer.body)
        #expect(review.apiVersion == "admission.k8s.io/v1beta1")
        let response = try #require(review.response)
        #expect(response.uid == "uid-1" && response.allowed && response.patchType == "JSONPatch")
        let patchBytes = try #require(Data(base64Encoded: response.patch ?? ""))
        let patch = try KubeJSON.decode(JSONValue.self, from: Array(patchBytes))
        #expect(patch == [["op": "add", "path": "/data/b", "value": "2"]])
    }

    @Test func handlerErrorsAndBadBodiesAreAnsweredAsDeniedReviews() async throws {
        struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }
        let route = WebhookRoute.validating(Validator(CoreV1.ConfigMap.self) { _, _, _ in throw Boom() })
        let failed = try KubeJSON.decode(
            AdmissionReview.self, from: await route.handle(try Self.review("admission.k8s.io/v1", operation: "CREATE", object: Self.configMap)).body)
        #expect(failed.response?.allowed == false)
        #expect(failed.response?.uid == "uid-1")
        #expect(failed.response?.status?.code == 500)
        #expect(failed.response?.status?.message?.contains("boom") == true)

        let garbage = await route.handle(Array("not json".utf8))
        #expect(garbage.status == 400)
        let answer = try KubeJSON.decode(AdmissionReview.self, from: garbage.body)
        #expect(answer.response?.allowed == false)
        #expect(answer.response?.status?.message?.contains("could not read the AdmissionReview") == true)

        // An object the handler's type cannot decode is denied with the field named.
        let wrong = try KubeJSON.decode(AdmissionReview.self, from: await route.handle(
            try Self.review("admission.k8s.io/v1", operation: "CREATE", object: ["data": 5])).body)
        #expect(wrong.response?.status?.message?.contains("request.object") == true)
    }

    @Test func deniedReasonAndUpdateSeeTheOldObject() async throws {
        let route = WebhookRoute.validating(Validator(CoreV1.ConfigMap.self) { old, new, op in
            op == .update && old?.data != new?.data ? .denied("changed from \(old?.data?["a"] ?? "")") : .allowed
        })
        var changed = Self.configMap
        changed["data"] = ["a": "2"]
        let review = try KubeJSON.decode(AdmissionReview.self, from: await route.handle(
            try Self.review("admission.k8s.io/v1", operation: "UPDATE", object: changed, old: Self.configMap)).body)
        #expect(review.response?.allowed == false)
        #expect(review.response?.status == .init(code: 403, message: "changed from 1", reason: "Forbidden"))
    }

    @Test func conversionConvertsKeepsMetadataAndReportsFailures() throws {
        let metadata: JSONValue = ["name": "g", "namespace": "ns", "uid": "u", "resourceVersion": "7"]
        let alpha: JSONValue = ["apiVersion": "gizmos.kinformer.dev/v1alpha1", "kind": "Gizmo", "metadata": metadata,
                                "spec": ["size": 4, "color": "green"]]
        let response = ResourceConverter.gizmos.review(.init(uid: "u1", desiredAPIVersion: "gizmos.kinformer.dev/v1", objects: [alpha]))
        #expect(response.result == .success)
        #expect(response.convertedObjects == [["apiVersion": "gizmos.kinformer.dev/v1", "kind": "Gizmo", "metadata": metadata,
                                               "spec": ["replicas": 4, "color": "green"]]])
        let back = try ResourceConverter.gizmos.convert(response.convertedObjects[0], to: "gizmos.kinformer.dev/v1alpha1")
        #expect(back == alpha)
        let unknown = ResourceConverter.gizmos.review(.init(uid: "u2", desiredAPIVersion: "gizmos.kinformer.dev/v2", objects: [alpha]))
        #expect(unknown.result.status == "Failure")
        #expect(unknown.result.message?.contains("no conversion from gizmos.kinformer.dev/v1alpha1 to gizmos.kinformer.dev/v2") == true)
    }

    @Test func manifestHasStructuralSchemaAndRejectsMismatchedVersions() throws {
        let manifest = try CustomResourceDefinitionManifest(
            versions: [GizmoV1alpha1.self, GizmoV1.self], storage: GizmoV1.self, conversion: .webhook(url: "https://h/convert", caBundle: [1, 2]))
        #expect(manifest.name == "gizmos.gizmos.kinformer.dev")
        let spec = try #require(manifest.object["spec"])
        #expect(spec["scope"] == "Namespaced")
        #expect(spec["conversion"]?["webhook"]?["clientConfig"]?["caBundle"] == "AQI=")
        let versions = try #require(spec["versions"]?.arrayValue)
        #expect(versions.map { $0["name"] } == ["v1alpha1", "v1"])
        #expect(versions.map { $0["storage"] } == [false, true])
        let schema = try #require(versions[1]["schema"]?["openAPIV3Schema"])
        let specSchema = try #require(schema["properties"]?["spec"])
        #expect(specSchema["required"] == ["replicas"])
        #expect(specSchema["properties"]?["replicas"] == ["type": "integer", "format": "int64", "minimum": 1, "maximum": 100,
                                                          "description": "How many gizmos to run."])
        #expect(specSchema["properties"]?["color"] == ["type": "string", "enum": ["red", "green", "blue"], "default": "red",
                                                       "description": "The paint."])
        #expect(versions[1]["subresources"] == ["status": [:]])
        #expect(versions[1]["additionalPrinterColumns"] == [["name": "Replicas", "type": "integer", "jsonPath": ".spec.replicas"]])
        #expect(try manifest.jsonText().contains("\"kind\" : \"CustomResourceDefinition\""))

        #expect(throws: OperatorError.self) { try CustomResourceDefinitionManifest(versions: [GizmoV1.self, GizmoV1.self], storage: GizmoV1.self) }
        #expect(throws: OperatorError.self) { try CustomResourceDefinitionManifest(versions: [GizmoV1alpha1.self, GizmoV1.self]) }
        #expect(throws: OperatorError.self) { try CustomResourceDefinitionManifest(versions: [GizmoV1.self, Other.self], storage: GizmoV1.self) }
    }

    struct Other: CustomResource {
        static let group = "other.kinformer.dev", version = "v2", kind = "Gizmo"
        var apiVersion: String?, kind: String?
        var metadata = ObjectMeta()
        var spec: JSONValue
        var status: NoStatus?
    }

    @Test func serverAnswersUnknownPathsAndWrongMethodsWithMessages() async throws {
        let running = try await RunningWebhookServer { server in
            try server.converting("/convert", .gizmos)
            #expect(throws: OperatorError.self) { try server.converting("/convert", .gizmos) }
            #expect(throws: OperatorError.self) { try server.converting("convert", .gizmos) }
        }
        let notFound = await running.server.respond(to: HTTPRequestHead(version: .http1_1, method: .POST, uri: "/nope"), body: [])
        #expect(notFound.status == 404)
        #expect(String(decoding: notFound.body, as: UTF8.self).contains("/convert"))
        let get = await running.server.respond(to: HTTPRequestHead(version: .http1_1, method: .GET, uri: "/convert"), body: [])
        #expect(get.status == 405)
        try await running.stop()
    }
}

extension WebhookLogicTests {
    /// The API server sends a zero-valued `response` (with `convertedObjects: null`) in each request.
    @Test func conversionReviewAsTheAPIServerSendsIt() async throws {
        let body = #"{"kind":"ConversionReview","apiVersion":"apiextensions.k8s.io/v1","request":{"uid":"u3","desiredAPIVersion":"gizmos.kinformer.dev/v1","objects":[{"apiVersion":"gizmos.kinformer.dev/v1alpha1","kind":"Gizmo","metadata":{"name":"g"},"spec":{"size":2}}]},"response":{"uid":"","convertedObjects":null,"result":{"metadata":{}}}}"#
        let answer = await WebhookRoute.converting(.gizmos).handle(Array(body.utf8))
        #expect(answer.status == 200)
        let review = try KubeJSON.decode(ConversionReview.self, from: answer.body)
        #expect(review.response?.uid == "u3")
        #expect(review.response?.convertedObjects.first?["spec"] == ["replicas": 2])
    }
}
