/// Counts the events in a watch body as its chunks arrive, without decoding them: JSON watch
/// bodies have one event per line; protobuf ones (`;stream=watch`) are frames of a 4-byte
/// big-endian length and that many bytes.
struct WatchEventCounter {
    private let framed: Bool
    private(set) var events = 0
    /// Protobuf: bytes of the current frame's length read so far, and the length being read.
    private var headerBytes = 0
    private var length = 0
    /// Protobuf: payload bytes of the current frame still to come.
    private var remaining = 0

    init(contentType: String) {
        framed = contentType.hasPrefix("application/vnd.kubernetes.protobuf")
    }

    mutating func count<Bytes: Collection<UInt8>>(_ bytes: Bytes) where Bytes.Index == Int {
        guard framed else {
            events += bytes.lazy.filter { $0 == UInt8(ascii: "\n") }.count
            return
        }
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if remaining > 0 {
                let step = min(remaining, bytes.endIndex - i)
                remaining -= step
                i += step
                if remaining == 0 { events += 1 }
                continue
            }
            length = length << 8 | Int(bytes[i])
            headerBytes += 1
            i += 1
            if headerBytes == 4 {
                remaining = length
                if remaining == 0 { events += 1 }
                headerBytes = 0
                length = 0
            }
        }
    }
}
