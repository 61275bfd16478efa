import Foundation
import RitualsControl
import RitualsCore
import Testing

@testable import RitualsDaemon

/// Another person's notification held on their computer, as their file in the shared folder
/// tells of it: `status` shows it (whose, why, since when; titled by this config, no prompt)
/// while its occurrence is open here, and no more once their computer let it go.
struct PartnerHoldRuleTests {
    static func holds(_ holds: [HeldElsewhere]) -> Input {
        var batch = SharedFolder.Batch()
        batch.holds = holds
        return .folderRead(batch)
    }

    static func samsHold(_ reason: HoldReason?, at: Instant) -> HeldElsewhere {
        HeldElsewhere(person: "Sam", occurrence: CoupleRuleTests.walk, reason: reason, at: at)
    }

    /// Alex's rituald (Sam's partner, ack = "both") with a shared folder of its own.
    static func sharing() throws -> (Rig, String) {
        let shared = FileManager.default.temporaryDirectory.appendingPathComponent("shared-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
        let rig = try Rig(
            CoupleRuleTests.config(ack: "both")
                .replacingOccurrences(of: "me = \"Alex\"", with: "me = \"Alex\"\nshared_dir = \"\(shared)\""),
            at: .utc("2026-12-07 09:00"))
        return (rig, shared)
    }

    @Test func thePartnersHoldIsShownWhileItLasts() throws {
        let (rig, shared) = try PartnerHoldRuleTests.sharing()
        rig.advance(to: .utc("2026-12-07 10:00"))
        // Holds of rituals this config does not have are passed over, however many.
        let unknown = (0..<500).map {
            HeldElsewhere(
                person: "Sam", occurrence: OccurrenceID("other-\($0)", .utc("2026-12-07 10:00")), reason: .away,
                at: .utc("2026-12-07 10:00"))
        }
        rig.send(PartnerHoldRuleTests.holds(unknown))
        #expect(rig.daemon.queue.sync { rig.daemon.sharing.heldElsewhere.isEmpty }, "nothing kept of them")
        rig.send(PartnerHoldRuleTests.holds([PartnerHoldRuleTests.samsHold(.locked, at: .utc("2026-12-07 10:00"))]))
        let held = try #require(rig.ask(.status).status?.sharing?.held)
        #expect(held.map(\.person) == ["Sam"] && held.first?.reason == .locked && held.first?.title == "Walk")
        #expect(held.first?.since == .utc("2026-12-07 10:00"))
        #expect(rig.ask(.status).status?.held == nil, "not this computer's")

        // Their computer let it go: said no more.
        rig.send(PartnerHoldRuleTests.holds([PartnerHoldRuleTests.samsHold(nil, at: .utc("2026-12-07 10:20"))]))
        #expect(rig.ask(.status).status?.sharing?.held == nil)

        // Held again, then the occurrence closed here: not shown.
        rig.send(PartnerHoldRuleTests.holds([PartnerHoldRuleTests.samsHold(.away, at: .utc("2026-12-07 10:30"))]))
        #expect(rig.ask(.status).status?.sharing?.held?.first?.reason == .away)
        rig.advance(to: .utc("2026-12-07 10:45"))
        #expect(rig.ask(.status).status?.sharing?.held?.count == 1)
        rig.hear([
            GivenAnswer(
                .skipped, to: CoupleRuleTests.walk, by: .named("Sam"), at: .utc("2026-12-07 10:40"),
                source: .folder(shared + "/sam.jsonl"))
        ])
        #expect(rig.records(.skipped).count == 1)
        #expect(rig.ask(.status).status?.sharing?.held == nil)
    }
}

extension PartnerHoldRuleTests {
    /// This computer's hold is written to its file in the folder (without the ritual's text), and
    /// so is its end.
    @Test func aHoldHereIsToldToTheOthers() throws {
        let (rig, shared) = try PartnerHoldRuleTests.sharing()
        rig.send(.session(SessionStatus(session: "/s/1", locked: true)))
        rig.advance(to: .utc("2026-12-07 10:00"))
        let holds = {
            ((try? String(contentsOfFile: shared + "/alex.jsonl", encoding: .utf8)) ?? "").split(separator: "\n")
                .compactMap { FolderLine.parse(Array($0.utf8), person: "Alex")?.hold() }
        }
        #expect(StandInNotifySend.poll { holds().count == 1 })
        #expect(holds().first?.reason == .locked && holds().first?.occurrence == CoupleRuleTests.walk)
        rig.send(.session(SessionStatus(session: "/s/1", locked: false)))
        #expect(StandInNotifySend.poll { holds().count == 2 }, "\(holds())")
        #expect(holds().last?.reason == nil && holds().last?.occurrence == CoupleRuleTests.walk)
    }
}
