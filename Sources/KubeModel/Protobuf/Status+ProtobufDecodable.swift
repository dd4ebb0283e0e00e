// meta/v1 Status, StatusDetails and StatusCause (field numbers of meta/v1 generated.proto).

extension Status: ProtobufDecodable {
    package init(protobuf r: inout ProtobufReader) throws(ProtobufDecodingError) {
        var metadata: ListMeta?, status: String?, message: String?, reason: String?
        var details: StatusDetails?, code: Int32?
        while let f = try r.next() {
            switch f {
            case 1: metadata = try r.message(ListMeta.self)
            case 2: status = omitZero(try r.string())
            case 3: message = omitZero(try r.string())
            case 4: reason = omitZero(try r.string())
            case 5: details = try r.message(StatusDetails.self)
            case 6: code = omitZero(try r.int32())
            default: try r.skip()
            }
        }
        self.init(apiVersion: r.typeMeta?.apiVersion, kind: r.typeMeta?.kind, metadata: metadata ?? ListMeta(),
                  status: status, message: message, reason: reason, details: details, code: code)
    }
}

extension StatusDetails: ProtobufDecodable {
    package init(protobuf r: inout ProtobufReader) throws(ProtobufDecodingError) {
        var name: String?, group: String?, kind: String?, uid: String?, causes: [StatusCause]?
        var retryAfterSeconds: Int32?
        while let f = try r.next() {
            switch f {
            case 1: name = omitZero(try r.string())
            case 2: group = omitZero(try r.string())
            case 3: kind = omitZero(try r.string())
            case 4: ProtobufReader.append(try r.message(StatusCause.self), to: &causes)
            case 5: retryAfterSeconds = omitZero(try r.int32())
            case 6: uid = omitZero(try r.string())
            default: try r.skip()
            }
        }
        self.init(name: name, group: group, kind: kind, uid: uid, causes: causes, retryAfterSeconds: retryAfterSeconds)
    }
}

extension StatusCause: ProtobufDecodable {
    package init(protobuf r: inout ProtobufReader) throws(ProtobufDecodingError) {
        var reason: String?, message: String?, field: String?
        while let f = try r.next() {
            switch f {
            case 1: reason = omitZero(try r.string())
            case 2: message = omitZero(try r.string())
            case 3: field = omitZero(try r.string())
            default: try r.skip()
            }
        }
        self.init(reason: reason, message: message, field: field)
    }
}
