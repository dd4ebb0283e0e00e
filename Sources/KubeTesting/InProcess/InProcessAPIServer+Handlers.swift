import Foundation
import KubeModel
import NIOCore
import NIOHTTP1

extension InProcessAPIServer {
    /// What to answer: a complete response, or a watch stream.
    enum Outcome: Sendable {
        case json(code: Int, JSONValue)
        case text(code: Int, String)
        case watch(WatchPlan)
    }

    /// An opened watch, ready to be streamed.
    struct WatchPlan: Sendable {
        var id: Int
        var stream: AsyncStream<WatchSignal>
        var resource: ResourceDescriptor
        var bookmarks: Bool
        var timeout: Duration?
        var metadataOnly: Bool
    }

    /// Serves a routed request (faults and auth already checked).
    func handle(_ request: APIRequest, body: ByteBuffer) throws(ServerError) -> Outcome {
        guard let target = request.target else { throw .pathNotFound }
        switch target {
        case .root: return .json(code: 200, Discovery.rootPaths(core.resources))
        case .health: return .text(code: 200, "ok")
        case .version: return .json(code: 200, Discovery.version(configuration.gitVersion))
        case .coreVersions: return .json(code: 200, Discovery.coreVersions(serverAddress: "\(configuration.host):\(port)"))
        case .groupList: return .json(code: 200, Discovery.groupList(core.resources))
        case .resourceList(let g, let v):
            guard let doc = Discovery.resourceList(group: g, version: v, core.resources) else { throw .pathNotFound }
            return .json(code: 200, doc)
        case .resource(let r, let namespace, let name, let sub):
            return try handleResource(request, r, namespace: namespace, name: name, statusOnly: sub == "status", body: body)
        }
    }

    private func handleResource(
        _ request: APIRequest, _ r: RegisteredResource, namespace: String?, name: String?, statusOnly: Bool,
        body: ByteBuffer
    ) throws(ServerError) -> Outcome {
        let d = r.descriptor
        let ns = d.namespaced ? namespace : nil
        func named() throws(ServerError) -> String {
            guard let name else { throw .methodNotAllowed(request.method.rawValue) }
            return name
        }
        switch request.verb {
        case "watch":
            return .watch(try openWatch(request, r, namespace: ns, name: name))
        case "list":
            try Self.validateListResourceVersion(request, d)
            var page = try core.list(
                r, filter: try filter(request, r, namespace: ns, name: nil), limit: request.query["limit"].flatMap { Int($0) },
                continueToken: request.query["continue"])
            // Like etcd-backed lists: no remaining count when a selector filters the items.
            if request.hasSelector { page.remainingItemCount = nil }
            return .json(code: 200, listDocument(d, page, metadataOnly: request.wantsMetadataOnly))
        case "get":
            let o = try core.get(r, namespace: ns, name: try named())
            return .json(code: 200, request.wantsMetadataOnly ? Self.metadataOnly(o) : o)
        case "create":
            guard name == nil, !statusOnly else { throw .methodNotAllowed("POST") }
            return .json(code: 201, try core.create(r, namespace: ns, body: try Self.decodeBody(body)))
        case "update":
            return .json(
                code: 200,
                try core.update(r, namespace: ns, name: try named(), body: try Self.decodeBody(body), statusOnly: statusOnly))
        case "patch":
            let patch = try Self.decodeBody(body)
            let contentType = request.headers.first(name: "Content-Type") ?? ""
            let apply: (JSONValue) throws(ServerError) -> JSONValue
            if contentType.hasPrefix("application/json-patch+json") {
                apply = { (current) throws(ServerError) -> JSONValue in try Self.applyJSONPatch(patch, to: current) }
            } else if contentType.hasPrefix("application/merge-patch+json")
                || contentType.hasPrefix("application/strategic-merge-patch+json")
            {
                apply = { current in MergePatch.apply(patch, to: current) }
            } else {
                throw .unsupportedMediaType(contentType)
            }
            return .json(code: 200, try core.patch(r, namespace: ns, name: try named(), statusOnly: statusOnly, apply: apply))
        case "delete":
            let options = body.readableBytes > 0 ? try Self.decodeBody(body) : JSONValue.object([:])
            let pre = options["preconditions"]
            let deleted = try core.delete(
                r, namespace: ns, name: try named(), uid: pre?["uid"]?.stringValue,
                resourceVersion: pre?["resourceVersion"]?.stringValue)
            return .json(code: 200, Self.deleteResponse(deleted, d))
        case "deletecollection":
            let page = try core.deleteCollection(r, filter: try filter(request, r, namespace: ns, name: nil))
            return .json(code: 200, listDocument(d, page, metadataOnly: false))
        default:
            throw .methodNotAllowed(request.method.rawValue)
        }
    }

    private func filter(_ request: APIRequest, _ r: RegisteredResource, namespace: String?, name: String?) throws(ServerError) -> WatchFilter {
        var fields = try request.query["fieldSelector"].map { (s) throws(ServerError) in try FieldSelectorMatcher(parsing: s) }
        if let name {
            // A watch on one object is a watch with metadata.name=<name>.
            var f = fields ?? FieldSelectorMatcher(requirements: [])
            f.requirements.append(.init(field: "metadata.name", value: name, negated: false))
            fields = f
        }
        return WatchFilter(
            resource: r.id, namespace: namespace,
            labels: try request.query["labelSelector"].map { (s) throws(ServerError) in try LabelSelectorMatcher(parsing: s) },
            fields: fields)
    }

    private func openWatch(_ request: APIRequest, _ r: RegisteredResource, namespace: String?, name: String?) throws(ServerError) -> WatchPlan {
        let q = request.query
        let filter = try filter(request, r, namespace: namespace, name: name)
        let bookmarks = q["allowWatchBookmarks"] == "true" || q["allowWatchBookmarks"] == "1"
        let rvText = q["resourceVersion"] ?? ""
        let start: ServerCore.WatchStart
        if configuration.supportsStreamingLists, let sie = q["sendInitialEvents"], sie == "true" || sie == "false" {
            if sie == "true" {
                guard q["resourceVersionMatch"] == "NotOlderThan" else {
                    throw .invalid(r.descriptor, "", field: "resourceVersionMatch", "Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")
                }
                guard bookmarks else {
                    throw .invalid(r.descriptor, "", field: "allowWatchBookmarks", "Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true")
                }
                start = .initialState(endBookmark: true)
            } else if rvText.isEmpty || rvText == "0" {
                start = .resourceVersion(core.resourceVersion)
            } else {
                start = .resourceVersion(try Self.parseResourceVersion(rvText))
            }
        } else if rvText.isEmpty || rvText == "0" {
            start = .initialState(endBookmark: false)
        } else {
            start = .resourceVersion(try Self.parseResourceVersion(rvText))
        }
        let timeout = q["timeoutSeconds"].flatMap { Int($0) }.flatMap { $0 > 0 ? Duration.seconds($0) : nil }
        let (id, stream) = core.watch(filter, resource: r, start: start)
        return WatchPlan(
            id: id, stream: stream, resource: r.descriptor, bookmarks: bookmarks, timeout: timeout,
            metadataOnly: request.wantsMetadataOnly)
    }

    static func applyJSONPatch(_ patch: JSONValue, to current: JSONValue) throws(ServerError) -> JSONValue {
        do {
            return try JSONPatch.apply(patch, to: current)
        } catch {
            throw ServerError(code: 422, reason: "Invalid", message: "the JSON patch could not be applied: \(error.message)")
        }
    }

    /// What a delete answers, as the real server does: the object when it is not gone yet
    /// (finalizers pending) or for pods (graceful deletion); otherwise a `Success` Status.
    static func deleteResponse(_ deleted: JSONValue, _ d: ResourceDescriptor) -> JSONValue {
        let pending = deleted["metadata"]?["deletionTimestamp"] != nil
            && !(deleted["metadata"]?["finalizers"]?.arrayValue ?? []).isEmpty
        if pending || (d.group.isEmpty && d.plural == "pods") { return deleted }
        var details: [String: JSONValue] = ["name": deleted["metadata"]?["name"] ?? "", "kind": .string(d.plural)]
        if !d.group.isEmpty { details["group"] = .string(d.group) }
        if let uid = deleted["metadata"]?["uid"] { details["uid"] = uid }
        return [
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Success", "details": .object(details),
        ]
    }

    /// `resourceVersionMatch` needs a `resourceVersion` (422, as the real server answers); an
    /// unparsable `resourceVersion` is a 400 (the real server answers 500).
    static func validateListResourceVersion(_ request: APIRequest, _ d: ResourceDescriptor) throws(ServerError) {
        let rv = request.query["resourceVersion"] ?? ""
        if let match = request.query["resourceVersionMatch"], !match.isEmpty, rv.isEmpty {
            throw .invalid(
                d, "", field: "resourceVersionMatch",
                "Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided")
        }
        if !rv.isEmpty { _ = try parseResourceVersion(rv) }
    }

    static func parseResourceVersion(_ text: String) throws(ServerError) -> Int64 {
        guard let rv = Int64(text) else { throw .badRequest("invalid resource version: \(text)") }
        return rv
    }

    static func decodeBody(_ body: ByteBuffer) throws(ServerError) -> JSONValue {
        do { return try JSONCoding.decode(body) } catch {
            throw .badRequest("the request body is not valid JSON: \(error)")
        }
    }

    func listDocument(_ d: ResourceDescriptor, _ page: ServerCore.ListPage, metadataOnly: Bool) -> JSONValue {
        var meta: [String: JSONValue] = ["resourceVersion": .string(String(page.resourceVersion))]
        if let c = page.continueToken { meta["continue"] = .string(c) }
        if let n = page.remainingItemCount { meta["remainingItemCount"] = .int(Int64(n)) }
        if metadataOnly {
            return [
                "kind": "PartialObjectMetadataList", "apiVersion": "meta.k8s.io/v1", "metadata": .object(meta),
                "items": .array(page.items.map(Self.metadataOnly)),
            ]
        }
        // Like the real server, items carry no kind/apiVersion (the list's say what they are).
        return [
            "kind": .string(d.listKind), "apiVersion": .string(d.apiVersion), "metadata": .object(meta),
            "items": .array(page.items.map(Self.withoutTypeMeta)),
        ]
    }

    static func withoutTypeMeta(_ object: JSONValue) -> JSONValue {
        guard case .object(var members) = object else { return object }
        members["kind"] = nil
        members["apiVersion"] = nil
        return .object(members)
    }

    static func metadataOnly(_ object: JSONValue) -> JSONValue {
        ["kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": object["metadata"] ?? .object([:])]
    }
}
