import KubeModel

/// An object as a row of cells: what the table and the live view need, nothing more.
///
/// For the built-in printers and custom resources, the informer's transform turns each object
/// into a slim ``DynamicObject`` holding only its identity and its cells (``slimObject``), so
/// the cache holds rows, not whole objects: 10k pods cost a few MiB instead of hundreds.
struct PrintedRow: Sendable, Hashable {
    /// `namespace/name` or `name`: the cache key.
    var key: String
    var namespace: String?
    var name: String
    var cells: [Cell]

    /// The field of a slim object that holds the cells.
    static let field = "kinformer.io/row"

    /// A slim object carrying this row: metadata identity only (name, namespace, uid,
    /// resourceVersion, creationTimestamp; labels and owners when `indexFields`, for `--index`)
    /// and the cells.
    func slimObject(from object: DynamicObject, indexFields: Bool = false) -> DynamicObject {
        var metadata = ObjectMeta()
        metadata.name = object.metadata.name
        metadata.namespace = object.metadata.namespace
        metadata.uid = object.metadata.uid
        metadata.resourceVersion = object.metadata.resourceVersion
        metadata.creationTimestamp = object.metadata.creationTimestamp
        if indexFields {
            metadata.labels = object.metadata.labels
            metadata.ownerReferences = object.metadata.ownerReferences
        }
        return DynamicObject(metadata: metadata, content: [Self.field: .array(cells.map(\.json))])
    }

    /// The row kept in a slim object; `nil` for an object that is not one.
    init?(slim object: DynamicObject) {
        guard let cells = object.content[Self.field]?.arrayValue else { return nil }
        self.init(key: object.key, namespace: object.namespace, name: object.name, cells: cells.map(Cell.init(json:)))
    }

    init(key: String, namespace: String?, name: String, cells: [Cell]) {
        self.key = key
        self.namespace = namespace
        self.name = name
        self.cells = cells
    }
}
