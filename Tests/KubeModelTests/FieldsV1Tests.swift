import Foundation
import Testing
import KubeModel

@Suite struct FieldsV1Tests {
    static let entryJSON = #"""
        {"manager": "kubectl", "fieldsType": "FieldsV1",
         "fieldsV1": { "f:metadata": {"f:labels": {".": {}, "f:app\u0020x": {}}},
                       "f:spec": {"k:{\"name\":\"web\"}": {"f:ports": [1, -2.5e3, true, false, null, "s"]}} }}
        """#

    @Test func fastDecoderKeepsTheCompactTextWithEscapes() throws {
        let entry = try FastJSONDecoder().decode(ManagedFieldsEntry.self, from: Self.entryJSON)
        let fields = try #require(entry.fieldsV1)
        #expect(fields.json == #"{"f:metadata":{"f:labels":{".":{},"f:app\u0020x":{}}},"f:spec":{"k:{\"name\":\"web\"}":{"f:ports":[1,-2.5e3,true,false,null,"s"]}}}"#)
        #expect(fields.value["f:metadata"]?["f:labels"]?["f:app x"] == .object([:]))
        #expect(fields.value["f:spec"]?[#"k:{"name":"web"}"#]?["f:ports"]?.arrayValue?.count == 6)
    }

    @Test func foundationAndFastDecodersAgree() throws {
        let fast = try FastJSONDecoder().decode(ManagedFieldsEntry.self, from: Self.entryJSON)
        let foundation = try JSONDecoder().decode(ManagedFieldsEntry.self, from: Data(Self.entryJSON.utf8))
        // The texts differ (key order, escapes); the values and hashes do not.
        #expect(fast.fieldsV1?.json != foundation.fieldsV1?.json)
        #expect(fast == foundation)
        #expect(fast.hashValue == foundation.hashValue)
        #expect(fast.fieldsV1 != FieldsV1(["f:spec": [:]]))
    }

    @Test func encodesAsTheJSONValueItHolds() throws {
        let entry = try FastJSONDecoder().decode(ManagedFieldsEntry.self, from: Self.entryJSON)
        let encoded = try JSONEncoder().encode(entry)
        let again = try FastJSONDecoder().decode(ManagedFieldsEntry.self, from: encoded)
        #expect(again == entry)
        let object = try JSONSerialization.jsonObject(with: encoded) as? [String: Any]
        #expect((object?["fieldsV1"] as? [String: Any])?["f:spec"] != nil)
    }

    @Test func textIsValidatedAndValuesSerialiseWithSortedKeys() throws {
        #expect(throws: FastJSONError.self) { try FieldsV1(json: #"{"f:spec": }"#) }
        #expect(try FieldsV1(json: #"{"a": {}}"#).value == ["a": [:]])
        #expect(FieldsV1(["f:spec": [:], "f:metadata": ["f:name": [:]]]).json == #"{"f:metadata":{"f:name":{}},"f:spec":{}}"#)
    }

    /// With an interner, the text is looked up by its compact bytes: the input's own bytes when
    /// it has no whitespace, a compacted copy otherwise. Both give the same text, from the table.
    @Test func internedDecodesOfCompactAndSpacedInputGiveTheSameText() throws {
        let expected = try #require(try FastJSONDecoder().decode(ManagedFieldsEntry.self, from: Self.entryJSON).fieldsV1?.json)
        let compact = #"{"manager":"kubectl","fieldsType":"FieldsV1","fieldsV1":"# + expected + "}"
        let interner = StringInterner(capacity: 64)
        for text in [compact, Self.entryJSON, compact] {
            var text = text
            let entry = try text.withUTF8 { try KubeJSON.decode(ManagedFieldsEntry.self, raw: UnsafeRawBufferPointer($0), interner: interner) }
            #expect(entry.fieldsV1?.json == expected)
        }
        #expect(interner.counters.hits == 2)
        #expect(interner.counters.misses == 1)
        // Values whose start no entry records (an empty first element) take the copying path.
        for fields in [#"[{},{"f:x":{}}]"#, "{}", #"[[],1]"#, #"{"f:a":[],"f:b":{"f:c":"0123456789abcdef"}}"#] {
            var text = #"{"manager":"m","fieldsV1":"# + fields + "}"
            let entry = try text.withUTF8 { try KubeJSON.decode(ManagedFieldsEntry.self, raw: UnsafeRawBufferPointer($0), interner: interner) }
            #expect(entry.fieldsV1?.json == fields)
        }
    }
}
