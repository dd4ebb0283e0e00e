public import Foundation
public import KubeModel

/// What a watch delivered, as recorded by ``WatchRecorder`` (`kinformer record`): a header,
/// then lists (the initial one and every relist) and events in arrival order, each with the
/// seconds since the recording started. Stored as JSON lines, one ``Record`` a line.
public struct WatchCapture: Sendable, Hashable {
    /// One line of a capture file.
    public struct Record: Codable, Sendable, Hashable {
        public enum Kind: String, Codable, Sendable {
            /// The first line: which resource (``group``, ``version``, ``plural``, ``namespace``).
            case header
            /// A complete list at ``resourceVersion`` (``items``).
            case list
            /// A watch event (``type``: ADDED, MODIFIED, DELETED or BOOKMARK; ``object``).
            case event
            /// The watch ended with an error (``message``), e.g. 410 Expired or a lost connection.
            case error
        }

        public var record: Kind
        /// Seconds since the recording started.
        public var at: Double
        public var group: String?
        public var version: String?
        public var plural: String?
        public var kind: String?
        public var namespaced: Bool?
        public var namespace: String?
        /// The list's resourceVersion, or the event object's.
        public var resourceVersion: String?
        public var type: String?
        public var object: JSONValue?
        public var items: [JSONValue]?
        public var message: String?

        public init(record: Kind, at: Double) {
            self.record = record
            self.at = at
        }
    }

    /// The resource recorded.
    public var resource: ResourceDescriptor
    /// The namespace recorded, `nil` for all.
    public var namespace: String?
    /// Lists, events and errors after the header, in order.
    public var records: [Record]

    public init(resource: ResourceDescriptor, namespace: String?, records: [Record]) {
        self.resource = resource
        self.namespace = namespace
        self.records = records
    }

    /// Number of watch events (bookmarks excluded).
    public var eventCount: Int { records.filter { $0.record == .event && $0.type != "BOOKMARK" }.count }

    /// The header line of a capture of `resource`.
    public static func header(_ resource: ResourceDescriptor, namespace: String?) -> Record {
        var r = Record(record: .header, at: 0)
        (r.group, r.version, r.plural, r.kind, r.namespaced, r.namespace) =
            (resource.group, resource.version, resource.plural, resource.kind, resource.namespaced, namespace)
        return r
    }

    /// One record as a line of compact JSON (without the newline).
    public static func line(_ record: Record) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(record)
    }

    /// Parses a capture file's content.
    /// - Throws: ``WatchCaptureError`` naming the line that is not a record, or a missing header.
    public init(parsing data: Data, file: String = "capture") throws(WatchCaptureError) {
        var header: Record?
        var records: [Record] = []
        let decoder = JSONDecoder()
        for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) {
            let record: Record
            do {
                record = try decoder.decode(Record.self, from: Data(line))
            } catch {
                throw WatchCaptureError(file: file, line: index + 1, message: "not a capture record (\(error))")
            }
            if header == nil {
                guard record.record == .header else {
                    throw WatchCaptureError(file: file, line: index + 1, message: "the first record must be the header")
                }
                header = record
            } else {
                records.append(record)
            }
        }
        guard let h = header, let version = h.version, let plural = h.plural else {
            throw WatchCaptureError(
                file: file, line: 1, message: "no header with version and plural (record one with `kinformer record`)")
        }
        self.init(
            resource: ResourceDescriptor(
                group: h.group ?? "", version: version, kind: h.kind ?? "", plural: plural, namespaced: h.namespaced ?? true),
            namespace: h.namespace, records: records)
    }

    /// Loads a capture file.
    public init(contentsOf path: String) throws(WatchCaptureError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw WatchCaptureError(file: path, line: 0, message: "cannot read the file (\(error.localizedDescription))")
        }
        try self.init(parsing: data, file: path)
    }
}

/// A capture file that cannot be used, with the line at fault.
public struct WatchCaptureError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based; 0 when the whole file is at fault.
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}
