/// The messages of a Kubernetes `generated.proto` file (proto2, as go-to-protobuf writes it):
/// for each message its fields' label, type and number. Pure: parses text.
struct ProtoSchema: Sendable {
    struct Field: Sendable, Equatable {
        enum Label: Sendable, Equatable { case optional, repeated, map(key: String) }
        var name: String
        var number: Int
        var label: Label
        /// The value type as written (`string`, `int32`, `k8s.io.apimachinery.pkg.apis.meta.v1.Time`, `Container`).
        var type: String

        /// The type's last component (`Time`, `Container`, `string`).
        var shortType: String { type.split(separator: ".").last.map(String.init) ?? type }
    }

    /// The proto package, e.g. `k8s.io.api.core.v1`.
    var package: String = ""
    var messages: [String: [Field]] = [:]

    /// Parses one `generated.proto` file's text.
    static func parse(_ text: String) throws -> ProtoSchema {
        var schema = ProtoSchema()
        var current: String?
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(rawLine)
            if let comment = line.range(of: "//") { line = line[..<comment.lowerBound] }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let words = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            func fail(_ why: String) -> ModelGenError {
                ModelGenError(description: "generated.proto line \(index + 1): \(why): \(trimmed)")
            }
            if words[0] == "package", words.count == 2 {
                schema.package = String(words[1].dropLast())  // "k8s.io.api.core.v1;"
            } else if words[0] == "message" {
                guard current == nil else { throw fail("nested messages are not supported") }
                guard words.count == 3, words[2] == "{" else { throw fail("expected 'message Name {'") }
                current = words[1]
                schema.messages[words[1], default: []] = []
            } else if trimmed == "}" {
                current = nil
            } else if let message = current {
                schema.messages[message]!.append(try field(trimmed, fail: fail))
            }
        }
        return schema
    }

    /// `optional T name = N;`, `repeated T name = N;` or `map<K, V> name = N;`.
    private static func field(_ text: String, fail: (String) -> ModelGenError) throws -> Field {
        guard text.hasSuffix(";"), let eq = text.firstIndex(of: "=") else { throw fail("expected a field") }
        guard let number = Int(text[text.index(after: eq)...].dropLast().trimmingCharacters(in: .whitespaces)) else {
            throw fail("field number is not an integer")
        }
        let head = text[..<eq].trimmingCharacters(in: .whitespaces)
        if head.hasPrefix("map<") {
            guard let close = head.firstIndex(of: ">") else { throw fail("unclosed map<") }
            let types = head[head.index(head.startIndex, offsetBy: 4)..<close].split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }
            let name = head[head.index(after: close)...].trimmingCharacters(in: .whitespaces)
            guard types.count == 2, !name.isEmpty else { throw fail("expected map<K, V> name") }
            return Field(name: name, number: number, label: .map(key: types[0]), type: types[1])
        }
        let words = head.split(separator: " ").map(String.init)
        guard words.count == 3 else { throw fail("expected 'optional|repeated Type name'") }
        switch words[0] {
        case "optional", "required": return Field(name: words[2], number: number, label: .optional, type: words[1])
        case "repeated": return Field(name: words[2], number: number, label: .repeated, type: words[1])
        default: throw fail("unknown label '\(words[0])'")
        }
    }
}

import Foundation
