/// What the Go structs of a Kubernetes API package (`types.go`) say about each field that the
/// protobuf schema cannot: whether it is a pointer, whether JSON omits it when empty, and
/// whether it is inlined into its parent's JSON. Pure: parses text.
struct GoStructTags: Sendable {
    struct Field: Sendable, Equatable {
        var goType: String
        /// The JSON name (empty for an inlined struct).
        var jsonName: String
        var omitEmpty: Bool
        var inline: Bool
        /// The field's name in the protobuf tag (`name=`), if it has one.
        var protoName: String?

        var isPointer: Bool { goType.hasPrefix("*") }
    }

    /// Fields per struct name, keyed by protobuf name.
    var structs: [String: [String: Field]] = [:]

    /// Adds the structs of one Go source file.
    mutating func add(goSource text: String) {
        var current: String?
        for rawLine in text.split(separator: "\n") {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("//") || line.isEmpty { continue }
            if line.hasPrefix("type "), line.hasSuffix("struct {") {
                let words = line.split(separator: " ")
                current = words.count >= 3 ? String(words[1]) : nil
                continue
            }
            if line == "}" { current = nil; continue }
            guard let name = current, let tagStart = line.firstIndex(of: "`") else { continue }
            let tag = String(line[line.index(after: tagStart)...].dropLast())
            let words = line[..<tagStart].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let json = Self.tagValue("json", in: tag), let proto = Self.tagValue("protobuf", in: tag) else { continue }
            let jsonParts = json.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            // `Name Type` or an embedded `Type` (inlined when the JSON name is empty).
            let goType = words.count >= 2 ? words[1...].joined(separator: " ") : words.first ?? ""
            // Without `name=`, go-to-protobuf names the field after the Go field, first letter lowered.
            let goName = String((words.first ?? "").split(separator: ".").last ?? "").replacingOccurrences(of: "*", with: "")
            let protoName = proto.split(separator: ",").first { $0.hasPrefix("name=") }.map { String($0.dropFirst(5)) }
                ?? goName.prefix(1).lowercased() + goName.dropFirst()
            structs[name, default: [:]][protoName] = Field(
                goType: goType, jsonName: jsonParts[0], omitEmpty: jsonParts.dropFirst().contains("omitempty"),
                inline: jsonParts.dropFirst().contains("inline"), protoName: protoName)
        }
    }

    /// The value of `key:"value"` in a Go struct tag.
    static func tagValue(_ key: String, in tag: String) -> String? {
        guard let start = tag.range(of: key + ":\"") else { return nil }
        let rest = tag[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}

import Foundation
