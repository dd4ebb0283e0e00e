import KubeModel

/// JSON Merge Patch (RFC 7386): objects merge recursively, `null` deletes a member, anything
/// else (arrays included) replaces. The server also applies strategic-merge patches this way
/// (a documented simplification: list merge keys are not honoured, lists are replaced).
enum MergePatch {
    static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let patchMembers) = patch else { return patch }
        var result = target.objectValue ?? [:]
        for (key, value) in patchMembers {
            if value.isNull {
                result.removeValue(forKey: key)
            } else {
                result[key] = apply(value, to: result[key] ?? .null)
            }
        }
        return .object(result)
    }
}
