import FastJSON

/// The `PartialObjectMetadata` fast path: only `apiVersion`, `kind` and `metadata` are indexed.
extension PartialObjectMetadata: TapeDocumentDecodable {
    /// Decodes the type and metadata of any object. Other top-level members are skipped by
    /// structure only (brackets, strings and escapes are matched; their content is not otherwise
    /// validated), which is what makes metadata-only decoding cheap. A document that is not an
    /// object is left to the usual route, which reports the type error.
    package static func decodeDocument(
        _ bytes: UnsafeRawBufferPointer, configuration: FastJSONDecoder.Configuration
    ) throws -> PartialObjectMetadata? {
        var parser = try JSONTapeParser(bytes: bytes, maxDepth: configuration.maxDepth)
        let isObject = try parser.parseTopLevelObject { parser, key in
            guard parser.keyIs(key, "apiVersion") || parser.keyIs(key, "kind") || parser.keyIs(key, "metadata") else {
                try parser.skipValue()
                return false
            }
            try parser.appendMember(key)
            return true
        }
        guard isObject else { return nil }
        let context = TapeContext(base: parser.base, tape: parser.takeTape(), userInfo: configuration.userInfo)
        return try PartialObjectMetadata(from: TapeDecoder(context: context, index: 0))
    }
}
