import Foundation
import KinformerTestSupport
import KubeModel
import Testing

@testable import KubeClient

enum Fixtures {
    static let directory = "/work/shared/fixtures"
    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try #require(FileManager.default.contents(atPath: "\(directory)/\(name)")))
    }
}

/// Feeds `bytes` in the given chunk sizes and decodes every event.
func decodeEvents<O: KubernetesObject>(_ bytes: [UInt8], chunks: [Int], as: O.Type) throws -> [WatchEvent<O>] {
    var decoder = WatchLineDecoder()
    var events: [WatchEvent<O>] = []
    var i = 0
    var c = 0
    while i < bytes.count {
        let n = min(chunks.isEmpty ? bytes.count : chunks[c % chunks.count], bytes.count - i)
        decoder.append(bytes[i..<i + n])
        i += n
        c += 1
        while let line = try decoder.nextLine() { events.append(try WatchEvent<O>.decode(line)) }
    }
    if let last = try decoder.finish() { events.append(try WatchEvent<O>.decode(last)) }
    return events
}

func summary(_ events: [WatchEvent<DynamicObject>]) -> [String] {
    events.map { e in
        switch e {
        case .added(let o): "ADDED \(o.name) \(o.resourceVersion)"
        case .modified(let o): "MODIFIED \(o.name) \(o.resourceVersion)"
        case .deleted(let o): "DELETED \(o.name) \(o.resourceVersion)"
        case .bookmark(let b): "BOOKMARK \(b.resourceVersion)"
        case .error(let e): "ERROR \(e.code)"
        }
    }
}

@Suite struct WatchLineDecoderTests {
    let expected = [
        "ADDED a 50666", "ADDED b 50667", "MODIFIED a 50668", "DELETED b 50669", "BOOKMARK 50669",
    ]

    @Test func wholeFixture() throws {
        let events = try decodeEvents(try Fixtures.bytes("watch-configmaps.jsonl"), chunks: [], as: DynamicObject.self)
        #expect(summary(events) == expected)
    }

    @Test func oneByteAtATime() throws {
        let events = try decodeEvents(try Fixtures.bytes("watch-configmaps.jsonl"), chunks: [1], as: DynamicObject.self)
        #expect(summary(events) == expected)
    }

    @Test func everySplitIntoTwo() throws {
        let bytes = try Fixtures.bytes("watch-configmaps.jsonl")
        for cut in stride(from: 1, to: bytes.count, by: 7) {
            var decoder = WatchLineDecoder()
            var events: [WatchEvent<DynamicObject>] = []
            decoder.append(bytes[..<cut])
            while let l = try decoder.nextLine() { events.append(try .decode(l)) }
            decoder.append(bytes[cut...])
            while let l = try decoder.nextLine() { events.append(try .decode(l)) }
            if let l = try decoder.finish() { events.append(try .decode(l)) }
            #expect(summary(events) == expected, "cut at \(cut)")
        }
    }

    @Test func randomSplitsWithFixedSeed() throws {
        let bytes = try Fixtures.bytes("watch-configmaps.jsonl")
        var rng = SeededGenerator(seed: 42)
        for _ in 0..<200 {
            let chunks = (0..<16).map { _ in Int.random(in: 1...400, using: &rng) }
            let events = try decodeEvents(bytes, chunks: chunks, as: DynamicObject.self)
            #expect(summary(events) == expected)
        }
    }

    @Test func manyEventsInOneChunkAndNoTrailingNewline() throws {
        var bytes = try Fixtures.bytes("watch-configmaps.jsonl")
        bytes = bytes + bytes
        while bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        let events = try decodeEvents(bytes, chunks: [], as: DynamicObject.self)
        #expect(summary(events) == expected + expected)
    }

    @Test func objectOfSeveralMiB() throws {
        let big = String(repeating: "x", count: 3 << 20)
        let line = #"{"type":"ADDED","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big","resourceVersion":"7"},"data":{"k":"\#(big)"}}}"#
        var rng = SeededGenerator(seed: 7)
        let chunks = (0..<32).map { _ in Int.random(in: 1000...70000, using: &rng) }
        let events = try decodeEvents(Array((line + "\n").utf8), chunks: chunks, as: DynamicObject.self)
        #expect(events.count == 1)
        #expect(events.first?.object?["data"]?["k"]?.stringValue?.utf8.count == 3 << 20)
    }

    @Test func errorEventIsGone() throws {
        let events = try decodeEvents(try Fixtures.bytes("watch-error-410.jsonl"), chunks: [3], as: DynamicObject.self)
        guard case .error(let error) = try #require(events.first) else {
            Issue.record("expected an error event, got \(events)")
            return
        }
        #expect(error.isGone)
        #expect(error.reason == .expired)
        #expect(error.message.contains("too old resource version"))
    }

    @Test func bookmarkAnnotations() throws {
        let line = #"{"type":"BOOKMARK","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"12","annotations":{"k8s.io/initial-events-end":"true"}}}}"#
        let events = try decodeEvents(Array(line.utf8), chunks: [], as: DynamicObject.self)
        guard case .bookmark(let b) = try #require(events.first) else {
            Issue.record("expected a bookmark")
            return
        }
        #expect(b.resourceVersion == "12")
        #expect(b.isInitialEventsEnd)
    }

    @Test func brokenJSONReportsOffsetAndExcerpt() throws {
        let good = #"{"type":"ADDED","object":{"metadata":{"name":"a"}}}"#
        let bad = #"{"type":"ADDED","object":{"metadata":{"name":"b"}"#
        let bytes = Array((good + "\n" + bad + "\n").utf8)
        var decoder = WatchLineDecoder()
        decoder.append(bytes)
        let first = try #require(try decoder.nextLine())
        _ = try WatchEvent<DynamicObject>.decode(first)
        let second = try #require(try decoder.nextLine())
        let error = #expect(throws: WatchDecodingError.self) { try WatchEvent<DynamicObject>.decode(second) }
        #expect(error?.offset == good.utf8.count + 1)
        #expect(error?.excerpt.hasPrefix(#"{"type":"ADDED""#) == true)
        #expect(error?.description.contains("byte \(good.utf8.count + 1)") == true)
    }

    @Test func unknownTypeIsAnError() throws {
        let line = #"{"type":"RENAMED","object":{}}"#
        let error = #expect(throws: WatchDecodingError.self) {
            try decodeEvents(Array(line.utf8), chunks: [], as: DynamicObject.self)
        }
        #expect(error?.message.contains("RENAMED") == true)
        #expect(error?.offset == 0)
    }

    @Test func overlongLineIsAnErrorNotGrowth() throws {
        var decoder = WatchLineDecoder(maxLineLength: 100)
        decoder.append(Array(repeating: UInt8(ascii: "a"), count: 150))
        #expect(throws: WatchDecodingError.self) { try decoder.nextLine() }
    }

    @Test func bufferIsCompacted() throws {
        var decoder = WatchLineDecoder()
        let line = Array(#"{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"1"}}}"#.utf8) + [10]
        for _ in 0..<1000 {
            decoder.append(line)
            _ = try #require(try decoder.nextLine())
        }
        #expect(decoder.pendingByteCount == 0)
        #expect(decoder.storedByteCount <= 2 * line.count)
    }
}
