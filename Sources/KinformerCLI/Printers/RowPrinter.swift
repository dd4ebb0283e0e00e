import KubeModel

/// The columns of one resource and how to compute a row of them from an object: the columns
/// the API server's `meta.k8s.io/v1` Table transform defines for it (Kubernetes v1.20),
/// computed client-side from the informer's objects.
///
/// Built-in printers cover the common core and apps resources; a custom resource's printer
/// evaluates its `additionalPrinterColumns`; anything else gets NAME and AGE.
struct RowPrinter: Sendable {
    /// A column: its header (upper case, as kubectl prints it) and whether only `-o wide` shows it.
    struct Column: Sendable, Hashable {
        var name: String
        var wide = false
    }

    /// Every column, wide ones included, in the server's order.
    var columns: [Column]
    /// The cells of an object, one per column.
    var cells: @Sendable (DynamicObject) -> [Cell]
    /// Whether this printer needs only metadata (served by a metadata-only informer).
    var metadataOnly = false

    /// The printer of a built-in resource, or `nil` when there is none.
    static func builtin(for resource: ResourceDescriptor) -> RowPrinter? {
        switch (resource.group, resource.plural) {
        case ("", "pods"): return pods
        case ("apps", "deployments"): return deployments
        case ("", "services"): return services
        case ("", "nodes"): return nodes
        case ("", "events"): return events
        case ("", "configmaps"): return configMaps
        case ("", "secrets"): return secrets
        case ("", "namespaces"): return namespaces
        default: return nil
        }
    }

    /// NAME and AGE: for resources without a printer here. (The server itself shows NAME and
    /// CREATED AT for built-ins it has no printer for; AGE is the same fact, as kubectl shows it
    /// elsewhere.)
    static let nameAndAge = RowPrinter(
        columns: [Column(name: "NAME"), Column(name: "AGE")],
        cells: { [.text($0.name), .age(since: $0.created)] }, metadataOnly: true)

    /// The row of `object`.
    func row(_ object: DynamicObject) -> PrintedRow {
        PrintedRow(key: object.key, namespace: object.namespace, name: object.name, cells: cells(object))
    }

    /// An informer transform that replaces each object by its slim row (see ``PrintedRow``),
    /// keeping labels and owners when `indexFields` (for `--index`).
    func transform(indexFields: Bool) -> @Sendable (DynamicObject) -> DynamicObject {
        let cells = self.cells
        return { object in
            PrintedRow(key: object.key, namespace: object.namespace, name: object.name, cells: cells(object))
                .slimObject(from: object, indexFields: indexFields)
        }
    }
}
