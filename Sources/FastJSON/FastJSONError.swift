/// A syntax error found by the fast JSON decoder: the input is not valid JSON (RFC 8259) or
/// exceeds a configured limit.
///
/// Type errors (a string where a number was expected, a missing key) are reported as
/// `DecodingError`s with a coding path instead, as with Foundation's `JSONDecoder`.
public struct FastJSONError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem the input has.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        fileprivate let name: String
        public var description: String { name }

        /// A byte that cannot start or continue the value at this point.
        public static let unexpectedByte = Code(name: "unexpectedByte")
        /// The input ended inside a value.
        public static let unexpectedEnd = Code(name: "unexpectedEnd")
        /// A malformed escape sequence or a lone UTF-16 surrogate in a string.
        public static let invalidEscape = Code(name: "invalidEscape")
        /// Bytes that are not well-formed UTF-8, or an unescaped control character in a string.
        public static let invalidString = Code(name: "invalidString")
        /// A number that does not follow the JSON grammar.
        public static let invalidNumber = Code(name: "invalidNumber")
        /// Containers nested deeper than the configured limit.
        public static let tooDeep = Code(name: "tooDeep")
        /// Bytes after the end of the top-level value.
        public static let trailingData = Code(name: "trailingData")
        /// The input is larger than the decoder can index (4 GiB).
        public static let tooLarge = Code(name: "tooLarge")
    }

    /// What kind of problem the input has.
    public var code: Code
    /// Offset of the offending byte from the start of the input.
    public var offset: Int
    /// What the decoder expected at `offset`.
    public var expected: String

    /// Creates an error for the byte at `offset`.
    public init(code: Code, offset: Int, expected: String) {
        self.code = code
        self.offset = offset
        self.expected = expected
    }

    public var description: String {
        "invalid JSON (\(code)) at byte offset \(offset): expected \(expected)"
    }
}
