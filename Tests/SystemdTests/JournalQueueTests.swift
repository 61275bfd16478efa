import Dispatch
import Foundation
import Testing

@testable import Systemd

/// A journal that does not read never holds the writer: entries wait on a queue of their own,
/// those beyond its capacity are dropped and counted, and the problem is said until it is over.
struct JournalQueueTests {
    /// A journal the test holds shut until it opens it.
    final class Gate: @unchecked Sendable {
        let open = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var taken: [String] = []
        var messages: [String] { lock.withLock { taken } }

        func send(_ fields: [(String, String)]) -> Bool {
            open.wait()
            open.signal()
            lock.withLock { taken.append(fields.first { $0.0 == "MESSAGE" }?.1 ?? "") }
            return true
        }
    }

    @Test func aStalledJournalDropsWhatIsBeyondItsCapacityAndSaysSo() {
        let gate = Gate()
        let journal = JournalQueue(capacity: 10) { gate.send($0) }
        var taken = 0
        for n in 0..<25 where journal.write([("MESSAGE", "entry \(n)")]) { taken += 1 }
        // The entry with the journal counts as waiting until the journal took it.
        #expect(taken == 10)
        #expect(journal.dropped == 25 - taken)
        #expect(journal.problem?.contains("dropped") == true)
        gate.open.signal()
        journal.flush(within: .seconds(600))
        #expect(gate.messages == (0..<taken).map { "entry \($0)" }, "in order, none lost of those taken")
        #expect(journal.waiting == 0)
        #expect(journal.problem?.contains("were dropped") == true)
    }

    @Test func aJournalThatReadsHasNoProblem() {
        let journal = JournalQueue(capacity: 4) { _ in true }
        for n in 0..<100 {
            #expect(journal.write([("MESSAGE", "\(n)")]))
            journal.flush(within: .seconds(600))
        }
        #expect(journal.problem == nil && journal.dropped == 0)
    }
}
