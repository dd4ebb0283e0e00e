import KubeModel

/// Splits a JSON list response (`{"kind":…,"metadata":…,"items":[…]}`) into its items as the
/// body arrives, so that a 100 MB list never sits in memory whole.
///
/// Pure and synchronous: feed the body's chunks in order with ``append(_:onItem:)``; every item
/// completed by a chunk is handed over at once (its bytes point into the chunk, or into a copy
/// when the item spans chunks), and nothing of a consumed chunk is kept. The rest of the
/// top-level object (`apiVersion`, `kind`, `metadata`, anything else — small) is kept as a
/// *shell*: the same document with an empty `items` array, decoded at the end by ``finish(onItem:)``'s
/// caller.
///
/// The scan is structural (strings, escapes, nesting); the bytes it delimits are validated by the
/// parser that decodes them. Shapes it does not handle before the items begin — the top level not
/// an object, an escaped key, `items` that is not an array, broken structure — turn it into a
/// plain collector: ``finish(onItem:)`` then returns the whole body for the whole-body decoder,
/// whose errors and results are therefore exactly the usual ones. Problems inside or after the
/// items throw ``FastJSONError`` at the byte offset the whole-body parser reports.
struct JSONListItemScanner: Sendable {
    /// One complete element of the `items` array.
    struct Item {
        /// Position in the array, from 0.
        var index: Int
        /// Offset of the item's first byte from the start of the body.
        var offset: Int
        /// The item's bytes, valid only during the callback. A bare scalar (a malformed list)
        /// comes with the byte after it, so that its parser sees what the whole-body parser sees.
        var bytes: UnsafeRawBufferPointer
        /// Whether `bytes` runs on past the item to the end of what has arrived (an object or
        /// array at the start of a window): the callback then returns the item's length when it
        /// parses whole there, or `nil` (nothing reported) to have it delimited first.
        var isSpeculative = false
    }

    /// What to decode at the end.
    enum Outcome: Sendable, Equatable {
        /// The body was collected whole (unusual shape, or no `items` array): decode it as before.
        case whole([UInt8])
        /// The items were handed over; decode the shell for the rest of the list.
        case streamed(Shell)
    }

    /// The list without its items: the body up to and including the `[` of `items`, then
    /// everything from the matching `]` on.
    struct Shell: Sendable, Equatable {
        var bytes: [UInt8]
        /// How many bytes precede the `]` (the prefix through `[`).
        var prefixCount: Int
        /// Offset in the body of the `]` closing `items`.
        var closeOffset: Int

        /// The body offset of shell byte `offset` (for the errors of the shell's parser).
        func bodyOffset(_ offset: Int) -> Int {
            offset < prefixCount ? offset : closeOffset + (offset - prefixCount)
        }
    }

    private enum Phase: Sendable {
        case start, keyOrClose, key, inKey, colon, value, inValue, afterValue
        case firstItem, nextItem, inItem, afterItem
        case end, trailing, verbatim, fallback
    }

    private var phase = Phase.start
    private var skipper = JSONValueSkipper(first: UInt8(ascii: "{"))
    private var key: [UInt8] = []
    private var keyEscaped = false
    private var keyEscapeNext = false
    private var valueIsItems = false
    private var itemsSeen = false
    private var shell: [UInt8] = []
    private var closeOffset = 0
    private var prefixCount = 0
    /// Body offset of the next chunk's first byte.
    private var offset = 0
    private var itemIndex = 0
    private var itemOffset = 0
    /// The unfinished item's bytes from earlier chunks.
    private var carry: [UInt8] = []
    private var hasCarry = false
    /// The whole body, once the scan has given up on this shape.
    private var whole: [UInt8] = []
    /// Chunks gathered until ``windowSize`` bytes, then scanned together: most items then lie
    /// wholly in one window and are parsed where they are, without a structural pre-scan.
    private var window: [UInt8] = []
    /// Bytes gathered before a scan (1 scans every chunk at once).
    let windowSize: Int

    init(windowSize: Int = 1 << 20) {
        self.windowSize = max(1, windowSize)
    }

    /// Bytes received so far.
    var byteCount: Int { offset + window.count }

    /// The shell's prefix so far (the body through the `[` of `items` once the items began).
    var prefix: [UInt8] { itemsSeen ? Array(shell[..<prefixCount]) : shell }

    /// Whether the items began (so the body is no longer kept whole).
    var isStreaming: Bool { itemsSeen && phase != .fallback }

    /// Bytes kept: the shell, the unfinished item, or the whole body after a fallback.
    var storedByteCount: Int { shell.count + carry.count + whole.count + window.count }

    /// Takes the next chunk of the body, handing over every item it completes (chunks are
    /// gathered into windows of ``windowSize`` bytes first).
    /// - Throws: ``FastJSONError`` for malformed bytes between or after items (at the body
    ///   offset the whole-body parser would report), ``DuplicateItems`` for a second `items`
    ///   member; and whatever `onItem` throws.
    mutating func append(_ bytes: UnsafeRawBufferPointer, onItem: (Item) throws -> Int?) throws {
        if window.isEmpty, bytes.count >= windowSize {
            try scan(bytes, onItem: onItem)
            return
        }
        window.append(contentsOf: bytes.assumingMemoryBound(to: UInt8.self))
        if window.count >= windowSize { try scanWindow(onItem: onItem) }
    }

    private mutating func scanWindow(onItem: (Item) throws -> Int?) throws {
        // Taken out of `self` while scanned (the scan mutates `self`); its storage is reused.
        var bytes: [UInt8] = []
        swap(&bytes, &window)
        defer {
            bytes.removeAll(keepingCapacity: true)
            window = bytes
        }
        try bytes.withUnsafeBytes { try scan($0, onItem: onItem) }
    }

    /// Scans the next bytes of the body (the current window or one large chunk).
    private mutating func scan(_ bytes: UnsafeRawBufferPointer, onItem: (Item) throws -> Int?) throws {
        let n = bytes.count
        guard n > 0, let p = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        defer { offset += n }
        if phase == .fallback {
            whole.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
            return
        }
        var copying = !isInItems && phase != .trailing
        var copyFrom = 0
        var itemStart = phase == .inItem ? 0 : -1
        var i = 0
        scan: while i < n {
            let c = p[i]
            switch phase {
            case .start:
                if Self.isSpace(c) { i += 1; continue }
                if c == UInt8(ascii: "{") {
                    phase = .keyOrClose
                    i += 1
                } else {
                    break scan
                }
            case .keyOrClose, .key:
                if Self.isSpace(c) { i += 1; continue }
                if c == UInt8(ascii: "\"") {
                    key.removeAll(keepingCapacity: true)
                    keyEscaped = false
                    keyEscapeNext = false
                    phase = .inKey
                } else if c == UInt8(ascii: "}"), phase == .keyOrClose {
                    phase = .end
                } else {
                    break scan
                }
                i += 1
            case .inKey:
                i += 1
                if keyEscapeNext {
                    keyEscapeNext = false
                } else if c == UInt8(ascii: "\\") {
                    keyEscaped = true
                    keyEscapeNext = true
                } else if c == UInt8(ascii: "\"") {
                    phase = .colon
                    continue
                }
                if key.count < 64 { key.append(c) }
            case .colon:
                if Self.isSpace(c) { i += 1; continue }
                guard c == UInt8(ascii: ":") else { break scan }
                try keyEnded()
                if phase == .fallback { break scan }
                phase = .value
                i += 1
            case .value:
                if Self.isSpace(c) { i += 1; continue }
                if valueIsItems {
                    guard c == UInt8(ascii: "[") else { break scan }
                    i += 1
                    shell.append(contentsOf: UnsafeBufferPointer(start: p + copyFrom, count: i - copyFrom))
                    copying = false
                    itemsSeen = true
                    prefixCount = shell.count
                    phase = .firstItem
                    continue
                }
                guard JSONValueSkipper.canStartValue(c) else { break scan }
                skipper = JSONValueSkipper(first: c)
                phase = .inValue
                i += 1
            case .inValue:
                if let e = skipper.scan(p, from: i, end: n) {
                    i = e
                    phase = .afterValue
                } else {
                    i = n
                }
            case .afterValue:
                if Self.isSpace(c) { i += 1; continue }
                if c == UInt8(ascii: ",") {
                    phase = .key
                } else if c == UInt8(ascii: "}") {
                    phase = .end
                } else {
                    break scan
                }
                i += 1
            case .firstItem, .nextItem:
                if Self.isSpace(c) { i += 1; continue }
                if c == UInt8(ascii: "]"), phase == .firstItem {
                    itemsEnded(at: i, copying: &copying, copyFrom: &copyFrom)
                    i += 1
                    continue
                }
                guard JSONValueSkipper.canStartValue(c) else {
                    throw FastJSONError(
                        code: .unexpectedByte, offset: offset + i,
                        expected: "a value (object, array, string, number, true, false or null)")
                }
                if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                    // At most 256 KiB are offered (the parser reserves its tape by the input's
                    // size); larger items are delimited by the skipper first.
                    let offered = UnsafeRawBufferPointer(start: p + i, count: min(n - i, 1 << 18))
                    var item = Item(index: itemIndex, offset: offset + i, bytes: offered)
                    item.isSpeculative = true
                    if let length = try onItem(item) {
                        itemIndex += 1
                        phase = .afterItem
                        i += length
                        continue
                    }
                }
                skipper = JSONValueSkipper(first: c)
                phase = .inItem
                itemStart = i
                itemOffset = offset + i
                i += 1
            case .inItem:
                guard let e = skipper.scan(p, from: i, end: n) else {
                    i = n
                    continue
                }
                // A bare scalar goes with the byte that ended it, for the parser to judge.
                let end = skipper.isScalar ? e + 1 : e
                if hasCarry {
                    carry.append(contentsOf: UnsafeBufferPointer(start: p, count: end))
                    _ = try carry.withUnsafeBytes { try onItem(Item(index: itemIndex, offset: itemOffset, bytes: $0)) }
                    carry.removeAll(keepingCapacity: true)
                    hasCarry = false
                } else {
                    let bytes = UnsafeRawBufferPointer(start: p + itemStart, count: end - itemStart)
                    _ = try onItem(Item(index: itemIndex, offset: itemOffset, bytes: bytes))
                }
                itemIndex += 1
                itemStart = -1
                phase = .afterItem
                i = e
            case .afterItem:
                if Self.isSpace(c) { i += 1; continue }
                if c == UInt8(ascii: ",") {
                    phase = .nextItem
                } else if c == UInt8(ascii: "]") {
                    itemsEnded(at: i, copying: &copying, copyFrom: &copyFrom)
                } else {
                    throw FastJSONError(code: .unexpectedByte, offset: offset + i, expected: "',' or ']' after an array element")
                }
                i += 1
            case .end:
                if Self.isSpace(c) { i += 1; continue }
                // Kept for the shell's parser, which reports it as trailing data.
                phase = .trailing
                i += 1
                shell.append(contentsOf: UnsafeBufferPointer(start: p + copyFrom, count: i - copyFrom))
                copying = false
            case .trailing:
                i = n
            case .verbatim:
                i = n
            case .fallback:
                i = n
            }
        }
        if i < n {
            // A shape the scan does not handle: before the items, collect the body whole for the
            // whole-body decoder; after them, keep the rest for the shell's parser to judge.
            if itemsSeen {
                phase = .verbatim
            } else {
                phase = .fallback
                whole = shell
                shell = []
                whole.append(contentsOf: UnsafeBufferPointer(start: p + copyFrom, count: n - copyFrom))
                return
            }
        }
        if phase == .inItem {
            // The unfinished item is copied: the chunk itself is not kept.
            carry.append(contentsOf: UnsafeBufferPointer(start: p + itemStart, count: n - itemStart))
            hasCarry = true
        }
        if copying {
            shell.append(contentsOf: UnsafeBufferPointer(start: p + copyFrom, count: n - copyFrom))
        }
    }

    /// Call at the end of the body.
    /// - Returns: the whole body or the shell to decode.
    /// - Throws: ``FastJSONError`` when the body ends inside the items (an unfinished item is
    ///   first handed to `onItem`, whose parser then reports exactly where it breaks off).
    mutating func finish(onItem: (Item) throws -> Int?) throws -> Outcome {
        if !window.isEmpty { try scanWindow(onItem: onItem) }
        switch phase {
        case .fallback:
            defer { whole = [] }
            return .whole(whole)
        case .firstItem, .nextItem:
            throw FastJSONError(code: .unexpectedEnd, offset: offset, expected: "a value")
        case .inItem:
            _ = try carry.withUnsafeBytes { try onItem(Item(index: itemIndex, offset: itemOffset, bytes: $0)) }
            throw FastJSONError(code: .unexpectedEnd, offset: offset, expected: "',' or the end of a container")
        case .afterItem:
            throw FastJSONError(code: .unexpectedEnd, offset: offset, expected: "',' or the end of a container")
        default:
            defer { shell = [] }
            guard itemsSeen else { return .whole(shell) }
            return .streamed(Shell(bytes: shell, prefixCount: prefixCount, closeOffset: closeOffset))
        }
    }

    // MARK: Helpers

    private var isInItems: Bool {
        switch phase {
        case .firstItem, .nextItem, .inItem, .afterItem: true
        default: false
        }
    }

    @inline(__always)
    private static func isSpace(_ c: UInt8) -> Bool {
        c == UInt8(ascii: " ") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") || c == UInt8(ascii: "\t")
    }

    private mutating func itemsEnded(at i: Int, copying: inout Bool, copyFrom: inout Int) {
        closeOffset = offset + i
        copying = true
        copyFrom = i
        phase = .afterValue
    }

    /// Decides what the member whose key just ended is.
    private mutating func keyEnded() throws {
        valueIsItems = false
        if !itemsSeen {
            // Escaped keys may spell anything: leave them to the whole-body decoder.
            if keyEscaped {
                phase = .fallback
            } else {
                valueIsItems = key == Self.items
            }
            return
        }
        let spellsItems =
            keyEscaped
            ? (try? KubeJSON.decode(String.self, from: [UInt8(ascii: "\"")] + key + [UInt8(ascii: "\"")])) == "items"
            : key == Self.items
        if spellsItems { throw DuplicateItems(offset: offset) }
    }

    private static let items = Array("items".utf8)

    /// A second `items` member after the streamed one: which one the server meant cannot be
    /// told once the first is decoded.
    struct DuplicateItems: Error, Sendable, Equatable {
        /// Offset of the chunk in which the second key ended.
        var offset: Int
    }
}
