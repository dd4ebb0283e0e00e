import Foundation
import KubeModel

/// The subset of Kubernetes JSONPath that printer columns use, evaluated against an object's
/// JSON: `.a.b`, `['a.b']`, `[0]`, `[-1]`, `[*]`, `.*` and the filter `[?(@.a.b=="x")]`
/// (`==`, `!=`), optionally wrapped in `{…}`. Pure.
struct JSONPath: Sendable, Hashable {
    enum Step: Sendable, Hashable {
        case member(String)
        case index(Int)
        case wildcard
        case filter(path: [String], equal: Bool, value: String)
    }

    /// What a path could not be parsed from.
    struct ParseError: Error, Hashable, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "cannot evaluate the JSONPath \"\(path)\": \(reason)" }
    }

    var steps: [Step]

    /// Parses `text`.
    /// - Throws: ``ParseError`` naming the unsupported part.
    init(parsing text: String) throws(ParseError) {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if body.hasPrefix("{") && body.hasSuffix("}") { body = body.dropFirst().dropLast() }
        var steps: [Step] = []
        var rest = body
        func fail(_ reason: String) -> ParseError { ParseError(path: text, reason: reason) }
        while let c = rest.first {
            if c == "." {
                rest = rest.dropFirst()
                if rest.first == "*" {
                    steps.append(.wildcard)
                    rest = rest.dropFirst()
                    continue
                }
                let name = rest.prefix { $0 != "." && $0 != "[" }
                if name.isEmpty {
                    if rest.isEmpty && steps.isEmpty { break }  // "." alone: the whole object
                    throw fail("empty member name")
                }
                steps.append(.member(String(name)))
                rest = rest.dropFirst(name.count)
            } else if c == "[" {
                guard let close = Self.closingBracket(in: rest) else { throw fail("unclosed [") }
                let inside = rest[rest.index(after: rest.startIndex)..<close].trimmingCharacters(in: .whitespaces)
                rest = rest[rest.index(after: close)...]
                if inside == "*" {
                    steps.append(.wildcard)
                } else if let index = Int(inside) {
                    steps.append(.index(index))
                } else if let quoted = Self.unquote(inside) {
                    steps.append(.member(quoted))
                } else if inside.hasPrefix("?(") && inside.hasSuffix(")") {
                    steps.append(try Self.filter(String(inside.dropFirst(2).dropLast()), fail: fail))
                } else {
                    throw fail("unsupported subscript [\(inside)]")
                }
            } else if steps.isEmpty {
                // kubectl accepts a path without its leading dot ("spec.size").
                rest = "." + rest
            } else {
                throw fail("unexpected \"\(c)\"")
            }
        }
        self.steps = steps
    }

    /// Every value the path selects in `root`, in document order.
    func evaluate(_ root: JSONValue) -> [JSONValue] {
        var current = [root]
        for step in steps {
            var next: [JSONValue] = []
            for value in current {
                switch step {
                case .member(let name):
                    if let member = value[name] { next.append(member) }
                case .index(let i):
                    guard let array = value.arrayValue else { continue }
                    let at = i < 0 ? array.count + i : i
                    if array.indices.contains(at) { next.append(array[at]) }
                case .wildcard:
                    if let array = value.arrayValue { next += array }
                    if let object = value.objectValue { next += object.keys.sorted().compactMap { object[$0] } }
                case .filter(let path, let equal, let wanted):
                    for element in value.arrayValue ?? [] {
                        var probe: JSONValue? = element
                        for key in path { probe = probe?[key] }
                        guard let probe else { continue }
                        if (Self.text(probe) == wanted) == equal { next.append(element) }
                    }
                }
            }
            current = next
        }
        return current
    }

    /// A value as JSONPath compares and prints it: scalars as text, arrays and objects as JSON.
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return Cell.goFormat(d)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array, .object:
            // Arrays and objects print as compact JSON with sorted keys, as the server does.
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "<unknown>"
        }
    }

    private static func filter(_ expression: String, fail: (String) -> ParseError) throws(ParseError) -> Step {
        let (op, equal) = expression.contains("!=") ? ("!=", false) : ("==", true)
        guard let range = expression.range(of: op) else { throw fail("only == and != filters are supported") }
        let lhs = expression[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
        let rhs = expression[range.upperBound...].trimmingCharacters(in: .whitespaces)
        guard lhs.hasPrefix("@.") else { throw fail("a filter must start with @.") }
        let path = lhs.dropFirst(2).split(separator: ".").map(String.init)
        return .filter(path: path, equal: equal, value: unquote(rhs) ?? rhs)
    }

    private static func unquote(_ text: String) -> String? {
        guard text.count >= 2, let first = text.first, first == "'" || first == "\"", text.last == first else { return nil }
        return String(text.dropFirst().dropLast())
    }

    private static func closingBracket(in text: Substring) -> Substring.Index? {
        var quote: Character?
        var depth = 0
        for i in text.indices {
            let c = text[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "[" || c == "(" {
                depth += 1
            } else if c == "]" || c == ")" {
                depth -= 1
                if depth == 0 && c == "]" { return i }
            }
        }
        return nil
    }
}
