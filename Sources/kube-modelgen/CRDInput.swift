import Foundation
import Yams

/// Reads CustomResourceDefinition manifests (`apiextensions.k8s.io/v1`, YAML or JSON, one or
/// several documents, each with one or several versions) and restates each served version's
/// schema as an OpenAPI v2 document, so the existing ``ModelPlanner`` and ``SwiftEmitter`` turn
/// it into Swift types with direct tape decoders (what kopium does for Rust).
///
/// Nested object schemas become named definitions (`WidgetSpec`, `WidgetSpecTemplate`, array
/// items `…Item`, map values `…Value`); objects without properties (free-form,
/// `x-kubernetes-preserve-unknown-fields`) become `JSONValue`; `x-kubernetes-int-or-string`
/// becomes `IntOrString`; `metadata` is KubeModel's `ObjectMeta`. Pure apart from ``load(_:)``'s parsing.
struct CRDInput {
    /// The subset of a CRD the generator reads.
    struct Definition: Decodable {
        struct Names: Decodable {
            var kind: String
            var plural: String
        }

        struct Version: Decodable {
            struct Validation: Decodable {
                var openAPIV3Schema: CRDSchema?
            }

            var name: String
            var served: Bool?
            var schema: Validation?
        }

        struct Spec: Decodable {
            var group: String
            var names: Names
            var scope: String
            var versions: [Version]
        }

        var kind: String?
        var spec: Spec
    }

    /// A structural schema node (the fields that shape Swift types).
    final class CRDSchema: Decodable, Sendable {
        let type: String?
        let format: String?
        let properties: [String: CRDSchema]?
        let required: [String]?
        let items: CRDSchema?
        let additionalProperties: CRDSchema?
        let intOrString: Bool

        enum CodingKeys: String, CodingKey {
            case type, format, properties, required, items, additionalProperties
            case intOrString = "x-kubernetes-int-or-string"
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            type = try c.decodeIfPresent(String.self, forKey: .type)
            format = try c.decodeIfPresent(String.self, forKey: .format)
            properties = try c.decodeIfPresent([String: CRDSchema].self, forKey: .properties)
            required = try c.decodeIfPresent([String].self, forKey: .required)
            items = try c.decodeIfPresent(CRDSchema.self, forKey: .items)
            // `additionalProperties: true` is a free-form map; a schema types its values.
            additionalProperties = try? c.decodeIfPresent(CRDSchema.self, forKey: .additionalProperties)
            intOrString = try c.decodeIfPresent(Bool.self, forKey: .intOrString) ?? false
        }
    }

    var definitions: [Definition]

    /// Parses one file: JSON or YAML, one or several `---`-separated documents; documents that
    /// are not CustomResourceDefinitions are skipped.
    /// - Throws: ``ModelGenError`` when the file is not YAML/JSON or holds no definition.
    static func load(_ data: Data, source: String) throws -> CRDInput {
        let text = String(decoding: data, as: UTF8.self)
        var found: [Definition] = []
        do {
            // JSON is YAML, so one parser reads both.
            var documents = try Yams.compose_all(yaml: text)
            while let node = documents.next() {
                guard node["kind"]?.string == "CustomResourceDefinition" else { continue }
                found.append(try YAMLDecoder().decode(Definition.self, from: node))
            }
            if let error = documents.error { throw error }
        } catch {
            throw ModelGenError(description: "\(source) is not a readable CustomResourceDefinition manifest: \(error)")
        }
        guard !found.isEmpty else {
            throw ModelGenError(description: "\(source) holds no CustomResourceDefinition (kind: CustomResourceDefinition)")
        }
        return CRDInput(definitions: found)
    }

    /// The definitions restated as one OpenAPI document, and the group/version labels to plan.
    func document() throws -> (document: OpenAPIDocument, groupVersions: [String]) {
        var definitions: [String: Schema] = [:]
        var paths: [String: PathItem] = [:]
        var labels: [String] = []
        for crd in self.definitions {
            let spec = crd.spec
            for version in spec.versions where version.served ?? true {
                guard let root = version.schema?.openAPIV3Schema else {
                    throw ModelGenError(
                        description: "\(spec.names.plural).\(spec.group) version \(version.name) has no schema.openAPIV3Schema; "
                            + "kube-modelgen needs a structural schema to generate types")
                }
                let package = Self.package(group: spec.group, version: version.name)
                let gvk = GroupVersionKind(group: spec.group, version: version.name, kind: spec.names.kind)
                var hoister = Hoister(package: package)
                var properties: [String: Schema] = [:]
                for (name, child) in root.properties ?? [:] where name != "metadata" {
                    properties[name] = hoister.schema(child, name: spec.names.kind + SwiftNames.type(name))
                }
                properties["apiVersion"] = properties["apiVersion"] ?? Schema(type: "string")
                properties["kind"] = properties["kind"] ?? Schema(type: "string")
                properties["metadata"] = Schema(ref: "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")
                definitions.merge(hoister.definitions) { a, _ in a }
                definitions["\(package).\(spec.names.kind)"] = Schema(
                    type: "object", properties: properties, required: root.required, groupVersionKinds: [gvk])
                let namespaced = spec.scope == "Namespaced"
                let path = "/apis/\(spec.group)/\(version.name)/" + (namespaced ? "namespaces/{namespace}/" : "") + spec.names.plural
                paths[path] = PathItem(operations: [.init(groupVersionKind: gvk, action: "list")])
                let label = ModelPlanner.groupVersionLabel(package)
                if !labels.contains(label) { labels.append(label) }
            }
        }
        return (OpenAPIDocument(definitions: definitions, paths: paths), labels)
    }

    /// `example.com`, `v1` → `com.example.v1` (so the namespace enum is `ExampleV1`).
    static func package(group: String, version: String) -> String {
        (group.split(separator: ".").reversed().map(String.init) + [version]).joined(separator: ".")
    }

    /// Turns inline object schemas into named definitions.
    private struct Hoister {
        let package: String
        var definitions: [String: Schema] = [:]

        mutating func schema(_ s: CRDSchema, name: String) -> Schema {
            if s.intOrString { return Schema(format: "int-or-string") }
            if let properties = s.properties, !properties.isEmpty {
                var mapped: [String: Schema] = [:]
                for (key, child) in properties { mapped[key] = schema(child, name: name + SwiftNames.type(key)) }
                let definition = "\(package).\(name)"
                definitions[definition] = Schema(type: "object", properties: mapped, required: s.required)
                return Schema(ref: "#/definitions/" + definition)
            }
            if s.type == "array" {
                return Schema(type: "array", items: s.items.map { schema($0, name: name + "Item") })
            }
            if s.type == "object", let values = s.additionalProperties {
                return Schema(type: "object", additionalProperties: schema(values, name: name + "Value"))
            }
            return Schema(type: s.type, format: s.format)
        }
    }
}

extension CRDInput {
    /// Generates the Swift files of the CRD manifests at `paths` into `output`; each file starts
    /// with `imports` (e.g. `import KubeModel`). With `publicTypes: false` the declarations are
    /// internal (for types generated into a test or an app target). With `tapeDecoders` the
    /// direct tape decoders are emitted too; they conform to a package-level protocol of
    /// KubeModel, so only code compiled inside the Kinformer package can use them — elsewhere the
    /// types decode through FastJSON's Decoder route.
    static func generate(
        paths: [String], imports: [String], publicTypes: Bool = true, tapeDecoders: Bool = false, output: String
    ) throws {
        var input = CRDInput(definitions: [])
        for path in paths {
            input.definitions += try load(Data(contentsOf: URL(fileURLWithPath: path)), source: path).definitions
        }
        let (document, groupVersions) = try input.document()
        let plan = try ModelPlanner(document: document).plan(groupVersions: groupVersions)
        let names = input.definitions.map { "\($0.spec.names.plural).\($0.spec.group)" }
        let emitter = SwiftEmitter(sourceLabel: "(CustomResourceDefinition \(names.joined(separator: ", ")))")
        let header = imports.map { "\($0)\n" }.joined()
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        for ns in plan.namespaces {
            let files = tapeDecoders ? [emitter.file(for: ns), emitter.tapeDecodingFile(for: ns)] : [emitter.file(for: ns)]
            for file in files {
                let target = (output as NSString).appendingPathComponent(file.name)
                // The emitter's only use of `public ` is as the access modifier.
                let contents = publicTypes ? file.contents : file.contents.replacingOccurrences(of: "public ", with: "")
                try (header + contents).write(toFile: target, atomically: true, encoding: .utf8)
                print("wrote \(target) (\(ns.types.count) types)")
            }
        }
    }
}
