import KubeModel
import Testing

@testable import KubeController

@Suite struct LeaderElectionDeciderTests {
    let wall = MicroTime(microsecondsSinceEpoch: 1_000_000_000)

    @Test func createsWhenNoLease() {
        var d = LeaderElectionDecider(identity: "a", leaseDuration: .seconds(15))
        guard case .create(let r) = d.decide(current: nil, now: .now, wallNow: wall) else {
            Issue.record("expected create")
            return
        }
        #expect(r.holderIdentity == "a" && r.leaseDurationSeconds == 15 && r.leaseTransitions == 0)
    }

    @Test func heldByOtherUntilLocallyObservedExpiry() {
        var d = LeaderElectionDecider(identity: "a", leaseDuration: .seconds(15))
        let t0 = ContinuousClock.now
        // The holder's timestamps are far in the past: they must not matter, only local observation.
        let held = LeaderElectionRecord(
            holderIdentity: "b", leaseDurationSeconds: 15, acquireTime: MicroTime(microsecondsSinceEpoch: 0),
            renewTime: MicroTime(microsecondsSinceEpoch: 0), leaseTransitions: 3)
        #expect(d.decide(current: held, now: t0, wallNow: wall) == .heldBy("b"))
        #expect(d.decide(current: held, now: t0 + .seconds(14), wallNow: wall) == .heldBy("b"))
        guard case .update(let r) = d.decide(current: held, now: t0 + .seconds(16), wallNow: wall) else {
            Issue.record("expected takeover after expiry")
            return
        }
        #expect(r.holderIdentity == "a" && r.leaseTransitions == 4 && r.acquireTime == wall)
    }

    @Test func renewalByHolderResetsObservation() {
        var d = LeaderElectionDecider(identity: "a", leaseDuration: .seconds(15))
        let t0 = ContinuousClock.now
        var held = LeaderElectionRecord(holderIdentity: "b", leaseDurationSeconds: 15, leaseTransitions: 1)
        #expect(d.decide(current: held, now: t0, wallNow: wall) == .heldBy("b"))
        held.renewTime = MicroTime(microsecondsSinceEpoch: 5)
        #expect(d.decide(current: held, now: t0 + .seconds(14), wallNow: wall) == .heldBy("b"))
        #expect(d.decide(current: held, now: t0 + .seconds(28), wallNow: wall) == .heldBy("b"))
    }

    @Test func ownLeaseRenewsWithoutTransition() {
        var d = LeaderElectionDecider(identity: "a", leaseDuration: .seconds(15))
        let mine = LeaderElectionRecord(
            holderIdentity: "a", leaseDurationSeconds: 15, acquireTime: MicroTime(microsecondsSinceEpoch: 7),
            renewTime: MicroTime(microsecondsSinceEpoch: 7), leaseTransitions: 2)
        guard case .update(let r) = d.decide(current: mine, now: .now, wallNow: wall) else {
            Issue.record("expected renew")
            return
        }
        #expect(r.leaseTransitions == 2 && r.acquireTime == MicroTime(microsecondsSinceEpoch: 7) && r.renewTime == wall)
    }

    @Test func releasedLeaseIsTakenAtOnce() {
        var d = LeaderElectionDecider(identity: "a", leaseDuration: .seconds(15))
        let released = LeaderElectionRecord(holderIdentity: "", leaseDurationSeconds: 1, leaseTransitions: 5)
        guard case .update(let r) = d.decide(current: released, now: .now, wallNow: wall) else {
            Issue.record("expected acquire")
            return
        }
        #expect(r.holderIdentity == "a" && r.leaseTransitions == 6)
    }
}
