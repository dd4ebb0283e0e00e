import ArgumentParser

/// `kinformer get -o`: how objects are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// The resource's columns (the default).
    case table
    /// The columns and the wide ones (`-o wide`).
    case wide
    /// `kind.group/name` per object.
    case name
    /// A `List` of the objects as the server sent them, as JSON.
    case json
    /// The same `List` as YAML.
    case yaml

    /// Whether this format prints rows of columns.
    var isTable: Bool { self == .table || self == .wide }
}
