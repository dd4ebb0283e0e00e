// Decoders of the hand-written meta/v1 types. Field numbers are those of apimachinery's
// meta/v1 generated.proto; `omitZero` marks Go fields that are non-pointer and `omitempty`,
// whose zero value JSON leaves out (gogo-protobuf writes them anyway).

extension ObjectMeta: ProtobufDecodable {
    package init(protobuf r: inout ProtobufReader) throws(ProtobufDecodingError) {
        var name: String?, generateName: String?, namespace: String?, selfLink: String?, uid: String?
        var resourceVersion: String?, generation: Int64?, creationTimestamp: Time?, deletionTimestamp: Time?
        var deletionGracePeriodSeconds: Int64?, labels: [String: String]?, annotations: [String: String]?
        var ownerReferences: [OwnerReference]?, finalizers: [String]?, clusterName: String?
        var managedFields: [ManagedFieldsEntry]?
        while let f = try r.next() {
            switch f {
            case 1: name = omitZero(try r.uniqueString())
            case 2: generateName = omitZero(try r.string())
            case 3: namespace = omitZero(try r.string())
            case 4: selfLink = omitZero(try r.string())
            case 5: uid = omitZero(try r.uniqueString())
            case 6: resourceVersion = omitZero(try r.string())
            case 7: generation = omitZero(try r.int64())
            case 8: creationTimestamp = try r.time()
            case 9: deletionTimestamp = try r.time()
            case 10: deletionGracePeriodSeconds = try r.int64()
            case 11: try r.stringMapEntry(into: &labels)
            case 12: try r.stringMapEntry(into: &annotations)
            case 13: ProtobufReader.append(try r.message(OwnerReference.self), to: &ownerReferences)
            case 14: ProtobufReader.append(try r.string(), to: &finalizers)
            case 15: clusterName = omitZero(try r.string())
            case 17: ProtobufReader.append(try r.message(ManagedFieldsEntry.self), to: &managedFields)
            default: try r.skip()
            }
        }
        self.init(
            name: name, generateName: generateName, namespace: namespace, selfLink: selfLink, uid: uid,
            resourceVersion: resourceVersion, generation: generation, creationTimestamp: creationTimestamp,
            deletionTimestamp: deletionTimestamp, deletionGracePeriodSeconds: deletionGracePeriodSeconds,
            labels: labels, annotations: annotations, ownerReferences: ownerReferences, finalizers: finalizers,
            clusterName: clusterName, managedFields: managedFields)
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
    package init(protobuf r: inout ProtobufReader) throws(ProtobufDecodingError) {
        var apiVersion = "", kind = "", name = "", uid = ""
        var controller: Bool?, blockOwnerDeletion: Bool?
        while let f = try r.next() {
            switch f {
            case 1: kind = try r.string()
            case 3: name = try r.string()
            case 4: uid = try r.string()
            case 5: apiVersion = try r.string()
            case 6: controller = try r.bool()
            case 7: blockOwnerDeletion = try r.bool()
            default: try r.skip()
            }
        }
        self.init(apiVersion: apiVersion, kind: kind, name: name, uid: uid, controller: controller,
                  blockOwnerDeletion: blockOwnerDeletion)
    }
}

extension ManagedFieldsEntry: ProtobufDecodable {
    package init(protobuf r: inout ProtobufReader) throws(ProtobufDecodingError) {
        var manager: String?, operation: String?, apiVersion: String?, time: Time?, fieldsType: String?
        var fieldsV1: FieldsV1?, subresource: String?
        while let f = try r.next() {
            switch f {
            case 1: manager = omitZero(try r.string())
            case 2: operation = omitZero(try r.string())
            case 3: apiVersion = omitZero(try r.string())
            case 4: time = try r.time()
            case 6: fieldsType = omitZero(try r.string())
            case 7: fieldsV1 = try r.fieldsV1()
            case 8: subresource = omitZero(try r.string())
            default: try r.skip()
            }
        }
        self.init(manager: manager, operation: operation, apiVersion: apiVersion, time: time,
                  fieldsType: fieldsType, fieldsV1: fieldsV1, subresource: subresource)
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
        var matchLabels: [String: String]?, matchExpressions: [LabelSelectorRequirement]?
        while let f = try r.next() {
            switch f {
            case 1: try r.stringMapEntry(into: &matchLabels)
            case 2: ProtobufReader.append(try r.message(LabelSelectorRequirement.self), to: &matchExpressions)
            default: try r.skip()
            }
        }
        self.init(matchLabels: matchLabels, matchExpressions: matchExpressions)
    }
}

extension LabelSelectorRequirement: ProtobufDecodable {
    package init(protobuf r: inout ProtobufReader) throws(ProtobufDecodingError) {
        var key = "", `operator` = "", values: [String]?
        while let f = try r.next() {
            switch f {
            case 1: key = try r.string()
            case 2: `operator` = try r.string()
            case 3: ProtobufReader.append(try r.string(), to: &values)
            default: try r.skip()
            }
        }
        self.init(key: key, operator: `operator`, values: values)
    }
}
