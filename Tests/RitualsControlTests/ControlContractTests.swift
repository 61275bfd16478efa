import Foundation
import RitualsControl
import RitualsCore
import Testing

/// The socket path both programs compute, the line framing, the limits and the enums on the wire.
struct ControlContractTests {
    @Test func socketPathFollowsXDGRuntimeDir() {
        #expect(
            ControlPaths.socket(environment: ["XDG_RUNTIME_DIR": "/run/user/1000"])
                == "/run/user/1000/rituals/control.sock")
        // A relative XDG_RUNTIME_DIR is ignored, as the XDG spec asks.
        let fallback = ControlPaths.socket(environment: ["XDG_RUNTIME_DIR": "relative", "TMPDIR": "/var/tmp"])
        #expect(fallback.hasSuffix("/control.sock"))
        #expect(!fallback.hasPrefix("relative"))
    }

    @Test func requestsRoundTripAsOneLine() throws {
        let request = ControlRequest.pause("walk", for: "2w", until: nil)
        let line = ControlWire.encode(request)
        #expect(line.last == 0x0A)
        #expect(line.dropLast().firstIndex(of: 0x0A) == nil)
        var buffer = line + Data("{\"command\":\"status\"}\n{\"comm".utf8)
        let lines = ControlWire.takeLines(&buffer)
        #expect(lines.count == 2)
        #expect(try ControlWire.decode(ControlRequest.self, from: lines[0]) == request)
        #expect(try ControlWire.decode(ControlRequest.self, from: lines[1]) == ControlRequest.status)
        #expect(buffer == Data("{\"comm".utf8))
        #expect(throws: (any Error).self) {
            try ControlWire.decode(ControlRequest.self, from: Data("{\"command\":\"explode\"}".utf8))
        }
    }

    /// Kinds, marks and pauses travel as their names; a pause until resumed has no `until`.
    @Test func responsesCarryEventKindsMarksAndPauses() throws {
        var status = DaemonStatus(
            pid: 7, startedAt: 1, now: 2, config: "c", stateDirectory: "s", timezone: "UTC", rituals: 1)
        status.pause = Pause(until: nil)
        status.next = AgendaEvent(
            at: 5, ritual: "walk", title: "Walk", kind: .remindedAgain, occurrence: 4, prompt: nil)
        var response = ControlResponse()
        response.status = status
        let line = ControlWire.encode(response)
        let text = String(decoding: line, as: UTF8.self)
        #expect(text.contains("\"kind\":\"reminded-again\""))
        #expect(text.contains("\"pause\":{}"))
        let back = try ControlWire.decode(ControlResponse.self, from: line.dropLast())
        #expect(back == response)
        #expect(back.status?.pause?.holds(at: Instant(microseconds: Int.max - 1)) == true)
        let timed = try ControlWire.decode(Pause.self, from: Data("{\"until\":10}".utf8))
        #expect(timed.holds(at: 9) && !timed.holds(at: 10))
        #expect(throws: (any Error).self) {
            try ControlWire.decode(
                AgendaEvent.self,
                from: Data(
                    "{\"at\":1,\"ritual\":\"r\",\"title\":\"t\",\"kind\":\"fire\",\"occurrence\":1}".utf8))
        }
    }

    @Test(arguments: [
        ("--count", 0, ControlLimits.skipCount, false), ("--count", 1000, ControlLimits.skipCount, true),
        ("--count", 1001, ControlLimits.skipCount, false), ("--days", 3660, ControlLimits.agendaDays, true),
        ("--days", 3661, ControlLimits.agendaDays, false), ("--count", 10_000, ControlLimits.agendaCount, true),
        ("--count", 10_001, ControlLimits.agendaCount, false),
    ])
    func limitsRefuseWhatIsOutside(option: String, value: Int, range: ClosedRange<Int>, allowed: Bool) {
        let refusal = ControlLimits.refusal(option, value, range)
        #expect((refusal == nil) == allowed)
        if let refusal { #expect(refusal == "\(option) must be between \(range.lowerBound) and \(range.upperBound)") }
    }
}
