/// A field selector: `field=value` / `field!=value` terms, comma-separated, that must all hold,
/// e.g. `metadata.namespace=default,status.phase!=Running`. Values escape `\`, `,` and `=` with a
/// backslash. ``description`` is the canonical text for the `fieldSelector=` query parameter.
public struct FieldSelector: Sendable, Hashable, CustomStringConvertible {
    /// One term.
    public struct Requirement: Sendable, Hashable, CustomStringConvertible {
        public var field: String
        /// `true` for `!=`.
        public var negated: Bool
        /// The unescaped value.
        public var value: String

        public init(field: String, negated: Bool = false, value: String) {
            self.field = field
            self.negated = negated
            self.value = value
        }

        /// Whether the field set satisfies the term (a missing field has the empty value).
        public func matches(_ fields: [String: String]) -> Bool {
            ((fields[field] ?? "") == value) != negated
        }

        /// `field=value` or `field!=value`, the value escaped.
        public var description: String {
            field + (negated ? "!=" : "=") + FieldSelector.escape(value)
        }
    }

    /// The terms, sorted by field.
    public let requirements: [Requirement]

    /// Combines terms; all must hold.
    public init(requirements: [Requirement]) {
        self.requirements = requirements.enumerated()
            .sorted { ($0.element.field, $0.offset) < ($1.element.field, $1.offset) }
            .map(\.element)
    }

    /// The selector that matches everything (empty text).
    public static let everything = FieldSelector(requirements: [])

    /// `field=value`, the most common selector.
    public static func equals(_ field: String, _ value: String) -> FieldSelector {
        FieldSelector(requirements: [Requirement(field: field, value: value)])
    }

    /// Parses `a=b`, `a==b`, `a!=b` terms separated by commas; empty text selects everything.
    /// - Throws: ``FieldSelectorError`` naming the bad term and its position.
    public init(parsing text: String) throws(FieldSelectorError) {
        var reqs: [Requirement] = []
        for (term, position) in Self.splitTerms(text) {
            let trimmed = term.trimmingSpaces
            if trimmed.isEmpty { continue }
            guard let (field, op, rawValue) = Self.splitTerm(Substring(trimmed)), !field.isEmpty else {
                throw FieldSelectorError(
                    text: text, term: trimmed, position: position,
                    reason: "expected 'field=value', 'field==value' or 'field!=value'")
            }
            guard let value = Self.unescape(Substring(rawValue.trimmingSpaces)) else {
                throw FieldSelectorError(
                    text: text, term: trimmed, position: position,
                    reason: "invalid value: escape '\\', ',' and '=' with a backslash; no other escapes are allowed")
            }
            guard !field.contains("\\") else {
                // Field names are paths like `status.phase`; an escape there could swallow the
                // whitespace or operator after it, and the selector would not print back as parsed.
                throw FieldSelectorError(
                    text: text, term: trimmed, position: position,
                    reason: "the field name '\(field)' contains '\\'; only values may be escaped")
            }
            guard !field.hasSuffix("!") else {
                // Written back it would read as the != operator (`a! =b` is not `a!=b`).
                throw FieldSelectorError(
                    text: text, term: trimmed, position: position,
                    reason: "the field name '\(field)' ends with '!'; write 'field!=value' without a space to negate")
            }
            reqs.append(Requirement(field: field, negated: op == "!=", value: value))
        }
        self.init(requirements: reqs)
    }

    /// Whether a set of field values satisfies every term.
    public func matches(_ fields: [String: String]) -> Bool {
        requirements.allSatisfy { $0.matches(fields) }
    }

    /// Whether an object satisfies every term, using its `metadata.name` and `metadata.namespace`
    /// plus the caller's fields (which win on conflict), e.g. `["status.phase": "Running"]`.
    public func matches(_ object: some KubernetesObject, fields: [String: String] = [:]) -> Bool {
        var all = ["metadata.name": object.name, "metadata.namespace": object.metadata.namespace ?? ""]
        all.merge(fields) { _, caller in caller }
        return matches(all)
    }

    /// The canonical text, e.g. `metadata.name=a,status.phase!=Running`; empty for ``everything``.
    public var description: String {
        requirements.map(\.description).joined(separator: ",")
    }

    // MARK: Syntax

    /// Escapes `\`, `,` and `=` in a value.
    public static func escape(_ value: String) -> String {
        var out = ""
        for c in value {
            if c == "\\" || c == "," || c == "=" { out.append("\\") }
            out.append(c)
        }
        return out
    }

    static func unescape(_ value: Substring) -> String? {
        var out = ""
        var escaping = false
        for c in value {
            if escaping {
                guard c == "\\" || c == "," || c == "=" else { return nil }
                out.append(c)
                escaping = false
            } else if c == "\\" {
                escaping = true
            } else if c == "," || c == "=" {
                return nil
            } else {
                out.append(c)
            }
        }
        return escaping ? nil : out
    }

    /// Splits on commas that are not escaped, with each term's character offset.
    static func splitTerms(_ text: String) -> [(Substring, Int)] {
        var out: [(Substring, Int)] = []
        var start = text.startIndex
        var startOffset = 0
        var offset = 0
        var escaping = false
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if escaping {
                escaping = false
            } else if c == "\\" {
                escaping = true
            } else if c == "," {
                out.append((text[start..<i], startOffset))
                start = text.index(after: i)
                startOffset = offset + 1
            }
            i = text.index(after: i)
            offset += 1
        }
        out.append((text[start...], startOffset))
        return out
    }

    /// Splits a term at its first unescaped operator (`!=`, `==` or `=`).
    static func splitTerm(_ term: Substring) -> (String, String, Substring)? {
        var i = term.startIndex
        var escaping = false
        while i < term.endIndex {
            if escaping {
                escaping = false
            } else if term[i] == "\\" {
                escaping = true
            } else {
                for op in ["!=", "==", "="] where term[i...].hasPrefix(op) {
                    let field = String(term[..<i]).trimmingSpaces
                    let valueStart = term.index(i, offsetBy: op.count)
                    return (field, op, term[valueStart...])
                }
            }
            i = term.index(after: i)
        }
        return nil
    }
}

/// A field selector the API would reject.
public struct FieldSelectorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The whole selector text.
    public var text: String
    /// The offending term.
    public var term: String
    /// The character offset of the term.
    public var position: Int
    public var reason: String

    public var description: String {
        "invalid field selector '\(text)': cannot understand '\(term)' at position \(position): \(reason)"
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces.
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return String(s)
    }
}
