import KinformerTestSupport
import KubeModel
import Testing

@testable import KubeClient

/// Hand-built protobuf wire bytes.
enum Wire {
    static func varint(_ value: UInt64) -> [UInt8] {
        var v = value
        var out: [UInt8] = []
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
        return out
    }

    static func field(_ number: UInt64, _ bytes: [UInt8]) -> [UInt8] {
        varint(number << 3 | 2) + varint(UInt64(bytes.count)) + bytes
    }

    static func field(_ number: UInt64, _ text: String) -> [UInt8] { field(number, Array(text.utf8)) }

    /// `k8s\0` + Unknown{typeMeta, raw: List{metadata, items…}, contentEncoding, contentType},
    /// with unknown fields of every wire type sprinkled in.
    static func list(apiVersion: String = "v1", kind: String = "ConfigMapList", listMeta: [UInt8], items: [[UInt8]])
        -> [UInt8]
    {
        var list = field(1, listMeta)
        list += varint(9 << 3 | 0) + varint(300)  // unknown varint field
        for item in items { list += field(2, item) }
        list += varint(10 << 3 | 5) + [1, 2, 3, 4]  // unknown fixed32
        list += varint(11 << 3 | 1) + [1, 2, 3, 4, 5, 6, 7, 8]  // unknown fixed64
        let typeMeta = field(1, apiVersion) + field(2, kind)
        let unknown = field(1, typeMeta) + field(2, list) + field(3, "") + field(4, "application/vnd.kubernetes.protobuf")
        return ProtobufListItemScanner.magic + unknown
    }
}

/// What the scanner handed over, comparable.
enum ScannedPart: Equatable {
    case typeMeta(String, String)
    case listMeta([UInt8])
    case item(Int, [UInt8])
}

func scanProtobuf(_ bytes: [UInt8], cuts: [Int], maxMessageLength: Int = 1 << 20) -> Result<[ScannedPart], ProtobufListError> {
    var scanner = ProtobufListItemScanner(maxMessageLength: maxMessageLength)
    var parts: [ScannedPart] = []
    func record(_ part: ProtobufListItemScanner.Part) {
        switch part {
        case .typeMeta(let v, let k): parts.append(.typeMeta(v, k))
        case .listMeta(let b): parts.append(.listMeta(Array(b)))
        case .item(let i, _, let b): parts.append(.item(i, Array(b)))
        }
    }
    do {
        var start = 0
        for end in cuts + [bytes.count] where end > start {
            try bytes[start..<end].withUnsafeBytes { try scanner.append($0, onPart: record) }
            start = end
        }
        try scanner.finish(onPart: record)
        return .success(parts)
    } catch let error as ProtobufListError {
        return .failure(error)
    } catch {
        Issue.record("unexpected error \(error)")
        return .success([])
    }
}

@Suite struct ProtobufListItemScannerTests {
    static let items: [[UInt8]] = [
        Wire.field(1, Wire.field(1, "a")),
        [],
        Wire.field(1, Wire.field(1, String(repeating: "x", count: 300))) + Wire.field(2, [0xFF, 0x00]),
        Wire.field(1, Wire.field(1, "d")),
    ]
    static let listMeta = Wire.field(2, "12345")
    static let body = Wire.list(listMeta: listMeta, items: items)
    static let expected: [ScannedPart] =
        [.typeMeta("v1", "ConfigMapList"), .listMeta(listMeta)] + items.enumerated().map { .item($0.offset, $0.element) }

    @Test func everyChunkingGivesTheSameParts() throws {
        let body = Self.body
        #expect(try scanProtobuf(body, cuts: []).get() == Self.expected)
        #expect(try scanProtobuf(body, cuts: Array(1..<body.count)).get() == Self.expected)
        for cut in 0...body.count {
            #expect(try scanProtobuf(body, cuts: [cut]).get() == Self.expected, "cut at \(cut)")
        }
        var rng = SeededGenerator(seed: 16)
        for _ in 0..<200 {
            let cuts = randomCuts(body.count, &rng)
            #expect(try scanProtobuf(body, cuts: cuts).get() == Self.expected, "cuts \(cuts)")
        }
    }

    @Test func anEmptyListAndAListWithoutMetadata() throws {
        let empty = Wire.list(listMeta: [], items: [])
        #expect(try scanProtobuf(empty, cuts: [5]).get() == [.typeMeta("v1", "ConfigMapList"), .listMeta([])])
        let bare = ProtobufListItemScanner.magic + Wire.field(2, Wire.field(2, [8, 1]))
        #expect(try scanProtobuf(bare, cuts: [6]).get() == [.item(0, [8, 1])])
    }

    @Test func everyTruncationIsAnError() {
        let body = Self.body
        for length in 0..<body.count {
            // Cutting after the last list field (inside the trailing envelope fields) loses nothing
            // the list needs, but the envelope is still incomplete: an error all the same, unless
            // the cut falls between two envelope fields.
            let result = scanProtobuf(Array(body[..<length]), cuts: [length / 2])
            if case .success(let parts) = result {
                #expect(parts == Self.expected, "a truncation at \(length) passed with \(parts.count) parts")
            }
        }
        #expect(throws: ProtobufListError.self) { try scanProtobuf(Array(body.dropLast()), cuts: []).get() }
        #expect(throws: ProtobufListError.self) { try scanProtobuf(Array(body.prefix(40)), cuts: []).get() }
    }

    @Test func malformedBodiesSayWhatIsWrong() {
        func message(_ bytes: [UInt8], max: Int = 1 << 20) -> String {
            guard case .failure(let error) = scanProtobuf(bytes, cuts: [], maxMessageLength: max) else { return "passed" }
            return error.description
        }
        #expect(message(Array("{\"items\":[]}".utf8)).contains("magic"))
        #expect(message(ProtobufListItemScanner.magic + [3 << 3 | 3]).contains("wire type 3"))
        #expect(message(ProtobufListItemScanner.magic).contains("no list"))
        #expect(message(Self.body, max: 100).contains("over the limit of 100"))
        let overrun = ProtobufListItemScanner.magic + Wire.varint(2 << 3 | 2) + Wire.varint(3) + Wire.field(2, [1, 2, 3])
        #expect(message(overrun).contains("only 1 of the list remain"))
        #expect(message(ProtobufListItemScanner.magic + Array(repeating: 0xFF, count: 11)).contains("varint"))
    }

    @Test func theStreamingDecoderUsesTheProtobufHook() throws {
        let decoding = ProtobufListDecoding<CoreV1.ConfigMap>(
            item: { bytes in
                var meta = ObjectMeta()
                meta.name = "item-\(bytes.count)"
                return CoreV1.ConfigMap(metadata: meta)
            },
            listMeta: { ListMeta(resourceVersion: String(decoding: $0.dropFirst(2), as: UTF8.self)) })
        var decoder = try StreamingListDecoder<CoreV1.ConfigMap>(
            contentType: "application/vnd.kubernetes.protobuf", protobuf: decoding)
        let body = Self.body
        for start in stride(from: 0, to: body.count, by: 7) {
            try body[start..<min(body.count, start + 7)].withUnsafeBytes { try decoder.append($0) }
            #expect(decoder.storedByteCount < 400)
        }
        let list = try decoder.finish()
        #expect(list.kind == "ConfigMapList" && list.apiVersion == "v1")
        #expect(list.metadata.resourceVersion == "12345")
        #expect(list.items.map(\.metadata.name) == Self.items.map { "item-\($0.count)" })

        let failing = ProtobufListDecoding<CoreV1.ConfigMap>(
            item: { _ in throw KubeClientError("bad item") }, listMeta: { _ in ListMeta() })
        var broken = try StreamingListDecoder<CoreV1.ConfigMap>(contentType: "application/vnd.kubernetes.protobuf", protobuf: failing)
        let error = #expect(throws: ProtobufListError.self) { try body.withUnsafeBytes { try broken.append($0) } }
        #expect(error?.message.contains("item 0") == true)
    }
}
