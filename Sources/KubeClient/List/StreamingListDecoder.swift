import Foundation
import KubeModel
import NIOCore

/// Decodes a list response as its body arrives: each item is decoded as soon as its bytes are
/// complete and its bytes dropped, so the peak memory of a large list is the decoded items plus
/// one chunk, not the whole body on top.
///
/// Pure and synchronous (the I/O is ``Transport``'s): ``append(_:)`` the body's chunks in order,
/// then ``finish()``. The format follows the response's `Content-Type`: JSON (the JSON scanner;
/// items by the same tape decoder as the whole-body route, so results and errors are the
/// whole-body decode's, an item's error naming its index in the path `items[i]…`) or Kubernetes
/// protobuf (the protobuf scanner and the item decoders in ``ProtobufListDecoding``).
struct StreamingListDecoder<Object: KubernetesObject> {
    private var json: JSONListItemScanner?
    private var protobuf: ProtobufListItemScanner?
    private var sink: ItemSink<Object>

    /// A decoder for a body of type `contentType` (JSON when absent).
    /// - Throws: ``KubeClientError`` for protobuf without ``ProtobufListDecoding`` or any other type.
    init(
        contentType: String?, protobuf: ProtobufListDecoding<Object>? = nil, interner: StringInterner? = nil,
        windowSize: Int = 1 << 20
    ) throws {
        sink = ItemSink(
            protobufDecoding: protobuf, interner: interner,
            userInfo: interner.map { [StringInterner.userInfoKey: $0] } ?? [:])
        switch ResponseFormat(contentType: contentType) {
        case .json:
            json = JSONListItemScanner(windowSize: windowSize)
        case .protobuf:
            guard protobuf != nil else {
                throw KubeClientError(
                    "the server answered a list of \(Object.self) in protobuf, but no protobuf decoder is connected for it")
            }
            self.protobuf = ProtobufListItemScanner()
        case .other(let type):
            throw KubeClientError("the server answered a list of \(Object.self) as '\(type)'; expected JSON or protobuf")
        }
    }

    /// Bytes received so far.
    var byteCount: Int { json?.byteCount ?? protobuf?.byteCount ?? 0 }

    /// Bytes the scanner keeps (for tests: stays small while items stream).
    var storedByteCount: Int { json?.storedByteCount ?? protobuf?.storedByteCount ?? 0 }

    /// Scans the next chunk, decoding every item it completes.
    mutating func append(_ chunk: ByteBuffer) throws {
        try chunk.withUnsafeReadableBytes { try append($0) }
    }

    /// Scans the next chunk (bytes valid for the call).
    mutating func append(_ bytes: UnsafeRawBufferPointer) throws {
        if json != nil {
            do {
                try json!.append(bytes) { try sink.decodeJSONItem($0) }
            } catch let error as FastJSONError {
                throw jsonSyntaxError(error)
            } catch is JSONListItemScanner.DuplicateItems {
                throw Self.duplicateItems()
            }
        } else {
            try protobuf!.append(bytes) { try sink.decodeProtobufPart($0) }
        }
    }

    /// Call at the end of the body: the list, or the first error in document order.
    mutating func finish() throws -> ObjectList<Object> {
        if json != nil {
            let outcome: JSONListItemScanner.Outcome
            do {
                outcome = try json!.finish { try sink.decodeJSONItem($0) }
            } catch let error as FastJSONError {
                throw jsonSyntaxError(error)
            }
            switch outcome {
            case .whole(let body):
                return try KubeJSON.decode(ObjectList<Object>.self, from: body)
            case .streamed(let shell):
                return try decodeShell(shell)
            }
        }
        try protobuf!.finish { try sink.decodeProtobufPart($0) }
        return ObjectList(apiVersion: sink.apiVersion, kind: sink.kind, metadata: sink.metadata, items: sink.items)
    }

    // MARK: JSON

    fileprivate static var listType: String { "\(ObjectList<Object>.self)" }

    /// The error for malformed JSON at `error.offset`, unless the list's prefix broke earlier.
    private func jsonSyntaxError(_ error: FastJSONError) -> KubeJSONError {
        var first = error
        if let scanner = json, scanner.isStreaming {
            let prefix = scanner.prefix
            let closed = prefix + Array("]}".utf8)
            if let earlier = Self.syntaxError(in: closed), earlier.offset < prefix.count { first = earlier }
        }
        return KubeJSONError(type: Self.listType, path: "", message: first.description)
    }

    private func decodeShell(_ shell: JSONListItemScanner.Shell) throws -> ObjectList<Object> {
        if let error = Self.syntaxError(in: shell.bytes) {
            let moved = FastJSONError(code: error.code, offset: shell.bodyOffset(error.offset), expected: error.expected)
            throw KubeJSONError(type: Self.listType, path: "", message: moved.description)
        }
        var list = try KubeJSON.decode(ObjectList<Object>.self, from: shell.bytes)
        if let itemError = sink.itemError { throw itemError }
        list.items = sink.items
        return list
    }

    private static func syntaxError(in bytes: [UInt8]) -> FastJSONError? {
        bytes.withUnsafeBytes { raw in
            do {
                var parser = try JSONTapeParser(bytes: raw, maxDepth: FastJSONDecoder.Configuration().maxDepth)
                _ = try parser.parseDocument()
                return nil
            } catch {
                return error as? FastJSONError
            }
        }
    }

    private static func duplicateItems() -> KubeJSONError {
        KubeJSONError(
            type: listType, path: "items",
            message: "the list has a second 'items' member after the first; its items are decoded as they arrive, "
                + "so only one 'items' array is accepted")
    }
}

/// The decoded items and list fields, apart from the scanners that feed them.
private struct ItemSink<Object: KubernetesObject> {
    let protobufDecoding: ProtobufListDecoding<Object>?
    /// Shares repeated strings of JSON items (each item's decode locks it once), if given.
    let interner: StringInterner?
    /// Given to JSON item decoders (the interner again, for types that decode through `Decoder`).
    let userInfo: [CodingUserInfoKey: any Sendable]
    var items: [Object] = []
    /// The first item that failed to decode (a later syntax error still takes precedence, as in
    /// the whole-body decode, which parses everything before decoding).
    var itemError: KubeJSONError?
    var apiVersion: String?
    var kind: String?
    var metadata = ListMeta()

    /// Nesting left for an item under the top-level object and the `items` array.
    private static var itemMaxDepth: Int { FastJSONDecoder.Configuration().maxDepth - 2 }

    /// Parses and decodes one item; returns its length (see ``JSONListItemScanner/Item/isSpeculative``).
    mutating func decodeJSONItem(_ item: JSONListItemScanner.Item) throws -> Int? {
        var parser: JSONTapeParser
        if item.isSpeculative {
            // The item may run past what has arrived, or be malformed: either way it is left to
            // the scanner to delimit, and then parsed (and any error reported) on its own bytes.
            do {
                parser = try JSONTapeParser(bytes: item.bytes, maxDepth: Self.itemMaxDepth)
                try parser.parseValue()
            } catch {
                return nil
            }
        } else {
            do {
                parser = try JSONTapeParser(bytes: item.bytes, maxDepth: Self.itemMaxDepth)
                try parser.parseValue()
            } catch let error as FastJSONError {
                throw Self.moved(error, by: item.offset)
            }
        }
        let length = parser.pos
        // After a failed item the rest are only checked: the document's first syntax error wins.
        guard itemError == nil else { return length }
        let context = TapeContext(base: parser.base, tape: parser.takeTape(), userInfo: userInfo)
        do {
            if let interner {
                items.append(try interner.decoding(context) { try context.decodeValue(Object.self, at: 0) })
            } else {
                items.append(try context.decodeValue(Object.self, at: 0))
            }
        } catch let error as DecodingError {
            itemError = KubeJSONError(listItem: item.index, listType: StreamingListDecoder<Object>.listType, error: error)
        }
        return length
    }

    /// A parse error of an item, at its offset in the body (and with the whole body's depth limit).
    private static func moved(_ error: FastJSONError, by offset: Int) -> FastJSONError {
        let expected =
            error.code == .tooDeep
            ? "nesting of at most \(FastJSONDecoder.Configuration().maxDepth) arrays/objects" : error.expected
        return FastJSONError(code: error.code, offset: offset + error.offset, expected: expected)
    }

    mutating func decodeProtobufPart(_ part: ProtobufListItemScanner.Part) throws {
        guard let decoding = protobufDecoding else { return }
        switch part {
        case .typeMeta(let version, let kindName):
            apiVersion = version.isEmpty ? nil : version
            kind = kindName.isEmpty ? nil : kindName
        case .listMeta(let bytes):
            metadata = try decoding.listMeta(bytes)
        case .item(let index, let offset, let bytes):
            do {
                items.append(try decoding.item(bytes))
            } catch {
                throw ProtobufListError(
                    offset: offset, message: "cannot decode item \(index) (\(Object.self)) of the list: \(error)")
            }
        }
    }
}

/// The format of a response body, from its `Content-Type`.
enum ResponseFormat: Equatable {
    case json
    case protobuf
    case other(String)

    init(contentType: String?) {
        let media = (contentType ?? "").split(separator: ";", maxSplits: 1).first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        switch media {
        case "", "application/json": self = .json
        case "application/vnd.kubernetes.protobuf": self = .protobuf
        default: self = .other(media)
        }
    }
}
