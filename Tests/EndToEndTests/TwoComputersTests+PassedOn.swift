import Foundation
import Testing

/// Answers passed on in a partner's file (heard by their rituald through a phone channel) are
/// checked as strictly as their own: only for one of `people`, only for a real occurrence; this
/// person's own answer from the phone counts as theirs, once.
extension TwoComputersTests {
    @Test func answersPassedOnAreCheckedToo() throws {
        let (walk, occurrence) = TwoComputersTests.walkSoon()
        let couple = try TwoComputers(rituals: walk)
        let a = try start(couple.alex)
        defer { a.terminate() }
        let t = Int(Date().timeIntervalSince1970) * 1_000_000
        func passedOn(by: String, occurrence: Int, via: String = "alex-phone") -> String {
            "{\"at\":\(t),\"by\":\"\(by)\",\"event\":\"skipped\",\"occurrence\":\(occurrence),"
                + "\"ritual\":\"walk\",\"via\":\"\(via)\"}\n"
        }
        let lines =
            passedOn(by: "Kim", occurrence: occurrence) + passedOn(by: "Alex", occurrence: occurrence + 7_000_000)
            + passedOn(by: "Alex", occurrence: occurrence, via: "a phone")
            + passedOn(by: "Alex", occurrence: occurrence)
            + passedOn(by: "Alex", occurrence: occurrence)
        try lines.write(toFile: couple.shared + "/sam.jsonl", atomically: false, encoding: .utf8)
        // Alex's own skip, given on the phone: recorded as Alex's, once.
        #expect(TestDesktop.poll(within: 10) { TwoComputers.answers(couple.alex, "skipped", by: nil).count == 1 })
        #expect(TwoComputers.answers(couple.alex, "skipped", by: "Kim").isEmpty)
        #expect(
            TestDesktop.poll(within: 10) {
                let log = (try? String(contentsOfFile: couple.alex.dir + "/rituald.log", encoding: .utf8)) ?? ""
                return log.contains("3 line(s) of \(couple.shared)/sam.jsonl refused")
            })
        // Alex's file has it as Alex's own (and so does Sam's computer, once it reads it).
        #expect(
            TestDesktop.poll(within: 10) {
                let own = (try? String(contentsOfFile: couple.shared + "/alex.jsonl", encoding: .utf8)) ?? ""
                return own.contains("\"by\":\"Alex\"") && !own.contains("via")
            })
        #expect(TwoComputers.answers(couple.alex, "skipped", by: nil).count == 1)
    }
}
