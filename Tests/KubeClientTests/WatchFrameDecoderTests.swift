import KinformerTestSupport
import Testing

@testable import KubeClient

/// Frames `messages` with 4-byte big-endian lengths.
func framed(_ messages: [[UInt8]]) -> [UInt8] {
    messages.flatMap { m -> [UInt8] in
        let n = UInt32(m.count)
        return [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + m
    }
}

/// Feeds `bytes` cut at `cuts` and returns every frame's bytes and offset.
func frames(_ bytes: [UInt8], cuts: [Int], max: Int = 1 << 20) throws(WatchDecodingError) -> [WatchFrameDecoder.Frame] {
    var decoder = WatchFrameDecoder(maxFrameLength: max)
    var out: [WatchFrameDecoder.Frame] = []
    var start = 0
    for end in cuts + [bytes.count] where end > start {
        decoder.append(bytes[start..<end])
        start = end
        while let frame = try decoder.nextFrame() { out.append(frame) }
    }
    if let last = try decoder.finish() { out.append(last) }
    return out
}

@Suite struct WatchFrameDecoderTests {
    static let messages: [[UInt8]] = [
        Array("first".utf8), [], [0, 0, 0, 4], Array(repeating: 0xAB, count: 70_000), Array("last".utf8),
    ]

    @Test func everyChunkingGivesTheSameFrames() throws {
        let bytes = framed(Self.messages)
        var offsets: [Int] = []
        var at = 0
        for m in Self.messages {
            offsets.append(at)
            at += 4 + m.count
        }
        func check(_ cuts: [Int]) throws {
            let got = try frames(bytes, cuts: cuts)
            #expect(got.map { Array($0.bytes) } == Self.messages, "cuts \(cuts.prefix(10))")
            #expect(got.map(\.offset) == offsets)
        }
        try check([])
        try check(Array(1..<bytes.count))
        try check(Array(stride(from: 3, to: bytes.count, by: 4096)))
        for cut in [1, 2, 3, 4, 5, 8, 9, 10, 13, 17, 70_010, bytes.count - 5, bytes.count - 1] { try check([cut]) }
        var rng = SeededGenerator(seed: 16)
        for _ in 0..<100 { try check(randomCuts(bytes.count, &rng)) }
    }

    @Test func manyFramesInOneChunkAndCompaction() throws {
        let messages = (0..<1000).map { Array("event-\($0)".utf8) }
        let bytes = framed(messages)
        var decoder = WatchFrameDecoder()
        var got: [[UInt8]] = []
        for start in stride(from: 0, to: bytes.count, by: 1000) {
            decoder.append(bytes[start..<min(bytes.count, start + 1000)])
            while let f = try decoder.nextFrame() { got.append(Array(f.bytes)) }
            #expect(decoder.storedByteCount < 3000)
        }
        #expect(try decoder.finish() == nil)
        #expect(got == messages)
        #expect(decoder.pendingByteCount == 0)
    }

    @Test func aTruncatedFinalFrameIsAnError() throws {
        let bytes = framed([Array("whole".utf8), Array("truncated".utf8)])
        for length in [10, 11, 12, 13, 14, bytes.count - 1] {
            let error = #expect(throws: WatchDecodingError.self) { try frames(Array(bytes[..<length]), cuts: [5]) }
            #expect(error?.offset == 9)
            #expect(error?.message.contains("ended inside a frame") == true)
        }
        #expect(try frames(Array(bytes[..<9]), cuts: []).count == 1)
    }

    @Test func anOverlongFrameIsAClearError() throws {
        let bytes = framed([Array("ok".utf8), Array(repeating: 1, count: 100)])
        let error = #expect(throws: WatchDecodingError.self) { try frames(bytes, cuts: [7], max: 50) }
        #expect(error?.offset == 6)
        #expect(error?.message.contains("100 bytes is longer than the limit of 50") == true)
        // JSON fed by mistake: '{"ty' is a length of ~2 GB.
        let json = Array(#"{"type":"ADDED"}"#.utf8)
        let misfed = #expect(throws: WatchDecodingError.self) { try frames(json, cuts: []) }
        #expect(misfed?.message.contains("not length-prefixed protobuf") == true)
    }
}
