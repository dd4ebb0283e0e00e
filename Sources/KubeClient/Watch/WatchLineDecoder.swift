/// Splits a watch response body into lines, one JSON event per line, whatever the chunking.
///
/// Pure and synchronous: feed it the bytes as they arrive with ``append(_:)``, then take every
/// complete line with ``nextLine()``. An event may span many chunks and a chunk may hold many
/// events; the buffer holds at most one partial line plus the chunk being split, and a line
/// longer than ``maxLineLength`` is an error rather than unbounded growth.
public struct WatchLineDecoder: Sendable {
    /// One complete line (without its `\n`) and its byte offset in the stream.
    public struct Line: Sendable, Hashable {
        /// The bytes of the line, without the newline (and without a trailing `\r`).
        public var bytes: ArraySlice<UInt8>
        /// Offset of the line's first byte from the start of the stream.
        public var offset: Int
    }

    /// The longest line accepted; default 256 MiB (objects of several MiB are normal).
    public var maxLineLength: Int

    private var buffer: [UInt8] = []
    /// Index in `buffer` where the current (unfinished) line starts.
    private var lineStart = 0
    /// Index in `buffer` from which to continue looking for `\n`.
    private var scanFrom = 0
    /// Stream offset of `buffer[0]`.
    private var bufferOffset = 0

    public init(maxLineLength: Int = 256 << 20) {
        self.maxLineLength = maxLineLength
    }

    /// Bytes received but not yet returned as lines.
    public var pendingByteCount: Int { buffer.count - lineStart }

    /// Bytes held, consumed ones included (for tests of compaction).
    var storedByteCount: Int { buffer.count }

    /// Adds bytes received from the server.
    public mutating func append<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        compactIfWorthwhile()
        buffer.append(contentsOf: bytes)
    }

    /// The next complete line, or `nil` when more bytes are needed. Empty lines are skipped.
    /// - Throws: ``WatchDecodingError`` when a line exceeds ``maxLineLength``.
    public mutating func nextLine() throws(WatchDecodingError) -> Line? {
        while true {
            guard let newline = buffer[scanFrom...].firstIndex(of: UInt8(ascii: "\n")) else {
                scanFrom = buffer.count
                if buffer.count - lineStart > maxLineLength {
                    throw tooLong()
                }
                return nil
            }
            let start = lineStart
            lineStart = newline + 1
            scanFrom = lineStart
            if newline - start > maxLineLength { throw tooLong(at: start) }
            if let line = makeLine(start: start, end: newline) { return line }
        }
    }

    /// Call at the end of the stream: the last line if it had no trailing newline, else `nil`.
    public mutating func finish() throws(WatchDecodingError) -> Line? {
        defer {
            buffer = []
            lineStart = 0
            scanFrom = 0
        }
        if let line = try nextLine() { return line }
        let start = lineStart
        lineStart = buffer.count
        return makeLine(start: start, end: buffer.count)
    }

    private func makeLine(start: Int, end: Int) -> Line? {
        var end = end
        if end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        var s = start
        while s < end, buffer[s] == UInt8(ascii: " ") || buffer[s] == UInt8(ascii: "\t") { s += 1 }
        guard s < end else { return nil }
        return Line(bytes: buffer[start..<end], offset: bufferOffset + start)
    }

    private func tooLong(at start: Int? = nil) -> WatchDecodingError {
        let s = start ?? lineStart
        return WatchDecodingError(
            offset: bufferOffset + s,
            excerpt: WatchDecodingError.excerpt(buffer[s..<min(buffer.count, s + 64)]),
            message: "a watch event is longer than the limit of \(maxLineLength) bytes; raise maxLineLength")
    }

    /// Drops consumed bytes once they are at least half of the buffer, so copying stays O(n).
    private mutating func compactIfWorthwhile() {
        guard lineStart > 0, lineStart >= buffer.count / 2 else { return }
        buffer.removeSubrange(0..<lineStart)
        bufferOffset += lineStart
        scanFrom -= lineStart
        lineStart = 0
    }
}

/// A watch stream that could not be understood: which bytes were bad and why.
public struct WatchDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Offset of the bad line's first byte from the start of the response body.
    public var offset: Int
    /// The first bytes of the bad line, as text (invalid UTF-8 replaced).
    public var excerpt: String
    /// What was wrong.
    public var message: String

    public init(offset: Int, excerpt: String, message: String) {
        self.offset = offset
        self.excerpt = excerpt
        self.message = message
    }

    public var description: String {
        "bad watch event at byte \(offset) (starting '\(excerpt)'): \(message)"
    }

    /// A short printable excerpt of some bytes.
    static func excerpt<C: Collection<UInt8>>(_ bytes: C, limit: Int = 64) -> String {
        let prefix = bytes.prefix(limit)
        var text = String(decoding: prefix, as: UTF8.self)
        text = String(text.map { $0.isNewline ? " " : $0 })
        return bytes.count > limit ? text + "…" : text
    }
}
