import Foundation
import KubeModel

/// Compares two JSON documents semantically: object member order is ignored, numbers compare by
/// value (`1` == `1.0`), and an object member that is `null` counts as absent (as Go's
/// `omitempty` makes them on the server). Returns a description of the first difference, or `nil`.
enum JSONSemantics {
    static func parse(_ data: Data) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: data)
    }

    static func difference(_ a: JSONValue, _ b: JSONValue, path: String = "$") -> String? {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            let xs = x.filter { !$0.value.isNull }
            let ys = y.filter { !$0.value.isNull }
            for key in Set(xs.keys).union(ys.keys).sorted() {
                guard let av = xs[key] else { return "\(path).\(key): missing on the left" }
                guard let bv = ys[key] else { return "\(path).\(key): missing on the right" }
                if let d = difference(av, bv, path: "\(path).\(key)") { return d }
            }
            return nil
        case (.array(let x), .array(let y)):
            guard x.count == y.count else { return "\(path): \(x.count) vs \(y.count) elements" }
            for i in x.indices {
                if let d = difference(x[i], y[i], path: "\(path)[\(i)]") { return d }
            }
            return nil
        case (.int(let x), .double(let y)), (.double(let y), .int(let x)):
            return Double(x) == y ? nil : "\(path): \(x) vs \(y)"
        default:
            return a == b ? nil : "\(path): \(a) vs \(b)"
        }
    }
}
