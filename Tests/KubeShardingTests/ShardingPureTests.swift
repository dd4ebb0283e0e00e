import KubeController
import KubeModel
import Testing

@testable import KubeSharding

@Suite struct ShardingPureTests {
    let keys = (0..<3000).map { "ns/object-\($0)" }

    @Test func rendezvousIsStableAndBalanced() {
        // Pinned weights: the hash must not change between runs, processes or releases.
        #expect(Rendezvous.weight(member: "a", key: "ns/x") == Rendezvous.weight(member: "a", key: "ns/x"))
        #expect(Rendezvous.weight(member: "a", key: "ns/x") != Rendezvous.weight(member: "b", key: "ns/x"))
        let members = ["a", "b", "c"]
        var counts: [String: Int] = [:]
        for key in keys { counts[Rendezvous.owner(of: key, among: members)!, default: 0] += 1 }
        for member in members { #expect(abs(counts[member, default: 0] - 1000) < 200, "\(counts)") }
    }

    @Test func addingOrRemovingAMemberMovesAboutOneNth() {
        let three = ["a", "b", "c"], four = ["a", "b", "c", "d"]
        let moved = keys.filter { Rendezvous.owner(of: $0, among: three) != Rendezvous.owner(of: $0, among: four) }
        // Only keys won by the newcomer move, ~1/4 of them.
        #expect(moved.allSatisfy { Rendezvous.owner(of: $0, among: four) == "d" })
        #expect(abs(moved.count - 750) < 150, "\(moved.count)")
        let two = ["a", "c"]
        let lost = keys.filter { Rendezvous.owner(of: $0, among: three) != Rendezvous.owner(of: $0, among: two) }
        #expect(lost.allSatisfy { Rendezvous.owner(of: $0, among: three) == "b" })
    }

    func snapshot(_ member: String, view: [String]?, held: Bool = true, renewed: Int = 0) -> ShardLeaseSnapshot {
        ShardLeaseSnapshot(
            member: member,
            record: LeaderElectionRecord(
                holderIdentity: held ? member : "", leaseDurationSeconds: 10,
                renewTime: MicroTime(microsecondsSinceEpoch: Int64(renewed))),
            acknowledgedView: view)
    }

    @Test func actsOnlyWhenEveryLiveMemberAcknowledgedTheSameView() {
        let t0 = ContinuousClock.now
        var m = ShardMembership(identity: "a")
        m.observe([snapshot("b", view: ["a", "b"])], at: t0)
        #expect(m.decide(at: t0) == .publish(["a", "b"]))
        m.didPublish(["a", "b"])
        #expect(m.decide(at: t0) == .act(ShardView(members: ["a", "b"], identity: "a")))
        // c joins: stop and acknowledge the new set; wait until b and c acknowledged it too.
        m.observe([snapshot("b", view: ["a", "b"]), snapshot("c", view: ["a", "b", "c"])], at: t0)
        #expect(m.decide(at: t0) == .publish(["a", "b", "c"]))
        m.didPublish(["a", "b", "c"])
        #expect(m.decide(at: t0) == .waitFor(["b"]))
        m.observe([snapshot("b", view: ["a", "b", "c"], renewed: 1), snapshot("c", view: ["a", "b", "c"])], at: t0)
        #expect(m.decide(at: t0) == .act(ShardView(members: ["a", "b", "c"], identity: "a")))
    }

    @Test func aMemberIsDroppedOnlyAfterItsRecordStayedUnchangedForTheLeaseDuration() {
        let t0 = ContinuousClock.now
        var m = ShardMembership(identity: "a")
        m.observe([snapshot("b", view: ["a", "b"])], at: t0)
        m.didPublish(["a", "b"])
        // Renewed at +8 s: seen anew, so still live at +15 s.
        m.observe([snapshot("b", view: ["a", "b"], renewed: 1)], at: t0 + .seconds(8))
        #expect(m.live(at: t0 + .seconds(15)) == ["a", "b"])
        m.observe([snapshot("b", view: ["a", "b"], renewed: 1)], at: t0 + .seconds(18))
        #expect(m.live(at: t0 + .seconds(18)) == ["a"])
        #expect(m.decide(at: t0 + .seconds(18)) == .publish(["a"]))
        // A released lease drops at once.
        var n = ShardMembership(identity: "a")
        n.observe([snapshot("b", view: nil, held: false)], at: t0)
        #expect(n.live(at: t0) == ["a"])
    }

    @Test func invalidNamesAreRejectedWithAReason() throws {
        #expect(throws: ShardingError.self) { try ShardingError.validateName("Replica_1", what: "shard identity") }
        try ShardingError.validateName("replica-1", what: "shard identity")
    }
}
