import FastJSON

/// A value that is either an integer or a string, e.g. a port (`8080` or `"http"`) or a rolling
/// update bound (`1` or `"25%"`). Encodes as a JSON number or a JSON string.
public enum IntOrString: Sendable, Hashable, Codable, CustomStringConvertible {
    case int(Int32)
    case string(String)

    /// The integer, if this is one.
    public var intValue: Int32? {
        if case .int(let i) = self { return i }
        return nil
    }

    /// The string, if this is one.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The integer or the string, as text.
    public var description: String {
        switch self {
        case .int(let i): return String(i)
        case .string(let s): return s
        }
    }

    public init(from decoder: any Decoder) throws {
        // The fast decoder can tell the kind of value without a failed (and costly) attempt.
        if let fast = decoder as? TapeDecoder {
            switch try fast.context.jsonValue(at: fast.index) {
            case .int(let i) where Int32(exactly: i) != nil:
                self = .int(Int32(i))
                return
            case .string(let s):
                self = .string(s)
                return
            default:
                break  // the generic path below reports the error
            }
        }
        let c = try decoder.singleValueContainer()
        if let i = try? c.decode(Int32.self) {
            self = .int(i)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else {
            throw DecodingError.dataCorruptedError(
                in: c, debugDescription: "expected an integer (Int32) or a string for an int-or-string value")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let i): try c.encode(i)
        case .string(let s): try c.encode(s)
        }
    }
}

extension IntOrString: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    public init(integerLiteral value: Int32) { self = .int(value) }
    public init(stringLiteral value: String) { self = .string(value) }
}
