import Foundation
import Testing

@testable import KubeModel

/// Inputs libFuzzer found (scripts/fuzz), kept as regression tests.
@Suite struct FuzzRegressionTests {
    @Test("huge binary-SI quantities whose canonical text would be out of range are rejected",
          arguments: ["12345678901245678901.4Ei", "200000000000004000000000000000000Mi"])
    func quantityWhoseCanonicalTextIsOutOfRange(text: String) {
        let error = #expect(throws: QuantityError.self) { try Quantity(text) }
        #expect(error?.code == .outOfRange)
    }

    @Test("large quantities that are accepted print back equal")
    func largeQuantitiesRoundTrip() throws {
        for text in ["1Ei", "8Ei", "99999999999999999999999999999999Ki", "123456789012345678901234567890123456"] {
            let q = try Quantity(text)
            #expect(try Quantity(q.description) == q, "\(text) prints as \(q.description)")
        }
    }

    @Test("a backslash in a field selector's field name is an error (it could swallow the whitespace or operator after it)")
    func fieldSelectorEscapeInFieldName() throws {
        #expect(throws: FieldSelectorError.self) { try FieldSelector(parsing: "\\A\\\u{0C}=") }
        #expect(throws: FieldSelectorError.self) { try FieldSelector(parsing: "a\\,b=c") }
        #expect(try FieldSelector(parsing: "a=b\\,c").requirements.first?.value == "b,c")
    }

    @Test("timestamps whose instant leaves years 0000-9999 are rejected (they could not be written back)",
          arguments: ["9999-12-31T23:59:60.9992999999999Z", "9999-12-31T23:59:60Z", "9999-12-31T20:00:00-04:00",
                      "0000-01-01T00:00:00+00:01"])
    func timeOutsideFourDigitYears(text: String) {
        #expect(Time(rfc3339: text) == nil)
        #expect(MicroTime(rfc3339: text) == nil)
    }

    @Test("the edges of the representable range still parse and print back")
    func timeEdges() throws {
        for text in ["0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2016-12-31T23:59:60Z"] {
            let t = try #require(Time(rfc3339: text), "\(text)")
            #expect(Time(rfc3339: t.rfc3339) == t)
        }
    }

    @Test("PartialObjectMetadata skips other members by structure only (documented); full parses reject them")
    func partialSkipsByStructure() throws {
        let bytes = Array(#"{"kind":"X","metadata":{"name":"a"},"spec":{"e":["red",\#u{0F}\#u{0F}]}}"#.utf8)
        let partial = try FastJSONDecoder().decode(PartialObjectMetadata.self, from: bytes)
        #expect(partial.metadata.name == "a")
        #expect(throws: (any Error).self) { try FastJSONDecoder().decode(JSONValue.self, from: bytes) }
        #expect(throws: (any Error).self) { try JSONDecoder().decode(PartialObjectMetadata.self, from: Data(bytes)) }
    }

    @Test("invalid UTF-8 in a member a type ignores: FastJSON rejects it (RFC 8259), Foundation skips it unread")
    func invalidUTF8InAnIgnoredMember() throws {
        let bytes = Array(#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"enableS"#.utf8)
            + [0xFF, 0xFF] + Array(#"":1}}"#.utf8)
        let error = #expect(throws: FastJSONError.self) { try FastJSONDecoder().decode(CoreV1.Pod.self, from: bytes) }
        #expect(error?.offset == 72)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(JSONValue.self, from: Data(bytes)) }
    }

    @Test("a quantity whose trailing zeros carry the exponent past its limit is rejected, like the written one")
    func quantityExponentLimit() throws {
        #expect(throws: QuantityError.self) { try Quantity("2600e000000001000000") }
        #expect(throws: QuantityError.self) { try Quantity("26e1000002") }
        let q = try Quantity("26e1000000")
        #expect(try Quantity(q.description) == q)
    }

    @Test("a field name ending in '!' is rejected: written back it would be the != operator")
    func fieldNameEndingInBang() throws {
        #expect(throws: FieldSelectorError.self) { try FieldSelector(parsing: ":!\u{0B}=w!ww") }
        let negated = try FieldSelector(parsing: "a!=b")
        #expect(try FieldSelector(parsing: negated.description) == negated)
    }
}
