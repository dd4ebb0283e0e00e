import Foundation
import KinformerTestSupport
import Testing
@testable import FastJSON
@testable import KubeModel

/// Random JSON text with the awkward parts JSON allows: escapes, non-ASCII, every number form.
func randomJSON(_ g: inout SeededGenerator, depth: Int = 0) -> String {
    let pick = Int.random(in: 0..<(depth > 4 ? 5 : 7), using: &g)
    switch pick {
    case 0: return ["null", "true", "false"].randomElement(using: &g)!
    case 1, 2:
        let forms = ["0", "-0", "1", "-17", "3.25", "1e3", "1E-2", "-1.5e+10", "9223372036854775807",
                     "9223372036854775808", "-9223372036854775808", "0.1", "123456789012345678901234567890", "2e308"]
        return forms.randomElement(using: &g)!
    case 3, 4:
        let pieces = ["a", "Z", "é", "☃", "🚀", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\u0041", "\\u00e9", "\\ud83d\\ude80", " ", "\\u0000"]
        return "\"" + (0..<Int.random(in: 0..<6, using: &g)).map { _ in pieces.randomElement(using: &g)! }.joined() + "\""
    case 5:
        return "[" + (0..<Int.random(in: 0..<4, using: &g)).map { _ in randomJSON(&g, depth: depth + 1) }.joined(separator: ",") + "]"
    default:
        let members = (0..<Int.random(in: 0..<4, using: &g)).map { i in "\"k\(i)\(depth)\":" + randomJSON(&g, depth: depth + 1) }
        return "{" + members.joined(separator: " , ") + "}"
    }
}

@Suite("FastJSON fuzz (fixed seeds)")
struct FastJSONFuzzTests {
    @Test("random valid documents decode exactly like Foundation", arguments: [1, 2, 3] as [UInt64])
    func randomValid(seed: UInt64) throws {
        var g = SeededGenerator(seed: seed)
        for _ in 0..<300 {
            let json = randomJSON(&g)
            let fast = try? FastJSONDecoder().decode(JSONValue.self, from: json)
            let reference = try? JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
            #expect(fast == reference, "\(json)")
        }
    }

    @Test("mutated documents never crash, and validity agrees with JSONSerialization", arguments: [7, 8, 9] as [UInt64])
    func mutated(seed: UInt64) throws {
        var g = SeededGenerator(seed: seed)
        let fixture = try fastJSONFixture("widget.json")
        let alphabet = Array("{}[]\",:\\0123456789-+.eEtrufalsn u/".utf8) + [0x00, 0x1F, 0x80, 0xC3, 0xE2, 0xED, 0xF0, 0xFF]
        for round in 0..<600 {
            var bytes = round % 2 == 0 ? fixture : Array(randomJSON(&g).utf8)
            for _ in 0..<Int.random(in: 1...3, using: &g) {
                let at = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &g)
                switch Int.random(in: 0..<4, using: &g) {
                case 0 where !bytes.isEmpty: bytes[at] = alphabet.randomElement(using: &g)!
                case 1: bytes.insert(alphabet.randomElement(using: &g)!, at: at)
                case 2 where !bytes.isEmpty: bytes.remove(at: at)
                default: bytes = Array(bytes.prefix(at))
                }
            }
            let fastAccepts = (try? FastJSONDecoder().decode(JSONValue.self, from: bytes)) != nil
            _ = try? FastJSONDecoder().decode(PartialObjectMetadata.self, from: bytes)
            _ = try? FastJSONDecoder().decode(DynamicObject.self, from: bytes)
            if fastAccepts {
                #expect(foundationAccepts(bytes), "FastJSONDecoder accepts what Foundation rejects: \(bytes)")
            } else if foundationAccepts(bytes) {
                // Only Foundation's leniencies may differ: trailing commas, numbers beyond Double,
                // and NUL bytes (Foundation sniffs them as UTF-16/32; network JSON is UTF-8).
                let text = String(decoding: bytes, as: UTF8.self)
                let explained = text.contains(",]") || text.contains(",}") || text.contains("e308") || text.contains("e3") || bytes.contains(0)
                #expect(explained, "Foundation accepts what FastJSONDecoder rejects: \(bytes)")
            }
        }
    }
}
