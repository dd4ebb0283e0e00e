/// Splits a protobuf watch response body into frames, whatever the chunking: the counterpart of
/// ``WatchLineDecoder`` for `application/vnd.kubernetes.protobuf;stream=watch`.
///
/// Each frame is a 4-byte big-endian length, then that many bytes: one `metav1.WatchEvent`
/// message (`type` 1, `object` 2 — a `runtime.RawExtension` whose raw bytes are the object's own
/// `k8s\0` + `runtime.Unknown` envelope). Pure and synchronous: ``append(_:)`` the bytes as they
/// arrive, take every complete frame with ``nextFrame()``, and call ``finish()`` at the end of the
/// stream. The buffer holds at most one partial frame plus the chunk being split; a frame longer
/// than ``maxFrameLength`` is an error rather than unbounded growth.
public struct WatchFrameDecoder: Sendable {
    /// One complete frame (without its length prefix) and the offset of its prefix in the stream.
    public struct Frame: Sendable, Hashable {
        /// The frame's message bytes.
        public var bytes: ArraySlice<UInt8>
        /// Offset of the frame's length prefix from the start of the stream.
        public var offset: Int
    }

    /// The longest frame accepted; default 256 MiB (as ``WatchLineDecoder/maxLineLength``).
    public var maxFrameLength: Int

    private var buffer: [UInt8] = []
    /// Index in `buffer` of the next frame's length prefix.
    private var frameStart = 0
    /// Stream offset of `buffer[0]`.
    private var bufferOffset = 0

    public init(maxFrameLength: Int = 256 << 20) {
        self.maxFrameLength = maxFrameLength
    }

    /// Bytes received but not yet returned as frames.
    public var pendingByteCount: Int { buffer.count - frameStart }

    /// Bytes held, consumed ones included (for tests of compaction).
    var storedByteCount: Int { buffer.count }

    /// Adds bytes received from the server.
    public mutating func append<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        compactIfWorthwhile()
        buffer.append(contentsOf: bytes)
    }

    /// The next complete frame, or `nil` when more bytes are needed.
    /// - Throws: ``WatchDecodingError`` when a frame's length exceeds ``maxFrameLength``.
    public mutating func nextFrame() throws(WatchDecodingError) -> Frame? {
        guard buffer.count - frameStart >= 4 else { return nil }
        let length = frameLength(at: frameStart)
        guard length <= maxFrameLength else {
            throw WatchDecodingError(
                offset: bufferOffset + frameStart,
                excerpt: WatchDecodingError.hexExcerpt(buffer[frameStart..<min(buffer.count, frameStart + 16)]),
                message: "a protobuf watch frame of \(length) bytes is longer than the limit of \(maxFrameLength) "
                    + "bytes; raise maxFrameLength (or the stream is not length-prefixed protobuf)")
        }
        let start = frameStart + 4
        guard buffer.count - start >= length else { return nil }
        let frame = Frame(bytes: buffer[start..<start + length], offset: bufferOffset + frameStart)
        frameStart = start + length
        return frame
    }

    /// Call at the end of the stream: the last frame if one is complete, else `nil`.
    /// - Throws: ``WatchDecodingError`` when the stream ends inside a frame.
    public mutating func finish() throws(WatchDecodingError) -> Frame? {
        if let frame = try nextFrame() { return frame }
        defer {
            buffer = []
            frameStart = 0
        }
        let left = buffer.count - frameStart
        guard left > 0 else { return nil }
        let expected = left >= 4 ? "\(frameLength(at: frameStart) + 4)" : "at least 4"
        throw WatchDecodingError(
            offset: bufferOffset + frameStart,
            excerpt: WatchDecodingError.hexExcerpt(buffer[frameStart..<min(buffer.count, frameStart + 16)]),
            message: "the watch stream ended inside a frame: \(left) of \(expected) bytes received")
    }

    private func frameLength(at i: Int) -> Int {
        Int(buffer[i]) << 24 | Int(buffer[i + 1]) << 16 | Int(buffer[i + 2]) << 8 | Int(buffer[i + 3])
    }

    /// Drops consumed bytes once they are at least half of the buffer, so copying stays O(n).
    private mutating func compactIfWorthwhile() {
        guard frameStart > 0, frameStart >= buffer.count / 2 else { return }
        buffer.removeSubrange(0..<frameStart)
        bufferOffset += frameStart
        frameStart = 0
    }
}

extension WatchDecodingError {
    /// The first bytes of a binary frame, in hex.
    static func hexExcerpt<C: Collection<UInt8>>(_ bytes: C) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for (k, b) in bytes.enumerated() {
            if k > 0 { out.append(UInt8(ascii: " ")) }
            out.append(hex[Int(b >> 4)])
            out.append(hex[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
