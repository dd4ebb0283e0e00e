import KubeModel

extension DynamicObject {
    /// The value at a path of member names below the top level, e.g. `field("status", "phase")`.
    func field(_ path: String...) -> JSONValue? {
        guard let first = path.first else { return nil }
        var value: JSONValue? = content[first]
        for key in path.dropFirst() { value = value?[key] }
        return value
    }

    /// The string at a path, `""` when missing or not a string (Go's zero value, as the printers expect).
    func string(_ path: String...) -> String {
        guard let first = path.first else { return "" }
        var value: JSONValue? = content[first]
        for key in path.dropFirst() { value = value?[key] }
        return value?.stringValue ?? ""
    }

    /// The array at a path, `[]` when missing.
    func array(_ path: String...) -> [JSONValue] {
        guard let first = path.first else { return [] }
        var value: JSONValue? = content[first]
        for key in path.dropFirst() { value = value?[key] }
        return value?.arrayValue ?? []
    }

    /// The creation time in epoch seconds.
    var created: Int64? { metadata.creationTimestamp?.secondsSinceEpoch }
}

extension JSONValue {
    /// The member `key` as a string, `""` when missing (Go's zero value).
    func string(_ key: String) -> String { self[key]?.stringValue ?? "" }

    /// An RFC 3339 timestamp as epoch seconds; `nil` when missing or unparsable.
    var epochSeconds: Int64? { stringValue.flatMap { Time(rfc3339: $0) }?.secondsSinceEpoch }
}
