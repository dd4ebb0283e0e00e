import Foundation

/// The protobuf schemas and Go struct tags of the Kubernetes packages the generated types come
/// from, read from a source tree laid out like `staging/src/k8s.io` (`api/core/v1/generated.proto`,
/// `apimachinery/pkg/apis/meta/v1/types.go`, …).
struct ProtoCatalog: Sendable {
    struct Package: Sendable {
        var schema: ProtoSchema
        var tags: GoStructTags
    }

    /// By proto package, e.g. `k8s.io.api.core.v1`.
    var packages: [String: Package] = [:]

    /// The proto package of an OpenAPI definition: `io.k8s.api.core.v1.Pod` → `k8s.io.api.core.v1`.
    static func protoPackage(ofDefinition definition: String) -> String {
        let parts = definition.split(separator: ".").dropLast()
        guard parts.count > 2, parts[0] == "io", parts[1] == "k8s" else { return parts.joined(separator: ".") }
        return "k8s.io." + parts.dropFirst(2).joined(separator: ".")
    }

    /// The message of a definition, with its package.
    func message(definition: String, name: String) -> (package: Package, fields: [ProtoSchema.Field])? {
        guard let p = packages[Self.protoPackage(ofDefinition: definition)], let m = p.schema.messages[name] else {
            return nil
        }
        return (p, m)
    }

    /// Reads the packages of `definitions` under `root` (the folder holding `api/`, `apimachinery/`, …).
    static func load(root: String, definitions: [String]) throws -> ProtoCatalog {
        var catalog = ProtoCatalog()
        let fm = FileManager.default
        for package in Set(definitions.map(protoPackage(ofDefinition:))) {
            // k8s.io.api.core.v1 → <root>/api/core/v1
            let relative = package.split(separator: ".").dropFirst(2).joined(separator: "/")
            let dir = (root as NSString).appendingPathComponent(relative)
            let protoPath = (dir as NSString).appendingPathComponent("generated.proto")
            guard fm.fileExists(atPath: protoPath) else {
                throw ModelGenError(description: "no \(protoPath) for \(package): give --proto-root the folder holding api/, apimachinery/ (staging/src/k8s.io of the Kubernetes source)")
            }
            let schema = try ProtoSchema.parse(try String(contentsOfFile: protoPath, encoding: .utf8))
            var tags = GoStructTags()
            for file in try fm.contentsOfDirectory(atPath: dir).sorted()
            where file.hasPrefix("types") && file.hasSuffix(".go") && !file.hasSuffix("_test.go") {
                tags.add(goSource: try String(contentsOfFile: (dir as NSString).appendingPathComponent(file), encoding: .utf8))
            }
            catalog.packages[package] = Package(schema: schema, tags: tags)
        }
        return catalog
    }
}
