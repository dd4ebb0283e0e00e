public import KubeModel
import NIOHTTP1

/// The verbs on one resource (pods, deployments.apps, widgets.example.com, …), optionally bound
/// to a namespace. Objects are decoded as `Object`: a typed resource, ``DynamicObject`` or
/// ``PartialObjectMetadata``.
///
/// Get one with ``KubeClient/resource(_:namespace:)`` or ``KubeClient/resource(_:as:namespace:)``.
public struct ResourceClient<Object: KubernetesObject>: Sendable {
    /// The resource addressed.
    public let resource: ResourceDescriptor
    /// The namespace bound, or `nil` for all namespaces (lists and watches) / the object's own
    /// namespace (writes).
    public let namespace: String?
    let transport: Transport
    let metadataOnly: Bool
    /// Shares equal strings among the objects this client decodes from protobuf.
    public private(set) var interner: StringInterner?

    init(resource: ResourceDescriptor, namespace: String?, transport: Transport, metadataOnly: Bool = false) {
        self.resource = resource
        self.namespace = resource.namespaced ? namespace.flatMap { $0.isEmpty ? nil : $0 } : nil
        self.transport = transport
        self.metadataOnly = metadataOnly
    }

    /// The same client bound to another namespace (`nil` for all namespaces).
    public func inNamespace(_ namespace: String?) -> ResourceClient {
        var bound = ResourceClient(resource: resource, namespace: namespace, transport: transport, metadataOnly: metadataOnly)
        bound.interner = interner
        return bound
    }

    /// The same client sharing equal strings of the objects it reads through `interner` (a
    /// bounded table; informer factories give each informer one). Protobuf reads only.
    public func interning(_ interner: StringInterner?) -> ResourceClient {
        var copy = self
        copy.interner = interner
        return copy
    }

    /// The protobuf decoders, when this client reads protobuf (see ``ClientConfiguration/wireFormat``).
    var protobuf: ProtobufObjectDecoding<Object>? {
        guard !metadataOnly, transport.configuration.wireFormat == .protobuf else { return nil }
        return ProtobufObjectDecoding(interner: interner)
    }

    // MARK: Reads

    /// Reads one object.
    /// - Throws: ``KubeAPIError`` (e.g. `isNotFound`), ``KubeJSONError``, ``KubeClientError``.
    public func get(_ name: String, resourceVersion: String? = nil) async throws -> Object {
        var request = KubeRequest(path: try objectPath(name))
        if let rv = resourceVersion { request.query = [("resourceVersion", rv)] }
        request.accept = accept(list: false)
        return try decodeObject(try await transport.send(request))
    }

    /// Lists objects (one page when `options.limit` is set; see ``listAll(_:pageSize:)``).
    ///
    /// Items are decoded as the body arrives (``StreamingListDecoder``), so a large list is never
    /// held whole in memory next to its decoded objects.
    public func list(_ options: ListOptions = ListOptions()) async throws -> ObjectList<Object> {
        var request = KubeRequest(path: resource.path(namespace: namespace), query: options.queryItems)
        request.accept = accept(list: true)
        request.isBulk = true
        let protobuf = protobufListDecoding
        var decoder = try await transport.send(request) { headers in
            try StreamingListDecoder<Object>(
                contentType: headers.first(name: "Content-Type"), protobuf: protobuf, interner: interner)
        } chunk: { decoder, buffer in
            try decoder.append(buffer)
        }
        return try decoder.finish()
    }

    /// The protobuf decoders for lists of `Object` (`nil` when this client reads JSON only);
    /// ``StreamingListDecoder`` follows the `Content-Type` the server answers with.
    var protobufListDecoding: ProtobufListDecoding<Object>? { protobuf?.listDecoding }

    // MARK: Writes

    /// Creates an object in ``namespace`` (or the object's namespace) and returns it as stored.
    public func create(_ object: Object, options: WriteOptions = WriteOptions()) async throws -> Object {
        let ns = try namespaceFor(object)
        var request = KubeRequest(method: .POST, path: resource.path(namespace: ns), query: options.queryItems)
        request.body = try KubeJSON.encode(withType(object))
        return try await transport.send(request).decode(Object.self)
    }

    /// Replaces an object. Its `metadata.resourceVersion` makes this a compare-and-swap (409 on conflict).
    public func update(_ object: Object, options: WriteOptions = WriteOptions()) async throws -> Object {
        try await put(object, subresource: nil, options: options)
    }

    /// Replaces the `status` subresource of an object.
    public func updateStatus(_ object: Object, options: WriteOptions = WriteOptions()) async throws -> Object {
        try await put(object, subresource: "status", options: options)
    }

    private func put(_ object: Object, subresource: String?, options: WriteOptions) async throws -> Object {
        let ns = try namespaceFor(object)
        guard !object.name.isEmpty else { throw KubeClientError("cannot update \(resource) without metadata.name") }
        var request = KubeRequest(
            method: .PUT, path: resource.path(namespace: ns, name: object.name, subresource: subresource),
            query: options.queryItems)
        request.body = try KubeJSON.encode(withType(object))
        return try await transport.send(request).decode(Object.self)
    }

    /// Patches an object (JSON, merge, strategic merge or apply patch) and returns the result.
    /// - Parameters:
    ///   - subresource: e.g. `status`.
    ///   - force: for apply patches, take ownership of conflicting fields.
    public func patch(
        _ name: String, _ patch: Patch, subresource: String? = nil, options: WriteOptions = WriteOptions(),
        force: Bool = false
    ) async throws -> Object {
        var request = KubeRequest(
            method: .PATCH, path: try objectPath(name, subresource: subresource), query: options.queryItems)
        if force { request.query.append(("force", "true")) }
        request.body = patch.body
        request.contentType = patch.contentType
        return try await transport.send(request).decode(Object.self)
    }

    /// Server-side apply: sends `object` as the field manager's intent and returns the merged result.
    public func apply(_ object: Object, fieldManager: String, force: Bool = false, dryRun: Bool = false)
        async throws -> Object
    {
        guard !object.name.isEmpty else { throw KubeClientError("cannot apply \(resource) without metadata.name") }
        let bound = namespace == nil && resource.namespaced ? inNamespace(object.namespace) : self
        return try await bound.patch(
            object.name, .apply(withType(object)), options: WriteOptions(fieldManager: fieldManager, dryRun: dryRun),
            force: force)
    }

    /// Deletes an object. Returns its last state (or, for some resources, a `Status`).
    public func delete(_ name: String, options: DeleteOptions = DeleteOptions()) async throws -> DeleteResult<Object> {
        var request = KubeRequest(method: .DELETE, path: try objectPath(name))
        request.body = try KubeJSON.encode(options)
        return try DeleteResult.decode(try await transport.send(request).bytes)
    }

    /// Deletes every object matching `listOptions`' selectors in ``namespace``.
    public func deleteCollection(_ listOptions: ListOptions = ListOptions(), options: DeleteOptions = DeleteOptions())
        async throws -> DeleteResult<ObjectList<Object>>
    {
        var request = KubeRequest(method: .DELETE, path: resource.path(namespace: namespace), query: listOptions.queryItems)
        request.body = try KubeJSON.encode(options)
        return try DeleteResult.decode(try await transport.send(request).bytes)
    }

    // MARK: Helpers

    func accept(list: Bool) -> String {
        guard metadataOnly else { return protobuf == nil ? "application/json" : Self.protobufAccept }
        return list
            ? "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json"
            : "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json"
    }

    /// What client-go sends when it prefers protobuf: protobuf, else JSON.
    static var protobufAccept: String { KubeProtobuf.contentType + ", application/json" }

    /// Decodes a read's object in the format the server chose.
    func decodeObject(_ response: KubeResponse) throws -> Object {
        switch ResponseFormat(contentType: response.headers.first(name: "Content-Type")) {
        case .protobuf:
            guard let protobuf else {
                throw KubeClientError("the server answered \(resource) in protobuf, which this client did not ask for")
            }
            return try response.body.withUnsafeReadableBytes { bytes throws(ProtobufDecodingError) in try protobuf.envelope(bytes) }
        case .json, .other:
            return try response.decode(Object.self)
        }
    }

    func objectPath(_ name: String, subresource: String? = nil) throws -> String {
        guard !name.isEmpty else { throw KubeClientError("an object name is required for \(resource)") }
        if resource.namespaced, namespace == nil {
            throw KubeClientError(
                "\(resource) is namespaced: bind a namespace with inNamespace(_:) before addressing '\(name)'")
        }
        return resource.path(namespace: namespace, name: name, subresource: subresource)
    }

    private func namespaceFor(_ object: Object) throws -> String? {
        guard resource.namespaced else { return nil }
        if let ns = namespace { return ns }
        if let ns = object.namespace { return ns }
        throw KubeClientError("\(resource) is namespaced: set metadata.namespace or bind a namespace with inNamespace(_:)")
    }

    /// Fills in apiVersion and kind, which the server requires on writes.
    private func withType(_ object: Object) -> Object {
        var o = object
        if o.apiVersion?.isEmpty ?? true { o.apiVersion = resource.apiVersion }
        if o.kind?.isEmpty ?? true { o.kind = resource.kind }
        return o
    }
}

/// What a delete returns: the object's last state, or a `Status`.
public enum DeleteResult<Value: Decodable & Sendable>: Sendable {
    case object(Value)
    case status(Status)

    /// The object, if the server returned one.
    public var object: Value? {
        if case .object(let o) = self { return o }
        return nil
    }

    static func decode(_ body: [UInt8]) throws -> DeleteResult {
        if (try? KubeJSON.decode(KindProbe.self, from: body))?.kind == "Status" {
            return .status(try KubeJSON.decode(Status.self, from: body))
        }
        return .object(try KubeJSON.decode(Value.self, from: body))
    }
}

/// Just the `kind` of a response, to tell a `Status` from an object.
private struct KindProbe: Decodable { var kind: String? }
