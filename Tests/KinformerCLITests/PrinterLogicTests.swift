import Foundation
import KubeModel
import Testing

@testable import KinformerCLI

/// The column printers, JSONPath, table layout, live table and the demo's small pure types.
@Suite struct PrinterLogicTests {
    static func object(_ json: String) throws -> DynamicObject {
        try JSONDecoder().decode(DynamicObject.self, from: Data(json.utf8))
    }

    @Test func podStatusFollowsInitContainersThenLastContainer() throws {
        let pending = try Self.object(#"{"metadata":{"name":"p"},"spec":{"containers":[{"name":"a"}]},"status":{"phase":"Pending"}}"#)
        #expect(RowPrinter.podCells(pending).map { $0.render(now: 0) }.prefix(4) == ["p", "0/1", "Pending", "0"])
        let initWaiting = try Self.object(
            #"{"metadata":{"name":"p"},"spec":{"initContainers":[{"name":"i"},{"name":"j"}],"containers":[{"name":"a"}]},"#
                + #""status":{"phase":"Pending","initContainerStatuses":[{"restartCount":2,"state":{"terminated":{"exitCode":0}}},"#
                + #"{"restartCount":1,"state":{"waiting":{"reason":"PodInitializing"}}}]}}"#)
        #expect(RowPrinter.podCells(initWaiting)[2] == .text("Init:1/2"))
        #expect(RowPrinter.podCells(initWaiting)[3] == .integer(3))
        let crashing = try Self.object(
            #"{"metadata":{"name":"p"},"spec":{"containers":[{"name":"a"},{"name":"b"}]},"status":{"phase":"Running","#
                + #""containerStatuses":[{"ready":true,"restartCount":1,"state":{"running":{}}},"#
                + #"{"ready":false,"restartCount":4,"state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}}"#)
        let cells = RowPrinter.podCells(crashing).map { $0.render(now: 0) }
        #expect(Array(cells.prefix(4)) == ["p", "1/2", "CrashLoopBackOff", "5"])
        #expect(Array(cells.suffix(4)) == ["<none>", "<none>", "<none>", "<none>"])
        let deleting = try Self.object(
            #"{"metadata":{"name":"p","deletionTimestamp":"2026-01-01T00:00:00Z"},"spec":{"containers":[]},"status":{"phase":"Running"}}"#)
        #expect(RowPrinter.podCells(deleting)[2] == .text("Terminating"))
    }

    @Test func selectorsPrintSortedLikeTheServer() {
        let selector: JSONValue = [
            "matchLabels": ["b": "2", "a": "1"],
            "matchExpressions": [["key": "c", "operator": "In", "values": ["y", "x"]], ["key": "0", "operator": "DoesNotExist"]],
        ]
        #expect(RowPrinter.selectorString(selector) == "!0,a=1,b=2,c in (x,y)")
        #expect(RowPrinter.labelsString(nil) == "<none>")
    }

    @Test func jsonPathEvaluatesPrinterColumnPaths() throws {
        let doc: JSONValue = [
            "spec": ["size": 3, "tags": ["a", "b"], "dotted.key": "v"],
            "status": ["conditions": [["type": "Synced", "status": "False"], ["type": "Ready", "status": "True"]]],
        ]
        #expect(try JSONPath(parsing: ".spec.size").evaluate(doc) == [3])
        #expect(try JSONPath(parsing: "{.spec.tags[1]}").evaluate(doc) == ["b"])
        #expect(try JSONPath(parsing: ".spec.tags[-1]").evaluate(doc) == ["b"])
        #expect(try JSONPath(parsing: ".spec.tags[*]").evaluate(doc) == ["a", "b"])
        #expect(try JSONPath(parsing: ".spec['dotted.key']").evaluate(doc) == ["v"])
        #expect(try JSONPath(parsing: #".status.conditions[?(@.type=="Ready")].status"#).evaluate(doc) == ["True"])
        #expect(try JSONPath(parsing: ".spec.missing").evaluate(doc) == [])
        #expect(throws: JSONPath.ParseError.self) { try JSONPath(parsing: ".spec[?(@.a > 1)]") }
        #expect(JSONPath.text(["b": [true, 2.5], "a": 1]) == #"{"a":1,"b":[true,2.5]}"#)
    }

    @Test func customColumnsFormatByType() throws {
        let printer = RowPrinter.customResource([
            .init(name: "Size", type: "integer", jsonPath: ".spec.size"),
            .init(name: "Tags", type: "string", jsonPath: ".spec.tags"),
            .init(name: "Wrong", type: "integer", jsonPath: ".spec.color"),
            .init(name: "Missing", type: "string", jsonPath: ".spec.nothing", priority: 1),
            .init(name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp"),
        ])
        let widget = try Self.object(
            #"{"metadata":{"name":"w","creationTimestamp":"2026-01-01T00:00:00Z"},"spec":{"size":3,"color":"red","tags":["a","b"]}}"#)
        let now = Time(rfc3339: "2026-01-01T00:01:00Z")!.secondsSinceEpoch
        #expect(printer.columns.map(\.name) == ["NAME", "SIZE", "TAGS", "WRONG", "MISSING", "AGE"])
        #expect(printer.columns.map(\.wide) == [false, false, false, false, true, false])
        #expect(printer.cells(widget).map { $0.render(now: now) } == ["w", "3", #"["a","b"]"#, "<none>", "<none>", "60s"])
    }

    @Test func slimRowsKeepCellsAndIdentityOnly() throws {
        let pod = try Self.object(
            #"{"metadata":{"name":"p","namespace":"n","resourceVersion":"7","labels":{"a":"b"}},"spec":{"containers":[{"name":"a"}]}}"#)
        let slim = RowPrinter.pods.transform(indexFields: false)(pod)
        #expect(slim.content.keys.sorted() == [PrintedRow.field])
        #expect(slim.metadata.labels == nil && slim.resourceVersion == "7")
        #expect(PrintedRow(slim: slim) == RowPrinter.pods.row(pod))
        #expect(RowPrinter.pods.transform(indexFields: true)(pod).metadata.labels == ["a": "b"])
    }

    @Test func tableShowsNamespaceWideColumnsAndSorts() throws {
        let rows = [
            PrintedRow(key: "b/x", namespace: "b", name: "x", cells: [.text("x"), .integer(10), .age(since: 100)]),
            PrintedRow(key: "a/y", namespace: "a", name: "y", cells: [.text("y"), .integer(9), .age(since: 50)]),
        ]
        let printer = RowPrinter(
            columns: [.init(name: "NAME"), .init(name: "RESTARTS", wide: true), .init(name: "AGE")], cells: { _ in [] })
        var table = ResourceTable(printer: printer, showNamespace: true)
        #expect(table.render(rows, now: 160) == ["NAMESPACE   NAME   AGE", "a           y      110s", "b           x      60s"])
        table.wide = true
        table.sortBy = "restarts"
        #expect(table.render(rows, now: 160).map { $0.split(separator: " ").first! } == ["NAMESPACE", "a", "b"])
        table.sortBy = "RESTARTS"
        table.noHeaders = true
        #expect(table.render(rows.reversed(), now: 160).count == 2)
        table.sortBy = "BOGUS"
        #expect(throws: CLIError.self) { try table.validateSort() }
    }

    @Test func liveTableAppendsEachEventOnceInItsColumns() {
        let printer = RowPrinter(columns: [.init(name: "NAME"), .init(name: "STATUS")], cells: { _ in [] })
        var live = LiveTable(table: ResourceTable(printer: printer), showEvents: true)
        let row = { (name: String, status: String) in PrintedRow(key: name, namespace: nil, name: name, cells: [.text(name), .text(status)]) }
        #expect(live.apply(.added(row("a", "Pending")), now: 0) == nil)
        #expect(live.goLive(now: 0) == ["EVENT      NAME   STATUS", "ADDED      a      Pending"])
        #expect(live.apply(.modified(row("a", "Running")), now: 1) == "MODIFIED   a      Running")
        #expect(live.apply(.deleted(row("a", "Running")), now: 2) == "DELETED    a      Running")
        // In a frame the deleted row stays highlighted, then fades out.
        #expect(live.frame(now: 3, maxLines: 10) == ["NAME   STATUS", LiveTable.colour("a      Running", .deleted)])
        #expect(live.frame(now: 9, maxLines: 10) == ["NAME   STATUS"])
    }

    @Test func liveFrameFitsTheTerminal() {
        let printer = RowPrinter(columns: [.init(name: "NAME")], cells: { _ in [] })
        var live = LiveTable(table: ResourceTable(printer: printer))
        for i in 0..<10 { _ = live.apply(.added(PrintedRow(key: "\(i)", namespace: nil, name: "\(i)", cells: [.text("\(i)")])), now: 0) }
        _ = live.goLive(now: 0)
        let frame = live.frame(now: 100, maxLines: 5)
        #expect(frame == ["NAME", "0", "1", "2", "… 7 more"])
    }

    @Test func sparklineScalesToTheLargestValue() {
        #expect(Sparkline.render([0, 1, 2, 4, 8]) == " ▂▃▅█")
        #expect(Sparkline.render([0, 0]) == "  ")
    }

    @Test func rateHistoryBucketsPerSecondAndForgetsOldSeconds() {
        var history = RateHistory(capacity: 3)
        history.record(total: 10, at: 100)  // first sample: a baseline, no rate yet
        history.record(total: 15, at: 101)
        history.record(total: 16, at: 101)
        history.record(total: 20, at: 102)
        #expect(history.rates == [0, 6, 4])
        history.record(total: 20, at: 105)  // seconds 103-104 saw nothing
        #expect(history.rates == [0, 0, 0])
        history.record(total: 23, at: 105)
        #expect(history.rates == [0, 0, 3])
    }

    @Test func quantilesUseNearestRankOverTheRecentSamples() {
        var q = LatencyQuantiles(capacity: 100)
        #expect(q.quantile(0.5) == nil)
        for ms in 1...100 { q.record(.milliseconds(ms)) }
        #expect(q.quantile(0.5) == .milliseconds(50))
        #expect(q.quantile(0.9) == .milliseconds(90))
        #expect(q.quantile(0.99) == .milliseconds(99))
        for _ in 1...100 { q.record(.milliseconds(7)) }  // the ring forgets the old samples
        #expect(q.quantile(0.99) == .milliseconds(7))
    }

    @Test func demoBlockShowsEventRatesAndReconcileLatency() {
        let informer = DemoSnapshot.Informer(
            name: "pods", cached: 1, reflector: DemoReflectorCounts(lists: 1, watches: 1, events: 9, relists: 0, errors: 0),
            handler: .init(adds: 1, updates: 0, deletes: 0), bufferDepth: 0, perNamespace: [:], resourceVersion: "1")
        var snapshot = DemoSnapshot(
            elapsed: .seconds(3), duration: .seconds(30), serverResourceVersion: "1", workload: .init(), informers: [informer],
            indexedConfigMaps: 0, controller: .init(), queueDepth: 0, leader: nil, isLeader: false, faultsEnabled: false,
            faults: [])
        snapshot.eventRates = ["pods": [0, 2, 8, 4]]
        snapshot.reconcileLatency = [.milliseconds(3), .milliseconds(20), .milliseconds(450)]
        let block = DemoDisplay.block(snapshot)
        #expect(block.contains { $0.hasPrefix("pods") && $0.contains(" ▃█▅    8/s") })
        #expect(block.contains("latency    reconcile p50 3ms  p90 20ms  p99 450ms"))
    }

    @Test func latencyRecorderKeepsOnlyReconcileDurations() {
        let recorder = ReconcileLatencyRecorder()
        #expect(recorder.quantiles == nil)
        recorder.makeTimer(label: "workqueue_queue_duration_seconds", dimensions: []).recordNanoseconds(9_000_000_000)
        let work = recorder.makeTimer(label: "workqueue_work_duration_seconds", dimensions: [])
        for ms in [1, 2, 3, 4] { work.recordNanoseconds(Int64(ms) * 1_000_000) }
        #expect(recorder.quantiles?.p50 == .milliseconds(2))
        #expect(recorder.quantiles?.p99 == .milliseconds(4))
    }
}
