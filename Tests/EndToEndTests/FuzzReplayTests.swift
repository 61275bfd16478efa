import Foundation
import Testing

/// The fuzz targets' inputs replayed through a plain build of `rituals-fuzz`: the seeds, every
/// input fuzzing once found (scripts/swift/fuzz/regressions), and seeded random mutations of the seeds.
/// Each target checks its own property (normalized forms read back to themselves, spans print and
/// read back the same), so a wrong answer fails here like a crash does.
struct FuzzReplayTests {
    static let targets = ["calendar", "rrule", "schedule", "timespan", "config", "control", "shared", "events"]
    static let fuzzDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/swift/fuzz")
    static var binary: String {
        URL(fileURLWithPath: Ritualctl.path).deletingLastPathComponent().appendingPathComponent("rituals-fuzz").path
    }

    static func files(_ folder: String, _ target: String) -> [String] {
        let dir = fuzzDir.appendingPathComponent(folder).appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().map { dir.appendingPathComponent($0).path }
    }

    /// Byte flips, insertions of tokens the parsers care about, cuts and splices.
    static func mutations(of seeds: [Data], count: Int, seed: UInt64) -> [Data] {
        var state = seed
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(max(n, 1)))
        }
        let tokens = [
            "..", "/", "~", ",", ":", "*", "-", ".", " ", "\n", "=", ";", "[", "]", "\"", "{", "}", "0", "9", "60",
            "24", "31", "2199", "UTC", "Europe/Berlin", "CEST", "FREQ=", "BYDAY=", "-1FR", "INTERVAL=0", "COUNT=",
            "UNTIL=", "\u{0}", "\u{FF}", "é", "9999999999999999999", "[[ritual]]", "when", "every", "min", "us",
        ].map { Data($0.utf8) }
        var out: [Data] = []
        for _ in 0..<count {
            var bytes = [UInt8](seeds[next(seeds.count)])
            for _ in 0...next(4) {
                switch next(4) {
                case 0 where !bytes.isEmpty: bytes[next(bytes.count)] = UInt8(next(256))
                case 1: bytes.insert(contentsOf: tokens[next(tokens.count)], at: next(bytes.count + 1))
                case 2 where !bytes.isEmpty:
                    let a = next(bytes.count)
                    bytes.removeSubrange(a..<min(bytes.count, a + 1 + next(8)))
                default:
                    let other = [UInt8](seeds[next(seeds.count)])
                    bytes.insert(contentsOf: other.prefix(next(other.count + 1)), at: next(bytes.count + 1))
                }
            }
            out.append(Data(bytes))
        }
        return out
    }

    @Test(arguments: FuzzReplayTests.targets)
    func replays(_ target: String) throws {
        let seeds = FuzzReplayTests.files("seeds", target)
        #expect(!seeds.isEmpty, "scripts/swift/fuzz/seeds/\(target) holds the target's seeds")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-\(target)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = seeds.compactMap { FileManager.default.contents(atPath: $0) }
        var inputs = seeds + FuzzReplayTests.files("regressions", target)
        for (i, bytes) in FuzzReplayTests.mutations(of: data, count: 400, seed: 2026).enumerated() {
            let path = dir.appendingPathComponent("m\(i)").path
            FileManager.default.createFile(atPath: path, contents: bytes)
            inputs.append(path)
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: FuzzReplayTests.binary)
        p.arguments = [target] + inputs
        let err = Pipe()
        p.standardError = err
        try p.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationReason == .exit && p.terminationStatus == 0, "\(target): \(message)")
    }
}
