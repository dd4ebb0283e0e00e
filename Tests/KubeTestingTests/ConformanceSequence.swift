import Foundation
import KubeModel
import NIOHTTP1

/// The raw request sequences of the conformance check. Each returns a transcript: one line per
/// step, `step: outcome`, where the outcome holds only what both servers should agree on
/// (status code, `Status` reason, counts, orderings, invariants) — never resourceVersions,
/// uids or timestamps themselves.
enum ConformanceSequence {
    typealias Transcript = [(step: String, outcome: String)]

    static let cm = "/api/v1/namespaces/%@/configmaps"

    static func configMap(_ name: String, labels: [String: String] = [:], data: [String: String] = [:], rv: String? = nil) -> JSONValue {
        var metadata: [String: JSONValue] = ["name": .string(name)]
        if !labels.isEmpty { metadata["labels"] = .object(labels.mapValues { .string($0) }) }
        if let rv { metadata["resourceVersion"] = .string(rv) }
        return ["apiVersion": "v1", "kind": "ConfigMap", "metadata": .object(metadata), "data": .object(data.mapValues { .string($0) })]
    }

    static func details(_ r: ConformanceTarget.Response) -> String {
        guard let d = r.json["details"] else { return "" }
        return " details=\(d["kind"]?.stringValue ?? "")/\(d["name"]?.stringValue ?? "")"
    }

    static func rv(_ r: ConformanceTarget.Response) -> Int64 { Int64(r.resourceVersion ?? "") ?? -1 }

    static func dataKeys(_ r: ConformanceTarget.Response) -> String {
        (r.json["data"]?.objectValue?.keys.sorted() ?? []).joined(separator: ",")
    }

    /// Namespace creation plus create / get / update (conflicts) / patch / delete of ConfigMaps.
    static func crud(_ t: ConformanceTarget, namespace ns: String) async throws -> Transcript {
        var out: Transcript = []
        let base = String(format: cm, ns)
        let nsr = try await t.send(.POST, "/api/v1/namespaces", body: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(ns)]])
        out.append(("create namespace", "\(nsr) kind=\(nsr.json["kind"]?.stringValue ?? "")"))

        let created = try await t.send(.POST, base, body: configMap("one", data: ["a": "1"]))
        let hasMeta = created.resourceVersion != nil && created.json["metadata"]?["uid"]?.stringValue != nil
            && created.json["metadata"]?["creationTimestamp"]?.stringValue != nil
        out.append(("create", "\(created) kind=\(created.json["kind"]?.stringValue ?? "") rv+uid+timestamp=\(hasMeta)"))
        let duplicate = try await t.send(.POST, base, body: configMap("one"))
        out.append(("create duplicate", "\(duplicate)\(details(duplicate))"))
        let got = try await t.get(base + "/one")
        out.append(("get", "\(got) sameRV=\(got.resourceVersion == created.resourceVersion) data=\(dataKeys(got))"))
        let missing = try await t.get(base + "/missing")
        out.append(("get missing", "\(missing)\(details(missing))"))
        let missingNS = try await t.get("/api/v1/namespaces/\(ns)-none/configmaps/one")
        out.append(("get in missing namespace", "\(missingNS)"))

        let updated = try await t.send(.PUT, base + "/one", body: configMap("one", data: ["a": "2"], rv: created.resourceVersion))
        out.append(("update with current rv", "\(updated) rvIncreased=\(rv(updated) > rv(created))"))
        let stale = try await t.send(.PUT, base + "/one", body: configMap("one", data: ["a": "3"], rv: created.resourceVersion))
        out.append(("update with stale rv", "\(stale)\(details(stale))"))
        let unconditional = try await t.send(.PUT, base + "/one", body: configMap("one", data: ["a": "4"]))
        out.append(("update without rv", "\(unconditional) rvIncreased=\(rv(unconditional) > rv(updated))"))
        let mismatch = try await t.send(.PUT, base + "/one", body: configMap("two", data: ["a": "4"]))
        out.append(("update name mismatch", "\(mismatch)"))
        let updateMissing = try await t.send(.PUT, base + "/missing", body: configMap("missing"))
        out.append(("update missing", "\(updateMissing)"))

        let merge = try await t.send(.PATCH, base + "/one", body: ["data": ["b": "1"]], contentType: "application/merge-patch+json")
        out.append(("merge patch", "\(merge) data=\(dataKeys(merge)) rvIncreased=\(rv(merge) > rv(unconditional))"))
        let mergeDelete = try await t.send(.PATCH, base + "/one", body: ["data": ["b": nil]], contentType: "application/merge-patch+json")
        out.append(("merge patch null deletes", "\(mergeDelete) data=\(dataKeys(mergeDelete))"))
        let json = try await t.send(
            .PATCH, base + "/one", body: [["op": "add", "path": "/data/c", "value": "1"]], contentType: "application/json-patch+json")
        out.append(("json patch", "\(json) data=\(dataKeys(json))"))
        let strategic = try await t.send(
            .PATCH, base + "/one", body: ["data": ["d": "1"]], contentType: "application/strategic-merge-patch+json")
        out.append(("strategic merge patch", "\(strategic) data=\(dataKeys(strategic))"))
        let stalePatch = try await t.send(
            .PATCH, base + "/one", body: ["metadata": ["resourceVersion": .string(created.resourceVersion ?? "")], "data": ["e": "1"]],
            contentType: "application/merge-patch+json")
        out.append(("merge patch with stale rv", "\(stalePatch)"))
        let unsupported = try await t.send(.PATCH, base + "/one", body: ["data": ["x": "1"]], contentType: "text/plain")
        out.append(("patch unsupported type", "\(unsupported)"))
        let patchMissing = try await t.send(.PATCH, base + "/missing", body: ["data": ["x": "1"]], contentType: "application/merge-patch+json")
        out.append(("patch missing", "\(patchMissing)\(details(patchMissing))"))

        let wrongUID = try await t.send(
            .DELETE, base + "/one", body: ["apiVersion": "v1", "kind": "DeleteOptions", "preconditions": ["uid": "not-the-uid"]])
        out.append(("delete wrong uid", "\(wrongUID)"))
        let staleRV = try await t.send(
            .DELETE, base + "/one",
            body: ["apiVersion": "v1", "kind": "DeleteOptions", "preconditions": ["resourceVersion": .string(created.resourceVersion ?? "")]])
        out.append(("delete stale rv", "\(staleRV)"))
        let deleted = try await t.send(.DELETE, base + "/one")
        out.append(("delete", "\(deleted.code) kind=\(deleted.json["kind"]?.stringValue ?? "")"))
        out.append(("get after delete", "\(try await t.get(base + "/one"))"))
        out.append(("delete again", "\(try await t.send(.DELETE, base + "/one"))"))
        return out
    }

    /// List resourceVersion semantics and pagination.
    static func lists(_ t: ConformanceTarget, namespace ns: String) async throws -> Transcript {
        var out: Transcript = []
        let base = String(format: cm, ns)
        _ = try await t.send(.POST, "/api/v1/namespaces", body: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(ns)]])
        var itemRVs: [Int64] = []
        for i in 0..<5 {
            let r = try await t.send(.POST, base, body: configMap("p-\(i)", labels: ["set": "page"]))
            itemRVs.append(rv(r))
        }
        let sel = "labelSelector=set%3Dpage"
        let list = try await t.get("\(base)?\(sel)")
        let items = list.json["items"]?.arrayValue ?? []
        out.append(("list", "\(list) kind=\(list.json["kind"]?.stringValue ?? "") items=\(items.count) listRV>=itemRVs=\(itemRVs.allSatisfy { rv(list) >= $0 })"))
        let names = items.map(\.objectName)
        out.append(("list order", "sortedByName=\(names == names.sorted())"))
        let itemsCarryRV = items.allSatisfy { $0["metadata"]?["resourceVersion"]?.stringValue != nil }
        out.append(("list items", "kindOnItems=\(items.first?["kind"] != nil) rvOnItems=\(itemsCarryRV)"))

        let zero = try await t.get("\(base)?\(sel)&resourceVersion=0")
        out.append(("list rv=0", "\(zero) rvPresent=\(zero.resourceVersion != nil)"))
        let notOlder = try await t.get("\(base)?\(sel)&resourceVersion=\(rv(list))&resourceVersionMatch=NotOlderThan")
        out.append(("list NotOlderThan list rv", "\(notOlder) items=\(notOlder.json["items"]?.arrayValue?.count ?? -1)"))
        let exact = try await t.get("\(base)?\(sel)&resourceVersion=\(itemRVs[0])&resourceVersionMatch=Exact")
        out.append(("list Exact at first item rv", "\(exact) items=\(exact.json["items"]?.arrayValue?.count ?? -1)"))
        let matchWithoutRV = try await t.get("\(base)?\(sel)&resourceVersionMatch=NotOlderThan")
        out.append(("list match without rv", "\(matchWithoutRV)"))
        let badRV = try await t.get("\(base)?\(sel)&resourceVersion=abc")
        out.append(("list invalid rv", "\(badRV)"))

        // Pagination.
        var pages: [Int] = []
        var pageRVs: Set<String> = []
        var paged: [String] = []
        var token: String?
        var remaining: [Int64] = []
        repeat {
            let query = token.map { "&continue=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" } ?? ""
            let page = try await t.get("\(base)?\(sel)&limit=2\(query)")
            guard page.code == 200 else {
                out.append(("page", "\(page)"))
                break
            }
            let items = page.json["items"]?.arrayValue ?? []
            pages.append(items.count)
            paged += items.map(\.objectName)
            pageRVs.insert(page.resourceVersion ?? "")
            token = page.json["metadata"]?["continue"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            if let n = page.json["metadata"]?["remainingItemCount"]?.intValue { remaining.append(n) }
        } while token != nil && pages.count < 10
        out.append(("pages of 2", "sizes=\(pages.map(String.init).joined(separator: ",")) remaining=\(remaining.map(String.init).joined(separator: ","))"))
        out.append(("pages", "allItemsOnce=\(paged.sorted() == names.sorted() && Set(paged).count == paged.count) sameRV=\(pageRVs.count == 1)"))
        let invalid = try await t.get("\(base)?\(sel)&limit=2&continue=not-a-token")
        out.append(("invalid continue", "\(invalid)"))
        let zeroLimit = try await t.get("\(base)?\(sel)&limit=2&resourceVersion=0")
        out.append(("limit with rv=0", "\(zeroLimit) items=\(zeroLimit.json["items"]?.arrayValue?.count ?? -1) continue=\(!(zeroLimit.json["metadata"]?["continue"]?.stringValue ?? "").isEmpty)"))
        return out
    }

    /// Watch events in order from a resourceVersion, and the initial events of rv=0 / no rv.
    static func watches(_ t: ConformanceTarget, namespace ns: String) async throws -> Transcript {
        var out: Transcript = []
        let base = String(format: cm, ns)
        _ = try await t.send(.POST, "/api/v1/namespaces", body: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(ns)]])
        let sel = "labelSelector=set%3Dwatch"
        let start = try await t.get("\(base)?\(sel)")
        let labels = ["set": "watch"]
        _ = try await t.send(.POST, base, body: configMap("w-a", labels: labels))
        _ = try await t.send(.PUT, base + "/w-a", body: configMap("w-a", labels: labels, data: ["k": "v"]))
        _ = try await t.send(.POST, base, body: configMap("w-b", labels: labels))
        _ = try await t.send(.POST, base, body: configMap("w-other"))  // filtered out by the selector
        _ = try await t.send(.DELETE, base + "/w-a")
        let fromRV = try await t.watch("\(base)?watch=1&\(sel)&resourceVersion=\(start.resourceVersion ?? "")&timeoutSeconds=10&allowWatchBookmarks=true", count: 4)
        let rvs = fromRV.events.map { Int64($0["object"]?["metadata"]?["resourceVersion"]?.stringValue ?? "") ?? -1 }
        out.append(("watch from rv", "\(fromRV.code) \(describe(fromRV.events)) rvIncreasing=\(zip(rvs, rvs.dropFirst()).allSatisfy { $0 < $1 })"))
        let zero = try await t.watch("\(base)?watch=1&\(sel)&resourceVersion=0&timeoutSeconds=2", count: 1)
        out.append(("watch rv=0", "\(zero.code) \(describe(zero.events))"))
        let none = try await t.watch("\(base)?watch=1&\(sel)&timeoutSeconds=2", count: 1)
        out.append(("watch no rv", "\(none.code) \(describe(none.events))"))
        let one = try await t.watch("\(base)?watch=1&fieldSelector=metadata.name%3Dw-b&resourceVersion=\(start.resourceVersion ?? "")&timeoutSeconds=2", count: 1)
        out.append(("watch field selector", "\(one.code) \(describe(one.events))"))
        let bad = try await t.watch("\(base)?watch=1&resourceVersion=abc", count: 1)
        out.append(("watch invalid rv", "\(bad.code) \(bad.events.first.map { ConformanceTarget.Response(code: bad.code, json: $0).reason } ?? "")"))
        return out
    }

    static func describe(_ events: [JSONValue]) -> String {
        events.map { "\($0["type"]?.stringValue ?? "?") \($0["object"]?.objectName ?? "")" }.joined(separator: ", ")
    }

    /// What a watch from an expired resourceVersion returns: HTTP 410, or an ERROR event.
    static func expiredWatch(_ t: ConformanceTarget, path: String) async throws -> String {
        let w = try await t.watch(path, count: 1)
        guard let first = w.events.first else { return "\(w.code) no events" }
        if w.code != 200 {
            return "HTTP \(w.code) \(ConformanceTarget.Response(code: w.code, json: first).reason)"
        }
        let object = first["object"] ?? .null
        return "\(first["type"]?.stringValue ?? "?") event code=\(object["code"]?.intValue ?? -1) reason=\(object["reason"]?.stringValue ?? "")"
    }
}
