/// A label selector: requirements on an object's labels that must all hold, e.g.
/// `app=web,tier in (frontend,cache),!canary`. Build one by parsing the text form, from a
/// ``LabelSelector`` of an object's spec, or from requirements; test labels with ``matches(_:)``;
/// ``description`` is the canonical text for the `labelSelector=` query parameter.
public struct Selector: Sendable, Hashable, CustomStringConvertible {
    /// How a requirement compares a label.
    public enum Operator: String, Sendable, Hashable {
        /// `key=value` (also written `key==value`).
        case equals
        /// `key!=value`: the label is absent or has another value.
        case notEquals
        /// `key in (a,b)`.
        case `in`
        /// `key notin (a,b)`: the label is absent or has none of the values.
        case notIn
        /// `key`: the label is present.
        case exists
        /// `!key`: the label is absent.
        case doesNotExist
        /// `key>n`: the label is an integer greater than n.
        case greaterThan
        /// `key<n`: the label is an integer less than n.
        case lessThan
    }

    /// One condition on one label.
    public struct Requirement: Sendable, Hashable, CustomStringConvertible {
        public let key: String
        public let `operator`: Operator
        /// Sorted and without duplicates.
        public let values: [String]

        /// Creates a validated requirement.
        /// - Throws: ``LabelSelectorError`` for an invalid key or value, or a wrong number of values
        ///   for the operator (`in`/`notin` need at least one, `exists`/`!` none, others exactly one).
        public init(key: String, operator op: Operator, values: [String] = []) throws(LabelSelectorError) {
            try LabelValidation.validateKey(key)
            let unique = Array(Set(values)).sorted()
            switch op {
            case .in, .notIn:
                guard !unique.isEmpty else {
                    throw LabelSelectorError(code: .invalidRequirement, message: "'\(key)': 'in' and 'notin' need at least one value")
                }
            case .exists, .doesNotExist:
                guard values.isEmpty else {
                    throw LabelSelectorError(code: .invalidRequirement, message: "'\(key)': an existence test takes no values")
                }
            case .equals, .notEquals:
                guard values.count == 1 else {
                    throw LabelSelectorError(code: .invalidRequirement, message: "'\(key)': '=' and '!=' take exactly one value")
                }
            case .greaterThan, .lessThan:
                guard values.count == 1, Int64(values[0]) != nil else {
                    throw LabelSelectorError(code: .invalidRequirement, message: "'\(key)': '>' and '<' take exactly one integer value")
                }
            }
            if op != .greaterThan, op != .lessThan {
                for v in unique { try LabelValidation.validateValue(v) }
            }
            self.key = key
            self.operator = op
            self.values = unique
        }

        /// Whether a label set satisfies this requirement.
        public func matches(_ labels: [String: String]) -> Bool {
            let value = labels[key]
            switch self.operator {
            case .equals, .in: return value.map(values.contains) ?? false
            case .notEquals, .notIn: return value.map { !values.contains($0) } ?? true
            case .exists: return value != nil
            case .doesNotExist: return value == nil
            case .greaterThan, .lessThan:
                guard let value, let have = Int64(value), let bound = Int64(values[0]) else { return false }
                return self.operator == .greaterThan ? have > bound : have < bound
            }
        }

        /// The text form, e.g. `tier in (cache,frontend)`.
        public var description: String {
            switch self.operator {
            case .equals: return "\(key)=\(values[0])"
            case .notEquals: return "\(key)!=\(values[0])"
            case .in: return "\(key) in (\(values.joined(separator: ",")))"
            case .notIn: return "\(key) notin (\(values.joined(separator: ",")))"
            case .exists: return key
            case .doesNotExist: return "!\(key)"
            case .greaterThan: return "\(key)>\(values[0])"
            case .lessThan: return "\(key)<\(values[0])"
            }
        }
    }

    /// The requirements, sorted by key (the order the API prints them in).
    public let requirements: [Requirement]

    /// Combines requirements; all must hold.
    public init(requirements: [Requirement]) {
        self.requirements = requirements.enumerated()
            .sorted { ($0.element.key, $0.offset) < ($1.element.key, $1.offset) }
            .map(\.element)
    }

    /// The selector that matches every label set (empty text).
    public static let everything = Selector(requirements: [])

    /// Whether this selector matches everything.
    public var isEverything: Bool { requirements.isEmpty }

    /// Parses the text form: comma-separated `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a)`,
    /// `k`, `!k`, `k>n`, `k<n`, with optional whitespace. Empty text selects everything.
    /// - Throws: ``LabelSelectorError`` naming the bad token and its position.
    public init(parsing text: String) throws(LabelSelectorError) {
        var parser = LabelSelectorParser(text)
        self.init(requirements: try parser.parse())
    }

    /// Equality requirements for each label, e.g. from a Service's `spec.selector`.
    /// - Throws: ``LabelSelectorError`` for an invalid key or value.
    public init(matchLabels: [String: String]) throws(LabelSelectorError) {
        var reqs: [Requirement] = []
        for (k, v) in matchLabels { reqs.append(try Requirement(key: k, operator: .equals, values: [v])) }
        self.init(requirements: reqs)
    }

    /// The selector an object's ``LabelSelector`` describes. An empty `LabelSelector` selects
    /// everything. (A *missing* selector selects nothing by the API's convention: handle `nil` yourself.)
    /// - Throws: ``LabelSelectorError`` for invalid keys, values or operators.
    public init(_ selector: LabelSelector) throws(LabelSelectorError) {
        var reqs: [Requirement] = []
        for (k, v) in selector.matchLabels ?? [:] { reqs.append(try Requirement(key: k, operator: .equals, values: [v])) }
        for e in selector.matchExpressions ?? [] {
            let op: Operator
            switch e.operator {
            case "In": op = .in
            case "NotIn": op = .notIn
            case "Exists": op = .exists
            case "DoesNotExist": op = .doesNotExist
            default:
                throw LabelSelectorError(
                    code: .invalidRequirement,
                    message: "'\(e.operator)' is not a valid label selector operator (use In, NotIn, Exists or DoesNotExist)")
            }
            reqs.append(try Requirement(key: e.key, operator: op, values: e.values ?? []))
        }
        self.init(requirements: reqs)
    }

    /// Whether a label set satisfies every requirement.
    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { $0.matches(labels) }
    }

    /// Whether an object's labels satisfy every requirement.
    public func matches(_ object: some KubernetesObject) -> Bool {
        matches(object.metadata.labels ?? [:])
    }

    /// The canonical text, e.g. `app=web,tier in (cache,frontend)`; empty for ``everything``.
    public var description: String {
        requirements.map(\.description).joined(separator: ",")
    }
}

/// A label selector or label that the API would reject.
public struct LabelSelectorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let raw: String
        public var description: String { raw }
        /// The text does not follow the selector grammar.
        public static let syntax = Code(raw: "syntax")
        /// A label key is not a qualified name (`[prefix/]name`).
        public static let invalidKey = Code(raw: "invalidKey")
        /// A label value is too long or has invalid characters.
        public static let invalidValue = Code(raw: "invalidValue")
        /// An operator has the wrong number of values, or is unknown.
        public static let invalidRequirement = Code(raw: "invalidRequirement")
    }

    public var code: Code
    public var message: String
    /// The offending token, for syntax errors.
    public var token: String?
    /// The character offset of the token, for syntax errors.
    public var position: Int?

    public init(code: Code, message: String, token: String? = nil, position: Int? = nil) {
        self.code = code
        self.message = message
        self.token = token
        self.position = position
    }

    public var description: String {
        if let token, let position {
            return "invalid label selector: \(message) (found '\(token)' at position \(position))"
        }
        return "invalid label selector: \(message)"
    }
}
