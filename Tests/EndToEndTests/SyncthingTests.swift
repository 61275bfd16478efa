import Foundation
import Testing

/// Two computers for real: each rituald has a folder of its own, and two Syncthing instances
/// (on loopback only) keep them in sync.
@Suite(.enabled(if: SyncthingPair.available, "needs root, syncthing, unshare and ip"))
struct SyncthingTests {
    @Test func anAnswerTravelsThroughSyncthingBothWays() async throws {
        let couple = try TwoComputers(rituals: TwoComputersTests.walk, separate: true)
        let pair = try SyncthingPair(folders: [couple.shared, couple.shared + "-sam"])
        defer { pair.stop() }
        let start = TwoComputersTests()
        let a = try start.start(couple.alex)
        defer { a.terminate() }
        let b = try start.start(couple.sam)
        defer { b.terminate() }
        #expect(try couple.alex.ctl(["fire", "walk"]).status == 0)
        #expect(try couple.alex.ctl(["done", "walk"]).status == 0)
        let heard = await TestDesktop.waitUntil(within: 90) {
            !TwoComputers.answers(couple.sam, "done", by: "Alex").isEmpty
        }
        #expect(heard, "\(pair.logs)")
        #expect(FileManager.default.fileExists(atPath: couple.shared + "-sam/alex.jsonl"))
        // And back: Sam skips the next occurrence; Alex's computer leaves it out.
        #expect(try couple.sam.ctl(["skip", "walk"]).status == 0)
        let back = await TestDesktop.waitUntil(within: 90) {
            !TwoComputers.answers(couple.alex, "skipped", by: "Sam").isEmpty
        }
        #expect(back, "\(pair.logs)")
    }
}
