import Testing

@testable import kube_modelgen

/// kube-modelgen's protobuf inputs (generated.proto, Go struct tags) and the decoders it emits.
@Suite struct ProtoModelGenTests {
    static let proto = """
        syntax = "proto2";

        package k8s.io.api.demo.v1;

        import "k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto";

        // A widget.
        message Widget {
          // Standard object metadata.
          optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta metadata = 1;

          optional WidgetSpec spec = 2;
        }

        message WidgetSpec {
          optional string name = 1;

          optional int32 replicas = 2;

          optional WidgetSource widgetSource = 3;

          repeated int32 ports = 4;

          map<string, bytes> blobs = 5;

          optional string mode = 6;
        }

        message WidgetSource {
          optional string path = 1;
        }
        """

    static let go = """
        type WidgetSpec struct {
        \t// The name.
        \tName string `json:"name,omitempty" protobuf:"bytes,1,opt,name=name"`
        \tReplicas *int32 `json:"replicas,omitempty" protobuf:"varint,2,opt,name=replicas"`
        \tWidgetSource `json:",inline" protobuf:"bytes,3,opt"`
        \tPorts []int32 `json:"ports,omitempty" protobuf:"varint,4,rep,name=ports"`
        \tBlobs map[string][]byte `json:"blobs,omitempty" protobuf:"bytes,5,rep,name=blobs"`
        \tMode string `json:"mode" protobuf:"bytes,6,opt,name=mode"`
        }
        """

    @Test func parsesMessages() throws {
        let schema = try ProtoSchema.parse(Self.proto)
        #expect(schema.package == "k8s.io.api.demo.v1")
        #expect(schema.messages["Widget"] == [
            .init(name: "metadata", number: 1, label: .optional, type: "k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta"),
            .init(name: "spec", number: 2, label: .optional, type: "WidgetSpec"),
        ])
        let spec = try #require(schema.messages["WidgetSpec"])
        #expect(spec[3] == .init(name: "ports", number: 4, label: .repeated, type: "int32"))
        #expect(spec[4] == .init(name: "blobs", number: 5, label: .map(key: "string"), type: "bytes"))
    }

    @Test func rejectsWhatItCannotRead() {
        #expect(throws: ModelGenError.self) { try ProtoSchema.parse("message A {\n  optional string a = x;\n}") }
        #expect(throws: ModelGenError.self) { try ProtoSchema.parse("message A {\n  message B {\n  }\n}") }
    }

    @Test func parsesGoTags() {
        var tags = GoStructTags()
        tags.add(goSource: Self.go)
        let spec = tags.structs["WidgetSpec"] ?? [:]
        #expect(spec["name"] == .init(goType: "string", jsonName: "name", omitEmpty: true, inline: false, protoName: "name"))
        #expect(spec["replicas"]?.isPointer == true)
        // No name= in the tag: go-to-protobuf's lower-camel Go name.
        #expect(spec["widgetSource"]?.inline == true)
        #expect(spec["mode"]?.omitEmpty == false)
    }

    @Test func emitsDecoders() throws {
        var tags = GoStructTags()
        tags.add(goSource: Self.go)
        let catalog = ProtoCatalog(packages: ["k8s.io.api.demo.v1": .init(schema: try ProtoSchema.parse(Self.proto), tags: tags)])
        let spec = ModelPlan.TypeDecl(
            definition: "io.k8s.api.demo.v1.WidgetSpec", namespace: "DemoV1", name: "WidgetSpec",
            properties: [
                .init(jsonName: "blobs", swiftName: "blobs", type: .dictionary(.builtin("String")), optional: true),
                .init(jsonName: "mode", swiftName: "mode", type: .builtin("String"), optional: false),
                .init(jsonName: "name", swiftName: "name", type: .builtin("String"), optional: true),
                .init(jsonName: "path", swiftName: "path", type: .builtin("String"), optional: true),
                .init(jsonName: "ports", swiftName: "ports", type: .array(.builtin("Int32")), optional: true),
                .init(jsonName: "replicas", swiftName: "replicas", type: .builtin("Int32"), optional: true),
            ])
        let plan = ModelPlan(namespaces: [.init(name: "DemoV1", groupVersion: "demo/v1", types: [spec])])
        let emitter = SwiftEmitter(sourceLabel: "test")
        let (supported, skipped) = emitter.protobufSupport(plan, catalog: catalog)
        #expect(skipped.isEmpty)
        let text = emitter.protobufDecodingFile(for: plan.namespaces[0], catalog: catalog, supported: supported).contents
        // Required properties start at their zero; fields are read straight into `self`.
        #expect(text.contains("self.mode = \"\"\n        try readProtobufFields(&r)"))
        #expect(text.contains("private mutating func readProtobufFields(_ r: inout ProtobufReader) throws(ProtobufDecodingError) {"))
        #expect(text.contains("case 1: self.name = omitZero(try r.string())"))  // non-pointer omitempty
        #expect(text.contains("case 2: self.replicas = try r.int32()"))  // pointer: 0 stays
        #expect(text.contains("case 6: self.mode = try r.string()"))  // not omitempty: "" stays
        // An inlined struct: a child reader in the same scope, its errors placed inside the field.
        #expect(text.contains("var r1 = try r.nestedReader()"))
        #expect(text.contains("while let f1 = try r1.next() {"))
        #expect(text.contains(#"throw error.inside("field 3 (WidgetSource)")"#))
        #expect(text.contains("case 1: self.path = omitZero(try r1.string())") == false)  // no Go tags for WidgetSource here
        #expect(text.contains("try r.appendVarints(to: &self.ports)"))
        #expect(text.contains("try r.base64MapEntry(into: &self.blobs)"))
        #expect(!text.contains("//  "))  // names and numbers only, no upstream comments
    }

    @Test func unmappableTypesAreSkippedWithAReason() throws {
        let catalog = ProtoCatalog(packages: ["k8s.io.api.demo.v1": .init(schema: try ProtoSchema.parse(Self.proto), tags: GoStructTags())])
        let widget = ModelPlan.TypeDecl(
            definition: "io.k8s.api.demo.v1.Widget", namespace: "DemoV1", name: "Widget",
            properties: [
                .init(jsonName: "metadata", swiftName: "metadata", type: .builtin("ObjectMeta"), optional: true),
                .init(jsonName: "spec", swiftName: "spec", type: .builtin("Double"), optional: true),
            ])
        let plan = ModelPlan(namespaces: [.init(name: "DemoV1", groupVersion: "demo/v1", types: [widget])])
        let (supported, skipped) = SwiftEmitter(sourceLabel: "t").protobufSupport(plan, catalog: catalog)
        #expect(supported.isEmpty)
        #expect(skipped["DemoV1.Widget"]?.contains("no protobuf read for Double from WidgetSpec") == true)
    }
}
