import Foundation
import Testing

@testable import kube_modelgen

@Suite struct ModelGenTests {
    /// A tiny OpenAPI v2 document: one namespaced kind with a spec exercising every mapping rule.
    static let document = #"""
        {
          "swagger": "2.0",
          "info": {"title": "Tiny", "version": "v9.9.9"},
          "paths": {
            "/apis/demo.example.com/v1/namespaces/{namespace}/widgets": {
              "get": {"x-kubernetes-action": "list",
                      "x-kubernetes-group-version-kind": {"group": "demo.example.com", "version": "v1", "kind": "Widget"}},
              "parameters": [{"name": "namespace", "in": "path"}]
            },
            "/apis/demo.example.com/v1/namespaces/{namespace}/widgets/{name}/status": {
              "get": {"x-kubernetes-group-version-kind": {"group": "demo.example.com", "version": "v1", "kind": "Widget"}}
            },
            "/apis/demo.example.com/v1/watch/gadgets": {
              "get": {"x-kubernetes-group-version-kind": {"group": "demo.example.com", "version": "v1", "kind": "Gadget"}}
            }
          },
          "definitions": {
            "io.k8s.api.demo.v1.Widget": {
              "description": "SECRET-DESCRIPTION",
              "properties": {
                "apiVersion": {"type": "string"},
                "kind": {"type": "string"},
                "metadata": {"$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"},
                "spec": {"$ref": "#/definitions/io.k8s.api.demo.v1.WidgetSpec"}
              },
              "x-kubernetes-group-version-kind": [{"group": "demo.example.com", "version": "v1", "kind": "Widget"}]
            },
            "io.k8s.api.demo.v1.Gadget": {
              "properties": {
                "metadata": {"$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"},
                "count": {"type": "integer", "format": "int64"}
              },
              "x-kubernetes-group-version-kind": [{"group": "demo.example.com", "version": "v1", "kind": "Gadget"}]
            },
            "io.k8s.api.demo.v1.WidgetSpec": {
              "required": ["size"],
              "properties": {
                "$ref": {"type": "string", "description": "SECRET-DESCRIPTION"},
                "continue": {"type": "string"},
                "x-kubernetes-preserve": {"type": "boolean"},
                "size": {"type": "integer", "format": "int32"},
                "ratio": {"type": "number", "format": "double"},
                "port": {"$ref": "#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString"},
                "amount": {"$ref": "#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity"},
                "when": {"type": "string", "format": "date-time"},
                "raw": {"$ref": "#/definitions/io.k8s.apimachinery.pkg.runtime.RawExtension"},
                "free": {"type": "object"},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                "children": {"type": "array", "items": {"$ref": "#/definitions/io.k8s.api.demo.v1.WidgetSpec"}},
                "not": {"$ref": "#/definitions/io.k8s.api.demo.v1.WidgetSpec"},
                "part": {"$ref": "#/definitions/io.k8s.api.other.v1beta1.Part"},
                "wrapped": {"allOf": [{"$ref": "#/definitions/io.k8s.api.other.v1beta1.Part"}], "default": {}},
                "flag": {"type": "object", "additionalProperties": true},
                "options": {"$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Preconditions"}
              }
            },
            "io.k8s.api.other.v1beta1.Part": {"properties": {"name": {"type": "string"}}},
            "io.k8s.api.other.v1beta1.Unused": {"properties": {"name": {"type": "string"}}},
            "io.k8s.apimachinery.pkg.apis.meta.v1.Preconditions": {"properties": {"uid": {"type": "string"}}},
            "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta": {"properties": {"name": {"type": "string"}}},
            "io.k8s.apimachinery.pkg.runtime.RawExtension": {"type": "object"},
            "io.k8s.apimachinery.pkg.api.resource.Quantity": {"type": "string"},
            "io.k8s.apimachinery.pkg.util.intstr.IntOrString": {"type": "string", "format": "int-or-string"}
          }
        }
        """#

    static func plan(_ groupVersions: [String]) throws -> ModelPlan {
        let doc = try OpenAPIDocument.load(Data(document.utf8))
        return try ModelPlanner(document: doc).plan(groupVersions: groupVersions)
    }

    @Test func planResolvesNamespacesScopesAndReferences() throws {
        let plan = try Self.plan(["demo/v1"])
        // The referenced Part and meta Preconditions come along; Unused does not.
        #expect(plan.namespaces.map(\.name) == ["DemoV1", "MetaV1", "OtherV1beta1"])
        #expect(plan.namespaces.map(\.groupVersion) == ["demo/v1", "meta/v1", "other/v1beta1"])
        #expect(plan.namespaces[2].types.map(\.name) == ["Part"])
        let demo = plan.namespaces[0]
        #expect(demo.types.map(\.name) == ["Gadget", "Widget", "WidgetSpec"])
        let widget = demo.types[1]
        #expect(widget.kind?.scope == ResourceScope(plural: "widgets", namespaced: true))
        #expect(demo.types[0].kind != nil && demo.types[0].kind?.scope == nil)  // only a watch path
        let spec = demo.types[2]
        let not = try #require(spec.properties.first { $0.jsonName == "not" })
        #expect(not.type == .boxed(.generated(namespace: "DemoV1", name: "WidgetSpec")))
        let children = try #require(spec.properties.first { $0.jsonName == "children" })
        #expect(children.type == .array(.generated(namespace: "DemoV1", name: "WidgetSpec")))
        // Selection by the real API group works too; unknown groups fail clearly.
        #expect(try Self.plan(["demo.example.com/v1"]).namespaces.count == 3)
        #expect(throws: ModelGenError.self) { try Self.plan(["nope/v1"]) }
        let doc = try OpenAPIDocument.load(Data(Self.document.utf8))
        let lenient = try ModelPlanner(document: doc).plan(groupVersions: ["nope/v1", "demo/v1"], skipMissing: true)
        #expect(lenient.skipped == ["nope/v1"])
        #expect(lenient.namespaces.count == 3)
    }

    @Test func emitsSwift() throws {
        let plan = try Self.plan(["demo/v1"])
        let emitter = SwiftEmitter(sourceLabel: "v9.9.9")
        let file = emitter.file(for: plan.namespaces[0])
        let text = file.contents
        #expect(file.name == "DemoV1.swift")
        #expect(text.contains("kube-modelgen") && text.contains("v9.9.9"))
        #expect(!text.contains("SECRET-DESCRIPTION"))
        #expect(text.contains("public enum DemoV1 {}"))
        #expect(text.contains("public struct Widget: KubernetesResource, Hashable {"))
        #expect(text.contains(#"group: "demo.example.com", version: "v1", kind: "Widget", plural: "widgets", namespaced: true)"#))
        #expect(text.contains("public struct Gadget: KubernetesObject, Hashable {"))
        #expect(text.contains("public var metadata: ObjectMeta\n"))
        #expect(text.contains("?? ObjectMeta()"))
        #expect(text.contains(#"apiVersion: String? = "demo.example.com/v1""#))
        #expect(text.contains("public struct WidgetSpec: Codable, Sendable, Hashable {"))
        #expect(text.contains(#"case ref = "$ref""#))
        #expect(text.contains("case `continue`\n"))
        #expect(text.contains(#"case xKubernetesPreserve = "x-kubernetes-preserve""#))
        #expect(text.contains("public var `continue`: String?"))
        #expect(text.contains("public var size: Int32\n"))
        #expect(text.contains("public var ratio: Double?"))
        #expect(text.contains("public var port: IntOrString?"))
        #expect(text.contains("public var amount: Quantity?"))
        #expect(text.contains("public var when: Time?"))
        #expect(text.contains("public var raw: JSONValue?"))
        #expect(text.contains("public var free: JSONValue?"))
        #expect(text.contains("public var labels: [String: String]?"))
        #expect(text.contains("public var not: Indirect<WidgetSpec>?"))
        // Optional struct fields are stored boxed behind a property of the plain type.
        #expect(text.contains("public var part: OtherV1beta1.Part? {"))
        #expect(text.contains("private var _part: FieldBox<OtherV1beta1.Part>?"))
        #expect(text.contains(#"case _part = "part""#))
        #expect(text.contains("self._part = part.map(FieldBox.init)"))
        #expect(text.contains("self._part = try c.decodeIfPresent(OtherV1beta1.Part.self, forKey: ._part).map(FieldBox.init)"))
        #expect(text.contains("public var wrapped: OtherV1beta1.Part? {"))
        #expect(text.contains("public var flag: [String: JSONValue]?"))
        #expect(text.contains("public var options: MetaV1.Preconditions? {"))
    }

    @Test func emitsDirectTapeDecoders() throws {
        let plan = try Self.plan(["demo/v1"])
        let file = SwiftEmitter(sourceLabel: "v9.9.9").tapeDecodingFile(for: plan.namespaces[0])
        let text = file.contents
        #expect(file.name == "DemoV1+TapeDecoding.swift")
        #expect(text.contains("kube-modelgen") && text.contains("v9.9.9"))
        #expect(text.contains("extension DemoV1.Widget: TapeDecodable {"))
        #expect(text.contains("extension DemoV1.WidgetSpec: TapeDecodable {"))
        // The key table switches on fingerprints and confirms JSON names; "part" and "port" collide.
        func fp(_ key: String) -> String {
            let digits = String(SwiftEmitter.keyFingerprint(key), radix: 16, uppercase: true)
            return "0x" + String(repeating: "0", count: 4 - digits.count) + digits
        }
        #expect(text.contains("case \(fp("$ref")): return key.matches(\"$ref\") ? 0 : -1\n"))
        #expect(fp("part") == fp("port"))
        #expect(text.contains("case \(fp("part")): return key.matches(\"part\") ? 9 : key.matches(\"port\") ? 10 : -1\n"))
        #expect(text.contains("case \(fp("x-kubernetes-preserve")): return key.matches(\"x-kubernetes-preserve\") ? 16 : -1\n"))
        // One statically chosen read per field; optional fields skip null, required ones do not.
        #expect(text.contains("case 13: self.size = try tape.decodeInteger(Int32.self, at: value); found |= 1\n"))
        #expect(text.contains("case 11: if !tape.isNull(value) { self.ratio = try tape.decodeDouble(at: value) }"))
        #expect(text.contains("port = try tape.decodeIntOrString(at: value)"))
        #expect(text.contains("amount = try tape.decodeQuantity(at: value)"))
        #expect(text.contains("when = try tape.decodeTime(at: value)"))
        #expect(text.contains("raw = try tape.jsonValue(at: value)"))
        #expect(text.contains("labels = try tape.decodeStringMap(at: value)"))
        #expect(text.contains("children = try tape.decodeArray(at: value) { try DemoV1.WidgetSpec(tape: tape, at: $0) }"))
        #expect(text.contains("not = try Indirect(DemoV1.WidgetSpec(tape: tape, at: value))"))
        #expect(text.contains("part = try OtherV1beta1.Part(tape: tape, at: value)"))
        #expect(text.contains("flag = try tape.decodeDictionary(at: value) { try tape.jsonValue(at: $0) }"))
        #expect(text.contains("options = try MetaV1.Preconditions(tape: tape, at: value)"))
        #expect(text.contains("`continue` = try tape.decodeString(at: value)"))
        // Read straight into `self` once the initialiser has assigned placeholders (not by a
        // delegated `self.init`, whose temporary is copied); required fields are tracked in a bit
        // set and checked in property order; kinds default their metadata and keep apiVersion
        // and kind nil (they start nil) unless the document has them.
        #expect(text.contains("self.size = 0\n        try readTapeMembers(tape, at: index)"))
        #expect(text.contains("private mutating func readTapeMembers(_ tape: TapeContext, at index: Int) throws {"))
        #expect(text.contains("guard found & 1 != 0 else { throw tape.keyNotFound(\"size\", in: index) }"))
        #expect(text.contains("case 2: if !tape.isNull(value) { self.metadata = try ObjectMeta(tape: tape, at: value) }"))
        #expect(text.contains("        self.metadata = ObjectMeta()\n        try readTapeMembers(tape, at: index)"))
        #expect(!text.contains("self.init(size:"))
    }

    @Test func typesWithoutPlaceholdersDecodeIntoLocals() {
        // A required Quantity has no placeholder: read into locals, checked, then initialised.
        let type = ModelPlan.TypeDecl(
            definition: "io.k8s.api.x.v1.T", namespace: "XV1", name: "T",
            properties: [
                .init(jsonName: "amount", swiftName: "amount", type: .builtin("Quantity"), optional: false),
                .init(jsonName: "note", swiftName: "note", type: .builtin("String"), optional: true),
            ],
            kind: nil)
        let text = SwiftEmitter(sourceLabel: "t").tapeDecodingFile(
            for: .init(name: "XV1", groupVersion: "x/v1", types: [type])).contents
        #expect(text.contains("var amount: Quantity?"))
        #expect(text.contains("case 0: amount = try tape.decodeQuantity(at: value)"))
        #expect(text.contains("guard let amount else { throw tape.keyNotFound(\"amount\", in: index) }"))
        #expect(text.contains("self.init(\n            amount: amount,\n            note: note)"))
        #expect(!text.contains("readTapeMembers"))
    }

    @Test func directDecoderNamesStepAsideForProperties() {
        let names = ["tape", "index", "members", "field", "value", "found"]
        let type = ModelPlan.TypeDecl(
            definition: "io.k8s.api.x.v1.T", namespace: "XV1", name: "T",
            properties: names.map { .init(jsonName: $0, swiftName: $0, type: .builtin("String"), optional: false) },
            kind: nil)
        let text = SwiftEmitter(sourceLabel: "t").tapeDecodingFile(
            for: .init(name: "XV1", groupVersion: "x/v1", types: [type])).contents
        #expect(text.contains("init(tape tape_: TapeContext, at index_: Int) throws {"))
        #expect(text.contains("var members_ = try TapeMembers(tape_, object: index_, of: Self.self)"))
        #expect(text.contains("while let field_ = members_.next(Self.tapeField) {"))
        #expect(text.contains("let value_ = members_.value"))
        #expect(text.contains("private mutating func readTapeMembers(_ tape_: TapeContext, at index_: Int) throws {"))
        #expect(text.contains("var found_: UInt64 = 0"))
        #expect(text.contains("case 4: self.value = try tape_.decodeString(at: value_); found_ |= 1 << 4"))
        #expect(text.contains("guard found_ & 1 != 0 else { throw tape_.keyNotFound(\"tape\", in: index_) }"))
    }

    @Test func scopesFromPaths() {
        #expect(ResourceScopes.parse(path: "/api/v1/namespaces/{namespace}/pods", group: "", version: "v1")! == ("pods", true))
        #expect(ResourceScopes.parse(path: "/api/v1/namespaces", group: "", version: "v1")! == ("namespaces", false))
        #expect(ResourceScopes.parse(path: "/api/v1/namespaces/{name}", group: "", version: "v1")! == ("namespaces", false))
        #expect(ResourceScopes.parse(path: "/api/v1/namespaces/{name}/status", group: "", version: "v1") == nil)
        #expect(ResourceScopes.parse(path: "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale",
                                     group: "apps", version: "v1") == nil)
        #expect(ResourceScopes.parse(path: "/api/v1/watch/pods", group: "", version: "v1") == nil)
        #expect(ResourceScopes.parse(path: "/apis/rbac.authorization.k8s.io/v1/clusterroles/{name}",
                                     group: "rbac.authorization.k8s.io", version: "v1")! == ("clusterroles", false))
    }
}

/// The committed generated files are exactly what the generator makes from the v1.20.2 document
/// (runs where the Kubernetes source tree is unpacked).
@Suite struct GeneratedFilesTests {
    static let swagger = NSString(string: "~/.cache/k8s-src-1.20.2/kubernetes-1.20.2/api/openapi-spec/swagger.json")
        .expandingTildeInPath
    /// The API packages' generated.proto and types.go files, for the protobuf decoders.
    static let protoRoot = NSString(string: "~/.cache/k8s-src-1.20.2/kubernetes-1.20.2/staging/src/k8s.io")
        .expandingTildeInPath

    /// Plans and emits every group-version: about a minute of CPU in a debug build, so it runs
    /// on a thread of its own instead of holding one of the few cooperative threads that the
    /// suite's servers and clients run on (holding it made unrelated requests miss deadlines).
    static func generate() async throws -> [(name: String, contents: String)] {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    let doc = try OpenAPIDocument.load(try Data(contentsOf: URL(fileURLWithPath: swagger)))
                    let plan = try ModelPlanner(document: doc).plan(groupVersions: KubeModelGen.defaultGroupVersions)
                    let emitter = SwiftEmitter(sourceLabel: "v1.20.2")
                    let catalog = try ProtoCatalog.load(root: protoRoot, definitions: plan.namespaces.flatMap { $0.types.map(\.definition) })
                    let supported = emitter.protobufSupport(plan, catalog: catalog).supported
                    return plan.namespaces.flatMap {
                        [emitter.file(for: $0), emitter.tapeDecodingFile(for: $0),
                         emitter.protobufDecodingFile(for: $0, catalog: catalog, supported: supported)]
                    }
                })
            }.start()
        }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: swagger)))
    func committedOutputIsUpToDate() async throws {
        let files = try await Self.generate()
        let generated = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/KubeModel/Generated")
        let committed = try FileManager.default.contentsOfDirectory(atPath: generated.path).sorted()
        #expect(committed == files.map(\.name).sorted())
        for file in files {
            let onDisk = try String(contentsOf: generated.appendingPathComponent(file.name), encoding: .utf8)
            #expect(onDisk == file.contents, "\(file.name) is stale: regenerate with kube-modelgen")
        }
    }
}
