import Foundation
import Testing
@testable import KubeModel

@Suite("WatchEnvelopeScanner")
struct FastJSONWatchEnvelopeTests {
    @Test("type and object range of every recorded event")
    func recorded() throws {
        let lines = try fastJSONFixture("watch-configmaps.jsonl").split(separator: UInt8(ascii: "\n")).map { [UInt8]($0) }
        let types = try lines.map { try WatchEnvelopeScanner().scan($0).type }
        #expect(types == ["ADDED", "ADDED", "MODIFIED", "DELETED", "BOOKMARK"])
        for line in lines {
            let e = try WatchEnvelopeScanner().scan(line)
            #expect(line[e.objectRange].first == UInt8(ascii: "{"))
            #expect(line[e.objectRange].last == UInt8(ascii: "}"))
        }
        let error = try fastJSONFixture("watch-error-410.jsonl").split(separator: UInt8(ascii: "\n")).map { [UInt8]($0) }[0]
        let e = try WatchEnvelopeScanner().scan(error)
        #expect(e.type == "ERROR")
        let status = try FastJSONDecoder().decode(Status.self, from: Array(error[e.objectRange]))
        #expect(status.code == 410)
    }

    @Test("member order, whitespace, escapes, extra members and scalar objects")
    func variants() throws {
        let cases: [(String, String, String)] = [
            (#"{"object":{"a":"}\"{"},"type":"ADDED"}"#, "ADDED", #"{"a":"}\"{"}"#),
            (" { \"type\" : \"MOD\\u0049FIED\" ,\n \"extra\":[1,{}], \"object\" : [ ] } ", "MODIFIED", "[ ]"),
            (#"{"type":"CUSTOM","object":42}"#, "CUSTOM", "42"),
            (#"{"type":"ADDED","object":"s\"x"}"#, "ADDED", #""s\"x""#),
        ]
        for (json, type, object) in cases {
            let bytes = Array(json.utf8)
            let e = try WatchEnvelopeScanner().scan(bytes)
            #expect(e.type == type)
            #expect(String(decoding: bytes[e.objectRange], as: UTF8.self) == object)
        }
    }

    @Test("malformed envelopes throw FastJSONError")
    func malformed() {
        for bad in ["", "[]", #"{"type":"ADDED"}"#, #"{"object":{}}"#, #"{"type":1,"object":{}}"#,
                    #"{"type":"ADDED","object":{"a":[}}"#, #"{"type":"ADDED","object":{}} x"#,
                    #"{"type":"ADDED","object":{"a":"unterminated}}"#, #"{"type":"ADDED" "object":{}}"#] {
            #expect(throws: FastJSONError.self, "\(bad)") { try WatchEnvelopeScanner().scan(Array(bad.utf8)) }
        }
    }
}
