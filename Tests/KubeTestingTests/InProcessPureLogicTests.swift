import KubeModel
import Testing
@testable import KubeTesting

/// The server's pure parts, without HTTP: selectors, patches, the store's history window.
@Suite struct InProcessPureLogicTests {
    @Test(arguments: [
        ("a=1", ["a": "1"], true), ("a==1", ["a": "2"], false), ("a!=1", [:], true),
        ("a in (1,2)", ["a": "2"], true), ("a notin (1,2)", ["a": "2"], false), ("a notin (1)", [:], true),
        ("a", ["a": ""], true), ("!a", ["a": ""], false), ("a,b=2", ["a": "x", "b": "2"], true),
        ("a , b in ( 2 , 3 )", ["a": "x", "b": "3"], true), ("", ["x": "y"], true),
    ] as [(String, [String: String], Bool)])
    func labelSelector(_ text: String, _ labels: [String: String], _ expected: Bool) throws {
        #expect(try LabelSelectorMatcher(parsing: text).matches(labels) == expected)
    }

    @Test func malformedSelectorsAreRejected() {
        for bad in ["a in (1", "=x", "a b", "!"] {
            #expect(throws: ServerError.self) { try LabelSelectorMatcher(parsing: bad) }
        }
        #expect(throws: ServerError.self) { try FieldSelectorMatcher(parsing: "status.phase=Running") }
        #expect(throws: ServerError.self) { try FieldSelectorMatcher(parsing: "metadata.name") }
    }

    @Test func mergePatchFollowsRFC7386() {
        let target: JSONValue = ["a": "b", "c": ["d": "e", "f": "g"], "list": [1, 2]]
        let patch: JSONValue = ["a": "z", "c": ["f": nil], "list": [3], "new": ["x": 1]]
        #expect(MergePatch.apply(patch, to: target) == ["a": "z", "c": ["d": "e"], "list": [3], "new": ["x": 1]])
        #expect(MergePatch.apply(["a": 1], to: "scalar") == ["a": 1])
    }

    @Test func jsonPatchFollowsRFC6902() throws {
        let doc: JSONValue = ["foo": ["bar", "baz"], "x": ["y": 1]]
        let patch: JSONValue = [
            ["op": "add", "path": "/foo/1", "value": "qux"],
            ["op": "add", "path": "/foo/-", "value": "end"],
            ["op": "move", "from": "/x/y", "path": "/moved"],
            ["op": "remove", "path": "/foo/0"],
        ]
        #expect(try JSONPatch.apply(patch, to: doc) == ["foo": ["qux", "baz", "end"], "x": [:], "moved": 1])
        #expect(throws: JSONPatch.Failure.self) { try JSONPatch.apply([["op": "remove", "path": "/nope"]], to: doc) }
        #expect(throws: JSONPatch.Failure.self) { try JSONPatch.apply([["op": "replace", "path": "/foo/9", "value": 1]], to: doc) }
        #expect(throws: JSONPatch.Failure.self) { try JSONPatch.apply(["op": "add"], to: doc) }
    }

    @Test func historyWindowSlides() throws {
        var store = ObjectStore(historyLimit: 2, initialResourceVersion: 10)
        let r = RegisteredResource(descriptor: InProcessAPIServer.commonResources[2].0, statusSubresource: false)
        store.register(r)
        for n in ["a", "b", "c"] { _ = try store.create(r, namespace: "ns", body: ["metadata": ["name": .string(n)]]) }
        #expect(store.resourceVersion == 13)
        #expect(store.events(after: 10) == nil)
        #expect(store.events(after: 11)?.map(\.resourceVersion) == [12, 13])
        #expect(store.events(after: 13)?.isEmpty == true)
        store.compact()
        #expect(store.events(after: 12) == nil)
        #expect(store.events(after: 13)?.isEmpty == true)
    }

    @Test func continueTokenRoundTrips() throws {
        let t = ContinueToken(resourceVersion: 42, snapshot: 7, offset: 500)
        let decoded = try #require(ContinueToken(encoded: t.encoded))
        #expect(decoded.resourceVersion == 42 && decoded.snapshot == 7 && decoded.offset == 500)
        #expect(!t.encoded.contains("=") && !t.encoded.contains("+") && !t.encoded.contains("/"))
        #expect(ContinueToken(encoded: "not a token") == nil)
    }
}
