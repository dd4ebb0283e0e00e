/// The rows of one resource laid out as kubectl lays them out: which columns show (`-o wide`,
/// NAMESPACE first across namespaces), in which order (by namespace and name, or
/// `--sort-by`), with or without headers. Pure: rendering takes the current time.
struct ResourceTable: Sendable {
    var printer: RowPrinter
    var wide = false
    var showNamespace = false
    var noHeaders = false
    /// The column to sort by (its header, case-insensitive), or `nil` for namespace and name.
    var sortBy: String?

    /// What `--sort-by` can name: a column header or the JSONPath of NAME, NAMESPACE or AGE.
    /// - Throws: ``CLIError`` with the columns there are.
    func validateSort() throws(CLIError) {
        guard let sortBy else { return }
        if sortIndex(sortBy) == nil {
            let names = headers.joined(separator: ", ")
            throw CLIError(.invalidArgument, "--sort-by \(sortBy): no such column; the columns are \(names).")
        }
    }

    /// The indexes into a printer row of the columns shown.
    var shownIndexes: [Int] { printer.columns.indices.filter { wide || !printer.columns[$0].wide } }

    /// The headers shown.
    var headers: [String] { (showNamespace ? ["NAMESPACE"] : []) + shownIndexes.map { printer.columns[$0].name } }

    /// The shown cells of a row at `now`.
    func cells(_ row: PrintedRow, now: Int64) -> [String] {
        (showNamespace ? [row.namespace ?? ""] : []) + shownIndexes.map { i in
            i < row.cells.count ? row.cells[i].render(now: now) : "<unknown>"
        }
    }

    /// `rows` in display order.
    func sorted(_ rows: [PrintedRow]) -> [PrintedRow] {
        let byKey = rows.sorted { ($0.namespace ?? "", $0.name) < ($1.namespace ?? "", $1.name) }
        guard let sortBy, let index = sortIndex(sortBy) else { return byKey }
        // Stable: equal cells keep namespace/name order.
        return byKey.enumerated().sorted { a, b in
            let (x, y) = (sortCell(a.element, index), sortCell(b.element, index))
            if Cell.precedes(x, y) { return true }
            if Cell.precedes(y, x) { return false }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// The lines of the table: headers (unless `noHeaders`), then one line per row.
    func render(_ rows: [PrintedRow], now: Int64) -> [String] {
        let lines = sorted(rows).map { cells($0, now: now) }
        let all = TableRenderer(headers: headers).render(lines)
        return noHeaders ? Array(all.dropFirst()) : all
    }

    /// The width of each shown column for these rows (headers included), for lines appended
    /// later in the same layout.
    func widths(_ rows: [PrintedRow], now: Int64) -> [Int] {
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in cells(row, now: now).enumerated() where i < widths.count {
                widths[i] = max(widths[i], cell.count)
            }
        }
        return widths
    }

    /// One line in fixed column widths (three spaces apart, no trailing spaces).
    static func line(_ cells: [String], widths: [Int]) -> String {
        var line = ""
        for (i, cell) in cells.enumerated() {
            if i == cells.count - 1 {
                line += cell
            } else {
                let width = i < widths.count ? widths[i] : cell.count
                line += cell + String(repeating: " ", count: max(width - cell.count, 0) + 3)
            }
        }
        while line.last == " " { line.removeLast() }
        return line
    }

    // A sort index: -1 for NAMESPACE, else a printer column.
    private func sortIndex(_ name: String) -> Int? {
        let wanted = name.uppercased()
        switch wanted {
        case "NAMESPACE", ".METADATA.NAMESPACE", "{.METADATA.NAMESPACE}": return -1
        case ".METADATA.NAME", "{.METADATA.NAME}": return printer.columns.firstIndex { $0.name == "NAME" } ?? -2
        case ".METADATA.CREATIONTIMESTAMP", "{.METADATA.CREATIONTIMESTAMP}":
            return printer.columns.firstIndex { $0.name == "AGE" }
        default: return printer.columns.firstIndex { $0.name == wanted }
        }
    }

    private func sortCell(_ row: PrintedRow, _ index: Int) -> Cell {
        if index == -1 { return .text(row.namespace ?? "") }
        if index == -2 { return .text(row.name) }
        return index < row.cells.count ? row.cells[index] : .none
    }
}
