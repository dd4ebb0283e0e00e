import KubeModel

extension RowPrinter {
    /// Services: NAME, TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S), AGE; wide: SELECTOR.
    static let services = RowPrinter(
        columns: ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"].map { Column(name: $0) }
            + [Column(name: "SELECTOR", wide: true)],
        cells: { s in
            let clusterIP = s.array("spec", "clusterIPs").first?.stringValue ?? "<none>"
            let ports = s.array("spec", "ports").map { port -> String in
                let number = port["port"]?.intValue ?? 0
                let proto = port.string("protocol")
                if let nodePort = port["nodePort"]?.intValue, nodePort > 0 { return "\(number):\(nodePort)/\(proto)" }
                return "\(number)/\(proto)"
            }.joined(separator: ",")
            return [
                .text(s.name), .text(s.string("spec", "type")), .text(clusterIP), .text(externalIP(s)),
                .text(ports.isEmpty ? "<none>" : ports), .age(since: s.created),
                .text(labelsString(s.field("spec", "selector"))),
            ]
        })

    /// EXTERNAL-IP by service type, as the server computes it with `wide` on (no truncation).
    static func externalIP(_ s: DynamicObject) -> String {
        let externalIPs = s.array("spec", "externalIPs").compactMap(\.stringValue)
        switch s.string("spec", "type") {
        case "ClusterIP", "NodePort":
            return externalIPs.isEmpty ? "<none>" : externalIPs.joined(separator: ",")
        case "LoadBalancer":
            let ingress = s.array("status", "loadBalancer", "ingress").compactMap { entry -> String? in
                let ip = entry.string("ip")
                if !ip.isEmpty { return ip }
                let host = entry.string("hostname")
                return host.isEmpty ? nil : host
            }
            let all = ingress + externalIPs
            return all.isEmpty ? "<pending>" : all.joined(separator: ",")
        case "ExternalName":
            return s.string("spec", "externalName")
        default:
            return "<unknown>"
        }
    }
}
