// Decoders of the hand-written meta/v1 types. Field numbers are those of apimachinery's
// meta/v1 generated.proto; `omitZero` marks Go fields that are non-pointer and `omitempty`,
// whose zero value JSON leaves out (gogo-protobuf writes them anyway).

extension ObjectMeta: ProtobufDecodable {
    package init(protobuf r: inout ProtobufReader) throws(ProtobufDecodingError) {
        self.init()  // copies one reference: the fields live in a box
        try readProtobufFields(&r)
    }

    /// Reads into `self`. (Fields assigned in the initialiser, or a delegated `self.init()`, make
    /// the compiler copy the whole struct.)
    private mutating func readProtobufFields(_ r: inout ProtobufReader) throws(ProtobufDecodingError) {
        while let f = try r.next() {
            switch f {
            case 1: self.name = omitZero(try r.uniqueString())
            case 2: self.generateName = omitZero(try r.string())
            case 3: self.namespace = omitZero(try r.string())
            case 4: self.selfLink = omitZero(try r.string())
            case 5: self.uid = omitZero(try r.uniqueString())
            case 6: self.resourceVersion = omitZero(try r.string())
            case 7: self.generation = omitZero(try r.int64())
            case 8: self.creationTimestamp = try r.time()
            case 9: self.deletionTimestamp = try r.time()
            case 10: self.deletionGracePeriodSeconds = try r.int64()
            case 11: try r.stringMapEntry(into: &self.labels)
            case 12: try r.stringMapEntry(into: &self.annotations)
            case 13: try r.appendRepeated(to: &self.ownerReferences) { (r: inout ProtobufReader) throws(ProtobufDecodingError) in try r.message(OwnerReference.self) }
            case 14: try r.appendRepeated(to: &self.finalizers) { (r: inout ProtobufReader) throws(ProtobufDecodingError) in try r.string() }
            case 15: self.clusterName = omitZero(try r.string())
            case 17: try r.appendRepeated(to: &self.managedFields) { (r: inout ProtobufReader) throws(ProtobufDecodingError) in try r.message(ManagedFieldsEntry.self) }
            default: try r.skip()
            }
        }
    }
}

extension ListMeta: ProtobufDecodable {
    package init(protobuf r: inout ProtobufReader) throws(ProtobufDecodingError) {
        var selfLink: String?, resourceVersion: String?, `continue`: String?, remainingItemCount: Int64?
        while let f = try r.next() {
            switch f {
            case 1: selfLink = omitZero(try r.string())
            case 2: resourceVersion = omitZero(try r.string())
            case 3: `continue` = omitZero(try r.string())
            case 4: remainingItemCount = try r.int64()
            default: try r.skip()
            }
        }
        self.init(selfLink: selfLink, resourceVersion: resourceVersion, continue: `continue`,
                  remainingItemCount: remainingItemCount)
    }
}

extension OwnerReference: ProtobufDecodable {
    /// The replicas of a workload share their owner (see kube-modelgen's `MemoizedTypes`).
    package static var protobufMemoized: Bool { true }

    package init(protobuf r: inout ProtobufReader) throws(ProtobufDecodingError) {
        self.apiVersion = ""
        self.kind = ""
        self.name = ""
        self.uid = ""
        try readProtobufFields(&r)
    }

    /// Reads into `self`. (Fields assigned in the initialiser, or a delegated `self.init()`, make
    /// the compiler copy the whole struct.)
    private mutating func readProtobufFields(_ r: inout ProtobufReader) throws(ProtobufDecodingError) {
        while let f = try r.next() {
            switch f {
            case 1: self.kind = try r.string()
            case 3: self.name = try r.string()
            case 4: self.uid = try r.string()
            case 5: self.apiVersion = try r.string()
            case 6: self.controller = try r.bool()
            case 7: self.blockOwnerDeletion = try r.bool()
            default: try r.skip()
            }
        }
    }
}

extension ManagedFieldsEntry: ProtobufDecodable {
    package init(protobuf r: inout ProtobufReader) throws(ProtobufDecodingError) {
        try readProtobufFields(&r)  // every property starts nil
    }

    /// Reads into `self`. (Fields assigned in the initialiser, or a delegated `self.init()`, make
    /// the compiler copy the whole struct.)
    private mutating func readProtobufFields(_ r: inout ProtobufReader) throws(ProtobufDecodingError) {
        while let f = try r.next() {
            switch f {
            case 1: self.manager = omitZero(try r.string())
            case 2: self.operation = omitZero(try r.string())
            case 3: self.apiVersion = omitZero(try r.string())
            case 4: self.time = try r.time()
            case 6: self.fieldsType = omitZero(try r.string())
            case 7: self.fieldsV1 = try r.fieldsV1()
            case 8: self.subresource = omitZero(try r.string())
            default: try r.skip()
            }
        }
    }
}

extension TypeMeta: ProtobufDecodable {
    package init(protobuf r: inout ProtobufReader) throws(ProtobufDecodingError) {
        var apiVersion: String?, kind: String?
        while let f = try r.next() {
            switch f {
            case 1: kind = omitZero(try r.string())
            case 2: apiVersion = omitZero(try r.string())
            default: try r.skip()
            }
        }
        self.init(apiVersion: apiVersion, kind: kind)
    }
}

extension LabelSelector: ProtobufDecodable {
    package init(protobuf r: inout ProtobufReader) throws(ProtobufDecodingError) {
        try readProtobufFields(&r)  // every property starts nil
    }

    /// Reads into `self`. (Fields assigned in the initialiser, or a delegated `self.init()`, make
    /// the compiler copy the whole struct.)
    private mutating func readProtobufFields(_ r: inout ProtobufReader) throws(ProtobufDecodingError) {
        while let f = try r.next() {
            switch f {
            case 1: try r.stringMapEntry(into: &self.matchLabels)
            case 2: try r.appendRepeated(to: &self.matchExpressions) { (r: inout ProtobufReader) throws(ProtobufDecodingError) in try r.message(LabelSelectorRequirement.self) }
            default: try r.skip()
            }
        }
    }
}

extension LabelSelectorRequirement: ProtobufDecodable {
    package init(protobuf r: inout ProtobufReader) throws(ProtobufDecodingError) {
        var key = "", `operator` = "", values: [String]?
        while let f = try r.next() {
            switch f {
            case 1: key = try r.string()
            case 2: `operator` = try r.string()
            case 3: try r.appendRepeated(to: &values) { (r: inout ProtobufReader) throws(ProtobufDecodingError) in try r.string() }
            default: try r.skip()
            }
        }
        self.init(key: key, operator: `operator`, values: values)
    }
}
