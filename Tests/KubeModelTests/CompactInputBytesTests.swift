import Foundation
import Testing
@testable import FastJSON
@testable import KubeModel

/// The JSON key of a kept message is the value's own bytes in a compact document.
@Suite struct CompactInputBytesTests {
    static func eachValue(_ text: String, _ body: (TapeContext, Int) throws -> Void) throws {
        try Array(text.utf8).withUnsafeBytes { raw in
            var parser = try JSONTapeParser(bytes: raw, maxDepth: 64)
            let tape = try parser.parseDocument()
            let context = TapeContext(base: parser.base, tape: tape, userInfo: [:])
            for i in 0..<(tape.count - 1) { try body(context, i) }  // the last entry is the sentinel
        }
    }

    @Test func everyValueOfACompactDocumentIsItsCompactText() throws {
        let documents = [
            #"{"a":[1,-2.5e3,"x\"y",true,false,null,{"b":{}}],"c":{"d":[[],[{}]],"e":"é"},"f":{"g":[0]}}"#,
            // The API server's bytes (the file's trailing newline dropped).
            String(decoding: try fastJSONFixture("pod-running.json"), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines),
        ]
        var checked = 0
        for document in documents {
            try Self.eachValue(document) { context, i in
                guard let bytes = context.compactInputBytes(at: i) else {
                    // Only a value that is, starts or ends with an empty container has no offset.
                    let text = context.compactJSON(at: i)
                    #expect(text.contains("{}") || text.contains("[]"), "\(text)")
                    return
                }
                #expect(String(decoding: bytes, as: UTF8.self) == context.compactJSON(at: i))
                checked += 1
            }
        }
        #expect(checked > 100)
    }

    @Test func aDocumentWithWhitespaceGivesNoBytes() throws {
        try Self.eachValue(#"{ "a": [1, 2], "b": {"c": "d"} }"#) { context, i in
            #expect(context.compactInputBytes(at: i) == nil)
        }
    }
}
