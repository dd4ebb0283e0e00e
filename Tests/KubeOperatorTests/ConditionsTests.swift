import KubeModel
import KubeOperator
import Testing

@Suite struct ConditionsTests {
    @Test func lastTransitionTimeMovesOnlyWhenTheStatusChanges() {
        var conditions: [MetaV1.Condition] = []
        let t1 = Time(secondsSinceEpoch: 100), t2 = Time(secondsSinceEpoch: 200), t3 = Time(secondsSinceEpoch: 300)
        #expect(Conditions.set(&conditions, type: "Ready", status: .false, reason: "Pending", observedGeneration: 1, now: t1))
        #expect(Conditions.find(conditions, type: "Ready")?.lastTransitionTime == t1)
        // Same status, new reason and generation: changed, but no transition.
        #expect(Conditions.set(&conditions, type: "Ready", status: .false, reason: "Waiting", observedGeneration: 2, now: t2))
        let waiting = Conditions.find(conditions, type: "Ready")
        #expect(waiting?.lastTransitionTime == t1)
        #expect(waiting?.reason == "Waiting")
        #expect(waiting?.observedGeneration == 2)
        // Nothing new: no change reported.
        #expect(!Conditions.set(&conditions, type: "Ready", status: .false, reason: "Waiting", observedGeneration: 2, now: t3))
        // Status flips: transition time moves.
        #expect(Conditions.set(&conditions, type: "Ready", status: .true, reason: "Done", observedGeneration: 2, now: t3))
        #expect(Conditions.find(conditions, type: "Ready")?.lastTransitionTime == t3)
        #expect(Conditions.isTrue(conditions, type: "Ready"))
        #expect(conditions.count == 1)
    }

    @Test func conditionsOfOtherTypesAreKeptAndRemovable() {
        var conditions: [MetaV1.Condition] = []
        Conditions.set(&conditions, type: "Ready", status: .true, reason: "R")
        Conditions.set(&conditions, type: "Degraded", status: .false, reason: "R")
        #expect(conditions.map(\.type) == ["Ready", "Degraded"])
        #expect(Conditions.remove(&conditions, type: "Ready"))
        #expect(!Conditions.remove(&conditions, type: "Ready"))
        #expect(conditions.map(\.type) == ["Degraded"])
        #expect(!Conditions.isTrue(conditions, type: "Degraded"))
    }
}
