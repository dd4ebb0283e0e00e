import KubeClient
import KubeModel
import Testing

@testable import KubeCache

/// The Reflector's rules as a table of transitions of its pure state machine: each row feeds a
/// script of inputs (what the shell saw) and compares what the machine answers, one line per
/// input, then a summary of its resourceVersion and counters. No I/O, no sleeping, no clock.
@Suite struct ReflectorStateMachineTests {
    typealias Obj = PartialObjectMetadata
    typealias Machine = ReflectorStateMachine<Obj>

    /// What the shell tells the machine.
    enum Input: Sendable {
        case start
        case page([String], rv: String, continue: String? = nil)
        case listFails(any Error & Sendable)
        case watchStarts
        case watchStartFails(any Error & Sendable)
        case event(WatchEvent<Obj>)
        /// The watch ended without an error.
        case ends
        /// The watch failed mid-stream (or after an error event).
        case fails(any Error & Sendable)
        case slept
        /// Time passes (for the backoff's reset).
        case wait(seconds: Int)
    }

    struct Rule: Sendable, CustomTestStringConvertible {
        var rule: String
        var streaming = false
        var inputs: [Input]
        /// One line per input that answers (all but `watchStarts` and `wait`), then the summary.
        var transcript: [String]
        var testDescription: String { rule }
    }

    struct Transport: Error, Sendable {}

    static let gone = KubeAPIError(code: 410, reason: .expired, message: "too old resource version: 5 (40)")
    static let tooLarge = KubeAPIError(
        code: 504, reason: .timeout, message: "Too large resource version: 50, current: 40",
        status: Status(details: StatusDetails(causes: [StatusCause(reason: "ResourceVersionTooLarge")]), code: 504))
    static let unavailable = KubeAPIError(code: 503, reason: .serviceUnavailable, message: "restarting")
    static let throttled = KubeAPIError(code: 429, reason: .tooManyRequests, message: "slow down")
    static let internalError = KubeAPIError(code: 500, reason: .internalError, message: "boom")
    static let forbidden = KubeAPIError(code: 403, reason: .forbidden, message: "no")
    static let badRequest = KubeAPIError(code: 400, reason: .badRequest, message: "sendInitialEvents is forbidden")
    static let invalid = KubeAPIError(code: 422, reason: .invalid, message: "sendInitialEvents is invalid")
    static let brokenLine = WatchDecodingError(offset: 10, excerpt: "{\"type\":", message: "truncated")

    static func object(_ name: String, _ rv: String) -> Obj {
        Obj(metadata: ObjectMeta(name: name, namespace: "n", resourceVersion: rv))
    }
    static func added(_ name: String, _ rv: String) -> Input { .event(.added(object(name, rv))) }
    static func modified(_ name: String, _ rv: String) -> Input { .event(.modified(object(name, rv))) }
    static func deleted(_ name: String, _ rv: String) -> Input { .event(.deleted(object(name, rv))) }
    static func bookmark(_ rv: String, end: Bool = false) -> Input {
        .event(.bookmark(.init(resourceVersion: rv, annotations: end ? ["k8s.io/initial-events-end": "true"] : [:])))
    }
    /// Listed `a` at `rv` and watching from there.
    static func watching(at rv: String) -> [Input] { [.start, .page(["a"], rv: rv), .watchStarts] }
    static func watchingLines(at rv: String) -> [String] { ["list rv=0", "replace a @\(rv) + watch rv=\(rv)"] }

    static let rules: [Rule] = [
        // List, then watch.
        Rule(
            rule: "first list at RV 0 in pages, joined, then a watch from the list's RV",
            inputs: [.start, .page(["a"], rv: "9", continue: "t1"), .page(["b"], rv: "9"), .watchStarts],
            transcript: ["list rv=0", "list continue=t1", "replace a,b @9 + watch rv=9",
                         "rv=9 lists=1 watches=1 events=0 relists=0 errors=0"]),
        Rule(
            rule: "watch events reach the store in order and move the RV",
            inputs: watching(at: "7") + [added("b", "8"), modified("a", "9"), deleted("b", "10")],
            transcript: watchingLines(at: "7") + ["add b", "update a", "delete b",
                                                  "rv=10 lists=1 watches=1 events=3 relists=0 errors=0"]),
        Rule(
            rule: "a bookmark moves the RV and touches nothing else",
            inputs: watching(at: "7") + [bookmark("12")],
            transcript: watchingLines(at: "7") + ["-", "rv=12 lists=1 watches=1 events=1 relists=0 errors=0"]),
        Rule(
            rule: "a normal close re-watches from the last RV at once, without a list",
            inputs: watching(at: "7") + [modified("a", "9"), .ends, .watchStarts],
            transcript: watchingLines(at: "7") + ["update a", "watch rv=9",
                                                  "rv=9 lists=1 watches=2 events=1 relists=0 errors=0"]),

        // Expired or too large resourceVersions.
        Rule(
            rule: "410 ending a watch: reported, then after the backoff a consistent list at \"\"",
            inputs: watching(at: "7") + [.fails(gone), .slept, .page(["a", "b"], rv: "40")],
            transcript: watchingLines(at: "7") + ["report 410 + sleep 800ms", "list rv=\"\"", "replace a,b @40 + watch rv=40",
                                                  "rv=40 lists=2 watches=1 events=0 relists=1 errors=1"]),
        Rule(
            rule: "410 as an error event: the shell stops reading, then the same as a 410 failure",
            inputs: watching(at: "7") + [.event(.error(gone)), .fails(gone), .slept],
            transcript: watchingLines(at: "7") + ["failed 410", "report 410 + sleep 800ms", "list rv=\"\"",
                                                  "rv=7 lists=1 watches=1 events=1 relists=1 errors=1"]),
        Rule(
            rule: "410 refusing a watch start: reported, then a consistent list after the backoff",
            inputs: [.start, .page(["a"], rv: "7"), .watchStartFails(gone), .slept],
            transcript: ["list rv=0", "replace a @7 + watch rv=7", "report 410 + sleep 800ms", "list rv=\"\"",
                         "rv=7 lists=1 watches=0 events=0 relists=1 errors=1"]),
        Rule(
            rule: "too large RV refusing a watch start: the same as 410",
            inputs: [.start, .page(["a"], rv: "7"), .watchStartFails(tooLarge), .slept],
            transcript: ["list rv=0", "replace a @7 + watch rv=7", "report 504 + sleep 800ms", "list rv=\"\"",
                         "rv=7 lists=1 watches=0 events=0 relists=1 errors=1"]),
        Rule(
            rule: "too large RV ending a watch: the same as 410",
            inputs: watching(at: "7") + [.fails(tooLarge), .slept],
            transcript: watchingLines(at: "7") + ["report 504 + sleep 800ms", "list rv=\"\"",
                                                  "rv=7 lists=1 watches=1 events=0 relists=1 errors=1"]),
        Rule(
            rule: "410 answering a list at an RV: relist at \"\" at once, not reported",
            inputs: [.start, .listFails(gone), .page(["a"], rv: "40")],
            transcript: ["list rv=0", "list rv=\"\"", "replace a @40 + watch rv=40",
                         "rv=40 lists=1 watches=0 events=0 relists=1 errors=0"]),
        Rule(
            rule: "too large RV answering a list: relist at \"\" at once, not reported",
            inputs: [.start, .listFails(tooLarge), .page(["a"], rv: "40")],
            transcript: ["list rv=0", "list rv=\"\"", "replace a @40 + watch rv=40",
                         "rv=40 lists=1 watches=0 events=0 relists=1 errors=0"]),
        Rule(
            rule: "410 answering the list at \"\": reported, a new cycle after the backoff",
            inputs: [.start, .listFails(gone), .listFails(gone), .slept],
            transcript: ["list rv=0", "list rv=\"\"", "report 410 + sleep 800ms", "list rv=\"\"",
                         "rv= lists=0 watches=0 events=0 relists=1 errors=1"]),
        Rule(
            rule: "an expired continue token restarts the list at \"\", not counted as a relist",
            inputs: [.start, .page(["a"], rv: "9", continue: "t1"), .listFails(gone), .page(["a", "b"], rv: "11")],
            transcript: ["list rv=0", "list continue=t1", "list rv=\"\"", "replace a,b @11 + watch rv=11",
                         "rv=11 lists=1 watches=0 events=0 relists=0 errors=0"]),
        Rule(
            rule: "later lists are not older than the last synced RV",
            inputs: watching(at: "7") + [modified("a", "9"), .fails(brokenLine), .slept, .page(["a"], rv: "12")],
            transcript: watchingLines(at: "7") + ["update a", "report decoding + sleep 800ms", "list rv=9 notOlderThan",
                                                  "replace a @12 + watch rv=12",
                                                  "rv=12 lists=2 watches=1 events=1 relists=0 errors=1"]),

        // Other failures.
        Rule(
            rule: "a transport failure starting a watch: reported, re-watch from the same RV after the backoff",
            inputs: [.start, .page(["a"], rv: "7"), .watchStartFails(Transport()), .slept, .watchStarts],
            transcript: ["list rv=0", "replace a @7 + watch rv=7", "report transport + sleep 800ms", "watch rv=7",
                         "rv=7 lists=1 watches=1 events=0 relists=0 errors=1"]),
        Rule(
            rule: "503 starting a watch: reported, re-watch from the same RV after the backoff",
            inputs: [.start, .page(["a"], rv: "7"), .watchStartFails(unavailable), .slept],
            transcript: ["list rv=0", "replace a @7 + watch rv=7", "report 503 + sleep 800ms", "watch rv=7",
                         "rv=7 lists=1 watches=0 events=0 relists=0 errors=1"]),
        Rule(
            rule: "429 starting a watch: reported, re-watch from the same RV after the backoff",
            inputs: [.start, .page(["a"], rv: "7"), .watchStartFails(throttled), .slept],
            transcript: ["list rv=0", "replace a @7 + watch rv=7", "report 429 + sleep 800ms", "watch rv=7",
                         "rv=7 lists=1 watches=0 events=0 relists=0 errors=1"]),
        Rule(
            rule: "another API error starting a watch (403): reported, a new cycle after the backoff",
            inputs: [.start, .page(["a"], rv: "7"), .watchStartFails(forbidden), .slept],
            transcript: ["list rv=0", "replace a @7 + watch rv=7", "report 403 + sleep 800ms", "list rv=7 notOlderThan",
                         "rv=7 lists=1 watches=0 events=0 relists=0 errors=1"]),
        Rule(
            rule: "a stream dropped mid-way: reported, re-watch from the last RV at once",
            inputs: watching(at: "7") + [modified("a", "9"), .fails(Transport())],
            transcript: watchingLines(at: "7") + ["update a", "report transport + watch rv=9",
                                                  "rv=9 lists=1 watches=1 events=1 relists=0 errors=1"]),
        Rule(
            rule: "an error event other than 410 (500): reported, re-watch from the last RV at once",
            inputs: watching(at: "7") + [.event(.error(internalError)), .fails(internalError)],
            transcript: watchingLines(at: "7") + ["failed 500", "report 500 + watch rv=7",
                                                  "rv=7 lists=1 watches=1 events=1 relists=0 errors=1"]),
        Rule(
            rule: "a broken line relists after the backoff, so nothing is lost",
            inputs: watching(at: "7") + [.fails(brokenLine), .slept, .page(["a", "c"], rv: "12")],
            transcript: watchingLines(at: "7") + ["report decoding + sleep 800ms", "list rv=7 notOlderThan",
                                                  "replace a,c @12 + watch rv=12",
                                                  "rv=12 lists=2 watches=1 events=0 relists=0 errors=1"]),
        Rule(
            rule: "a failed list (500): reported, the list again after the backoff",
            inputs: [.start, .listFails(internalError), .slept],
            transcript: ["list rv=0", "report 500 + sleep 800ms", "list rv=0",
                         "rv= lists=0 watches=0 events=0 relists=0 errors=1"]),

        // Backoff.
        Rule(
            rule: "backoff doubles from 800 ms to the 30 s cap",
            inputs: [.start, .page(["a"], rv: "7")]
                + Array(repeating: [.watchStartFails(Transport()), .slept], count: 7).flatMap { $0 },
            transcript: ["list rv=0", "replace a @7 + watch rv=7"]
                + [800, 1600, 3200, 6400, 12800, 25600, 30000].flatMap { ["report transport + sleep \($0)ms", "watch rv=7"] }
                + ["rv=7 lists=1 watches=0 events=0 relists=0 errors=7"]),
        Rule(
            rule: "backoff resets after 2 minutes without failures, not before",
            inputs: [.start, .page(["a"], rv: "7"), .watchStartFails(Transport()), .slept, .wait(seconds: 119),
                     .watchStartFails(Transport()), .slept, .wait(seconds: 121), .watchStartFails(Transport())],
            transcript: ["list rv=0", "replace a @7 + watch rv=7", "report transport + sleep 800ms", "watch rv=7",
                         "report transport + sleep 1600ms", "watch rv=7", "report transport + sleep 800ms",
                         "rv=7 lists=1 watches=0 events=0 relists=0 errors=3"]),

        // Streaming lists.
        Rule(
            rule: "streaming list: initial events gathered, replaced at the end bookmark, then watched on",
            streaming: true,
            inputs: [.start, .watchStarts, added("a", "3"), bookmark("4"), added("b", "4"), bookmark("5", end: true),
                     added("c", "6")],
            transcript: ["watch rv=\"\" stream notOlderThan", "-", "-", "-", "replace a,b @5", "add c",
                         "rv=6 lists=1 watches=1 events=5 relists=0 errors=0 streaming=true"]),
        Rule(
            rule: "streaming list refused (400): list + watch at once, and for good",
            streaming: true,
            inputs: [.start, .watchStartFails(badRequest), .page(["a"], rv: "7"), .watchStarts, .fails(brokenLine), .slept],
            transcript: ["watch rv=\"\" stream notOlderThan", "list rv=0", "replace a @7 + watch rv=7",
                         "report decoding + sleep 800ms", "list rv=7 notOlderThan",
                         "rv=7 lists=1 watches=1 events=0 relists=0 errors=1 streaming=false"]),
        Rule(
            rule: "streaming list refused (422): list + watch",
            streaming: true,
            inputs: [.start, .watchStartFails(invalid)],
            transcript: ["watch rv=\"\" stream notOlderThan", "list rv=0",
                         "rv= lists=0 watches=0 events=0 relists=0 errors=0 streaming=false"]),
        Rule(
            rule: "streaming list failing to start otherwise (503): reported, streaming again after the backoff",
            streaming: true,
            inputs: [.start, .watchStartFails(unavailable), .slept],
            transcript: ["watch rv=\"\" stream notOlderThan", "report 503 + sleep 800ms", "watch rv=\"\" stream notOlderThan",
                         "rv= lists=0 watches=0 events=0 relists=0 errors=1 streaming=nil"]),
        Rule(
            rule: "streaming list cut before its end bookmark: nothing applied, starts over after the backoff",
            streaming: true,
            inputs: [.start, .watchStarts, added("a", "3"), .ends, .slept],
            transcript: ["watch rv=\"\" stream notOlderThan", "-", "sleep 800ms", "watch rv=\"\" stream notOlderThan",
                         "rv= lists=0 watches=1 events=1 relists=0 errors=0 streaming=true"]),
        Rule(
            rule: "streaming list failing before its end bookmark: reported, starts over after the backoff",
            streaming: true,
            inputs: [.start, .watchStarts, added("a", "3"), .fails(Transport()), .slept],
            transcript: ["watch rv=\"\" stream notOlderThan", "-", "report transport + sleep 800ms",
                         "watch rv=\"\" stream notOlderThan",
                         "rv= lists=0 watches=1 events=1 relists=0 errors=1 streaming=true"]),
        Rule(
            rule: "after a streaming list, failures are a watch's: a broken line streams again not older than the RV",
            streaming: true,
            inputs: [.start, .watchStarts, added("a", "3"), bookmark("5", end: true), .fails(brokenLine), .slept],
            transcript: ["watch rv=\"\" stream notOlderThan", "-", "replace a @5", "report decoding + sleep 800ms",
                         "watch rv=5 stream notOlderThan",
                         "rv=5 lists=1 watches=1 events=2 relists=0 errors=1 streaming=true"]),
        Rule(
            rule: "after a streaming list, a 410 streams again as a consistent read at \"\"",
            streaming: true,
            inputs: [.start, .watchStarts, bookmark("5", end: true), .fails(gone), .slept],
            transcript: ["watch rv=\"\" stream notOlderThan", "replace  @5", "report 410 + sleep 800ms",
                         "watch rv=\"\" stream notOlderThan",
                         "rv=5 lists=1 watches=1 events=1 relists=1 errors=1 streaming=true"]),
        Rule(
            rule: "after a streaming list, a normal close re-watches (no stream) from the last RV",
            streaming: true,
            inputs: [.start, .watchStarts, bookmark("5", end: true), modified("a", "6"), .ends],
            transcript: ["watch rv=\"\" stream notOlderThan", "replace  @5", "update a", "watch rv=6",
                         "rv=6 lists=1 watches=1 events=2 relists=0 errors=0 streaming=true"]),
    ]

    @Test(arguments: rules)
    func transition(_ rule: Rule) {
        var configuration = ReflectorConfiguration(name: "test")
        configuration.backoff.jitter = 0
        configuration.useStreamingList = rule.streaming
        var machine = Machine(configuration: configuration)
        let start = ContinuousClock.now
        var now = start
        var lines: [String] = []
        for input in rule.inputs {
            switch input {
            case .start: lines.append(Self.render(machine.start(), configuration))
            case .page(let names, let rv, let token):
                let page = ObjectList(metadata: ListMeta(resourceVersion: rv, continue: token), items: names.map { Self.object($0, rv) })
                lines.append(Self.render(machine.listPageReceived(page), configuration))
            case .listFails(let error): lines.append(Self.render(machine.listFailed(error, now: now), configuration))
            case .watchStarts: machine.watchStarted()
            case .watchStartFails(let error): lines.append(Self.render(machine.watchStartFailed(error, now: now), configuration))
            case .event(let event): lines.append(Self.render(machine.watchEvent(event), event, &machine))
            case .ends: lines.append(Self.render(machine.watchEnded(now: now), configuration))
            case .fails(let error): lines.append(Self.render(machine.watchFailed(error, now: now), configuration))
            case .slept: lines.append(Self.render(machine.backoffElapsed(), configuration))
            case .wait(let seconds): now += .seconds(seconds)
            }
        }
        let s = machine.statistics
        var summary = "rv=\(machine.lastSyncResourceVersion) lists=\(s.lists) watches=\(s.watches) events=\(s.events) "
            + "relists=\(s.relistsAfterExpiry) errors=\(s.errors)"
        if rule.streaming { summary += " streaming=\(s.streamingListSupported.map { "\($0)" } ?? "nil")" }
        lines.append(summary)
        #expect(lines == rule.transcript)
    }

    /// Jitter and the watch timeout come from the injected generator.
    @Test func randomnessComesFromTheInjectedGenerator() {
        /// Always just past the middle: 0.5 as a Double in 0..<1, the middle of an Int range.
        struct Middle: RandomNumberGenerator { mutating func next() -> UInt64 { 1 << 63 | 1 << 52 } }
        var machine = Machine(configuration: ReflectorConfiguration(name: "test"), random: Middle())
        _ = machine.start()
        let step = machine.listPageReceived(ObjectList(metadata: ListMeta(resourceVersion: "7"), items: []))
        guard case .watch(let options) = step.action else { Issue.record("expected a watch, got \(step.action)"); return }
        #expect(options.timeoutSeconds == 450)
        let failed = machine.watchStartFailed(Transport(), now: .now)
        #expect(failed.action == .sleep(.milliseconds(1200)))
    }

    /// The states a plain list-then-watch passes through.
    @Test func statesFollowTheInputs() {
        var machine = Machine(configuration: ReflectorConfiguration(name: "test"))
        #expect(machine.state == .idle)
        _ = machine.start()
        #expect(machine.state == .listing(ListOptions(resourceVersion: "0", limit: 500), fallbackAllowed: true))
        _ = machine.listPageReceived(ObjectList(metadata: ListMeta(resourceVersion: "7"), items: []))
        #expect(machine.state == .startingWatch)
        machine.watchStarted()
        #expect(machine.state == .watching)
        _ = machine.watchFailed(Self.brokenLine, now: .now)
        #expect(machine.state == .backingOff(then: .relist))
    }

    // MARK: - Rendering

    static func render(_ step: Machine.Step, _ configuration: ReflectorConfiguration) -> String {
        var parts: [String] = []
        if let replace = step.replace { parts.append("replace \(replace.objects.map(\.name).joined(separator: ",")) @\(replace.resourceVersion)") }
        if let error = step.report { parts.append("report \(kind(error))") }
        parts.append(render(step.action, configuration))
        return parts.joined(separator: " + ")
    }

    static func render(_ action: Machine.Action, _ configuration: ReflectorConfiguration) -> String {
        switch action {
        case .list(let options):
            #expect(options.limit == configuration.pageSize)
            var s = "list"
            if let token = options.continueToken { s += " continue=\(token)" }
            if let rv = options.resourceVersion { s += " rv=\(rv.isEmpty ? "\"\"" : rv)" }
            if options.resourceVersionMatch == .notOlderThan { s += " notOlderThan" }
            return s
        case .watch(let options):
            // Every watch asks for bookmarks and carries a random timeout in [min, 2 × min).
            #expect(options.allowWatchBookmarks)
            #expect((300..<600).contains(options.timeoutSeconds ?? 0))
            let rv = options.resourceVersion ?? "nil"
            var s = "watch rv=\(rv.isEmpty ? "\"\"" : rv)"
            if options.sendInitialEvents == true { s += " stream" }
            if options.resourceVersionMatch == .notOlderThan { s += " notOlderThan" }
            return s
        case .sleep(let delay):
            return "sleep \(Int((delay / .milliseconds(1)).rounded()))ms"
        }
    }

    static func render(_ action: Machine.EventAction, _ event: WatchEvent<Obj>, _ machine: inout Machine) -> String {
        switch (action, event) {
        case (.skip, _): return "-"
        case (.apply, .added(let o)): return "add \(o.name)"
        case (.apply, .modified(let o)): return "update \(o.name)"
        case (.apply, .deleted(let o)): return "delete \(o.name)"
        case (.replace, _):
            let (objects, rv) = machine.takeInitialState()
            return "replace \(objects.map(\.name).joined(separator: ",")) @\(rv)"
        case (.fail, .error(let error)): return "failed \(error.code)"
        default: return "unexpected \(action) for \(event)"
        }
    }

    static func kind(_ error: any Error) -> String {
        switch error {
        case let error as KubeAPIError: "\(error.code)"
        case is WatchDecodingError: "decoding"
        default: "transport"
        }
    }
}
