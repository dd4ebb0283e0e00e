import KubeModel
import Testing

@testable import KubeOperator

/// client-go's correlation rules, decided without I/O.
@Suite struct EventCorrelatorTests {
    static func event(_ message: String, object: String = "w1", reason: String = "Failing", type: String = "Warning")
        -> CoreV1.Event
    {
        var event = CoreV1.Event(
            metadata: ObjectMeta(name: "\(object).\(message.hashValue & 0xffff)", namespace: "ns"), count: 1,
            firstTimestamp: Time(secondsSinceEpoch: 1000),
            involvedObject: CoreV1.ObjectReference(
                apiVersion: "example.com/v1", kind: "Widget", name: object, namespace: "ns", uid: "uid-\(object)"),
            lastTimestamp: Time(secondsSinceEpoch: 1000), message: message, reason: reason, type: type)
        event.source = CoreV1.EventSource(component: "test", host: "h")
        return event
    }

    @Test func identicalEventsPatchOneObjectUntilTheSpamFilterStopsThem() {
        var correlator = EventCorrelator()
        var creates = 0, patches = 0, skips = 0
        var lastCount: Int32 = 0
        var names: Set<String> = []
        for i in 0..<100 {
            switch correlator.correlate(Self.event("disk full"), now: 1000 + Double(i) * 0.01) {
            case .create(let e, let key):
                creates += 1
                names.insert(e.metadata.name ?? "")
                var stored = e
                stored.metadata.resourceVersion = "\(i + 1)"
                correlator.recorded(stored, key: key)
            case .patch(let e, let patch, let key):
                patches += 1
                names.insert(e.metadata.name ?? "")
                lastCount = Int32(patch["count"]?.intValue ?? 0)
                correlator.recorded(e, key: key)
            case .skip:
                skips += 1
            }
        }
        #expect(creates == 1)
        #expect(patches == 24)
        #expect(skips == 75)
        #expect(lastCount == 25)
        #expect(names.count == 1)
    }

    @Test func theSpamFilterRefillsOneTokenPerFiveMinutes() {
        var correlator = EventCorrelator()
        for i in 0..<25 { _ = correlator.correlate(Self.event("m\(i % 3)"), now: 1000) }
        #expect(correlator.correlate(Self.event("m0"), now: 1000) == .skip)
        #expect(correlator.correlate(Self.event("m0"), now: 1299) == .skip)
        #expect(correlator.correlate(Self.event("m0"), now: 1301) != .skip)
        #expect(correlator.correlate(Self.event("m0"), now: 1302) == .skip)
        // Another object has its own bucket.
        #expect(correlator.correlate(Self.event("m0", object: "w2"), now: 1302) != .skip)
    }

    @Test func tenDifferentMessagesWithinTenMinutesBecomeAnAggregateEvent() {
        var correlator = EventCorrelator()
        var decisions: [EventCorrelator.Decision] = []
        for i in 0..<11 { decisions.append(correlator.correlate(Self.event("message \(i)"), now: 1000 + Double(i))) }
        for decision in decisions.prefix(9) {
            guard case .create(let e, _) = decision else { Issue.record("expected a create, got \(decision)"); return }
            #expect(e.message?.hasPrefix(EventCorrelator.aggregatePrefix) == false)
        }
        guard case .create(let aggregate, _) = decisions[9] else { Issue.record("10th: \(decisions[9])"); return }
        #expect(aggregate.message == EventCorrelator.aggregatePrefix + "message 9")
        #expect(aggregate.count == 1)
        guard case .patch(let again, let patch, _) = decisions[10] else { Issue.record("11th: \(decisions[10])"); return }
        #expect(again.metadata.name == aggregate.metadata.name)
        #expect(patch["count"]?.intValue == 2)
        #expect(patch["message"]?.stringValue == EventCorrelator.aggregatePrefix + "message 10")
    }

    @Test func similarEventsSpreadOverMoreThanTenMinutesAreNotAggregated() {
        var correlator = EventCorrelator()
        for i in 0..<12 {
            let decision = correlator.correlate(Self.event("message \(i)"), now: 1000 + Double(i) * 601)
            guard case .create(let e, _) = decision else { Issue.record("\(decision)"); return }
            #expect(e.message == "message \(i)")
        }
    }

    @Test func differentReasonsAreNotSimilar() {
        var correlator = EventCorrelator()
        for i in 0..<12 {
            let decision = correlator.correlate(Self.event("same", reason: "R\(i)"), now: 1000)
            guard case .create(let e, _) = decision else { Issue.record("\(decision)"); return }
            #expect(e.message == "same")
        }
    }
}
