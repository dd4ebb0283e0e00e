/// The structured label selector of object specs (`spec.selector` of Deployments, Services' peers,
/// …): labels that must equal given values, plus set-based expressions. All must hold.
/// Turn it into a matcher with ``Selector/init(_:)``.
public struct LabelSelector: Codable, Sendable, Hashable {
    /// Labels that must be present with exactly these values.
    public var matchLabels: [String: String]?
    /// Set-based requirements.
    public var matchExpressions: [LabelSelectorRequirement]?

    public init(matchLabels: [String: String]? = nil, matchExpressions: [LabelSelectorRequirement]? = nil) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }
}

/// One set-based requirement of a ``LabelSelector``: `key` with operator `In`, `NotIn`, `Exists`
/// or `DoesNotExist` and, for `In`/`NotIn`, a non-empty list of values.
public struct LabelSelectorRequirement: Codable, Sendable, Hashable {
    public var key: String
    /// `In`, `NotIn`, `Exists` or `DoesNotExist` (case-sensitive, as the API spells them).
    public var `operator`: String
    public var values: [String]?

    public init(key: String, operator: String, values: [String]? = nil) {
        self.key = key
        self.operator = `operator`
        self.values = values
    }
}
