import Foundation

/// JSON that does not match the type it was decoded as (or a value that cannot be encoded).
public struct KubeJSONError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The Swift type being decoded or encoded.
    public var type: String
    /// Where in the document, e.g. `metadata.labels.app` or `items[3].spec`; empty for the root.
    public var path: String
    /// What was wrong there.
    public var message: String

    /// Whether the error is about encoding (`JSON for …`) rather than decoding (`cannot decode …`).
    let isEncoding: Bool

    public init(type: String, path: String, message: String) {
        self.type = type
        self.path = path
        self.message = message
        isEncoding = false
    }

    /// A value of type `T` that cannot be represented as JSON (e.g. a NaN number) at `path`.
    init<T>(encoding: T.Type, path: String, message: String) {
        type = "\(T.self)"
        self.path = path
        self.message = "cannot encode: " + message
        isEncoding = true
    }

    init<T>(decoding: T.Type, error: DecodingError) {
        let type = "\(T.self)"
        switch error {
        case .typeMismatch(let expected, let ctx):
            self.init(type: type, path: Self.render(ctx.codingPath), message: "expected \(expected): \(ctx.debugDescription)")
        case .valueNotFound(let expected, let ctx):
            self.init(type: type, path: Self.render(ctx.codingPath), message: "expected \(expected) but found null")
        case .keyNotFound(let key, let ctx):
            self.init(type: type, path: Self.render(ctx.codingPath + [key]), message: "required field is missing")
        case .dataCorrupted(let ctx):
            let underlying = (ctx.underlyingError as? NSError)?.userInfo["NSDebugDescription"] as? String
            self.init(
                type: type, path: Self.render(ctx.codingPath),
                message: underlying.map { "\(ctx.debugDescription) \($0)" } ?? ctx.debugDescription)
        @unknown default:
            self.init(type: type, path: "", message: "\(error)")
        }
    }

    public var description: String {
        let verb = isEncoding ? "JSON for" : "cannot decode"
        return path.isEmpty ? "\(verb) \(type): \(message)" : "\(verb) \(type) at '\(path)': \(message)"
    }

    /// Renders a coding path as `a.b[2].c`.
    public static func render(_ path: [any CodingKey]) -> String {
        var out = ""
        for key in path {
            if let i = key.intValue {
                out += "[\(i)]"
            } else {
                if !out.isEmpty { out += "." }
                out += key.stringValue
            }
        }
        return out
    }
}
