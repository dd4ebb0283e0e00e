import Foundation
import KinformerTestSupport
import KubeModel
import NIOCore
import Testing

@testable import KubeClient

/// The result of a decode, comparable: the list, or the error's description.
enum ListOutcome<Item: KubernetesObject & Equatable>: Equatable {
    case list(ObjectList<Item>)
    case error(String)
}

/// The whole-body decode, as `ResourceClient.list` did before streaming.
func wholeBody<Item: KubernetesObject & Equatable>(_ bytes: [UInt8], as: Item.Type) -> ListOutcome<Item> {
    do {
        return .list(try KubeJSON.decode(ObjectList<Item>.self, from: bytes))
    } catch {
        return .error("\(error)")
    }
}

/// The streaming decode of `bytes` cut at `cuts` (offsets, ascending).
func streamed<Item: KubernetesObject & Equatable>(
    _ bytes: [UInt8], cuts: [Int], as: Item.Type, contentType: String = "application/json", windowSize: Int = 1
) -> ListOutcome<Item> {
    do {
        var decoder = try StreamingListDecoder<Item>(contentType: contentType, windowSize: windowSize)
        var start = 0
        for end in cuts + [bytes.count] where end > start {
            try bytes[start..<end].withUnsafeBytes { try decoder.append($0) }
            start = end
        }
        return .list(try decoder.finish())
    } catch {
        return .error("\(error)")
    }
}

/// Cuts every `size` bytes.
func cuts(every size: Int, count: Int) -> [Int] { Array(stride(from: size, to: count, by: size)) }

/// Cuts at random places (seeded).
func randomCuts(_ count: Int, _ rng: inout SeededGenerator) -> [Int] {
    guard count > 2 else { return [] }
    return (0..<Int.random(in: 1...8, using: &rng)).map { _ in Int.random(in: 1..<count, using: &rng) }.sorted()
}

enum ListDocuments {
    /// Strings with brackets, quotes and escapes; nested arrays; members before and after items.
    static let tricky = #"""
        { "kind" : "ConfigMapList", "apiVersion":"v1","metadata":{"resourceVersion":"12","x":[["]"],{"}":"{"}]},
          "items" : [
            {"metadata":{"name":"a]\"}{[","labels":{"k":"v\\"}},"data":{"x":"[{\"}]","\\\"":"\u00e9\ud83d\ude00"}} ,
            {"metadata":{"name":"b"},"data":{}}
           ,{"metadata":{"name":"c","annotations":{"n":"[[[[]]]]"}}}],
          "trailing":{"a":[1,2,{"b":null}],"c":"items"} }
        """#

    static let documents: [String] = [
        tricky,
        #"{"kind":"ConfigMapList","items":[]}"#,
        #"{"kind":"ConfigMapList","metadata":{}}"#,
        #"{"items":null,"kind":"ConfigMapList"}"#,
        #"{"items":[{"metadata":{"name":"first"}}],"kind":"ConfigMapList","metadata":{"resourceVersion":"9"}}"#,
        #"{}"#,
        "  {\"items\" :\n[ {\"metadata\":{\"name\":\"ws\"}}\t]\r\n}\n ",
        // Shapes left to the whole-body decoder.
        #"[{"metadata":{"name":"a"}}]"#,
        #"{"\u0069tems":[{"metadata":{"name":"escaped"}}]}"#,
        #"{"items":{"metadata":{"name":"a"}}}"#,
        #"{"items":5}"#,
        #""items""#,
        "",
        // Errors inside and around the items.
        #"{"items":[{"metadata":{"name":5}}]}"#,
        #"{"items":[{"metadata":{"name":"a"}},{"metadata":{"labels":[]}}]}"#,
        #"{"items":[1,{"metadata":{"name":"a"}}]}"#,
        #"{"items":[{"metadata":{"name":"a"}} {"metadata":{}}]}"#,
        #"{"items":[{"metadata":{"name":"a"}},]}"#,
        #"{"items":[{"metadata":{"name":"a"]}]}"#,
        #"{"items":[{"metadata":{"name":"a"}}],"kind":5}"#,
        #"{"kind":5,"items":[{"metadata":{"name":5}}]}"#,
        #"{"kind":"x" "items":[{"metadata":{"name":"a"}}]}"#,
        #"{"kind":tru,"items":[{"metadata":{"name":"a"}}]}"#,
        #"{"items":[{"metadata":{"name":"a"}}]} x"#,
        #"{"items":[{"metadata":{"name":"a"}}]}}"#,
        #"{"items":[{"metadata":{"name":"a\u00"}}]}"#,
        #"{"items":[{"metadata":{"name":5}},{"metadata":{"name":"b"}} x]}"#,
        #"{"items":[nul]}"#,
        #"{"items":[-]}"#,
    ]
}

@Suite struct StreamingListDecoderTests {
    @Test(arguments: ListDocuments.documents)
    func everySplitMatchesTheWholeBodyDecode(_ text: String) {
        let bytes = Array(text.utf8)
        let expected = wholeBody(bytes, as: CoreV1.ConfigMap.self)
        #expect(streamed(bytes, cuts: [], as: CoreV1.ConfigMap.self) == expected)
        #expect(streamed(bytes, cuts: cuts(every: 1, count: bytes.count), as: CoreV1.ConfigMap.self) == expected)
        for window in [2, 5, 16, 1 << 20] {
            let outcome = streamed(bytes, cuts: cuts(every: 1, count: bytes.count), as: CoreV1.ConfigMap.self, windowSize: window)
            #expect(outcome == expected, "window \(window)")
        }
        for cut in 0...bytes.count {
            #expect(streamed(bytes, cuts: [cut], as: CoreV1.ConfigMap.self) == expected, "cut at \(cut)")
        }
        var rng = SeededGenerator(seed: 16)
        for _ in 0..<50 {
            let c = randomCuts(bytes.count, &rng)
            #expect(streamed(bytes, cuts: c, as: CoreV1.ConfigMap.self) == expected, "cuts \(c)")
        }
    }

    @Test func theTrickyDocumentDecodesAsExpected() throws {
        let bytes = Array(ListDocuments.tricky.utf8)
        guard case .list(let list) = streamed(bytes, cuts: cuts(every: 3, count: bytes.count), as: CoreV1.ConfigMap.self)
        else {
            Issue.record("the tricky list did not decode")
            return
        }
        #expect(list.items.map(\.metadata.name) == ["a]\"}{[", "b", "c"])
        #expect(list.items[0].data?["x"] == "[{\"}]")
        #expect(list.items[0].data?["\\\""] == "é😀")
        #expect(list.metadata.resourceVersion == "12")
        #expect(list.kind == "ConfigMapList")
    }

    /// Every truncation and many one-byte corruptions of a document give exactly the whole-body
    /// decode's result or error.
    @Test func truncationsAndCorruptionsMatchTheWholeBodyDecode() {
        let bytes = Array(ListDocuments.tricky.utf8)
        var mismatches: [String] = []
        for length in 0..<bytes.count {
            let doc = Array(bytes[..<length])
            if streamed(doc, cuts: cuts(every: 7, count: doc.count), as: CoreV1.ConfigMap.self)
                != wholeBody(doc, as: CoreV1.ConfigMap.self)
            {
                mismatches.append("truncated at \(length)")
            }
        }
        for position in 0..<bytes.count {
            for replacement in Array("x\"]}{[,: \\5".utf8) {
                var doc = bytes
                doc[position] = replacement
                let expected = wholeBody(doc, as: CoreV1.ConfigMap.self)
                if streamed(doc, cuts: cuts(every: 5, count: doc.count), as: CoreV1.ConfigMap.self) != expected
                    || streamed(doc, cuts: cuts(every: 5, count: doc.count), as: CoreV1.ConfigMap.self, windowSize: 64)
                        != expected
                {
                    mismatches.append("byte \(position) = '\(Unicode.Scalar(replacement))'")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    }

    /// Quotes, escapes and brackets at every alignment of the skipper's eight-byte steps.
    @Test func escapesAtEveryAlignment() {
        for length in 0..<24 {
            for position in 0...length {
                for insert in [#"\""#, #"\\"#, "]", "}", #"\\\""#, "é"] {
                    var value = String(repeating: "a", count: length)
                    value.insert(contentsOf: insert, at: value.index(value.startIndex, offsetBy: position))
                    let text = #"{"items":[{"metadata":{"name":"x","labels":{"k":"\#(value)"}}},{"data":{"\#(value)":"v"}}]}"#
                    let bytes = Array(text.utf8)
                    let expected = wholeBody(bytes, as: CoreV1.ConfigMap.self)
                    guard case .list = expected else {
                        Issue.record("the whole-body decode failed for \(text)")
                        continue
                    }
                    #expect(streamed(bytes, cuts: [], as: CoreV1.ConfigMap.self) == expected, "\(text)")
                    #expect(streamed(bytes, cuts: [13 + position], as: CoreV1.ConfigMap.self) == expected, "\(text)")
                }
            }
        }
    }

    @Test func anItemErrorNamesItsIndex() {
        let text = #"{"kind":"ConfigMapList","items":[{"metadata":{"name":"a"}},{"metadata":{"name":"b"}},{"data":{"k":1}}]}"#
        let outcome = streamed(Array(text.utf8), cuts: [40], as: CoreV1.ConfigMap.self)
        guard case .error(let message) = outcome else {
            Issue.record("expected an error")
            return
        }
        #expect(message.contains("items[2].data.k"))
        #expect(outcome == wholeBody(Array(text.utf8), as: CoreV1.ConfigMap.self))
    }

    @Test func realisticPodsAndHugeItemsInAnyChunking() throws {
        let pod = try KubeJSON.decode(CoreV1.Pod.self, from: Fixtures.bytes("pod-running.json"))
        var pods: [CoreV1.Pod] = []
        for i in 0..<20 {
            var p = pod
            p.metadata.name = "pod-\(i)"
            if i == 7 { p.metadata.annotations = ["huge": String(repeating: "[\"{\\", count: 100_000)] }
            pods.append(p)
        }
        let list = ObjectList(apiVersion: "v1", kind: "PodList", metadata: ListMeta(resourceVersion: "77"), items: pods)
        let bytes = try KubeJSON.encode(list)
        let expected = wholeBody(bytes, as: CoreV1.Pod.self)
        guard case .list(let decoded) = expected else {
            Issue.record("the whole-body decode failed: \(expected)")
            return
        }
        #expect(decoded.items.count == 20)
        #expect(streamed(bytes, cuts: [], as: CoreV1.Pod.self) == expected)
        #expect(streamed(bytes, cuts: cuts(every: 1000, count: bytes.count), as: CoreV1.Pod.self) == expected)
        #expect(streamed(bytes, cuts: cuts(every: 16384, count: bytes.count), as: CoreV1.Pod.self) == expected)
        for window in [4096, 65536, 1 << 20] {
            #expect(streamed(bytes, cuts: cuts(every: 1000, count: bytes.count), as: CoreV1.Pod.self, windowSize: window) == expected)
        }
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<10 {
            #expect(streamed(bytes, cuts: randomCuts(bytes.count, &rng), as: CoreV1.Pod.self) == expected)
        }
        #expect(streamed(bytes, cuts: [], as: DynamicObject.self) == wholeBody(bytes, as: DynamicObject.self))
        #expect(
            streamed(bytes, cuts: cuts(every: 4096, count: bytes.count), as: PartialObjectMetadata.self)
                == wholeBody(bytes, as: PartialObjectMetadata.self))
    }

    /// Only the shell and the unfinished item are kept, never the consumed chunks.
    @Test func consumedChunksAreReleased() throws {
        let items = (0..<500).map { #"{"metadata":{"name":"cm-\#($0)"},"data":{"k":"\#(String(repeating: "v", count: 900))"}}"# }
        let bytes = Array(#"{"kind":"ConfigMapList","metadata":{"resourceVersion":"1"},"items":[\#(items.joined(separator: ","))]}"#.utf8)
        var decoder = try StreamingListDecoder<CoreV1.ConfigMap>(contentType: "application/json", windowSize: 8192)
        var peak = 0
        for start in stride(from: 0, to: bytes.count, by: 4096) {
            try bytes[start..<min(bytes.count, start + 4096)].withUnsafeBytes { try decoder.append($0) }
            peak = max(peak, decoder.storedByteCount)
        }
        let list = try decoder.finish()
        #expect(list.items.count == 500 && list.items[499].metadata.name == "cm-499")
        #expect(bytes.count > 450_000)
        #expect(peak < 8192 + 4096 + 2048, "kept \(peak) bytes")
    }

    @Test func contentTypes() throws {
        #expect(ResponseFormat(contentType: "application/json") == .json)
        #expect(ResponseFormat(contentType: nil) == .json)
        #expect(ResponseFormat(contentType: "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1") == .json)
        #expect(ResponseFormat(contentType: "application/vnd.kubernetes.protobuf") == .protobuf)
        #expect(ResponseFormat(contentType: "text/plain; charset=utf-8") == .other("text/plain"))
        #expect(throws: KubeClientError.self) { try StreamingListDecoder<CoreV1.ConfigMap>(contentType: "text/html") }
        #expect(throws: KubeClientError.self) {
            try StreamingListDecoder<CoreV1.ConfigMap>(contentType: "application/vnd.kubernetes.protobuf")
        }
    }

    @Test func aSecondItemsMemberIsAClearError() {
        let text = #"{"items":[{"metadata":{"name":"a"}}],"\u0069tems":[]}"#
        guard case .error(let message) = streamed(Array(text.utf8), cuts: [], as: CoreV1.ConfigMap.self) else {
            Issue.record("expected an error")
            return
        }
        #expect(message.contains("second 'items' member"))
    }
}
