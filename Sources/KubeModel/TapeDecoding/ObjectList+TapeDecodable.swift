import FastJSON

/// Lists of direct-decodable objects decode in one pass too (the informer's list pages).
extension ObjectList: TapeDecodable where Item: TapeDecodable {
    static func tapeField(_ key: TapeKey) -> Int {
        switch key.count {
        case 4: return key.matches("kind") ? 1 : -1
        case 5: return key.matches("items") ? 3 : -1
        case 8: return key.matches("metadata") ? 2 : -1
        case 10: return key.matches("apiVersion") ? 0 : -1
        default: return -1
        }
    }

    package init(tape: TapeContext, at index: Int) throws {
        var apiVersion: String?
        var kind: String?
        var metadata: ListMeta?
        var items: [Item]?
        var members = try TapeMembers(tape, object: index, of: Self.self)
        while let field = members.next(Self.tapeField) {
            let value = members.value
            if tape.isNull(value) { continue }
            switch field {
            case 0: apiVersion = try tape.decodeString(at: value)
            case 1: kind = try tape.decodeString(at: value)
            case 2: metadata = try ListMeta(tape: tape, at: value)
            case 3: items = try tape.decodeArray(at: value) { try Item(tape: tape, at: $0) }
            default: break
            }
        }
        self.init(apiVersion: apiVersion, kind: kind, metadata: metadata ?? ListMeta(), items: items ?? [])
    }
}
