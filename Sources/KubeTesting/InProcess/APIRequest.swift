import Foundation
import KubeModel
import NIOHTTP1

/// A parsed HTTP request: what it addresses and with which verb.
struct APIRequest: Sendable {
    enum Target: Sendable {
        case root
        case health
        case version
        case coreVersions
        case groupList
        case resourceList(group: String, version: String)
        case resource(RegisteredResource, namespace: String?, name: String?, subresource: String?)
    }

    var method: HTTPMethod
    var path: String
    var rawQuery: String
    var query: [String: String]
    var headers: HTTPHeaders
    var target: Target?
    var verb: String

    init(head: HTTPRequestHead, core: ServerCore) {
        method = head.method
        headers = head.headers
        let parts = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        path = String(parts.first ?? "")
        rawQuery = parts.count > 1 ? String(parts[1]) : ""
        query = Self.parseQuery(rawQuery)
        target = Self.route(path, core: core)
        verb = "unknown"
        verb = Self.verb(method: method, target: target, watch: isWatch)
    }

    var isWatch: Bool { query["watch"] == "1" || query["watch"] == "true" }

    var resourceName: String? {
        if case .resource(let r, _, _, _)? = target { return r.descriptor.description }
        return nil
    }

    var subresource: String? {
        if case .resource(_, _, _, let s)? = target { return s }
        return nil
    }

    /// Whether a label or field selector filters the request.
    var hasSelector: Bool {
        !(query["labelSelector"] ?? "").isEmpty || !(query["fieldSelector"] ?? "").isEmpty
    }

    /// Whether the client asked for metadata-only objects (`as=PartialObjectMetadata[List]`).
    var wantsMetadataOnly: Bool {
        headers[canonicalForm: "Accept"].contains { $0.contains("as=PartialObjectMetadata") }
    }

    static func parseQuery(_ raw: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in raw.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let plus = s.replacingOccurrences(of: "+", with: " ")
                return plus.removingPercentEncoding ?? plus
            }
            result[decode(kv[0])] = kv.count > 1 ? decode(kv[1]) : ""
        }
        return result
    }

    static func route(_ path: String, core: ServerCore) -> Target? {
        let segs = path.split(separator: "/").map(String.init)
        switch segs.count {
        case 0: return .root
        case 1:
            switch segs[0] {
            case "healthz", "readyz", "livez": return .health
            case "version": return .version
            case "api": return .coreVersions
            case "apis": return .groupList
            default: return nil
            }
        default: break
        }
        if segs[0] == "healthz" || segs[0] == "readyz" || segs[0] == "livez" { return .health }
        let group: String
        let version: String
        var rest: ArraySlice<String>
        if segs[0] == "api" {
            group = ""
            version = segs[1]
            rest = segs[2...]
        } else if segs[0] == "apis", segs.count >= 3 {
            group = segs[1]
            version = segs[2]
            rest = segs[3...]
        } else {
            return nil
        }
        if rest.isEmpty { return .resourceList(group: group, version: version) }
        var namespace: String?
        if rest.count >= 3, rest.first == "namespaces",
            let r = core.resource(group: group, version: version, plural: rest[rest.startIndex + 2]), r.descriptor.namespaced
        {
            namespace = rest[rest.startIndex + 1]
            rest = rest.dropFirst(2)
        }
        guard rest.count <= 3, let r = core.resource(group: group, version: version, plural: rest.first!) else { return nil }
        let name = rest.count > 1 ? rest[rest.startIndex + 1] : nil
        let sub = rest.count > 2 ? rest[rest.startIndex + 2] : nil
        if let sub, sub != "status" { return nil }
        return .resource(r, namespace: namespace, name: name, subresource: sub)
    }

    static func verb(method: HTTPMethod, target: Target?, watch: Bool) -> String {
        switch target {
        case nil: return "unknown"
        case .root, .coreVersions, .groupList, .resourceList: return "discovery"
        case .health: return "health"
        case .version: return "version"
        case .resource(_, _, let name, _)?:
            switch (method, name == nil) {
            case (.GET, true): return watch ? "watch" : "list"
            case (.GET, false): return watch ? "watch" : "get"
            case (.POST, _): return "create"
            case (.PUT, _): return "update"
            case (.PATCH, _): return "patch"
            case (.DELETE, true): return "deletecollection"
            case (.DELETE, false): return "delete"
            default: return "unknown"
            }
        }
    }
}
