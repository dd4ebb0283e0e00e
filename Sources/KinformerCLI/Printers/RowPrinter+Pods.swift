import KubeModel

extension RowPrinter {
    /// Pods: NAME, READY, STATUS, RESTARTS, AGE; wide: IP, NODE, NOMINATED NODE, READINESS GATES.
    /// STATUS follows the server's rules: the first unfinished init container (`Init:…`), else
    /// the last container's waiting or terminated reason, `Terminating` once deleted.
    static let pods = RowPrinter(
        columns: ["NAME", "READY", "STATUS", "RESTARTS", "AGE"].map { Column(name: $0) }
            + ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"].map { Column(name: $0, wide: true) },
        cells: podCells)

    static func podCells(_ pod: DynamicObject) -> [Cell] {
        let status = pod.field("status")
        let totalContainers = pod.array("spec", "containers").count
        var restarts: Int64 = 0
        var ready = 0
        var reason = status?.string("phase") ?? ""
        if let r = status?.string("reason"), !r.isEmpty { reason = r }

        let initContainers = pod.array("spec", "initContainers").count
        var initializing = false
        for (i, container) in pod.array("status", "initContainerStatuses").enumerated() {
            restarts += container["restartCount"]?.intValue ?? 0
            let terminated = container["state"]?["terminated"]
            let waiting = container["state"]?["waiting"]
            if let terminated, (terminated["exitCode"]?.intValue ?? 0) == 0 {
                continue
            } else if let terminated {
                let why = terminated.string("reason")
                if why.isEmpty {
                    let signal = terminated["signal"]?.intValue ?? 0
                    reason = signal != 0 ? "Init:Signal:\(signal)" : "Init:ExitCode:\(terminated["exitCode"]?.intValue ?? 0)"
                } else {
                    reason = "Init:" + why
                }
            } else if let waiting, !waiting.string("reason").isEmpty, waiting.string("reason") != "PodInitializing" {
                reason = "Init:" + waiting.string("reason")
            } else {
                reason = "Init:\(i)/\(initContainers)"
            }
            initializing = true
            break
        }
        if !initializing {
            restarts = 0
            var hasRunning = false
            for container in pod.array("status", "containerStatuses").reversed() {
                restarts += container["restartCount"]?.intValue ?? 0
                let state = container["state"]
                if let waiting = state?["waiting"], !waiting.string("reason").isEmpty {
                    reason = waiting.string("reason")
                } else if let terminated = state?["terminated"], !terminated.string("reason").isEmpty {
                    reason = terminated.string("reason")
                } else if let terminated = state?["terminated"] {
                    let signal = terminated["signal"]?.intValue ?? 0
                    reason = signal != 0 ? "Signal:\(signal)" : "ExitCode:\(terminated["exitCode"]?.intValue ?? 0)"
                } else if container["ready"]?.boolValue == true, state?["running"] != nil {
                    hasRunning = true
                    ready += 1
                }
            }
            if reason == "Completed" && hasRunning {
                let podReady = pod.array("status", "conditions").contains {
                    $0.string("type") == "Ready" && $0.string("status") == "True"
                }
                reason = podReady ? "Running" : "NotReady"
            }
        }
        if pod.metadata.deletionTimestamp != nil {
            reason = status?.string("reason") == "NodeLost" ? "Unknown" : "Terminating"
        }

        var ip = pod.array("status", "podIPs").first?.string("ip") ?? ""
        if ip.isEmpty { ip = "<none>" }
        let node = pod.string("spec", "nodeName")
        let nominated = pod.string("status", "nominatedNodeName")
        var gates = "<none>"
        let readinessGates = pod.array("spec", "readinessGates")
        if !readinessGates.isEmpty {
            let conditions = pod.array("status", "conditions")
            let trueCount = readinessGates.filter { gate in
                conditions.first { $0.string("type") == gate.string("conditionType") }?.string("status") == "True"
            }.count
            gates = "\(trueCount)/\(readinessGates.count)"
        }
        return [
            .text(pod.name), .text("\(ready)/\(totalContainers)"), .text(reason), .integer(restarts),
            .age(since: pod.created), .text(ip), .text(node.isEmpty ? "<none>" : node),
            .text(nominated.isEmpty ? "<none>" : nominated), .text(gates),
        ]
    }
}
