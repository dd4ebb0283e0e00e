import FastJSON

/// Direct tape decoders for the metadata types of ObjectMeta.swift (every object has metadata,
/// so this is the hottest path of a typed decode). Same shape as the generated ones: a key table,
/// one pass over the members, the memberwise initialiser.
extension ObjectMeta: TapeDecodable {
    static func tapeField(_ key: TapeKey) -> Int {
        switch key.count {
        case 3: return key.matches("uid") ? 4 : -1
        case 4: return key.matches("name") ? 0 : -1
        case 6: return key.matches("labels") ? 10 : -1
        case 8: return key.matches("selfLink") ? 3 : -1
        case 9: return key.matches("namespace") ? 2 : -1
        case 10: return key.matches("generation") ? 6 : key.matches("finalizers") ? 13 : -1
        case 11: return key.matches("annotations") ? 11 : key.matches("clusterName") ? 14 : -1
        case 12: return key.matches("generateName") ? 1 : -1
        case 13: return key.matches("managedFields") ? 15 : -1
        case 15: return key.matches("resourceVersion") ? 5 : key.matches("ownerReferences") ? 12 : -1
        case 17: return key.matches("creationTimestamp") ? 7 : key.matches("deletionTimestamp") ? 8 : -1
        case 26: return key.matches("deletionGracePeriodSeconds") ? 9 : -1
        default: return -1
        }
    }

    package init(tape: TapeContext, at index: Int) throws {
        self.init()  // copies one reference: the fields live in a box
        try readTapeMembers(tape, at: index)
    }

    /// Reads into `self` (locals passed to the initialiser make the compiler copy the struct).
    private mutating func readTapeMembers(_ tape: TapeContext, at index: Int) throws {
        var members = try TapeMembers(tape, object: index, of: Self.self)
        while let field = members.next(Self.tapeField) {
            let value = members.value
            if tape.isNull(value) { continue }
            switch field {
            case 0: self.name = try tape.decodeUniqueString(at: value)
            case 1: self.generateName = try tape.decodeString(at: value)
            case 2: self.namespace = try tape.decodeString(at: value)
            case 3: self.selfLink = try tape.decodeString(at: value)
            case 4: self.uid = try tape.decodeUniqueString(at: value)
            case 5: self.resourceVersion = try tape.decodeString(at: value)
            case 6: self.generation = try tape.decodeInteger(Int64.self, at: value)
            case 7: self.creationTimestamp = try tape.decodeTime(at: value)
            case 8: self.deletionTimestamp = try tape.decodeTime(at: value)
            case 9: self.deletionGracePeriodSeconds = try tape.decodeInteger(Int64.self, at: value)
            case 10: self.labels = try tape.decodeStringMap(at: value)
            case 11: self.annotations = try tape.decodeStringMap(at: value)
            case 12: self.ownerReferences = try tape.decodeArray(at: value) { try tape.kept(OwnerReference.self, at: $0) { try OwnerReference(tape: tape, at: $0) } }
            case 13: self.finalizers = try tape.decodeStringArray(at: value)
            case 14: self.clusterName = try tape.decodeString(at: value)
            case 15: self.managedFields = try tape.decodeArray(at: value) { try ManagedFieldsEntry(tape: tape, at: $0) }
            default: break
            }
        }
    }
}

extension OwnerReference: TapeDecodable {
    static func tapeField(_ key: TapeKey) -> Int {
        switch key.count {
        case 3: return key.matches("uid") ? 3 : -1
        case 4: return key.matches("kind") ? 1 : key.matches("name") ? 2 : -1
        case 10: return key.matches("apiVersion") ? 0 : key.matches("controller") ? 4 : -1
        case 18: return key.matches("blockOwnerDeletion") ? 5 : -1
        default: return -1
        }
    }

    package init(tape: TapeContext, at index: Int) throws {
        var apiVersion: String?
        var kind: String?
        var name: String?
        var uid: String?
        var controller: Bool?
        var blockOwnerDeletion: Bool?
        var members = try TapeMembers(tape, object: index, of: Self.self)
        while let field = members.next(Self.tapeField) {
            let value = members.value
            switch field {
            case 0: apiVersion = try tape.decodeString(at: value)
            case 1: kind = try tape.decodeString(at: value)
            case 2: name = try tape.decodeString(at: value)
            case 3: uid = try tape.decodeString(at: value)
            case 4: if !tape.isNull(value) { controller = try tape.decodeBool(at: value) }
            case 5: if !tape.isNull(value) { blockOwnerDeletion = try tape.decodeBool(at: value) }
            default: break
            }
        }
        guard let apiVersion else { throw tape.keyNotFound("apiVersion", in: index) }
        guard let kind else { throw tape.keyNotFound("kind", in: index) }
        guard let name else { throw tape.keyNotFound("name", in: index) }
        guard let uid else { throw tape.keyNotFound("uid", in: index) }
        self.init(
            apiVersion: apiVersion, kind: kind, name: name, uid: uid, controller: controller,
            blockOwnerDeletion: blockOwnerDeletion)
    }
}

extension ManagedFieldsEntry: TapeDecodable {
    static func tapeField(_ key: TapeKey) -> Int {
        switch key.count {
        case 4: return key.matches("time") ? 3 : -1
        case 7: return key.matches("manager") ? 0 : -1
        case 8: return key.matches("fieldsV1") ? 5 : -1
        case 9: return key.matches("operation") ? 1 : -1
        case 10: return key.matches("apiVersion") ? 2 : key.matches("fieldsType") ? 4 : -1
        case 11: return key.matches("subresource") ? 6 : -1
        default: return -1
        }
    }

    package init(tape: TapeContext, at index: Int) throws {
        try readTapeMembers(tape, at: index)  // every property starts nil
    }

    /// Reads into `self` (locals passed to the initialiser make the compiler copy the struct).
    private mutating func readTapeMembers(_ tape: TapeContext, at index: Int) throws {
        var members = try TapeMembers(tape, object: index, of: Self.self)
        while let field = members.next(Self.tapeField) {
            let value = members.value
            if tape.isNull(value) { continue }
            switch field {
            case 0: self.manager = try tape.decodeString(at: value)
            case 1: self.operation = try tape.decodeString(at: value)
            case 2: self.apiVersion = try tape.decodeString(at: value)
            case 3: self.time = try tape.decodeTime(at: value)
            case 4: self.fieldsType = try tape.decodeString(at: value)
            case 5:
                // Shared across objects when the decode holds an interner's table
                // (StringInterner.decoding(_:)): looked up by its compact bytes, which are the
                // input's own when it has no whitespace, so a repeated text is not even copied.
                if let intern = tape.internString {
                    self.fieldsV1 = FieldsV1(validatedJSON: tape.withCompactJSON(at: value) { bytes in
                        bytes.count > 15 ? intern(bytes) : String(decoding: bytes, as: UTF8.self)
                    })
                } else {
                    var text = tape.compactJSON(at: value)
                    if !tape.userInfo.isEmpty, let interner = tape.userInfo[StringInterner.userInfoKey] as? StringInterner {
                        text = interner.intern(text)
                    }
                    self.fieldsV1 = FieldsV1(validatedJSON: text)
                }
            case 6: self.subresource = try tape.decodeString(at: value)
            default: break
            }
        }
    }
}

extension ListMeta: TapeDecodable {
    static func tapeField(_ key: TapeKey) -> Int {
        switch key.count {
        case 8: return key.matches("selfLink") ? 0 : key.matches("continue") ? 2 : -1
        case 15: return key.matches("resourceVersion") ? 1 : -1
        case 18: return key.matches("remainingItemCount") ? 3 : -1
        default: return -1
        }
    }

    package init(tape: TapeContext, at index: Int) throws {
        var selfLink: String?
        var resourceVersion: String?
        var `continue`: String?
        var remainingItemCount: Int64?
        var members = try TapeMembers(tape, object: index, of: Self.self)
        while let field = members.next(Self.tapeField) {
            let value = members.value
            if tape.isNull(value) { continue }
            switch field {
            case 0: selfLink = try tape.decodeString(at: value)
            case 1: resourceVersion = try tape.decodeString(at: value)
            case 2: `continue` = try tape.decodeString(at: value)
            case 3: remainingItemCount = try tape.decodeInteger(Int64.self, at: value)
            default: break
            }
        }
        self.init(
            selfLink: selfLink, resourceVersion: resourceVersion, continue: `continue`,
            remainingItemCount: remainingItemCount)
    }
}
