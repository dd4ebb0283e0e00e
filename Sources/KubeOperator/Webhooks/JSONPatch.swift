import Foundation
public import KubeModel

/// A JSON patch (RFC 6902) of `add`, `remove` and `replace` operations, computed by diffing two
/// JSON values: what a mutating webhook returns for the object its handler changed. Pure.
public struct JSONPatch: Sendable, Hashable {
    /// One operation; `value` is absent for `remove`.
    public struct Operation: Sendable, Hashable {
        public var op: String
        /// A JSON pointer (RFC 6901), e.g. `/metadata/labels/app~1name`.
        public var path: String
        public var value: JSONValue?
    }

    public var operations: [Operation]

    /// The operations that turn `old` into `new`: objects are compared member by member, arrays
    /// of equal length element by element; anything else that differs is replaced whole.
    public init(from old: JSONValue, to new: JSONValue) {
        var ops: [Operation] = []
        Self.diff(old, new, path: "", into: &ops)
        operations = ops
    }

    private static func diff(_ old: JSONValue, _ new: JSONValue, path: String, into ops: inout [Operation]) {
        if old == new { return }
        switch (old, new) {
        case (.object(let a), .object(let b)):
            for key in a.keys.sorted() where b[key] == nil {
                ops.append(Operation(op: "remove", path: path + "/" + escape(key)))
            }
            for key in b.keys.sorted() {
                let child = path + "/" + escape(key)
                if let before = a[key] {
                    diff(before, b[key]!, path: child, into: &ops)
                } else {
                    ops.append(Operation(op: "add", path: child, value: b[key]!))
                }
            }
        case (.array(let a), .array(let b)) where a.count == b.count:
            for i in a.indices { diff(a[i], b[i], path: path + "/\(i)", into: &ops) }
        default:
            ops.append(Operation(op: "replace", path: path, value: new))
        }
    }

    /// Escapes a member name for a JSON pointer: `~` → `~0`, `/` → `~1`.
    static func escape(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// The patch as JSON.
    public var json: JSONValue {
        .array(operations.map { o in
            var m: [String: JSONValue] = ["op": .string(o.op), "path": .string(o.path)]
            if let value = o.value { m["value"] = value }
            return .object(m)
        })
    }

    /// Applies the patch (the operations ``init(from:to:)`` produces) to `value`.
    /// - Throws: ``OperatorError`` when a path does not exist in `value`.
    public func apply(to value: JSONValue) throws -> JSONValue {
        var result = value
        for o in operations {
            let tokens = o.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
                $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            }
            try Self.apply(o, tokens: tokens[...], to: &result)
        }
        return result
    }

    private static func apply(_ o: Operation, tokens: ArraySlice<String>, to value: inout JSONValue) throws {
        guard let token = tokens.first else {
            value = o.value ?? .null
            return
        }
        let rest = tokens.dropFirst()
        switch value {
        case .object(var members):
            if rest.isEmpty, o.op == "remove" {
                members[token] = nil
            } else if rest.isEmpty, o.op == "add" {
                members[token] = o.value
            } else {
                guard var child = members[token] else { throw missing(o) }
                try apply(o, tokens: rest, to: &child)
                members[token] = child
            }
            value = .object(members)
        case .array(var elements):
            guard let i = Int(token), elements.indices.contains(i) else { throw missing(o) }
            try apply(o, tokens: rest, to: &elements[i])
            value = .array(elements)
        default:
            throw missing(o)
        }
    }

    private static func missing(_ o: Operation) -> OperatorError {
        OperatorError(code: .jsonPatch, message: "JSON patch path \(o.path) does not exist in the value")
    }
}
