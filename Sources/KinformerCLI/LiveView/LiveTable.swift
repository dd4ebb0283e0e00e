/// The state of `kinformer get -w`: the rows as the informer last reported them and, once
/// live, what each event prints. Two ways to show it:
/// - appended lines (not a terminal): each event after the initial table prints one line in
///   the initial table's column widths, like `kubectl get -w`;
/// - a redrawn frame (a terminal): the whole table, recently added rows green, changed rows
///   yellow, deleted rows red until they fade out after ``highlightSeconds``.
///
/// Pure: time comes in as an argument; the shell (``LiveView``) writes the lines.
struct LiveTable: Sendable {
    enum Change: Sendable, Hashable { case added, modified, deleted }

    var table: ResourceTable
    /// Prefix each row with its event (kubectl's `--output-watch-events`).
    var showEvents = false
    /// How long a change stays highlighted in a frame.
    var highlightSeconds: Int64 = 3

    private(set) var rows: [String: PrintedRow] = [:]
    private(set) var changes: [String: (change: Change, at: Int64)] = [:]
    /// True once the initial table has been printed.
    private(set) var isLive = false
    private var widths: [Int] = []

    init(table: ResourceTable, showEvents: Bool = false) {
        self.table = table
        self.showEvents = showEvents
    }

    /// Applies an event; returns the line to append once live (appended mode).
    mutating func apply(_ event: RowEvent, now: Int64) -> String? {
        let row = event.row
        switch event {
        case .added:
            rows[row.key] = row
            changes[row.key] = (.added, now)
        case .modified:
            rows[row.key] = row
            if changes[row.key]?.change != .added || !isLive { changes[row.key] = (.modified, now) }
        case .deleted:
            rows[row.key] = row
            changes[row.key] = (.deleted, now)
        }
        guard isLive else {
            if case .deleted = event { rows[row.key] = nil; changes[row.key] = nil }
            return nil
        }
        let cells = (showEvents ? [event.name] : []) + table.cells(row, now: now)
        return ResourceTable.line(cells, widths: widths)
    }

    /// The initial table (every row as ADDED with events shown); from now on events print.
    mutating func goLive(now: Int64) -> [String] {
        isLive = true
        changes = [:]
        let current = Array(rows.values)
        widths = (showEvents ? [8] : []) + table.widths(current, now: now)
        if current.isEmpty { return table.noHeaders ? [] : [headerLine] }
        let sorted = table.sorted(current)
        let body = sorted.map { ResourceTable.line((showEvents ? ["ADDED"] : []) + table.cells($0, now: now), widths: widths) }
        return table.noHeaders ? body : [headerLine] + body
    }

    private var headerLine: String {
        ResourceTable.line((showEvents ? ["EVENT"] : []) + table.headers, widths: widths)
    }

    /// The whole table for a terminal `maxLines` high, with ANSI colours on recent changes;
    /// rows deleted longer than ``highlightSeconds`` ago are dropped. Rows that do not fit end
    /// in a `… N more` line.
    mutating func frame(now: Int64, maxLines: Int) -> [String] {
        for (key, change) in changes where now - change.at >= highlightSeconds {
            changes[key] = nil
            if change.change == .deleted { rows[key] = nil }
        }
        let sorted = table.sorted(Array(rows.values))
        let lines = TableRenderer(headers: table.headers).render(sorted.map { table.cells($0, now: now) })
        var out = table.noHeaders ? [] : [lines[0]]
        let budget = max(maxLines - out.count - 1, 1)
        for (row, line) in zip(sorted, lines.dropFirst()).prefix(budget) {
            out.append(Self.colour(line, changes[row.key]?.change))
        }
        if sorted.count > budget { out.append("… \(sorted.count - budget) more") }
        return out
    }

    static func colour(_ line: String, _ change: Change?) -> String {
        switch change {
        case .added: return "\u{1B}[32m" + line + "\u{1B}[0m"
        case .modified: return "\u{1B}[33m" + line + "\u{1B}[0m"
        case .deleted: return "\u{1B}[9;31m" + line + "\u{1B}[0m"
        case nil: return line
        }
    }
}
