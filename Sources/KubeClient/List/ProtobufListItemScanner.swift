import KubeModel

/// Splits a Kubernetes protobuf list response into its parts as the body arrives.
///
/// The body is the 4-byte magic `k8s\0`, then a `runtime.Unknown` message: `typeMeta` (1:
/// `apiVersion` 1, `kind` 2), `raw` (2: the list message), `contentEncoding` (3), `contentType`
/// (4). The list message is `metadata` (1: a `ListMeta`) and `items` (2, repeated: one message
/// per item). Pure and synchronous like ``JSONListItemScanner``: every part a chunk completes is
/// handed over at once (pointing into the chunk, or into a copy when it spans chunks) and nothing
/// else is kept. Unknown fields are skipped by wire type.
struct ProtobufListItemScanner: Sendable {
    /// A piece of the list, valid only during the callback.
    enum Part {
        /// The envelope's `typeMeta` (e.g. `v1`, `PodList`).
        case typeMeta(apiVersion: String, kind: String)
        /// The bytes of the list's `ListMeta` message.
        case listMeta(UnsafeRawBufferPointer)
        /// The bytes of one item message, its index in the list and its offset in the body.
        case item(index: Int, offset: Int, bytes: UnsafeRawBufferPointer)
    }

    /// The magic prefix of every Kubernetes protobuf body.
    static let magic: [UInt8] = [0x6B, 0x38, 0x73, 0x00]

    /// The longest single message accepted (an item, the list metadata); default 256 MiB.
    var maxMessageLength: Int

    private enum Step: Sendable {
        case magic
        case tag
        case length(field: UInt64)
        case collect(field: UInt64, length: Int)
        case skip(remaining: Int)
        case skipVarint
    }

    private var step = Step.magic
    /// Inside `raw` (the list message): how many of its bytes are still to come.
    private var listRemaining: Int?
    private var varint: UInt64 = 0
    private var shift: UInt64 = 0
    private var carry: [UInt8] = []
    private var partOffset = 0
    private var offset = 0
    private var itemIndex = 0
    private var sawList = false

    init(maxMessageLength: Int = 256 << 20) {
        self.maxMessageLength = maxMessageLength
    }

    /// Bytes received so far.
    var byteCount: Int { offset }

    /// Bytes kept: the unfinished part only.
    var storedByteCount: Int { carry.count }

    /// Scans the next chunk of the body, handing over every part it completes.
    /// - Throws: ``ProtobufListError`` for a body that is not a Kubernetes protobuf list; and
    ///   whatever `onPart` throws.
    mutating func append(_ bytes: UnsafeRawBufferPointer, onPart: (Part) throws -> Void) throws {
        let n = bytes.count
        guard n > 0, let p = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        var i = 0
        defer { offset += n }
        while i < n {
            switch step {
            case .magic:
                carry.append(p[i])
                i += 1
                if carry.count == 4 {
                    guard carry == Self.magic else {
                        throw ProtobufListError(
                            offset: 0, message: "the body does not start with the Kubernetes protobuf magic 'k8s\\0'")
                    }
                    carry.removeAll()
                    step = .tag
                }
            case .tag, .length, .skipVarint:
                let c = p[i]
                i += 1
                consumeInList(1)
                guard shift < 64 else { throw error("a varint longer than 10 bytes", at: offset + i - 1) }
                varint |= UInt64(c & 0x7F) << shift
                shift += 7
                if c & 0x80 == 0 {
                    let value = varint
                    varint = 0
                    shift = 0
                    try varintEnded(value, at: offset + i, onPart: onPart)
                }
            case .collect(let field, let length):
                if carry.isEmpty, n - i >= length {
                    consumeInList(length)
                    partOffset = offset + i
                    try emit(field: field, UnsafeRawBufferPointer(start: p + i, count: length), onPart: onPart)
                    i += length
                    endOfField()
                } else {
                    if carry.isEmpty { partOffset = offset + i }
                    let take = min(length - carry.count, n - i)
                    carry.append(contentsOf: UnsafeBufferPointer(start: p + i, count: take))
                    consumeInList(take)
                    i += take
                    if carry.count == length {
                        try carry.withUnsafeBytes { try emit(field: field, $0, onPart: onPart) }
                        carry.removeAll(keepingCapacity: true)
                        endOfField()
                    }
                }
            case .skip(let remaining):
                let take = min(remaining, n - i)
                consumeInList(take)
                i += take
                if take == remaining { endOfField() } else { step = .skip(remaining: remaining - take) }
            }
        }
    }

    /// Call at the end of the body.
    /// - Throws: ``ProtobufListError`` when the body ends inside a field or inside the list.
    mutating func finish(onPart: (Part) throws -> Void) throws {
        switch step {
        case .tag where listRemaining == nil && shift == 0:
            guard sawList else { throw error("the envelope holds no list ('raw' field 2 is missing)", at: offset) }
        case .magic:
            throw error("the body ends inside the 4-byte magic prefix", at: offset)
        default:
            let inside = listRemaining.map { "the list message, \($0) bytes short" } ?? "the envelope"
            throw error("the body ends inside a field of \(inside)", at: offset)
        }
    }

    // MARK: Steps

    private mutating func varintEnded(_ value: UInt64, at position: Int, onPart: (Part) throws -> Void) throws {
        switch step {
        case .tag:
            let field = value >> 3
            switch value & 7 {
            case 0: step = .skipVarint
            case 1: step = .skip(remaining: 8)
            case 2: step = .length(field: field)
            case 5: step = .skip(remaining: 4)
            default: throw error("field \(field) has wire type \(value & 7), which a list does not use", at: position)
            }
            try checkListBounds(at: position)
        case .length(let field):
            guard value <= UInt64(Int32.max) * 4 else {
                throw error("field \(field) claims \(value) bytes, more than any response", at: position)
            }
            let length = Int(value)
            if listRemaining == nil, field == 2 {
                // `raw`: descend into the list message instead of collecting it (not bounded here:
                // it is the whole list, bounded by the response limit).
                listRemaining = length
                sawList = true
                step = .tag
                if length == 0 { listRemaining = nil }
                return
            }
            guard length <= maxMessageLength else {
                throw error(
                    "field \(field) is \(length) bytes, over the limit of \(maxMessageLength); raise maxMessageLength",
                    at: position)
            }
            if let remaining = listRemaining, length > remaining {
                throw error("field \(field) is \(length) bytes but only \(remaining) of the list remain", at: position)
            }
            let wanted = listRemaining == nil ? field == 1 : field == 1 || field == 2
            step = wanted ? .collect(field: field, length: length) : .skip(remaining: length)
            if length == 0 {
                partOffset = position
                if wanted { try emit(field: field, UnsafeRawBufferPointer(start: nil, count: 0), onPart: onPart) }
                endOfField()
            }
        case .skipVarint:
            endOfField()
        default:
            break
        }
    }

    private mutating func emit(field: UInt64, _ bytes: UnsafeRawBufferPointer, onPart: (Part) throws -> Void) throws {
        if listRemaining == nil {
            let (apiVersion, kind) = try Self.typeMeta(bytes, at: partOffset)
            try onPart(.typeMeta(apiVersion: apiVersion, kind: kind))
        } else if field == 1 {
            try onPart(.listMeta(bytes))
        } else {
            try onPart(.item(index: itemIndex, offset: partOffset, bytes: bytes))
            itemIndex += 1
        }
    }

    private mutating func endOfField() {
        step = .tag
        if listRemaining == 0 { listRemaining = nil }
    }

    private mutating func consumeInList(_ count: Int) {
        if let r = listRemaining { listRemaining = r - count }
    }

    private func checkListBounds(at position: Int) throws {
        if let r = listRemaining, r < 0 { throw error("a field runs past the end of the list message", at: position) }
    }

    private func error(_ message: String, at offset: Int) -> ProtobufListError {
        ProtobufListError(offset: offset, message: message)
    }

    /// `apiVersion` (1) and `kind` (2) of the envelope's `runtime.TypeMeta` message.
    static func typeMeta(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws -> (String, String) {
        var reader = ProtobufReader(bytes)
        var apiVersion = ""
        var kind = ""
        do throws(ProtobufDecodingError) {
            while let field = try reader.next() {
                switch field {
                case 1: apiVersion = try reader.string()
                case 2: kind = try reader.string()
                default: try reader.skip()
                }
            }
        } catch {
            throw ProtobufListError(offset: offset + error.offset, message: "a malformed typeMeta message: \(error.reason)")
        }
        return (apiVersion, kind)
    }
}

/// A protobuf list body that could not be understood: where and why.
struct ProtobufListError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Offset from the start of the body.
    var offset: Int
    var message: String

    var description: String { "bad protobuf list at byte \(offset): \(message)" }
}
