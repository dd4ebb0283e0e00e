public import KubeModel

/// One event of a watch stream.
public enum WatchEvent<Object: KubernetesObject>: Sendable {
    /// The object was created (or, at the start of a watch, already existed).
    case added(Object)
    /// The object changed.
    case modified(Object)
    /// The object was deleted; this is its last state.
    case deleted(Object)
    /// Nothing changed, but the stream has reached this resourceVersion.
    case bookmark(Bookmark)
    /// The server ended the watch with an error, e.g. 410 Expired for a too-old resourceVersion.
    case error(KubeAPIError)

    /// A progress marker: the resourceVersion reached and the annotations the server set.
    public struct Bookmark: Sendable, Hashable {
        public var resourceVersion: String
        public var annotations: [String: String]

        public init(resourceVersion: String, annotations: [String: String] = [:]) {
            self.resourceVersion = resourceVersion
            self.annotations = annotations
        }

        /// Whether this bookmark marks the end of the initial events of a streaming list
        /// (annotation `k8s.io/initial-events-end: "true"`).
        public var isInitialEventsEnd: Bool { annotations["k8s.io/initial-events-end"] == "true" }
    }

    /// The object of an added, modified or deleted event.
    public var object: Object? {
        switch self {
        case .added(let o), .modified(let o), .deleted(let o): return o
        case .bookmark, .error: return nil
        }
    }

    /// The resourceVersion this event brings the stream to, if it has one.
    public var resourceVersion: String? {
        switch self {
        case .added(let o), .modified(let o), .deleted(let o): return o.metadata.resourceVersion
        case .bookmark(let b): return b.resourceVersion
        case .error: return nil
        }
    }

    /// Decodes one line of a watch stream.
    /// - Throws: ``WatchDecodingError`` with the line's offset and an excerpt when it is not an event.
    public static func decode(_ line: WatchLineDecoder.Line) throws(WatchDecodingError) -> WatchEvent {
        try decode(line, interner: nil)
    }

    /// Decodes one line, sharing managed-fields text through `interner` when given.
    static func decode(_ line: WatchLineDecoder.Line, interner: StringInterner?) throws(WatchDecodingError) -> WatchEvent {
        let frame: WatchFrame<Object>
        do throws(KubeJSONError) {
            if let interner {
                let decoded = line.bytes.withUnsafeBytes { raw in
                    Result { () throws(KubeJSONError) in try KubeJSON.decode(WatchFrame<Object>.self, raw: raw, interner: interner) }
                }
                frame = try decoded.get()
            } else {
                frame = try KubeJSON.decode(WatchFrame<Object>.self, from: line.bytes)
            }
        } catch {
            throw WatchDecodingError(
                offset: line.offset, excerpt: WatchDecodingError.excerpt(line.bytes), message: error.description)
        }
        return frame.event
    }
}

extension WatchEvent: Equatable where Object: Equatable {}

/// The wire shape `{"type": "...", "object": {...}}`; the object's type depends on `type`.
struct WatchFrame<Object: KubernetesObject>: Decodable {
    var event: WatchEvent<Object>

    enum CodingKeys: String, CodingKey { case type, object }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "ADDED": event = .added(try c.decode(Object.self, forKey: .object))
        case "MODIFIED": event = .modified(try c.decode(Object.self, forKey: .object))
        case "DELETED": event = .deleted(try c.decode(Object.self, forKey: .object))
        case "BOOKMARK":
            let meta = try c.decode(PartialObjectMetadata.self, forKey: .object).metadata
            event = .bookmark(.init(resourceVersion: meta.resourceVersion ?? "", annotations: meta.annotations ?? [:]))
        case "ERROR":
            let status = try c.decode(Status.self, forKey: .object)
            event = .error(KubeAPIError(status: status))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c,
                debugDescription: "unknown watch event type '\(type)' (expected ADDED, MODIFIED, DELETED, BOOKMARK or ERROR)")
        }
    }
}
