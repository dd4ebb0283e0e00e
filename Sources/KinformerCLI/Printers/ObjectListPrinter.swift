import Foundation
import KubeModel
import Yams

/// `-o name`, `-o json` and `-o yaml`: the objects themselves, as kubectl prints them.
/// JSON and YAML print one `List` (`apiVersion: v1`, `kind: List`, the items with their
/// `apiVersion` and `kind` filled in, keys sorted). Pure.
struct ObjectListPrinter: Sendable {
    var resource: ResourceDescriptor

    /// `kind.group/name` (or `kind/name` for the core group), e.g. `deployment.apps/web`.
    func name(_ object: some KubernetesObject) -> String {
        let kind = resource.kind.lowercased()
        return (resource.group.isEmpty ? kind : "\(kind).\(resource.group)") + "/" + object.name
    }

    /// The `List` of `objects` as JSON.
    func list(_ objects: [DynamicObject]) throws -> JSONValue {
        let apiVersion = resource.group.isEmpty ? resource.version : "\(resource.group)/\(resource.version)"
        let encoder = JSONEncoder()
        let items = try objects.map { object -> JSONValue in
            var object = object
            if object.apiVersion == nil { object.apiVersion = apiVersion }
            if object.kind == nil { object.kind = resource.kind }
            return try JSONDecoder().decode(JSONValue.self, from: encoder.encode(object))
        }
        return ["apiVersion": "v1", "kind": "List", "items": .array(items), "metadata": ["resourceVersion": ""]]
    }

    /// The lines of `objects` in `format` (`name`, `json` or `yaml`): one `List`, or with
    /// `single` each object alone (YAML documents start with `---`), as `-w` prints changes.
    func lines(_ objects: [DynamicObject], format: OutputFormat, single: Bool) throws -> [String] {
        switch format {
        case .name, .table, .wide:
            return objects.map { name($0) }
        case .json where single:
            return try objects.flatMap { object -> [String] in
                guard case .array(let items) = try list([object])["items"], let item = items.first else { return [] }
                return try Self.prettyJSON(item)
            }
        case .json:
            return try Self.prettyJSON(list(objects))
        case .yaml where single:
            return try objects.flatMap { object -> [String] in
                guard case .array(let items) = try list([object])["items"], let item = items.first else { return [] }
                return ["---"] + (try Self.yaml(item))
            }
        case .yaml:
            return try Self.yaml(list(objects))
        }
    }

    static func prettyJSON(_ value: JSONValue) throws -> [String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    static func yaml(_ value: JSONValue) throws -> [String] {
        let encoder = YAMLEncoder()
        encoder.options.sortKeys = true
        var lines = try encoder.encode(value).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
