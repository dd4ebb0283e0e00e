/// Resolves an OpenAPI document and a selection of group/versions into a ``ModelPlan``.
struct ModelPlanner {
    /// Meta and utility definitions represented by hand-written KubeModel types.
    static let builtinDefinitions: [String: String] = {
        let meta = "io.k8s.apimachinery.pkg.apis.meta.v1."
        var m: [String: String] = [
            "io.k8s.apimachinery.pkg.api.resource.Quantity": "Quantity",
            "io.k8s.apimachinery.pkg.util.intstr.IntOrString": "IntOrString",
            "io.k8s.apimachinery.pkg.runtime.RawExtension": "JSONValue",
            meta + "FieldsV1": "JSONValue",
        ]
        for name in [
            "ObjectMeta", "ListMeta", "Time", "MicroTime", "LabelSelector", "LabelSelectorRequirement", "Status",
            "StatusDetails", "StatusCause", "OwnerReference", "ManagedFieldsEntry", "TypeMeta",
        ] {
            m[meta + name] = name
        }
        return m
    }()

    /// Names hand-written in KubeModel that generated code refers to unqualified unless shadowed.
    static let kubeModelNames: Set<String> = Set(builtinDefinitions.values).union(["Indirect", "FieldBox"])

    let document: OpenAPIDocument
    let scopes: [GroupVersionKind: ResourceScope]

    init(document: OpenAPIDocument) {
        self.document = document
        self.scopes = ResourceScopes.derive(from: document.paths)
    }

    /// Plans the given group/versions (`core/v1`, `apps/v1`, `apiextensions.k8s.io/v1`, …) plus
    /// every definition they reference from other group/versions.
    /// - Parameter skipMissing: skip group/versions the document lacks (e.g. `batch/v1beta1` in a
    ///   newer document) and list them in ``ModelPlan/skipped``, instead of failing.
    func plan(groupVersions: [String], skipMissing: Bool = false) throws -> ModelPlan {
        var skipped: [String] = []
        let packages = Dictionary(grouping: document.definitions.keys, by: Self.package(of:))
        var roots: [String] = []
        for selector in groupVersions {
            let matching = packages.filter { matches(selector: selector, package: $0.key, definitions: $0.value) }
            guard !matching.isEmpty else {
                if skipMissing {
                    skipped.append(selector)
                    continue
                }
                throw ModelGenError(description: "group/version '\(selector)' has no definitions in the document; "
                    + "use the form core/v1, apps/v1 or apiextensions.k8s.io/v1")
            }
            for (_, defs) in matching { roots += defs }
        }
        // The closure of generated structs over references.
        var selected = Set<String>()
        var pending = roots
        while let name = pending.popLast() {
            guard !selected.contains(name), let schema = document.definitions[name], isStruct(name, schema) else {
                continue
            }
            selected.insert(name)
            for property in (schema.properties ?? [:]).values { pending += references(property) }
        }
        var decls: [String: ModelPlan.TypeDecl] = [:]
        for name in selected {
            decls[name] = try declaration(name, document.definitions[name]!)
        }
        boxRecursiveProperties(&decls)
        var byNamespace: [String: [ModelPlan.TypeDecl]] = [:]
        for decl in decls.values { byNamespace[decl.namespace, default: []].append(decl) }
        var namespaces = byNamespace.map { ns, types in
            ModelPlan.Namespace(
                name: ns, groupVersion: Self.groupVersionLabel(Self.package(of: types[0].definition)),
                types: types.sorted { $0.name < $1.name })
        }
        namespaces.sort { $0.name < $1.name }
        for i in namespaces.indices { qualifyShadowedBuiltins(&namespaces[i]) }
        return ModelPlan(namespaces: namespaces, documentVersion: document.info?.version, skipped: skipped)
    }

    // MARK: Names

    /// `io.k8s.api.core.v1.Pod` → `io.k8s.api.core.v1`.
    static func package(of definition: String) -> String {
        guard let dot = definition.lastIndex(of: ".") else { return "" }
        return String(definition[..<dot])
    }

    /// `io.k8s.api.core.v1` → `core/v1`.
    static func groupVersionLabel(_ package: String) -> String {
        let parts = package.split(separator: ".")
        guard parts.count >= 2 else { return package }
        return "\(parts[parts.count - 2])/\(parts[parts.count - 1])"
    }

    /// `io.k8s.api.core.v1` → `CoreV1`; `…apiextensions.v1beta1` → `ApiextensionsV1beta1`.
    static func namespaceName(_ package: String) -> String {
        let parts = package.split(separator: ".").suffix(2)
        return parts.map { part in
            part.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { word in
                word.prefix(1).uppercased() + word.dropFirst()
            }.joined()
        }.joined()
    }

    private func matches(selector: String, package: String, definitions: [String]) -> Bool {
        let label = Self.groupVersionLabel(package)
        if selector == label { return true }
        // The real API group, when the package's kinds agree on one (the meta package's shared
        // kinds such as DeleteOptions list every group, so it has none).
        let gvks = definitions.flatMap { document.definitions[$0]?.groupVersionKinds ?? [] }
        let groups = Set(gvks.map { "\($0.group)/\($0.version)" })
        guard groups.count == 1, let only = gvks.first else { return false }
        return selector == "\(only.group)/\(only.version)" || (only.group.isEmpty && selector == only.version)
    }

    // MARK: Types

    /// Whether a definition becomes a generated struct (it has properties and no built-in mapping).
    private func isStruct(_ name: String, _ schema: Schema) -> Bool {
        Self.builtinDefinitions[name] == nil && !(schema.properties ?? [:]).isEmpty
    }

    private func references(_ schema: Schema) -> [String] {
        if let ref = schema.refName { return [ref] }
        return (schema.items.map(references) ?? []) + (schema.additionalProperties.map(references) ?? [])
    }

    private func declaration(_ name: String, _ schema: Schema) throws -> ModelPlan.TypeDecl {
        let namespace = Self.namespaceName(Self.package(of: name))
        let required = Set(schema.required ?? [])
        let props = schema.properties ?? [:]
        var kind: ModelPlan.Kind?
        if let gvk = schema.groupVersionKinds?.first, schema.groupVersionKinds?.count == 1,
            props["metadata"]?.refName == "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
        {
            kind = ModelPlan.Kind(gvk: gvk, scope: scopes[gvk])
        }
        var used = Set<String>()
        var properties: [ModelPlan.Property] = []
        // apiVersion, kind, metadata lead (as in the API's own output); the rest is alphabetical.
        let leading = ["apiVersion", "kind", "metadata"]
        let order = leading.filter { props[$0] != nil } + props.keys.filter { !leading.contains($0) }.sorted()
        for jsonName in order {
            var swiftName = SwiftNames.property(jsonName)
            while used.contains(swiftName) { swiftName += "_" }
            used.insert(swiftName)
            let type = try swiftType(props[jsonName]!, in: "\(name).\(jsonName)")
            let isMetadata = kind != nil && jsonName == "metadata"
            properties.append(.init(jsonName: jsonName, swiftName: swiftName, type: type,
                                    optional: !required.contains(jsonName) && !isMetadata))
        }
        return .init(definition: name, namespace: namespace, name: SwiftNames.type(String(name.split(separator: ".").last!)),
                     properties: properties, kind: kind)
    }

    private func swiftType(_ schema: Schema, in context: String) throws -> ModelPlan.SwiftType {
        if let ref = schema.refName {
            if let builtin = Self.builtinDefinitions[ref] { return .builtin(builtin) }
            guard let target = document.definitions[ref] else {
                throw ModelGenError(description: "\(context) refers to '\(ref)', which the document does not define")
            }
            if isStruct(ref, target) {
                return .generated(namespace: Self.namespaceName(Self.package(of: ref)),
                                  name: SwiftNames.type(String(ref.split(separator: ".").last!)))
            }
            return try swiftType(target, in: ref)
        }
        switch schema.type {
        case "string":
            switch schema.format {
            case "int-or-string": return .builtin("IntOrString")
            case "date-time": return .builtin("Time")
            default: return .builtin("String")
            }
        case "integer":
            return .builtin(schema.format == "int32" ? "Int32" : "Int64")
        case "number":
            return .builtin("Double")
        case "boolean":
            return .builtin("Bool")
        case "array":
            return .array(try schema.items.map { try swiftType($0, in: context + "[]") } ?? .builtin("JSONValue"))
        case "object" where schema.additionalProperties != nil && schema.properties == nil:
            return .dictionary(try swiftType(schema.additionalProperties!, in: context + "{}"))
        default:
            if schema.format == "int-or-string" { return .builtin("IntOrString") }
            return .builtin("JSONValue")
        }
    }

    // MARK: Recursion

    /// Boxes each property that holds (directly, not through an array or dictionary) a struct
    /// that can reach back to the property's owner, so the structs have finite size.
    private func boxRecursiveProperties(_ decls: inout [String: ModelPlan.TypeDecl]) {
        func key(_ ns: String, _ name: String) -> String { ns + "." + name }
        var byKey: [String: String] = [:]
        for (def, d) in decls { byKey[key(d.namespace, d.name)] = def }
        var edges: [String: Set<String>] = [:]
        for (def, d) in decls {
            for p in d.properties {
                if case .generated(let ns, let n) = p.type, let target = byKey[key(ns, n)] {
                    edges[def, default: []].insert(target)
                }
            }
        }
        func reaches(_ from: String, _ to: String) -> Bool {
            var seen = Set<String>()
            var stack = [from]
            while let x = stack.popLast() {
                if x == to { return true }
                guard seen.insert(x).inserted else { continue }
                stack += edges[x] ?? []
            }
            return false
        }
        for def in decls.keys {
            for i in decls[def]!.properties.indices {
                let p = decls[def]!.properties[i]
                if case .generated(let ns, let n) = p.type, let target = byKey[key(ns, n)], reaches(target, def) {
                    decls[def]!.properties[i].type = .boxed(p.type)
                }
            }
        }
    }

    /// Qualifies KubeModel names (`KubeModel.Status`) in a namespace that generates a type of the same name.
    private func qualifyShadowedBuiltins(_ ns: inout ModelPlan.Namespace) {
        let local = Set(ns.types.map(\.name)).intersection(Self.kubeModelNames)
        guard !local.isEmpty else { return }
        func fix(_ t: ModelPlan.SwiftType) -> ModelPlan.SwiftType {
            switch t {
            case .builtin(let n) where local.contains(n): return .builtin("KubeModel." + n)
            case .builtin, .generated: return t
            case .array(let e): return .array(fix(e))
            case .dictionary(let e): return .dictionary(fix(e))
            case .boxed(let e): return .boxed(fix(e))
            }
        }
        for t in ns.types.indices {
            for p in ns.types[t].properties.indices { ns.types[t].properties[p].type = fix(ns.types[t].properties[p].type) }
        }
    }
}
