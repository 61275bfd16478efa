import Foundation
import RitualsChannels
import RitualsConfig
import RitualsControl
import RitualsCore

// Fuzz targets for every parser of untrusted text. Built with `-sanitize=fuzzer,address`
// (`make fuzz`), libFuzzer drives `LLVMFuzzerTestOneInput` with the target named by
// RITUALS_FUZZ; built plainly, this program replays inputs: `rituals-fuzz TARGET FILE...`.
// Besides not crashing or hanging, each target checks a property: normalized forms read back to
// themselves, formatted spans read back to the same span, an answer of the shared folder written
// again reads back to the same answer, a script of client connections keeps each connection's
// promises (ConnectionScript), a server's events (a Matrix sync or page, ntfy's stream lines)
// give answers only at times that can be counted.

enum FuzzTarget: String, CaseIterable {
    case calendar, rrule, schedule, timespan, config, control, shared, events
}

let berlin = SystemZones.shared.zone(named: "Europe/Berlin") ?? .utc
let base = 1_764_000_000_000_000

func fuzzCheck(_ condition: Bool, _ what: @autoclosure () -> String) {
    if !condition {
        FileHandle.standardError.write(Data("property failed: \(what())\n".utf8))
        abort()
    }
}

func exercise(_ target: FuzzTarget, _ bytes: UnsafeBufferPointer<UInt8>) {
    let text = String(decoding: bytes, as: UTF8.self)
    var solver = WallClockSolver(zone: berlin)
    switch target {
    case .calendar:
        guard let spec = try? CalendarSpec(parsing: text, zones: SystemZones.shared, local: berlin) else { return }
        _ = try? spec.nextElapses(after: base, count: 8, local: &solver)
        let again = try? CalendarSpec(parsing: spec.normalized, zones: SystemZones.shared, local: berlin)
        fuzzCheck(again?.normalized == spec.normalized, "calendar \(text.debugDescription) → \(spec.normalized)")
    case .rrule:
        guard let rule = try? Recurrence(parsing: text, zones: SystemZones.shared, local: berlin) else { return }
        _ = rule.occurrences(after: base, count: 8)
        let again = try? Recurrence(parsing: rule.normalized, zones: SystemZones.shared, local: berlin)
        fuzzCheck(again?.normalized == rule.normalized, "rrule \(text.debugDescription) → \(rule.normalized)")
    case .schedule:
        guard let schedule = try? Schedule(parsing: text, zones: SystemZones.shared, local: berlin) else { return }
        _ = try? schedule.nextElapses(after: base, count: 8, local: &solver)
        _ = schedule.line
    case .timespan:
        guard let span = try? TimeSpan.parse(text) else { return }
        let printed = TimeSpan.format(span)
        fuzzCheck((try? TimeSpan.parse(printed)) == span, "timespan \(text.debugDescription) → \(printed)")
    case .config:
        _ = try? ConfigLoader.parse(
            text, file: "fuzz.toml", kinds: ChannelKinds.all, zones: SystemZones.shared, local: berlin)
    case .control:
        _ = try? ControlWire.decode(ControlRequest.self, from: Data(bytes))
        var buffer = Data(bytes)
        _ = ControlWire.takeLines(&buffer)
        ConnectionScript.run(bytes)
    case .shared:
        for line in bytes.split(separator: 0x0A) {
            guard let answer = FolderLine.parse(line, person: "Sam") else { continue }
            let again = FolderLine.parse(answer.line().dropLast(), person: "Sam")
            fuzzCheck(again == answer, "shared \(String(decoding: line, as: UTF8.self).debugDescription)")
        }
    case .events:
        let body = Array(bytes)
        for item in (try? MatrixSync(body, room: "!us:x"))?.items ?? [] {
            fuzzCheck(item.at.microseconds % 1000 == 0, "matrix event time \(item.at)")
        }
        _ = try? MatrixSync.page(body)
        let key = Array(repeating: UInt8(7), count: 32)
        let now = Instant(microseconds: base)
        for line in bytes.split(separator: 0x0A) {
            guard let event = NtfyEvent(line: Array(line)) else { continue }
            var topic = TopicReading()
            topic.add(.init(ritual: "walk", occurrence: now - .hours(1), at: now - .hours(1)))
            let found = topic.answer(
                in: event, key: key, channel: "c", person: .named("Sam"), snooze: .hours(1), now: now)
            for answer in found.answers { fuzzCheck(answer.at <= now, "ntfy answer after now: \(answer.at)") }
        }
    }
}

let chosen = FuzzTarget(rawValue: ProcessInfo.processInfo.environment["RITUALS_FUZZ"] ?? "") ?? .schedule

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    exercise(chosen, UnsafeBufferPointer(start: data, count: size))
    return 0
}

// Built with libFuzzer, its driver runs the target named by RITUALS_FUZZ; otherwise this replays.
typealias Driver =
    @convention(c) (
        UnsafeMutablePointer<CInt>, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt
if ProcessInfo.processInfo.environment["RITUALS_FUZZ"] != nil, let symbol = dlsym(nil, "LLVMFuzzerRunDriver") {
    let driver = unsafeBitCast(symbol, to: Driver.self)
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(driver(&argc, &argv) { data, size in fuzzOne(data, size) })
}
let arguments = CommandLine.arguments
guard arguments.count >= 2, let target = FuzzTarget(rawValue: arguments[1]) else {
    let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
    FileHandle.standardError.write(Data("usage: rituals-fuzz \(names) FILE...\n".utf8))
    exit(2)
}
for path in arguments.dropFirst(2) {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("rituals-fuzz: cannot read \(path)\n".utf8))
        exit(1)
    }
    data.withUnsafeBytes { exercise(target, $0.bindMemory(to: UInt8.self)) }
}
