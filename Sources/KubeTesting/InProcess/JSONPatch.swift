import Foundation
import KubeModel

/// JSON Patch (RFC 6902): `add`, `remove`, `replace`, `move`, `copy` and `test` operations with
/// JSON Pointer (RFC 6901) paths, applied in order; any failure rejects the whole patch.
enum JSONPatch {
    struct Failure: Error, Sendable {
        var message: String
    }

    static func apply(_ patch: JSONValue, to target: JSONValue) throws(Failure) -> JSONValue {
        guard let ops = patch.arrayValue else { throw Failure(message: "a JSON patch must be an array of operations") }
        var doc = target
        for op in ops {
            guard let name = op["op"]?.stringValue else { throw Failure(message: "operation has no 'op'") }
            guard let path = op["path"]?.stringValue else { throw Failure(message: "operation \(name) has no 'path'") }
            let pointer = try parsePointer(path)
            switch name {
            case "add":
                doc = try insert(op["value"] ?? .null, at: pointer[...], in: doc, replacing: false)
            case "replace":
                _ = try get(pointer[...], in: doc)
                doc = try insert(op["value"] ?? .null, at: pointer[...], in: doc, replacing: true)
            case "remove":
                doc = try remove(pointer[...], from: doc)
            case "move", "copy":
                guard let from = op["from"]?.stringValue else { throw Failure(message: "\(name) has no 'from'") }
                let fromPointer = try parsePointer(from)
                let value = try get(fromPointer[...], in: doc)
                if name == "move" { doc = try remove(fromPointer[...], from: doc) }
                doc = try insert(value, at: pointer[...], in: doc, replacing: false)
            case "test":
                let actual = try get(pointer[...], in: doc)
                guard actual == (op["value"] ?? .null) else {
                    throw Failure(message: "testing value \(path) failed")
                }
            default:
                throw Failure(message: "unknown operation \(name)")
            }
        }
        return doc
    }

    static func parsePointer(_ path: String) throws(Failure) -> [String] {
        if path.isEmpty { return [] }
        guard path.hasPrefix("/") else { throw Failure(message: "invalid JSON pointer \(path)") }
        return path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    private static func get(_ pointer: ArraySlice<String>, in doc: JSONValue) throws(Failure) -> JSONValue {
        guard let key = pointer.first else { return doc }
        switch doc {
        case .object(let o):
            guard let child = o[key] else { throw Failure(message: "missing member \(key)") }
            return try get(pointer.dropFirst(), in: child)
        case .array(let a):
            guard let i = Int(key), a.indices.contains(i) else { throw Failure(message: "bad array index \(key)") }
            return try get(pointer.dropFirst(), in: a[i])
        default:
            throw Failure(message: "cannot descend into a scalar at \(key)")
        }
    }

    private static func insert(
        _ value: JSONValue, at pointer: ArraySlice<String>, in doc: JSONValue, replacing: Bool
    ) throws(Failure) -> JSONValue {
        guard let key = pointer.first else { return value }
        let last = pointer.count == 1
        switch doc {
        case .object(var o):
            if last {
                o[key] = value
            } else {
                guard let child = o[key] else { throw Failure(message: "missing member \(key)") }
                o[key] = try insert(value, at: pointer.dropFirst(), in: child, replacing: replacing)
            }
            return .object(o)
        case .array(var a):
            if last {
                if key == "-", !replacing {
                    a.append(value)
                } else {
                    guard let i = Int(key), i >= 0, replacing ? i < a.count : i <= a.count else {
                        throw Failure(message: "bad array index \(key)")
                    }
                    if replacing { a[i] = value } else { a.insert(value, at: i) }
                }
            } else {
                guard let i = Int(key), a.indices.contains(i) else { throw Failure(message: "bad array index \(key)") }
                a[i] = try insert(value, at: pointer.dropFirst(), in: a[i], replacing: replacing)
            }
            return .array(a)
        default:
            throw Failure(message: "cannot add into a scalar at \(key)")
        }
    }

    private static func remove(_ pointer: ArraySlice<String>, from doc: JSONValue) throws(Failure) -> JSONValue {
        guard let key = pointer.first else { throw Failure(message: "cannot remove the whole document") }
        let last = pointer.count == 1
        switch doc {
        case .object(var o):
            guard let child = o[key] else { throw Failure(message: "missing member \(key)") }
            if last { o.removeValue(forKey: key) } else { o[key] = try remove(pointer.dropFirst(), from: child) }
            return .object(o)
        case .array(var a):
            guard let i = Int(key), a.indices.contains(i) else { throw Failure(message: "bad array index \(key)") }
            if last { a.remove(at: i) } else { a[i] = try remove(pointer.dropFirst(), from: a[i]) }
            return .array(a)
        default:
            throw Failure(message: "cannot remove from a scalar at \(key)")
        }
    }
}
