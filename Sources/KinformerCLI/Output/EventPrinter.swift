import ArgumentParser
import Foundation
import KubeCache
import KubeModel

/// How `kinformer watch` prints events.
enum EventFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// `ADDED default/web-1 rv=123`, one event per line.
    case text
    /// `{"type":"ADDED","object":{…}}`, one JSON object per line (JSON Lines).
    case json
}

/// Renders informer events as lines. Pure: no I/O.
///
/// Text: `TYPE KEY rv=RESOURCEVERSION`, where TYPE is `ADDED` (the initial list too),
/// `MODIFIED` or `DELETED`, and a delete that the informer missed (a tombstone) ends in
/// ` (final state unknown)`. JSON: `{"type":TYPE,"object":OBJECT}` with the object as the
/// server sent it (for a tombstone, the last known object), keys sorted.
struct EventPrinter: Sendable {
    var format: EventFormat

    /// The line for one event.
    func render<Object: KubernetesObject>(_ event: InformerEvent<Object>) -> String {
        switch event {
        case .added(let object, _):
            return render(type: "ADDED", key: object.key, object: object, tombstone: false)
        case .updated(_, let new):
            return render(type: "MODIFIED", key: new.key, object: new, tombstone: false)
        case .deleted(let payload):
            return render(type: "DELETED", key: payload.key, object: payload.object, tombstone: payload.isTombstone)
        }
    }

    private func render<Object: KubernetesObject>(type: String, key: String, object: Object, tombstone: Bool) -> String {
        switch format {
        case .text:
            return "\(type) \(key) rv=\(object.resourceVersion)" + (tombstone ? " (final state unknown)" : "")
        case .json:
            return Self.jsonLine(type: type, object: object)
        }
    }

    /// `{"type":…,"object":…}` on one line. An object that cannot be encoded (not expected:
    /// it was decoded from JSON) is replaced by its key so the stream stays valid JSON.
    static func jsonLine<Object: KubernetesObject>(type: String, object: Object) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body: String
        if let data = try? encoder.encode(object) {
            body = String(decoding: data, as: UTF8.self)
        } else {
            body = "{\"metadata\":{\"name\":\(quoted(object.name))}}"
        }
        return "{\"type\":\(quoted(type)),\"object\":\(body)}"
    }

    private static func quoted(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }
}
