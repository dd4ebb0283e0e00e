/// A change to a printed row, from an informer event.
enum RowEvent: Sendable, Hashable {
    case added(PrintedRow)
    case modified(PrintedRow)
    case deleted(PrintedRow)

    /// kubectl's name for the event (`--output-watch-events`).
    var name: String {
        switch self {
        case .added: return "ADDED"
        case .modified: return "MODIFIED"
        case .deleted: return "DELETED"
        }
    }

    var row: PrintedRow {
        switch self {
        case .added(let r), .modified(let r), .deleted(let r): return r
        }
    }
}
