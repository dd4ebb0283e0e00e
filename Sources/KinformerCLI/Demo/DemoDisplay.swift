import Foundation
import KubeSupport

/// Renders ``DemoSnapshot``s: a compact block redrawn in place on a terminal (ANSI), or one
/// plain status line per refresh otherwise. Lines worth keeping (faults, recoveries) are
/// printed above the live block so they scroll like a log.
final class DemoDisplay: Sendable {
    /// Where lines go (stdout in the command, a collector in tests).
    let write: @Sendable (String) -> Void
    /// Redraw in place with ANSI escapes.
    let live: Bool
    private let drawn = Locked((lines: 0, block: [String]()))

    init(live: Bool, write: @escaping @Sendable (String) -> Void) {
        self.live = live
        self.write = write
    }

    /// Prints a line that stays (above the live block on a terminal).
    func log(_ line: String) {
        guard live else { return write(line) }
        let block = drawn.withLock { $0.block }
        write(eraseBlock() + line)
        if !block.isEmpty { draw(block, after: "") }
    }

    /// Shows a new snapshot: redraws the block, or prints a status line.
    func show(_ snapshot: DemoSnapshot) {
        if live {
            draw(Self.block(snapshot), after: eraseBlock())
        } else {
            write(Self.statusLine(snapshot))
        }
    }

    /// Leaves the last block on screen; later output goes below it.
    func finish() { drawn.withLock { $0 = (0, []) } }

    private func draw(_ lines: [String], after prefix: String) {
        drawn.withLock { $0 = (lines.count, lines) }
        write(prefix + lines.joined(separator: "\n"))
    }

    /// Moves the cursor to the start of the drawn block and clears to the end of the screen.
    private func eraseBlock() -> String {
        let n = drawn.withLock { d in
            defer { d.lines = 0 }
            return d.lines
        }
        return n == 0 ? "" : "\u{1B}[\(n)F\u{1B}[J"
    }

    // MARK: - Pure rendering

    /// The live block.
    static func block(_ s: DemoSnapshot) -> [String] {
        var lines: [String] = []
        let bold = "\u{1B}[1m", dim = "\u{1B}[2m", reset = "\u{1B}[0m"
        lines.append(
            "\(bold)kinformer demo\(reset)  \(DemoFormat.seconds(s.elapsed)) / \(DemoFormat.seconds(s.duration))"
                + "   server rv \(s.serverResourceVersion)   faults \(s.faultsEnabled ? "on" : "off")")
        let w = s.workload
        lines.append(
            "workload   created \(w.created.values.reduce(0, +))  updated \(w.updated.values.reduce(0, +))"
                + "  deleted \(w.deleted.values.reduce(0, +))  write errors \(w.errors)")
        lines.append(
            dim + DemoFormat.left("informer", 12) + ["cached", "lists", "relists", "watches", "events", "errors"]
                .map { DemoFormat.right($0, 8) }.joined() + "   handler add/upd/del   buffer   events/s, last 30 s" + reset)
        for i in s.informers {
            let r = i.reflector
            lines.append(
                DemoFormat.left(i.name, 12) + [i.cached, r.lists, r.relists, r.watches, r.events, r.errors]
                    .map { DemoFormat.right("\($0)", 8) }.joined()
                    + "   " + DemoFormat.left("\(i.handler.adds)/\(i.handler.updates)/\(i.handler.deletes)", 19)
                    + DemoFormat.right("\(i.bufferDepth)", 6) + "   " + Sparkline.render(s.eventRates[i.name] ?? [])
                    + " " + DemoFormat.right(String(format: "%.0f", s.eventRates[i.name]?.dropLast().last ?? 0), 4) + "/s")
        }
        if let pods = s.informers.first(where: { $0.name == "pods" }) {
            let parts = pods.perNamespace.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            lines.append("index      pods by namespace: " + parts.joined(separator: " · "))
        }
        lines.append("index      deployments by configmap: \(s.indexedConfigMaps) configmaps referenced")
        let c = s.controller
        lines.append(
            "controller \(s.isLeader ? "leading" : "waiting for lease") (\(s.leader ?? "no leader"))"
                + "  queue \(s.queueDepth)  reconciles \(c.reconciles)  retries \(c.retries)  failures \(c.failures)")
        if let q = s.reconcileLatency, q.count == 3 {
            lines.append(
                "latency    reconcile p50 \(DemoFormat.seconds(q[0]))  p90 \(DemoFormat.seconds(q[1]))  p99 \(DemoFormat.seconds(q[2]))")
        }
        if s.faultsEnabled {
            let last = s.faults.last.map { f in
                f.kind.rawValue + " at \(DemoFormat.seconds(f.injectedAt)) → "
                    + (f.recoveredAfter.map { "recovered in \(DemoFormat.seconds($0))" } ?? "recovering…")
            }
            lines.append("faults     \(s.faults.count) injected; last: \(last ?? "none yet")")
        }
        return lines
    }

    /// One plain line, for logs.
    static func statusLine(_ s: DemoSnapshot) -> String {
        let informers = s.informers.map { i in
            "\(i.name)=\(i.cached) (ev \(i.reflector.events), lists \(i.reflector.lists), relists \(i.reflector.relists))"
        }
        let c = s.controller
        return "t=\(DemoFormat.seconds(s.elapsed)) rv=\(s.serverResourceVersion) writes=\(s.workload.writes) "
            + informers.joined(separator: " ")
            + " queue=\(s.queueDepth) reconciles=\(c.reconciles) retries=\(c.retries) leader=\(s.isLeader ? "yes" : "no")"
            + (s.faultsEnabled ? " faults=\(s.faults.count)" : "")
    }
}
