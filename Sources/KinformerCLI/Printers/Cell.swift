import KubeModel

/// One cell of a printed row. Time-dependent cells (AGE, LAST SEEN) keep their timestamp and
/// are rendered against the current time, so a cached row never goes stale.
enum Cell: Sendable, Hashable {
    /// Shown as is.
    case text(String)
    /// A count (RESTARTS, AVAILABLE); sorts numerically.
    case integer(Int64)
    /// A fractional number, as Go's `%v` prints it.
    case number(Double)
    /// The age of something created at this epoch second; `nil` prints `<unknown>`.
    case age(since: Int64?)
    /// No value (kubectl prints a missing cell as `<none>`).
    case none

    /// The text of the cell at `now` (epoch seconds).
    func render(now: Int64) -> String {
        switch self {
        case .text(let text): return text
        case .integer(let value): return String(value)
        case .number(let value): return Self.goFormat(value)
        case .age(let since): return AgeFormatter.format(created: since, now: now)
        case .none: return "<none>"
        }
    }

    /// `1`, `2.5`, `1e+21` as Go's `%v` prints a float64.
    static func goFormat(_ value: Double) -> String {
        if value.rounded() == value && abs(value) < 1e21 { return String(Int64(value)) }
        return String(value)
    }

    /// Orders cells for `--sort-by`: numbers numerically, ages oldest first, text by its value
    /// (numerically when both are numbers), missing values last.
    static func precedes(_ a: Cell, _ b: Cell) -> Bool {
        switch (a.sortValue, b.sortValue) {
        case (.some(let x), .some(let y)): return x < y
        case (.some, .none): return true
        case (.none, .some): return false
        case (.none, .none):
            return a.textKey < b.textKey
        }
    }

    private var sortValue: Double? {
        switch self {
        case .integer(let v): return Double(v)
        case .number(let v): return v
        case .age(let since): return since.map(Double.init)
        case .text(let t): return Double(t)
        case .none: return nil
        }
    }

    private var textKey: String {
        if case .text(let t) = self { return t }
        return "\u{10FFFF}"
    }
}

extension Cell {
    /// The cell as JSON, to keep it inside a cached object (see ``PrintedRow``).
    var json: JSONValue {
        switch self {
        case .text(let t): return .string(t)
        case .integer(let v): return .int(v)
        case .number(let v): return .double(v)
        case .age(let since): return ["age": since.map(JSONValue.int) ?? .null]
        case .none: return .null
        }
    }

    /// The cell stored by ``json``.
    init(json: JSONValue) {
        switch json {
        case .string(let t): self = .text(t)
        case .int(let v): self = .integer(v)
        case .double(let v): self = .number(v)
        case .object(let o): self = .age(since: o["age"]?.intValue)
        default: self = .none
        }
    }
}
