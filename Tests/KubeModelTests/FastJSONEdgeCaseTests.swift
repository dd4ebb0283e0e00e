import Foundation
import Testing
@testable import FastJSON
@testable import KubeModel

/// Whether Foundation's JSONSerialization accepts `bytes` as JSON (top-level scalars allowed).
func foundationAccepts(_ bytes: [UInt8]) -> Bool {
    (try? JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed)) != nil
}

/// Decodes a `T` with both decoders; they must both fail, or both succeed with equal values.
func expectAgreement<T: Decodable & Equatable>(_ type: T.Type, _ json: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let reference = try? JSONDecoder().decode(T.self, from: Data(json.utf8))
    let fast = try? FastJSONDecoder().decode(T.self, from: Array(json.utf8))
    #expect(fast == reference, "\(T.self) from \(json): fast \(String(describing: fast)), Foundation \(String(describing: reference))",
            sourceLocation: sourceLocation)
}

@Suite("FastJSON edge cases against Foundation")
struct FastJSONEdgeCaseTests {
    static let validDocuments: [String] = [
        #""\"\\\/\b\f\n\r\t\u0041\u00e9\u20ac\ud83d\ude80""#,
        #""héllo ☃ 🚀 \u0000 end""#,
        #"{"a\"b":1,"\u0063":"d","":[]}"#,
        "0", "-0", "1e3", "1E-2", "1.5e+10", "-1.25", "2.5E3", "0.000001", "123456789.125",
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
        "123456789012345678901234567890", "1.7976931348623157e308", "5e-324",
        " \t\r\n[ 1 , 2 ,\n\t3 ] \n", "true", "false", "null", "[]", "{}", "[[],[[]],{}]",
        #"{"a":{"b":{"c":[1,{"d":null}]}}}"#, #"{"dup":1,"dup":2}"#,
    ]

    @Test("valid documents decode to the same JSONValue as through Foundation", arguments: validDocuments)
    func validAgree(json: String) throws {
        #expect(foundationAccepts(Array(json.utf8)))
        let fast = try FastJSONDecoder().decode(JSONValue.self, from: Array(json.utf8))
        let reference = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        #expect(fast == reference)
    }

    @Test("escapes and surrogate pairs decode to the right scalars")
    func escapes() throws {
        let s = try FastJSONDecoder().decode(String.self, from: #""\"\\\/\b\f\n\r\t\u0041\u00e9\u20ac\ud83d\ude80""#)
        #expect(s == "\"\\/\u{8}\u{c}\n\r\tAé€🚀")
        #expect(try FastJSONDecoder().decode(String.self, from: #""\u0000""#) == "\u{0}")
    }

    static let invalidDocuments: [(String, [UInt8])] = [
        ("empty", []), ("only whitespace", Array("  ".utf8)), ("unclosed object", Array("{".utf8)),
        ("trailing comma in array", Array("[1,]".utf8)), ("trailing comma in object", Array(#"{"a":1,}"#.utf8)),
        ("leading zero", Array("01".utf8)), ("no fraction digits", Array("1.".utf8)), ("no integer part", Array(".5".utf8)),
        ("lone minus", Array("-".utf8)), ("plus sign", Array("+1".utf8)), ("empty exponent", Array("1e".utf8)),
        ("bad escape", Array(#""\x""#.utf8)), ("short unicode escape", Array(#""\u12""#.utf8)),
        ("lone high surrogate", Array(#""\ud800""#.utf8)), ("lone low surrogate", Array(#""\udc00""#.utf8)),
        ("high surrogate then non-surrogate", Array(#""\ud800\u0041""#.utf8)),
        ("raw control character", [0x22, 0x61, 0x01, 0x62, 0x22]), ("raw newline", [0x22, 0x0A, 0x22]),
        ("trailing garbage", Array("[1] x".utf8)), ("two values", Array("1 2".utf8)),
        ("invalid UTF-8 byte", [0x22, 0xFF, 0x22]), ("overlong encoding", [0x22, 0xC0, 0xAF, 0x22]),
        ("encoded surrogate", [0x22, 0xED, 0xA0, 0x80, 0x22]), ("truncated sequence", [0x22, 0xE2, 0x82, 0x22]),
        ("above U+10FFFF", [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22]),
        ("truncated literal", Array("tru".utf8)), ("misspelt literal", Array("nulL".utf8)),
        ("missing colon", Array(#"{"a" 1}"#.utf8)), ("non-string key", Array("{1:2}".utf8)),
        ("missing comma", Array("[1 2]".utf8)), ("NaN", Array("NaN".utf8)), ("Infinity", Array("-Infinity".utf8)),
        ("unterminated string", Array(#""abc"#.utf8)), ("single quotes", Array("'a'".utf8)),
        ("mismatched brackets", Array("[1}".utf8)), ("non-ASCII outside strings", [0x5B, 0xC3, 0xA9, 0x5D]),
    ]

    /// Invalid JSON that Foundation's JSONSerialization nevertheless accepts.
    static let foundationLeniencies: Set<String> = ["trailing comma in array", "trailing comma in object"]

    @Test("invalid JSON is rejected with a FastJSONError, as Foundation rejects it",
          arguments: invalidDocuments.map(\.0))
    func invalidRejected(name: String) throws {
        let bytes = try #require(Self.invalidDocuments.first { $0.0 == name }?.1)
        let error = #expect(throws: FastJSONError.self) { try FastJSONDecoder().decode(JSONValue.self, from: bytes) }
        #expect((error?.offset ?? -1) >= 0 && (error?.offset ?? .max) <= bytes.count)
        // Foundation is lenient about trailing commas; RFC 8259 is not, and neither are we.
        if !Self.foundationLeniencies.contains(name) {
            #expect(!foundationAccepts(bytes), "Foundation accepts \(name) but FastJSONDecoder does not")
        }
    }

    @Test("error offsets point at the offending byte")
    func offsets() throws {
        let e1 = #expect(throws: FastJSONError.self) { try FastJSONDecoder().decode(JSONValue.self, from: #"{"a":[1,2,x]}"#) }
        #expect(e1?.offset == 10)
        #expect(e1?.code == .unexpectedByte)
        let e2 = #expect(throws: FastJSONError.self) { try FastJSONDecoder().decode(JSONValue.self, from: "[1] ,") }
        #expect(e2?.offset == 4)
        #expect(e2?.code == .trailingData)
        let e3 = #expect(throws: FastJSONError.self) { try FastJSONDecoder().decode(JSONValue.self, from: [0x5B, 0x22, 0x61, 0xFF, 0x22, 0x5D]) }
        #expect(e3?.offset == 3)
        #expect(e3?.code == .invalidString)
    }

    @Test("nesting up to the limit decodes; one level deeper is a tooDeep error")
    func depthLimit() throws {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        let value = try FastJSONDecoder().decode(JSONValue.self, from: ok)
        #expect(value.arrayValue?.count == 1)
        let deep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        let error = #expect(throws: FastJSONError.self) { try FastJSONDecoder().decode(JSONValue.self, from: deep) }
        #expect(error?.code == .tooDeep)
        #expect(error?.offset == 512)
        let custom = FastJSONDecoder(configuration: .init(maxDepth: 3))
        #expect(throws: FastJSONError.self) { try custom.decode(JSONValue.self, from: "[[[[]]]]") }
        #expect(try custom.decode(JSONValue.self, from: "[[[]]]") == [[[]]])
    }

    @Test("integers of every width: range checks agree with Foundation")
    func integers() {
        for n in ["0", "-0", "1", "-1", "127", "128", "-128", "-129", "255", "256", "32767", "32768", "65535", "65536",
                  "2147483647", "2147483648", "-2147483649", "4294967295", "4294967296",
                  "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
                  "18446744073709551615", "18446744073709551616", "1e3", "1E2", "1.0", "1.5", "-2.0e1", "1e19", "1e400",
                  "\"1\"", "true", "null"] {
            expectAgreement(Int.self, n)
            expectAgreement(Int8.self, n)
            expectAgreement(Int16.self, n)
            expectAgreement(Int32.self, n)
            expectAgreement(Int64.self, n)
            expectAgreement(UInt.self, n)
            expectAgreement(UInt8.self, n)
            expectAgreement(UInt16.self, n)
            expectAgreement(UInt32.self, n)
            expectAgreement(UInt64.self, n)
            expectAgreement([Int64].self, "[\(n)]")
        }
    }

    @Test("floating point: values and range checks agree with Foundation")
    func floats() {
        for n in ["0", "-0", "1", "0.1", "-1.25", "1e3", "1E-2", "1.5e+10", "3.4028235e38", "3.5e38", "1e39",
                  "1.7976931348623157e308", "1e309", "5e-324", "1e-400", "123456789012345678901234567890",
                  "0.30000000000000004", "9007199254740993", "\"1\"", "null"] {
            expectAgreement(Double.self, n)
            expectAgreement(Float.self, n)
            expectAgreement([Double].self, "[\(n)]")
        }
    }

    @Test("big integers overflow Int64 fields but are fine as Double")
    func bigInts() throws {
        struct S: Decodable { var v: Int64 }
        struct D: Decodable { var v: Double }
        #expect(throws: DecodingError.self) { try FastJSONDecoder().decode(S.self, from: #"{"v":9223372036854775808}"#) }
        #expect(try FastJSONDecoder().decode(D.self, from: #"{"v":9223372036854775808}"#).v == 9223372036854775808.0)
    }

    @Test("strings, bools and mismatches agree with Foundation")
    func scalars() {
        for v in [#""""#, #""a""#, #""\u00e9\ud83d\ude80""#, "true", "false", "null", "1", "[]", "{}"] {
            expectAgreement(String.self, v)
            expectAgreement(Bool.self, v)
            expectAgreement(String?.self, v)
            expectAgreement([String?].self, "[\(v)]")
        }
    }
}
