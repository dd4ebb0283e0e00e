import Foundation
public import KubeModel

/// An `apiextensions.k8s.io/v1` CustomResourceDefinition built from the Swift types of one
/// kind's versions (each a ``CustomResource``), ready to print or apply.
///
/// ```swift
/// let manifest = try CustomResourceDefinitionManifest(versions: [GizmoV1alpha1.self, GizmoV1.self], storage: GizmoV1.self)
/// print(manifest.jsonText())             // what `kubectl apply -f -` takes
/// try await client.resource(ApiextensionsV1.CustomResourceDefinition.resource).apply(manifest.object, …)
/// ```
public struct CustomResourceDefinitionManifest: Sendable {
    /// How the API server converts between versions.
    public enum Conversion: Sendable, Hashable {
        /// Only `apiVersion` changes (the versions' schemas must then be the same).
        case none
        /// The API server sends `ConversionReview`s to `url`, trusting `caBundle` (PEM).
        case webhook(url: String, caBundle: [UInt8])
        /// The API server sends `ConversionReview`s to a Service in the cluster.
        case service(namespace: String, name: String, path: String, port: Int, caBundle: [UInt8])
    }

    /// The definition's name: `plural.group`.
    public let name: String
    /// The definition as a dynamic object.
    public let object: DynamicObject

    /// Builds the definition.
    /// - Parameters:
    ///   - versions: the kind's versions, in the order the API server should list them.
    ///   - storage: the version objects are stored in (defaults to the only version).
    ///   - conversion: how to convert between versions; needed when there is more than one.
    /// - Throws: ``OperatorError`` when the versions disagree on group, kind, plural or scope,
    ///   repeat a version, or the storage version is not among them.
    public init(
        versions: [any CustomResource.Type], storage: (any CustomResource.Type)? = nil, conversion: Conversion = .none
    ) throws {
        guard let first = versions.first else {
            throw OperatorError(code: .customResource, message: "a custom resource definition needs at least one version")
        }
        let r = first.resource
        for v in versions.dropFirst() {
            let o = v.resource
            guard o.group == r.group, o.kind == r.kind, o.plural == r.plural, o.namespaced == r.namespaced else {
                throw OperatorError(
                    code: .customResource,
                    message: "\(v) (\(o.apiVersion) \(o.kind), \(o.plural)) and \(first) (\(r.apiVersion) \(r.kind), "
                        + "\(r.plural)) must agree on group, kind, plural and scope to share one definition")
            }
        }
        let names = versions.map { $0.version }
        if let repeated = names.first(where: { n in names.filter { $0 == n }.count > 1 }) {
            throw OperatorError(code: .customResource, message: "version \(repeated) is declared twice; give each Swift type its own version")
        }
        let storageVersion = (storage ?? (versions.count == 1 ? first : nil))?.version
        guard let storageVersion, names.contains(storageVersion) else {
            throw OperatorError(
                code: .customResource,
                message: "choose the storage version among \(names) (pass storage:)")
        }
        name = "\(r.plural).\(r.group)"

        var names_: [String: JSONValue] = [
            "plural": .string(r.plural), "singular": .string(r.singular), "kind": .string(r.kind),
            "listKind": .string(r.listKind),
        ]
        if !r.shortNames.isEmpty { names_["shortNames"] = .array(r.shortNames.map(JSONValue.string)) }
        var spec: [String: JSONValue] = [
            "group": .string(r.group),
            "names": .object(names_),
            "scope": .string(r.namespaced ? "Namespaced" : "Cluster"),
            "versions": .array(versions.map { Self.version($0, storage: $0.version == storageVersion) }),
        ]
        switch conversion {
        case .none:
            spec["conversion"] = ["strategy": "None"]
        case .webhook(let url, let ca):
            spec["conversion"] = Self.webhookConversion(["url": .string(url)], caBundle: ca)
        case .service(let namespace, let serviceName, let path, let port, let ca):
            let service: JSONValue = [
                "namespace": .string(namespace), "name": .string(serviceName), "path": .string(path),
                "port": .int(Int64(port)),
            ]
            spec["conversion"] = Self.webhookConversion(["service": service], caBundle: ca)
        }
        object = DynamicObject(
            apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition",
            metadata: ObjectMeta(name: name), content: ["spec": .object(spec)])
    }

    private static func version(_ type: any CustomResource.Type, storage: Bool) -> JSONValue {
        var v: [String: JSONValue] = [
            "name": .string(type.version), "served": true, "storage": .bool(storage),
            "schema": ["openAPIV3Schema": type.objectSchema.json],
        ]
        if type.hasStatusSubresource { v["subresources"] = ["status": [:]] }
        if !type.printerColumns.isEmpty { v["additionalPrinterColumns"] = .array(type.printerColumns.map(\.json)) }
        return .object(v)
    }

    private static func webhookConversion(_ clientConfig: [String: JSONValue], caBundle: [UInt8]) -> JSONValue {
        var config = clientConfig
        config["caBundle"] = .string(Data(caBundle).base64EncodedString())
        return [
            "strategy": "Webhook",
            "webhook": ["clientConfig": .object(config), "conversionReviewVersions": ["v1"]],
        ]
    }

    /// The manifest as indented JSON with sorted keys (what `kubectl apply -f` accepts).
    public func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(object), as: UTF8.self)
    }
}
