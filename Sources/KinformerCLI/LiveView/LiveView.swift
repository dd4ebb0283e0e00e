import KubeSupport

/// The shell around ``LiveTable``: applies the informer's row events under a lock and writes
/// what they print — appended lines, or on a terminal the whole table redrawn in place (the
/// cursor moved up over the previous frame, which is then cleared).
///
/// Checked in a pseudo-terminal: `script -qfc "kinformer get ns -w" out` while a namespace is
/// created and deleted shows each frame after `CR ESC[8A ESC[J`, the new row in `ESC[32m`, its
/// `Terminating` state in `ESC[33m`, the AGE column ticking; Ctrl-C ends it with status 0.
final class LiveView<Output: CLIOutput>: Sendable {
    private struct State {
        var table: LiveTable
        var drawnLines = 0
        var dirty = false
        var lastDrawn: Int64 = 0
    }

    private let state: Locked<State>
    private let output: Output
    private let terminalLines: Int?
    private let now: @Sendable () -> Int64

    /// - Parameter terminalLines: the terminal's height to redraw in place, `nil` to append lines.
    init(table: LiveTable, output: Output, terminalLines: Int?, now: @escaping @Sendable () -> Int64) {
        self.state = Locked(State(table: table))
        self.output = output
        self.terminalLines = terminalLines
        self.now = now
    }

    /// Applies one event; appends its line when live and not on a terminal. Lines are written
    /// under the lock, so they come out in event order.
    func apply(_ event: RowEvent) {
        state.withLock { s in
            let line = s.table.apply(event, now: now())
            if terminalLines == nil {
                if let line { output.line(line) }
            } else if s.table.isLive {
                s.dirty = true
            }
        }
    }

    /// Prints the initial table; events print from now on.
    func goLive() {
        state.withLock { s in
            let lines = s.table.goLive(now: now())
            if terminalLines == nil {
                for line in lines { output.line(line) }
            } else {
                draw(&s)
            }
        }
    }

    /// Redraws the terminal frame after changes and once a second (AGE, fading highlights)
    /// until the task is cancelled.
    func redrawLoop() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(200))
            state.withLock { s in
                if s.dirty || now() != s.lastDrawn { draw(&s) }
            }
        }
    }

    private func draw(_ s: inout State) {
        let time = now()
        let frame = s.table.frame(now: time, maxLines: max((terminalLines ?? 24) - 1, 2))
        let rewind = s.drawnLines > 0 ? "\r\u{1B}[\(s.drawnLines)A\u{1B}[J" : ""
        for (i, line) in frame.enumerated() { output.line(i == 0 ? rewind + line : line) }
        if frame.isEmpty && !rewind.isEmpty { output.line(rewind) }
        s.drawnLines = max(frame.count, rewind.isEmpty ? 0 : 1)
        s.dirty = false
        s.lastDrawn = time
    }
}
