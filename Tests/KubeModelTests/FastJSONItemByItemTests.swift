import Foundation
import Testing
@testable import FastJSON
@testable import KubeModel

/// The item-by-item route for lists, alone: `nil` when it leaves the document to the
/// whole-document route.
func decodeItemByItem<Item: TapeDecodable & Equatable>(
    _ type: ObjectList<Item>.Type, _ json: String, maxDepth: Int = 512
) throws -> ObjectList<Item>? {
    var text = json
    return try text.withUTF8 {
        try ObjectList<Item>.decodeItemByItem(UnsafeRawBufferPointer($0), configuration: .init(maxDepth: maxDepth))
    }
}

/// A list of `count` running pods (named pod-0, pod-1, …) as compact JSON.
func podListJSON(count: Int) throws -> String {
    let pod = String(decoding: try fastJSONFixture("pod-running.json"), as: UTF8.self)
    let items = (0..<count).map { pod.replacingOccurrences(of: "web-7d4b9c8f6d-x2x9q", with: "pod-\($0)") }
    return #"{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"7"},"items":["#
        + items.joined(separator: ",") + "]}"
}

@Suite("FastJSON lists decoded item by item")
struct FastJSONItemByItemTests {
    @Test("a list of pods decodes item by item exactly as Foundation decodes it")
    func podList() throws {
        let json = try podListJSON(count: 5)
        let reference = try JSONDecoder().decode(ObjectList<CoreV1.Pod>.self, from: Data(json.utf8))
        let streamed = try #require(try decodeItemByItem(ObjectList<CoreV1.Pod>.self, json))
        #expect(streamed == reference)
        #expect(streamed.items.map(\.metadata.name) == (0..<5).map { "pod-\($0)" })
        #expect(streamed.metadata.resourceVersion == "7")
        let fast: ObjectList<CoreV1.Pod> = try FastJSONDecoder().decode(ObjectList<CoreV1.Pod>.self, from: json)
        #expect(fast == reference)
        let page = try fastJSONFixture("podlist-page.json")
        let pageReference = try JSONDecoder().decode(ObjectList<CoreV1.Pod>.self, from: Data(page))
        let pageStreamed = try decodeItemByItem(ObjectList<CoreV1.Pod>.self, String(decoding: page, as: UTF8.self))
        #expect(pageStreamed == pageReference)
    }

    @Test("whitespace, empty and missing items, and any member order take the item-by-item route",
          arguments: [
            #" { "items" : [ ] , "kind" : "PodList" } "#,
            #"{"items":[{"metadata":{"name":"a"}} , {"metadata":{"name":"b"}}],"metadata":{"continue":"x"}}"#,
            #"{"metadata":{"resourceVersion":"1"}}"#,
            "{}",
            #"{"unknown":{"items":[1]},"items":[{}]}"#,
          ])
    func shapes(json: String) throws {
        let reference = try JSONDecoder().decode(ObjectList<CoreV1.Pod>.self, from: Data(json.utf8))
        let streamed = try decodeItemByItem(ObjectList<CoreV1.Pod>.self, json)
        #expect(streamed == reference)
        let fast: ObjectList<CoreV1.Pod> = try FastJSONDecoder().decode(ObjectList<CoreV1.Pod>.self, from: json)
        #expect(fast == reference)
    }

    @Test("escaped or repeated top-level keys and non-array items are left to the whole-document route",
          arguments: [
            #"{"it\u0065ms":[{"metadata":{"name":"a"}}]}"#,
            #"{"items":[{"metadata":{"name":"a"}}],"items":[]}"#,
            #"{"items":null}"#,
            #"{"items":{}}"#,
            #"{"k\u0069nd":"PodList","items":[]}"#,
            "[]",
          ])
    func leftToTheWholeDocument(json: String) throws {
        let streamed = try decodeItemByItem(ObjectList<CoreV1.Pod>.self, json)
        #expect(streamed == nil)
        let r = ThreeWay(ObjectList<CoreV1.Pod>.self, json)
        #expect(r.fast == r.foundation, "fast \(r.fast), Foundation \(r.foundation)")
    }

    @Test("an error in an item is reported with its path in the list, as before")
    func errorsInItems() throws {
        let json = try podListJSON(count: 3).replacingOccurrences(
            of: #""containerPort":8080"#, with: #""containerPort":"8080""#)
        #expect(throws: DecodingError.self) { try decodeItemByItem(ObjectList<CoreV1.Pod>.self, json) }
        let r = ThreeWay(ObjectList<CoreV1.Pod>.self, json)
        let path = ["items", "0", "spec", "containers", "0", "ports", "0", "containerPort"]
        #expect(r.fast == .failure("typeMismatch", path))
        #expect(r.fast == r.foundation)
    }

    @Test("invalid JSON anywhere gives the same FastJSONError as the whole-document route", arguments: [
        #"{"items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"]}"#,
        #"{"items":[{"metadata":{"name":"a"}} {"metadata":{}}]}"#,
        #"{"items":[{}],"kind":"PodList",}"#,
        #"{"items":[{}]} x"#,
        #"{"items":[{},]}"#,
        #"{"items":[{"metadata":{"name":"\x"}}]}"#,
        #"{"items":[{}"#,
        #"{"metadata":{"resourceVersion":1e}}"#,
    ])
    func invalidJSON(json: String) {
        let whole = #expect(throws: FastJSONError.self) {
            try FastJSONDecoder().decode(ObjectList<DynamicObject>.self, from: json)
        }
        let streamed = #expect(throws: FastJSONError.self) {
            try FastJSONDecoder().decode(ObjectList<CoreV1.Pod>.self, from: json)
        }
        #expect(whole == streamed)
    }

    @Test("the depth limit counts from the document, not from the item")
    func depthLimit() throws {
        // The list, items, items[0], its metadata and labels: five objects and arrays deep.
        let json = #"{"items":[{"metadata":{"labels":{}}}]}"#
        let atLimit = try decodeItemByItem(ObjectList<CoreV1.Pod>.self, json, maxDepth: 5)
        #expect(atLimit?.items.count == 1)
        #expect(throws: FastJSONError.self) { try decodeItemByItem(ObjectList<CoreV1.Pod>.self, json, maxDepth: 4) }
        let reference = try JSONDecoder().decode(ObjectList<CoreV1.Pod>.self, from: Data(json.utf8))
        for depth in 1...6 {
            let decoder = FastJSONDecoder(configuration: .init(maxDepth: depth))
            var whole: FastJSONError? = nil
            var streamed: FastJSONError? = nil
            do { _ = try decoder.decode(JSONValue.self, from: json) } catch let error as FastJSONError { whole = error }
            do {
                let list: ObjectList<CoreV1.Pod> = try decoder.decode(ObjectList<CoreV1.Pod>.self, from: json)
                #expect(list == reference)
            } catch let error as FastJSONError {
                streamed = error
            }
            #expect(whole == streamed, "maxDepth \(depth)")
        }
    }
}
