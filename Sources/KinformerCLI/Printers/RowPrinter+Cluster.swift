import Foundation
import KubeModel

extension RowPrinter {
    /// Nodes: NAME, STATUS, ROLES, AGE, VERSION; wide: INTERNAL-IP, EXTERNAL-IP, OS-IMAGE,
    /// KERNEL-VERSION, CONTAINER-RUNTIME.
    static let nodes = RowPrinter(
        columns: ["NAME", "STATUS", "ROLES", "AGE", "VERSION"].map { Column(name: $0) }
            + ["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"].map {
                Column(name: $0, wide: true)
            },
        cells: { n in
            var status: [String] = []
            if let ready = n.array("status", "conditions").last(where: { $0.string("type") == "Ready" }) {
                status.append(ready.string("status") == "True" ? "Ready" : "NotReady")
            }
            if status.isEmpty { status.append("Unknown") }
            if n.field("spec", "unschedulable")?.boolValue == true { status.append("SchedulingDisabled") }
            var roles = Set<String>()
            for (key, value) in n.metadata.labels ?? [:] {
                if key.hasPrefix("node-role.kubernetes.io/") {
                    let role = String(key.dropFirst("node-role.kubernetes.io/".count))
                    if !role.isEmpty { roles.insert(role) }
                } else if key == "kubernetes.io/role", !value.isEmpty {
                    roles.insert(value)
                }
            }
            let address = { (type: String) in
                n.array("status", "addresses").first { $0.string("type") == type }?.string("address") ?? "<none>"
            }
            let info = { (key: String) in
                let value = n.string("status", "nodeInfo", key)
                return value.isEmpty ? "<unknown>" : value
            }
            return [
                .text(n.name), .text(status.joined(separator: ",")),
                .text(roles.isEmpty ? "<none>" : roles.sorted().joined(separator: ",")), .age(since: n.created),
                .text(n.string("status", "nodeInfo", "kubeletVersion")), .text(address("InternalIP")),
                .text(address("ExternalIP")), .text(info("osImage")), .text(info("kernelVersion")),
                .text(info("containerRuntimeVersion")),
            ]
        })

    /// Namespaces: NAME, STATUS, AGE.
    static let namespaces = RowPrinter(
        columns: ["NAME", "STATUS", "AGE"].map { Column(name: $0) },
        cells: { [.text($0.name), .text($0.string("status", "phase")), .age(since: $0.created)] })

    /// ConfigMaps: NAME, DATA (entries in data and binaryData), AGE.
    static let configMaps = RowPrinter(
        columns: ["NAME", "DATA", "AGE"].map { Column(name: $0) },
        cells: { c in
            let count = (c.field("data")?.objectValue?.count ?? 0) + (c.field("binaryData")?.objectValue?.count ?? 0)
            return [.text(c.name), .integer(Int64(count)), .age(since: c.created)]
        })

    /// Secrets: NAME, TYPE, DATA, AGE.
    static let secrets = RowPrinter(
        columns: ["NAME", "TYPE", "DATA", "AGE"].map { Column(name: $0) },
        cells: { s in
            [.text(s.name), .text(s.string("type")), .integer(Int64(s.field("data")?.objectValue?.count ?? 0)),
             .age(since: s.created)]
        })

    /// Events (core v1): LAST SEEN, TYPE, REASON, OBJECT, MESSAGE; wide adds SUBOBJECT, SOURCE,
    /// FIRST SEEN, COUNT, NAME in the server's order.
    static let events = RowPrinter(
        columns: [
            Column(name: "LAST SEEN"), Column(name: "TYPE"), Column(name: "REASON"), Column(name: "OBJECT"),
            Column(name: "SUBOBJECT", wide: true), Column(name: "SOURCE", wide: true), Column(name: "MESSAGE"),
            Column(name: "FIRST SEEN", wide: true), Column(name: "COUNT", wide: true), Column(name: "NAME", wide: true),
        ],
        cells: { e in
            let first: Int64? = e.field("firstTimestamp")?.epochSeconds ?? e.field("eventTime")?.epochSeconds
            var last: Int64? = e.field("lastTimestamp")?.epochSeconds ?? first
            var count = e.field("count")?.intValue ?? 0
            if let series = e.field("series"), !series.isNull {
                last = series["lastObservedTime"]?.epochSeconds
                count = series["count"]?.intValue ?? 0
            } else if count == 0 {
                count = 1
            }
            let kind = e.string("involvedObject", "kind").lowercased()
            let target = e.string("involvedObject", "name")
            var source = [e.string("source", "component")]
            let host = e.string("source", "host")
            if !host.isEmpty { source.append(host) }
            return [
                .age(since: last), .text(e.string("type")), .text(e.string("reason")),
                .text(target.isEmpty ? kind : "\(kind)/\(target)"), .text(e.string("involvedObject", "fieldPath")),
                .text(source.joined(separator: ", ")),
                .text(e.string("message").trimmingCharacters(in: .whitespacesAndNewlines)),
                .age(since: first), .integer(count), .text(e.name),
            ]
        })
}
