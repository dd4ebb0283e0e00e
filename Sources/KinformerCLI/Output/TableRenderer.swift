/// Lays out rows as kubectl does: upper-case headers, left-aligned columns separated by at
/// least three spaces, no trailing spaces. Pure: no I/O.
struct TableRenderer: Sendable {
    /// Column headers, e.g. `["NAMESPACE", "NAME", "AGE"]`.
    var headers: [String]
    /// Spaces between columns.
    var padding = 3

    /// The lines of the table, header first. Short rows are padded with empty cells.
    func render(_ rows: [[String]]) -> [String] {
        let all = [headers] + rows
        var widths = [Int](repeating: 0, count: headers.count)
        for row in all {
            for (i, cell) in row.prefix(headers.count).enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        return all.map { row in
            var line = ""
            for i in 0..<headers.count {
                let cell = i < row.count ? row[i] : ""
                if i == headers.count - 1 {
                    line += cell
                } else {
                    line += cell + String(repeating: " ", count: widths[i] - cell.count + padding)
                }
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }
}
