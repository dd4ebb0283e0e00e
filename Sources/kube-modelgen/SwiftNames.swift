/// Turns JSON names into Swift identifiers.
enum SwiftNames {
    /// Swift keywords that must be escaped with backticks when used as property names.
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
        "inout", "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public",
        "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue",
        "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw",
        "switch", "where", "while", "as", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try",
        "Any", "Type", "Protocol", "some", "any",
    ]

    /// `$ref` → `ref`, `x-kubernetes-list-type` → `xKubernetesListType`, `continue` → `continue`
    /// (escaped where used); a leading digit gets an underscore.
    static func property(_ json: String) -> String {
        let words = json.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") })
        var name = words.enumerated().map { i, w in
            i == 0 ? String(w) : w.prefix(1).uppercased() + w.dropFirst()
        }.joined()
        if name.isEmpty { name = "_" }
        if name.first!.isNumber { name = "_" + name }
        return name
    }

    /// A type name: the definition's last component, made a valid identifier.
    static func type(_ name: String) -> String {
        let p = property(name)
        return p.prefix(1).uppercased() + p.dropFirst()
    }

    /// The identifier as written in declarations (backticks for keywords).
    static func escaped(_ name: String) -> String {
        keywords.contains(name) ? "`\(name)`" : name
    }
}
