/// The API's rules for label keys (qualified names) and label values.
enum LabelValidation {
    /// `[prefix/]name`: the prefix a DNS subdomain of at most 253 characters, the name at most
    /// 63 characters of alphanumerics, `-`, `_`, `.`, starting and ending with an alphanumeric.
    static func validateKey(_ key: String) throws(LabelSelectorError) {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        let name: Substring
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            let prefix = parts[0]
            guard !prefix.isEmpty, prefix.utf8.count <= 253, isDNSSubdomain(prefix) else {
                throw LabelSelectorError(
                    code: .invalidKey,
                    message: "'\(key)': the prefix must be a lower-case DNS subdomain of at most 253 characters")
            }
            name = parts[1]
        default:
            throw LabelSelectorError(code: .invalidKey, message: "'\(key)': a label key has at most one '/'")
        }
        guard !name.isEmpty, name.utf8.count <= 63, isLabelName(name) else {
            throw LabelSelectorError(
                code: .invalidKey,
                message: "'\(key)': the name part must be 1-63 characters of [A-Za-z0-9-_.], starting and ending alphanumeric")
        }
    }

    /// Empty, or at most 63 characters of alphanumerics, `-`, `_`, `.`, starting and ending alphanumeric.
    static func validateValue(_ value: String) throws(LabelSelectorError) {
        guard value.isEmpty || (value.utf8.count <= 63 && isLabelName(Substring(value))) else {
            throw LabelSelectorError(
                code: .invalidValue,
                message: "'\(value)': a label value must be empty or 1-63 characters of [A-Za-z0-9-_.], starting and ending alphanumeric")
        }
    }

    private static func isAlnum(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
    }

    private static func isLabelName(_ s: Substring) -> Bool {
        let b = Array(s.utf8)
        guard let first = b.first, let last = b.last, isAlnum(first), isAlnum(last) else { return false }
        return b.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    private static func isDNSSubdomain(_ s: Substring) -> Bool {
        s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            let b = Array(label.utf8)
            guard let first = b.first, let last = b.last else { return false }
            func lowerAlnum(_ c: UInt8) -> Bool { (c >= 48 && c <= 57) || (c >= 97 && c <= 122) }
            return lowerAlnum(first) && lowerAlnum(last) && b.allSatisfy { lowerAlnum($0) || $0 == UInt8(ascii: "-") }
        }
    }
}
