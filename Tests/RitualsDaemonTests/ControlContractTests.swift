import Foundation
import RitualsControl
import RitualsCore
import Testing

/// The socket path both programs compute, and the line framing of the control protocol.
struct ControlContractTests {
    @Test func socketPathFollowsXDGRuntimeDir() {
        #expect(
            ControlPaths.socket(environment: ["XDG_RUNTIME_DIR": "/run/user/1000"])
                == "/run/user/1000/rituals/control.sock")
        // A relative XDG_RUNTIME_DIR is ignored, as the XDG spec asks.
        let fallback = ControlPaths.socket(environment: ["XDG_RUNTIME_DIR": "relative", "TMPDIR": "/var/tmp"])
        #expect(fallback.hasSuffix("/control.sock"))
        #expect(!fallback.hasPrefix("relative"))
        #expect(
            ControlPaths.stateDirectory(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/rituals")
        #expect(ControlPaths.stateDirectory(environment: ["HOME": "/h"]) == "/h/.local/state/rituals")
    }

    @Test func requestsRoundTripAsOneLine() throws {
        let request = ControlRequest(.pause, id: "walk", duration: "2w")
        let line = ControlWire.encode(request)
        #expect(line.last == 0x0A)
        #expect(line.dropLast().firstIndex(of: 0x0A) == nil)
        var buffer = line + Data("{\"command\":\"status\"}\n{\"comm".utf8)
        let lines = ControlWire.takeLines(&buffer)
        #expect(lines.count == 2)
        #expect(try ControlWire.decode(ControlRequest.self, from: lines[0]) == request)
        #expect(try ControlWire.decode(ControlRequest.self, from: lines[1]) == ControlRequest(.status))
        #expect(buffer == Data("{\"comm".utf8))
        #expect(throws: (any Error).self) {
            try ControlWire.decode(ControlRequest.self, from: Data("{\"command\":\"explode\"}".utf8))
        }
    }

    @Test func historyFileFastAndCarefulReadsAgree() {
        let records = (0..<50).map {
            HistoryRecord(at: $0, ritual: "r[\($0 % 3)]", occurrence: $0 * 10, event: $0 % 2 == 0 ? .fired : .done)
        }
        let encoder = JSONEncoder()
        let text = records.compactMap { try? encoder.encode($0) }.map { $0 + Data([0x0A]) }.reduce(Data(), +)
        #expect(HistoryFile.parse(text).records == records)
        var damaged = text
        damaged.append(Data("not a record\n".utf8))
        damaged.append(text)
        let parsed = HistoryFile.parse(damaged)
        #expect(parsed.records == records + records)
        #expect(parsed.bad == 1)
    }

    @Test func streaksSkipsAndMisses() {
        func r(_ o: Int, _ e: HistoryRecord.Event) -> HistoryRecord {
            HistoryRecord(at: o, ritual: "x", occurrence: o, event: e)
        }
        var history: [HistoryRecord] = []
        for o in 1...5 { history += [r(o, .fired), r(o, .done)] }
        history += [r(6, .fired), r(6, .skipped), r(7, .missed), r(8, .fired), r(8, .done), r(9, .fired)]
        let stats = RitualStats(ritual: "x", records: history)
        #expect(stats.entries.count == 9)
        #expect(stats.streaks.longest == 5)
        // 8 done, 9 fired and still open: the open one neither counts nor breaks.
        #expect(stats.streaks.current == 1)
        #expect(stats.lastOutcome == .done)
        history.append(r(10, .fired))
        #expect(RitualStats(ritual: "x", records: history).streaks.current == 0)
    }
}
