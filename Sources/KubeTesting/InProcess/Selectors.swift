import KubeModel

/// A small label-selector matcher for the in-process server: `=`, `==`, `!=`, `in`, `notin`,
/// `key` (exists) and `!key` (does not exist), comma-separated (all must hold).
///
/// Kept independent of KubeModel's `Selector` parser on purpose: the in-process server is the
/// oracle that client-side selectors (KubeModel's parser, the informers' filtering) are tested
/// against, so it must not share their code or their bugs. It checks the grammar only, not the
/// syntax of label keys and values that the real server validates.
struct LabelSelectorMatcher: Sendable, Equatable {
    enum Requirement: Sendable, Equatable {
        case equals(String, String)
        case notEquals(String, String)
        case isIn(String, Set<String>)
        case notIn(String, Set<String>)
        case exists(String)
        case doesNotExist(String)
    }

    var requirements: [Requirement]

    /// Parses a selector; throws a 400 BadRequest shaped error for malformed text.
    init(parsing text: String) throws(ServerError) {
        requirements = []
        for raw in Self.splitTopLevel(text) {
            let part = raw.trimmingSpaces()
            if part.isEmpty { continue }
            requirements.append(try Self.parseRequirement(part, whole: text))
        }
    }

    func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { r in
            switch r {
            case .equals(let k, let v): return labels[k] == v
            case .notEquals(let k, let v): return labels[k] != v
            case .isIn(let k, let vs): return labels[k].map(vs.contains) ?? false
            case .notIn(let k, let vs): return labels[k].map { !vs.contains($0) } ?? true
            case .exists(let k): return labels[k] != nil
            case .doesNotExist(let k): return labels[k] == nil
            }
        }
    }

    /// Splits on commas that are not inside parentheses.
    private static func splitTopLevel(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for ch in text {
            if ch == "(" { depth += 1 }
            if ch == ")" { depth -= 1 }
            if ch == ",", depth == 0 {
                parts.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        parts.append(current)
        return parts
    }

    private static func parseRequirement(_ part: String, whole: String) throws(ServerError) -> Requirement {
        func bad() -> ServerError {
            .badRequest("unable to parse requirement: invalid label selector \"\(whole)\"")
        }
        if part.hasPrefix("!") {
            let key = String(part.dropFirst()).trimmingSpaces()
            guard !key.isEmpty, !key.contains(where: { "=!() ".contains($0) }) else { throw bad() }
            return .doesNotExist(key)
        }
        if let r = part.range(of: "!=") {
            return .notEquals(String(part[..<r.lowerBound]).trimmingSpaces(), String(part[r.upperBound...]).trimmingSpaces())
        }
        if let r = part.range(of: "==") ?? part.range(of: "=") {
            let key = String(part[..<r.lowerBound]).trimmingSpaces()
            guard !key.isEmpty else { throw bad() }
            return .equals(key, String(part[r.upperBound...]).trimmingSpaces())
        }
        if let open = part.firstIndex(of: "("), part.hasSuffix(")") {
            let head = part[..<open].split(separator: " ", omittingEmptySubsequences: true)
            guard head.count == 2 else { throw bad() }
            let values = Set(
                part[part.index(after: open)..<part.index(before: part.endIndex)]
                    .split(separator: ",").map { String($0).trimmingSpaces() })
            switch head[1] {
            case "in": return .isIn(String(head[0]), values)
            case "notin": return .notIn(String(head[0]), values)
            default: throw bad()
            }
        }
        guard !part.contains(where: { "() ".contains($0) }) else { throw bad() }
        return .exists(part)
    }
}

/// A field-selector matcher supporting `metadata.name` and `metadata.namespace` with `=`, `==`, `!=`.
struct FieldSelectorMatcher: Sendable, Equatable {
    struct Requirement: Sendable, Equatable {
        var field: String
        var value: String
        var negated: Bool
    }

    var requirements: [Requirement]

    init(requirements: [Requirement]) { self.requirements = requirements }

    init(parsing text: String) throws(ServerError) {
        requirements = []
        for raw in text.split(separator: ",") {
            let part = String(raw).trimmingSpaces()
            if part.isEmpty { continue }
            let negated: Bool
            let range: Range<String.Index>
            if let r = part.range(of: "!=") {
                negated = true
                range = r
            } else if let r = part.range(of: "==") ?? part.range(of: "=") {
                negated = false
                range = r
            } else {
                throw .badRequest("invalid selector: '\(text)'; can't understand '\(part)'")
            }
            let field = String(part[..<range.lowerBound]).trimmingSpaces()
            guard field == "metadata.name" || field == "metadata.namespace" else {
                throw .badRequest("field label not supported: \(field)")
            }
            requirements.append(
                Requirement(field: field, value: String(part[range.upperBound...]).trimmingSpaces(), negated: negated))
        }
    }

    func matches(_ object: JSONValue) -> Bool {
        requirements.allSatisfy { r in
            let actual = object.meta(r.field == "metadata.name" ? "name" : "namespace") ?? ""
            return (actual == r.value) != r.negated
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
