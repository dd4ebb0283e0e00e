import FastJSON

/// Direct tape decoders for the label selector types (used by many generated specs).
extension LabelSelector: TapeDecodable {
    static func tapeField(_ key: TapeKey) -> Int {
        switch key.count {
        case 11: return key.matches("matchLabels") ? 0 : -1
        case 16: return key.matches("matchExpressions") ? 1 : -1
        default: return -1
        }
    }

    package init(tape: TapeContext, at index: Int) throws {
        var matchLabels: [String: String]?
        var matchExpressions: [LabelSelectorRequirement]?
        var members = try TapeMembers(tape, object: index, of: Self.self)
        while let field = members.next(Self.tapeField) {
            let value = members.value
            if tape.isNull(value) { continue }
            switch field {
            case 0: matchLabels = try tape.decodeStringMap(at: value)
            case 1: matchExpressions = try tape.decodeArray(at: value) { try LabelSelectorRequirement(tape: tape, at: $0) }
            default: break
            }
        }
        self.init(matchLabels: matchLabels, matchExpressions: matchExpressions)
    }
}

extension LabelSelectorRequirement: TapeDecodable {
    static func tapeField(_ key: TapeKey) -> Int {
        switch key.count {
        case 3: return key.matches("key") ? 0 : -1
        case 6: return key.matches("values") ? 2 : -1
        case 8: return key.matches("operator") ? 1 : -1
        default: return -1
        }
    }

    package init(tape: TapeContext, at index: Int) throws {
        var key: String?
        var `operator`: String?
        var values: [String]?
        var members = try TapeMembers(tape, object: index, of: Self.self)
        while let field = members.next(Self.tapeField) {
            let value = members.value
            switch field {
            case 0: key = try tape.decodeString(at: value)
            case 1: `operator` = try tape.decodeString(at: value)
            case 2: if !tape.isNull(value) { values = try tape.decodeStringArray(at: value) }
            default: break
            }
        }
        guard let key else { throw tape.keyNotFound("key", in: index) }
        guard let `operator` else { throw tape.keyNotFound("operator", in: index) }
        self.init(key: key, operator: `operator`, values: values)
    }
}
