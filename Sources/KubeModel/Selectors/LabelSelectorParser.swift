/// Parses the text form of a label selector into requirements. Pure; see ``Selector/init(parsing:)``.
struct LabelSelectorParser {
    enum Kind: Equatable {
        case identifier, comma, equals, doubleEquals, notEquals, bang, open, close, `in`, notIn, greater, less, end
    }

    struct Token {
        var kind: Kind
        var text: String
        /// Character offset in the input.
        var position: Int
    }

    private var tokens: [Token]
    private var index = 0

    init(_ text: String) {
        tokens = Self.lex(text)
    }

    /// Splits the input into tokens. Identifiers are runs of anything but whitespace and `=!(),<>`.
    static func lex(_ text: String) -> [Token] {
        let chars = Array(text)
        var out: [Token] = []
        var i = 0
        let special: Set<Character> = ["=", "!", "(", ")", ",", "<", ">"]
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace {
                i += 1
                continue
            }
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            switch c {
            case "=" where next == "=": out.append(Token(kind: .doubleEquals, text: "==", position: i)); i += 2
            case "!" where next == "=": out.append(Token(kind: .notEquals, text: "!=", position: i)); i += 2
            case "=": out.append(Token(kind: .equals, text: "=", position: i)); i += 1
            case "!": out.append(Token(kind: .bang, text: "!", position: i)); i += 1
            case "(": out.append(Token(kind: .open, text: "(", position: i)); i += 1
            case ")": out.append(Token(kind: .close, text: ")", position: i)); i += 1
            case ",": out.append(Token(kind: .comma, text: ",", position: i)); i += 1
            case ">": out.append(Token(kind: .greater, text: ">", position: i)); i += 1
            case "<": out.append(Token(kind: .less, text: "<", position: i)); i += 1
            default:
                let start = i
                while i < chars.count, !chars[i].isWhitespace, !special.contains(chars[i]) { i += 1 }
                let word = String(chars[start..<i])
                let kind: Kind = word == "in" ? .in : (word == "notin" ? .notIn : .identifier)
                out.append(Token(kind: kind, text: word, position: start))
            }
        }
        out.append(Token(kind: .end, text: "end of input", position: chars.count))
        return out
    }

    mutating func parse() throws(LabelSelectorError) -> [Selector.Requirement] {
        var requirements: [Selector.Requirement] = []
        if peek.kind == .end { return [] }
        while true {
            requirements.append(try requirement())
            let t = advance()
            switch t.kind {
            case .end: return requirements
            case .comma: continue
            default: throw syntax("expected ',' or the end after a requirement", t)
            }
        }
    }

    private var peek: Token { tokens[index] }

    private mutating func advance() -> Token {
        let t = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return t
    }

    private func syntax(_ message: String, _ t: Token) -> LabelSelectorError {
        LabelSelectorError(code: .syntax, message: message, token: t.text, position: t.position)
    }

    private mutating func requirement() throws(LabelSelectorError) -> Selector.Requirement {
        let first = advance()
        if first.kind == .bang {
            let key = advance()
            guard key.kind == .identifier else { throw syntax("expected a label key after '!'", key) }
            return try Selector.Requirement(key: key.text, operator: .doesNotExist)
        }
        guard first.kind == .identifier else { throw syntax("expected a label key or '!'", first) }
        let key = first.text
        if peek.kind == .comma || peek.kind == .end {
            return try Selector.Requirement(key: key, operator: .exists)
        }
        let op = advance()
        switch op.kind {
        case .equals, .doubleEquals, .notEquals:
            return try Selector.Requirement(
                key: key, operator: op.kind == .notEquals ? .notEquals : .equals, values: [try singleValue()])
        case .greater, .less:
            let v = advance()
            guard v.kind == .identifier, Int64(v.text) != nil else {
                throw syntax("expected an integer after '\(op.text)'", v)
            }
            return try Selector.Requirement(key: key, operator: op.kind == .greater ? .greaterThan : .lessThan, values: [v.text])
        case .in, .notIn:
            let open = advance()
            guard open.kind == .open else { throw syntax("expected '(' after '\(op.text)'", open) }
            let values = try valueList()
            return try Selector.Requirement(key: key, operator: op.kind == .in ? .in : .notIn, values: values)
        default:
            throw syntax("expected an operator (=, ==, !=, in, notin, >, <), ',' or the end after '\(key)'", op)
        }
    }

    /// A value after `=`/`!=`; an immediately following `,` or end means the empty value.
    private mutating func singleValue() throws(LabelSelectorError) -> String {
        switch peek.kind {
        case .identifier, .in, .notIn: return advance().text
        case .comma, .end: return ""
        default: throw syntax("expected a label value", peek)
        }
    }

    /// `a, b, c)` after the opening parenthesis; empty entries are empty values.
    private mutating func valueList() throws(LabelSelectorError) -> [String] {
        var values: [String] = []
        if peek.kind == .close {
            throw syntax("expected at least one value in the parentheses", peek)
        }
        while true {
            switch peek.kind {
            case .identifier, .in, .notIn: values.append(advance().text)
            case .comma, .close: values.append("")
            default: throw syntax("expected a label value, ',' or ')'", peek)
            }
            let t = advance()
            switch t.kind {
            case .comma: continue
            case .close: return values
            default: throw syntax("expected ',' or ')' in the value list", t)
            }
        }
    }
}
