import KubeModel

extension RowPrinter {
    /// Deployments: NAME, READY (ready/desired), UP-TO-DATE, AVAILABLE, AGE; wide: CONTAINERS,
    /// IMAGES, SELECTOR.
    static let deployments = RowPrinter(
        columns: ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"].map { Column(name: $0) }
            + ["CONTAINERS", "IMAGES", "SELECTOR"].map { Column(name: $0, wide: true) },
        cells: { d in
            let desired = d.field("spec", "replicas")?.intValue ?? 0
            let int = { (key: String) in d.field("status", key)?.intValue ?? 0 }
            let containers = d.array("spec", "template", "spec", "containers")
            return [
                .text(d.name), .text("\(int("readyReplicas"))/\(desired)"), .integer(int("updatedReplicas")),
                .integer(int("availableReplicas")), .age(since: d.created),
                .text(containers.map { $0.string("name") }.joined(separator: ",")),
                .text(containers.map { $0.string("image") }.joined(separator: ",")),
                .text(selectorString(d.field("spec", "selector"))),
            ]
        })

    /// A `LabelSelector` as the server prints it: requirements sorted by key, `k=v`,
    /// `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, joined by commas; `<none>` for a missing selector.
    static func selectorString(_ selector: JSONValue?) -> String {
        guard let selector, !selector.isNull else { return "<none>" }
        var requirements: [(key: String, text: String)] = []
        for (key, value) in selector["matchLabels"]?.objectValue ?? [:] {
            requirements.append((key, "\(key)=\(value.stringValue ?? "")"))
        }
        for expression in selector["matchExpressions"]?.arrayValue ?? [] {
            let key = expression.string("key")
            let values = (expression["values"]?.arrayValue ?? []).compactMap(\.stringValue).sorted()
            switch expression.string("operator") {
            case "In": requirements.append((key, "\(key) in (\(values.joined(separator: ",")))"))
            case "NotIn": requirements.append((key, "\(key) notin (\(values.joined(separator: ",")))"))
            case "Exists": requirements.append((key, key))
            case "DoesNotExist": requirements.append((key, "!" + key))
            default: return "<invalid>"
            }
        }
        return requirements.sorted { $0.key < $1.key }.map(\.text).joined(separator: ",")
    }

    /// A label map as `k=v,…` sorted by key; `<none>` when empty.
    static func labelsString(_ labels: JSONValue?) -> String {
        let pairs = (labels?.objectValue ?? [:]).map { "\($0.key)=\($0.value.stringValue ?? "")" }.sorted()
        return pairs.isEmpty ? "<none>" : pairs.joined(separator: ",")
    }
}
