import Foundation
import KinformerTestSupport
import Testing
@testable import FastJSON
@testable import KubeModel

/// Decodes through a type's direct tape decoder alone, without the `init(from:)` fallback that
/// `FastJSONDecoder` takes on errors: what the generated code itself does.
func decodeDirectly<T: TapeDecodable>(_ type: T.Type, _ bytes: [UInt8]) throws -> T {
    try bytes.withUnsafeBytes { raw in
        var parser = try JSONTapeParser(bytes: raw, maxDepth: 512)
        let tape = try parser.parseDocument()
        return try T(tape: TapeContext(base: parser.base, tape: tape, userInfo: [:]), at: 0)
    }
}

/// What a decode came to: the value, or the kind of `DecodingError` and its coding path.
enum DecodeOutcome<T: Equatable>: Equatable, CustomStringConvertible {
    case value(T)
    case failure(String, [String])

    init(_ body: () throws -> T) {
        func path(_ c: DecodingError.Context) -> [String] { c.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue } }
        do {
            self = .value(try body())
        } catch let DecodingError.keyNotFound(key, c) {
            self = .failure("keyNotFound(\(key.stringValue))", path(c))
        } catch let DecodingError.typeMismatch(_, c) {
            self = .failure("typeMismatch", path(c))
        } catch let DecodingError.valueNotFound(_, c) {
            self = .failure("valueNotFound", path(c))
        } catch let DecodingError.dataCorrupted(c) {
            self = .failure("dataCorrupted", path(c))
        } catch {
            self = .failure("\(error)", [])
        }
    }

    var description: String {
        switch self {
        case .value: return "a value"
        case .failure(let kind, let path): return "\(kind) at \(path)"
        }
    }
}

/// The three routes: the direct decoder alone, `FastJSONDecoder`, Foundation's `JSONDecoder`.
struct ThreeWay<T: TapeDecodable & Equatable> {
    var direct: DecodeOutcome<T>
    var fast: DecodeOutcome<T>
    var foundation: DecodeOutcome<T>

    init(_ type: T.Type, _ bytes: [UInt8]) {
        direct = DecodeOutcome { try decodeDirectly(T.self, bytes) }
        fast = DecodeOutcome { try FastJSONDecoder().decode(T.self, from: bytes) }
        foundation = DecodeOutcome { try JSONDecoder().decode(T.self, from: Data(bytes)) }
    }

    init(_ type: T.Type, _ json: String) { self.init(type, Array(json.utf8)) }

    /// The direct decoder reports exactly what the `Decoder` route reports (the value, or the
    /// same kind of error at the same path), and that agrees with Foundation.
    var agree: Bool { direct == fast && Self.matchesFoundation(fast, foundation) }

    /// Equal outcomes, up to two known differences in how Foundation reports errors (the FastJSON
    /// `Decoder` route always reported these so): a number out of range is `dataCorrupted` with an
    /// empty coding path, and `null` for a `Bool` is a `typeMismatch` rather than `valueNotFound`.
    static func matchesFoundation(_ fast: DecodeOutcome<T>, _ foundation: DecodeOutcome<T>) -> Bool {
        switch (fast, foundation) {
        case (.failure("dataCorrupted", _), .failure("dataCorrupted", [])): return true
        case (.failure("valueNotFound", let a), .failure("typeMismatch", let b)): return a == b
        default: return fast == foundation
        }
    }
}

func expectThreeWay<T: TapeDecodable & Equatable>(
    _ type: T.Type, _ json: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    let r = ThreeWay(T.self, json)
    #expect(r.agree, "\(T.self) from \(json): direct \(r.direct), fast \(r.fast), Foundation \(r.foundation)",
            sourceLocation: sourceLocation)
}

/// The running pod fixture as a mutable JSON tree.
func podTree() throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(try fastJSONFixture("pod-running.json"))) as! [String: Any]
}

func bytes(of tree: Any) throws -> [UInt8] {
    [UInt8](try JSONSerialization.data(withJSONObject: tree, options: [.fragmentsAllowed]))
}

/// Replaces (or with `nil`, removes) the value at `path` (object keys and array indices).
func setting(_ tree: Any, _ path: ArraySlice<String>, to value: Any?) -> Any? {
    guard let head = path.first else { return value }
    if var object = tree as? [String: Any] {
        let inner = object[head].flatMap { setting($0, path.dropFirst(), to: value) }
        object[head] = path.count == 1 ? value : inner ?? object[head]
        return object
    }
    if var array = tree as? [Any], let i = Int(head), array.indices.contains(i) {
        if path.count == 1 {
            if let value { array[i] = value } else { array.remove(at: i) }
        } else if let inner = setting(array[i], path.dropFirst(), to: value) {
            array[i] = inner
        }
        return array
    }
    return tree
}

/// Every path in a JSON tree (object members and array elements).
func allPaths(_ tree: Any, _ prefix: [String] = []) -> [[String]] {
    var out: [[String]] = []
    if let object = tree as? [String: Any] {
        for (k, v) in object.sorted(by: { $0.key < $1.key }) {
            out.append(prefix + [k])
            out += allPaths(v, prefix + [k])
        }
    } else if let array = tree as? [Any] {
        for (i, v) in array.enumerated() {
            out.append(prefix + [String(i)])
            out += allPaths(v, prefix + [String(i)])
        }
    }
    return out
}

@Suite("FastJSON direct decoders (generated) against Foundation")
struct FastJSONDirectDecodeTests {
    @Test("every generated kind in the recorded fixtures decodes directly exactly as Foundation decodes it")
    func fixtures() throws {
        func check<T: TapeDecodable & Equatable>(_ type: T.Type, _ name: String) throws {
            let bytes = try fastJSONFixture(name)
            let reference = try JSONDecoder().decode(T.self, from: Data(bytes))
            #expect(try decodeDirectly(T.self, bytes) == reference, "\(T.self) from \(name)")
            #expect(try FastJSONDecoder().decode(T.self, from: bytes) == reference, "\(T.self) from \(name)")
        }
        try check(CoreV1.Pod.self, "pod-running.json")
        try check(ObjectList<CoreV1.Pod>.self, "podlist-page.json")
        try check(CoreV1.PodList.self, "podlist-page.json")
        try check(AppsV1.Deployment.self, "deployment.json")
        try check(CoordinationV1.Lease.self, "lease.json")
        try check(ApiextensionsV1.CustomResourceDefinition.self, "crd-widgets.json")
        let metadata = try bytes(of: try podTree()["metadata"]!)
        #expect(try decodeDirectly(ObjectMeta.self, metadata) == JSONDecoder().decode(ObjectMeta.self, from: Data(metadata)))
        // The config maps of the recorded watch stream (the DELETED one too).
        for line in try fastJSONFixture("watch-configmaps.jsonl").split(separator: UInt8(ascii: "\n")) {
            let event = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            guard event["type"] as? String != "BOOKMARK" else { continue }
            let object = try bytes(of: try #require(event["object"]))
            let reference = try JSONDecoder().decode(CoreV1.ConfigMap.self, from: Data(object))
            #expect(try decodeDirectly(CoreV1.ConfigMap.self, object) == reference)
        }
    }

    @Test("generated kinds, their lists and the meta types take the direct route")
    func routing() {
        let direct: [Any.Type] = [
            CoreV1.Pod.self, CoreV1.PodSpec.self, CoreV1.PodList.self, ObjectList<CoreV1.Pod>.self, AppsV1.Deployment.self,
            ApiextensionsV1.JSONSchemaProps.self, ObjectMeta.self, ManagedFieldsEntry.self, LabelSelector.self,
        ]
        for type in direct { #expect(type is any TapeDecodable.Type, "\(type)") }
        #expect(!(ObjectList<DynamicObject>.self is any TapeDecodable.Type))
        #expect(!(DynamicObject.self is any TapeDecodable.Type))
        // Free-form values have readers of their own, whose errors are final.
        let ownReaders: [Any.Type] = [DynamicObject.self, JSONValue.self, Time.self, [String: JSONValue].self]
        for type in ownReaders { #expect(type is any TapeValueDecodable.Type, "\(type)") }
    }

    @Test("a recursive schema (boxed fields, escaped-looking JSON names, free-form defaults) decodes directly")
    func jsonSchemaProps() {
        expectThreeWay(ApiextensionsV1.JSONSchemaProps.self, #"""
            {"type":"object","$ref":"#/x","x-kubernetes-preserve-unknown-fields":true,"default":{"a":1},
             "not":{"type":"string","not":{"type":"integer"}},"enum":["a",2,null],
             "properties":{"size":{"type":"integer","minimum":1}},"items":{"type":"string"},
             "additionalProperties":false,"x-kubernetes-int-or-string":true}
            """#)
    }

    @Test("a missing required key is keyNotFound with the object's path, through every route")
    func missingRequiredKeys() throws {
        var pod = try podTree()
        pod = setting(pod, ["spec", "containers", "1", "name"], to: nil) as! [String: Any]
        let r = ThreeWay(CoreV1.Pod.self, try bytes(of: pod))
        #expect(r.direct == .failure("keyNotFound(name)", ["spec", "containers", "1"]))
        #expect(r.agree, "direct \(r.direct), fast \(r.fast), Foundation \(r.foundation)")
        expectThreeWay(CoreV1.Pod.self, #"{"spec":{}}"#)
        expectThreeWay(CoreV1.Pod.self, #"{"metadata":{"ownerReferences":[{"apiVersion":"v1","kind":"K","name":"n"}]}}"#)
        expectThreeWay(ObjectList<CoreV1.Pod>.self, #"{"items":[{},{"spec":{"containers":[{}]}}]}"#)
        expectThreeWay(CoreV1.PodList.self, #"{"metadata":{}}"#)
    }

    @Test("wrong types are typeMismatch (valueNotFound for null, dataCorrupted for bad numbers and times) at the value's path")
    func wrongTypes() throws {
        let cases: [([String], Any)] = [
            (["spec", "containers", "0", "ports", "0", "containerPort"], "80"),
            (["spec", "containers", "0", "ports", "0", "containerPort"], 1.5),
            (["spec", "containers", "0", "ports", "0", "containerPort"], 3_000_000_000),
            (["spec"], "a string"),
            (["spec", "containers"], ["name": "x"]),
            (["spec", "containers"], NSNull()),
            (["spec", "containers", "0", "name"], NSNull()),
            (["metadata", "labels", "tier"], 7),
            (["metadata", "labels"], ["a", "b"]),
            (["metadata", "creationTimestamp"], "yesterday"),
            (["metadata", "generation"], "1"),
            (["spec", "containers", "0", "resources", "limits", "cpu"], "lots"),
            (["spec", "containers", "0", "resources", "limits", "cpu"], 2),
            (["spec", "containers", "0", "livenessProbe", "httpGet", "port"], 1.5),
            (["spec", "containers", "0", "livenessProbe", "httpGet", "port"], true),
            (["spec", "enableServiceLinks"], "yes"),
            (["status", "containerStatuses", "0", "ready"], 1),
            (["metadata", "managedFields", "0", "fieldsV1"], "anything goes"),
        ]
        for (path, value) in cases {
            let tree = setting(try podTree(), path[...], to: value)!
            let r = ThreeWay(CoreV1.Pod.self, try bytes(of: tree))
            #expect(r.agree, "\(path) = \(value): direct \(r.direct), fast \(r.fast), Foundation \(r.foundation)")
        }
        let bad = setting(try podTree(), ["spec", "containers", "0", "ports", "0", "containerPort"], to: "80")!
        #expect(ThreeWay(CoreV1.Pod.self, try bytes(of: bad)).direct
                == .failure("typeMismatch", ["spec", "containers", "0", "ports", "0", "containerPort"]))
        expectThreeWay(CoreV1.Pod.self, "[]")
        expectThreeWay(CoreV1.Pod.self, "null")
        expectThreeWay(ObjectList<CoreV1.Pod>.self, #"{"items":{}}"#)
    }

    @Test("null optional fields are nil; a kind's null or missing metadata is an empty ObjectMeta")
    func nulls() throws {
        for path in [["spec"], ["status"], ["metadata"], ["metadata", "labels"], ["metadata", "ownerReferences"],
                     ["spec", "containers", "0", "ports"], ["spec", "containers", "0", "resources", "limits"],
                     ["metadata", "managedFields", "0", "fieldsV1"], ["apiVersion"]] {
            let tree = setting(try podTree(), path[...], to: NSNull())!
            let r = ThreeWay(CoreV1.Pod.self, try bytes(of: tree))
            #expect(r.agree, "\(path) = null: direct \(r.direct), fast \(r.fast), Foundation \(r.foundation)")
        }
        let pod = try decodeDirectly(CoreV1.Pod.self, Array(#"{"kind":"Pod","metadata":null,"spec":null}"#.utf8))
        #expect(pod.metadata == ObjectMeta())
        #expect(pod.spec == nil)
        #expect(try decodeDirectly(CoreV1.Pod.self, Array("{}".utf8)).metadata == ObjectMeta())
        expectThreeWay(ObjectList<CoreV1.Pod>.self, #"{"items":null,"metadata":null}"#)
    }

    @Test("escaped keys are unescaped and matched, at every level")
    func escapedKeys() {
        expectThreeWay(CoreV1.Pod.self, #"""
            {"api\u0056ersion":"v1","\u006bind":"Pod","metad\u0061ta":{"n\u0061me":"x","l\u0061bels":{"a\"b":"c"}},
             "spec":{"cont\u0061iners":[{"n\u0061me":"c","\u0069mage":"i","ports":[{"cont\u0061inerPort":80}]}]},
             "st\u0061tus":{"ph\u0061se":"Running"}}
            """#)
        let pod = try? decodeDirectly(CoreV1.Pod.self, Array(#"{"metad\u0061ta":{"n\u0061me":"x"},"spec":{"containers":[{"n\u0061me":"c"}]}}"#.utf8))
        #expect(pod?.metadata.name == "x")
        #expect(pod?.spec?.containers.first?.name == "c")
        // A key that only looks like a field once unescaped wrongly is still unknown.
        expectThreeWay(CoreV1.Pod.self, #"{"spec\u0000":{"containers":"not checked"}}"#)
    }

    @Test("duplicate keys: the first occurrence wins, as with Foundation")
    func duplicateKeys() throws {
        let documents = [
            #"{"kind":"A","kind":"B"}"#,
            #"{"kind":null,"kind":"B"}"#,
            #"{"kind":"A","metadata":{"name":"x"},"kind":"B","metadata":{"name":"y"}}"#,
            #"{"spec":{"containers":[]},"spec":"not a spec"}"#,
            #"{"metadata":{"name":"a","name":"b","labels":{"k":"1","k":"2"}}}"#,
            #"{"metadata":{"n\u0061me":"a","name":"b"}}"#,
            #"{"spec":{"containers":[{"name":"a","image":"i","name":"b"}]}}"#,
        ]
        for json in documents { expectThreeWay(CoreV1.Pod.self, json) }
        #expect(try decodeDirectly(CoreV1.Pod.self, Array(documents[0].utf8)).kind == "A")
        #expect(try decodeDirectly(CoreV1.Pod.self, Array(documents[1].utf8)).kind == nil)
    }

    @Test("unknown keys are skipped, whatever their values")
    func unknownKeys() {
        expectThreeWay(CoreV1.Pod.self, #"""
            {"zzz":{"spec":[1,{"a":null}]},"kind":"Pod","metadata":{"name":"x","extra":[[],{}],"uid":"u"},
             "spec":{"unknown":true,"containers":[{"name":"c","future":{"field":"value"}}],"more":null},"":1}
            """#)
    }

    @Test("single mutations anywhere in a running pod: the direct decoder agrees with Foundation", arguments: [11, 12, 13] as [UInt64])
    func mutations(seed: UInt64) throws {
        var g = SeededGenerator(seed: seed)
        let original = try podTree()
        let paths = allPaths(original)
        let replacements: [Any?] = [nil, NSNull(), "x", 7, -1.5, true, [String: Any](), [Any](), ["k": "v"], ["x"],
                                    "2021-01-01T00:00:00Z", "100Mi"]
        for _ in 0..<150 {
            let path = paths.randomElement(using: &g)!
            let replacement = replacements.randomElement(using: &g)!
            let tree = setting(original, path[...], to: replacement)!
            let r = ThreeWay(CoreV1.Pod.self, try bytes(of: tree))
            #expect(r.agree, "\(path) = \(String(describing: replacement)): direct \(r.direct), fast \(r.fast), Foundation \(r.foundation)")
        }
    }
}
