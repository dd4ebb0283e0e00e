import Foundation
import Testing
@testable import FastJSON
@testable import KubeModel

/// Uses every container feature synthesised and hand-written `Decodable` code relies on.
struct FeatureProbe: Decodable, Equatable {
    var keys: [String]
    var hasMissing: Bool
    var nilValue: Bool
    var nested: [String: Int]
    var list: [Int?]
    var superValue: String
    var superMissingIsNil: Bool
    var inner: [String]

    enum Keys: String, CodingKey { case a, b, n, l, missing, `super`, s2, deep }
    enum Deep: String, CodingKey { case x }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        keys = c.allKeys.map(\.stringValue).sorted()  // Foundation does not keep document order
        hasMissing = c.contains(.missing)
        nilValue = try c.decodeNil(forKey: .b)
        let n = try c.nestedContainer(keyedBy: AnyCodingKey.self, forKey: .n)
        var nested: [String: Int] = [:]
        for k in n.allKeys { nested[k.stringValue] = try n.decode(Int.self, forKey: k) }
        self.nested = nested
        var l = try c.nestedUnkeyedContainer(forKey: .l)
        var list: [Int?] = []
        while !l.isAtEnd { list.append(try l.decodeNil() ? nil : try l.decode(Int.self)) }
        self.list = list
        superValue = try c.superDecoder().singleValueContainer().decode(String.self)
        superMissingIsNil = try c.superDecoder(forKey: .missing).singleValueContainer().decodeNil()
        let deep = try c.nestedContainer(keyedBy: Deep.self, forKey: .deep)
        var x = try deep.nestedUnkeyedContainer(forKey: .x)
        var inner: [String] = []
        var sub = try x.nestedUnkeyedContainer()
        while !sub.isAtEnd { inner.append(try sub.decode(String.self)) }
        let obj = try x.nestedContainer(keyedBy: Deep.self)
        inner.append(try obj.decode(String.self, forKey: .x))
        inner.append(try x.superDecoder().singleValueContainer().decode(String.self))
        self.inner = inner
    }
}

class BaseThing: Decodable {
    var id: Int
    private enum CodingKeys: String, CodingKey { case id }
    required init(from decoder: any Decoder) throws {
        id = try decoder.container(keyedBy: CodingKeys.self).decode(Int.self, forKey: .id)
    }
}

final class DerivedThing: BaseThing {
    var label: String
    private enum CodingKeys: String, CodingKey { case label, `super` }
    required init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        label = try c.decode(String.self, forKey: .label)
        try super.init(from: c.superDecoder())
    }
}

enum Phase: String, Codable { case running = "Running", pending = "Pending" }

struct Mixed: Codable, Equatable {
    var phase: Phase
    var phases: [Phase]?
    var counts: [String: Int]
    var byInt: [Int: String]
    var matrix: [[Double]]
    var optional: String?
    var optionalNull: Int?
    var u8: UInt8
    var i16: Int16
    var f: Float
    var time: Time
    var micro: MicroTime
    var any: JSONValue
    var anyOptional: JSONValue?
    var tags: Set<String>
}

@Suite("FastJSONDecoder: Decoder features")
struct FastJSONDecoderFeatureTests {
    let probeJSON = #"""
        {"a":1,"b":null,"n":{"x":1,"y":-2},"l":[1,null,3],"super":"sup",
         "deep":{"x":[["p","q"],{"x":"r"},"s"]},"s2":true}
        """#

    @Test("nested containers, allKeys, contains, decodeNil and superDecoder match Foundation")
    func probe() throws {
        let fast = try FastJSONDecoder().decode(FeatureProbe.self, from: probeJSON)
        let reference = try JSONDecoder().decode(FeatureProbe.self, from: Data(probeJSON.utf8))
        #expect(fast == reference)
        #expect(fast.keys == ["a", "b", "deep", "l", "n", "s2", "super"])
        #expect(fast.inner == ["p", "q", "r", "s"])
        #expect(fast.superMissingIsNil)
    }

    @Test("class hierarchies decode through superDecoder")
    func inheritance() throws {
        let d = try FastJSONDecoder().decode(DerivedThing.self, from: #"{"label":"L","super":{"id":7}}"#)
        #expect(d.label == "L")
        #expect(d.id == 7)
    }

    @Test("enums, sets, dictionaries with Int keys, nested arrays, timestamps and optionals match Foundation")
    func mixed() throws {
        let json = #"""
            {"phase":"Running","phases":["Pending","Running"],"counts":{"a":1,"b":2},"byInt":{"1":"one","20":"twenty"},
             "matrix":[[1,2.5],[],[-0.125]],"optional":"o","optionalNull":null,"u8":255,"i16":-32768,"f":1.5,
             "time":"2026-11-26T18:19:36Z","micro":"2026-11-26T18:05:02.123456Z","any":{"k":[1,"x",null]},
             "tags":["b","a","b"]}
            """#
        let fast = try FastJSONDecoder().decode(Mixed.self, from: json)
        let reference = try JSONDecoder().decode(Mixed.self, from: Data(json.utf8))
        #expect(fast == reference)
        #expect(fast.byInt[20] == "twenty")
        #expect(fast.anyOptional == nil)
    }

    @Test("type errors carry the same coding path as Foundation's")
    func codingPaths() throws {
        var pod = try JSONSerialization.jsonObject(with: Data(try fastJSONFixture("pod-running.json"))) as! [String: Any]
        var spec = pod["spec"] as! [String: Any]
        var containers = spec["containers"] as! [[String: Any]]
        var ports = containers[0]["ports"] as! [[String: Any]]
        ports[0]["containerPort"] = "not a number"
        containers[0]["ports"] = ports
        spec["containers"] = containers
        pod["spec"] = spec
        let bytes = [UInt8](try JSONSerialization.data(withJSONObject: pod))
        func path(_ body: () throws -> Void) -> [String] {
            do { try body() } catch let DecodingError.typeMismatch(_, context) {
                return context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            } catch { return ["unexpected \(error)"] }
            return ["no error"]
        }
        let fast = path { _ = try FastJSONDecoder().decode(TestPod.self, from: bytes) }
        let reference = path { _ = try JSONDecoder().decode(TestPod.self, from: Data(bytes)) }
        #expect(fast == ["spec", "containers", "0", "ports", "0", "containerPort"])
        #expect(fast == reference)
    }

    @Test("a missing required key is keyNotFound with the container's path")
    func keyNotFound() throws {
        struct Outer: Decodable { var items: [Inner] }
        struct Inner: Decodable { var name: String }
        do {
            _ = try FastJSONDecoder().decode(Outer.self, from: #"{"items":[{"name":"a"},{"nom":"b"}]}"#)
            Issue.record("expected keyNotFound")
        } catch let DecodingError.keyNotFound(key, context) {
            #expect(key.stringValue == "name")
            #expect(context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue } == ["items", "1"])
        }
    }

    @Test("null for a non-optional value is valueNotFound; past the end of an array too")
    func valueNotFound() throws {
        struct S: Decodable { var v: String }
        #expect {
            try FastJSONDecoder().decode(S.self, from: #"{"v":null}"#)
        } throws: { error in
            guard case DecodingError.valueNotFound = error else { return false }
            return true
        }
        struct Pair: Decodable {
            var a: Int, b: Int
            init(from decoder: any Decoder) throws {
                var c = try decoder.unkeyedContainer()
                a = try c.decode(Int.self)
                b = try c.decode(Int.self)
            }
        }
        #expect(throws: DecodingError.self) { try FastJSONDecoder().decode(Pair.self, from: "[1]") }
        #expect(try FastJSONDecoder().decode(Pair.self, from: "[1,2]").b == 2)
    }

    @Test("keys are found in any order, escaped keys included")
    func keyOrder() throws {
        struct S: Decodable, Equatable { var a: Int; var b: Int; var c: Int; var quoted: Int
            enum CodingKeys: String, CodingKey { case a, b, c, quoted = "q\"k" } }
        for json in [#"{"a":1,"b":2,"c":3,"q\"k":4}"#, #"{"c":3,"b":2,"a":1,"q\u0022k":4}"#, #"{"q\"k":4,"b":2,"x":0,"c":3,"a":1}"#] {
            #expect(try FastJSONDecoder().decode(S.self, from: json) == S(a: 1, b: 2, c: 3, quoted: 4))
        }
        // The same objects decoded many times (lookup hints are per decode and per object).
        let many = "[" + Array(repeating: #"{"c":3,"a":1,"b":2,"q\"k":4}"#, count: 600).joined(separator: ",") + "]"
        #expect(try FastJSONDecoder().decode([S].self, from: many).allSatisfy { $0 == S(a: 1, b: 2, c: 3, quoted: 4) })
    }

    @Test("inputs: [UInt8], Data, String and raw buffers; userInfo reaches init(from:)")
    func inputs() throws {
        struct U: Decodable {
            var seen: String
            init(from decoder: any Decoder) throws {
                seen = decoder.userInfo[CodingUserInfoKey(rawValue: "k")!] as? String ?? ""
            }
        }
        let json = #"{"x":1}"#
        let fast = FastJSONDecoder(configuration: .init(userInfo: [CodingUserInfoKey(rawValue: "k")!: "v"]))
        #expect(try fast.decode(U.self, from: Data(json.utf8)).seen == "v")
        #expect(try fast.decode([String: Int].self, from: Array(json.utf8)) == ["x": 1])
        #expect(try fast.decode([String: Int].self, from: json) == ["x": 1])
        let raw = try Array(json.utf8).withUnsafeBytes { try fast.decode([String: Int].self, from: $0) }
        #expect(raw == ["x": 1])
    }

    @Test("JSONValue(from:) called directly on the fast decoder builds from the tape")
    func jsonValueHook() throws {
        struct Wrapper: Decodable, Equatable {
            var value: JSONValue
            init(from decoder: any Decoder) throws { value = try JSONValue(from: decoder) }
        }
        let json = #"{"a":[1,2.5,"x",null,{"b":true}],"c":-0}"#
        let fast = try FastJSONDecoder().decode(Wrapper.self, from: json)
        #expect(fast == (try JSONDecoder().decode(Wrapper.self, from: Data(json.utf8))))
        #expect(fast.value["a"]?.arrayValue?.count == 5)
    }

    @Test("PartialObjectMetadata skips other members but still rejects broken structure and trailing data")
    func partial() throws {
        let p = try FastJSONDecoder().decode(PartialObjectMetadata.self, from:
            #"{"spec":{"a":[1,{"b":"}]"}]},"kind":"Pod","apiVersion":"v1","metadata":{"name":"n","namespace":"ns"},"status":"x"}"#)
        #expect(p.kind == "Pod")
        #expect(p.key == "ns/n")
        #expect(try FastJSONDecoder().decode(PartialObjectMetadata.self, from: "{}").metadata == ObjectMeta())
        for bad in [#"{"spec":{"a":[1}}"#, #"{"kind":"Pod"} x"#, #"{"spec":"unterminated}"#, #"{"kind":"Pod",}"#, "[]"] {
            #expect(throws: (any Error).self, "\(bad)") { try FastJSONDecoder().decode(PartialObjectMetadata.self, from: bad) }
        }
    }
}
