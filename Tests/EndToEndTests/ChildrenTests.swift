import Foundation
import Testing

/// Children that misbehave: a notify-send that never shows anything and never ends.
struct ChildrenTests {
    /// Processes whose command line holds `marker`.
    static func processes(holding marker: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            let line = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
            return String(decoding: line.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self).contains(marker)
        }
    }

    /// A line of /proc/PID/status.
    static func status(_ pid: Int32, _ key: String) -> Int? {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").first { $0.hasPrefix(key + ":") }
            .flatMap { Int($0.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)) }
    }

    @Test func aHangingNotifySendIsBoundedAndEnded() throws {
        let run = try RitualdRunner(config: DaemonTests.config)
        let bin = run.dir + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let marker = String(Int.random(in: 100_000...999_999))
        // A shell that waits on a child: ending the shell alone would leave the child holding
        // the pipe.
        try "#!/bin/sh\nsleep \(marker)\necho never\n".write(
            toFile: bin + "/notify-send", atomically: true, encoding: .utf8)
        chmod(bin + "/notify-send", 0o755)
        let notify = try NotifyListener()
        let p = try run.launch(notify: notify, environment: ["PATH": bin + ":/usr/bin:/bin"])
        defer { if p.isRunning { p.terminate() } }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        // A firing every 2 s: past the show timeout (10 s) before the number of waiting
        // notifications (8) makes room, and past both.
        #expect(TestDesktop.poll(within: 60) { run.fired().count >= 12 })
        let waiting = ChildrenTests.processes(holding: "sleep \(marker)")
        #expect(waiting.count <= 16, "at most 16 notify-send children at once, found \(waiting.count)")
        let threads = ChildrenTests.status(p.processIdentifier, "Threads") ?? 0
        #expect(threads <= 40, "threads of rituald: \(threads)")
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(p.processIdentifier)/fd"))?.count ?? 0
        #expect(fds <= 80, "open descriptors of rituald: \(fds)")
        let log = try String(contentsOfFile: run.dir + "/rituald.log", encoding: .utf8)
        #expect(log.contains("notify-send did not show the notification within 10 s and was ended"))
        p.terminate()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(
            TestDesktop.poll(within: 5) { ChildrenTests.processes(holding: "sleep \(marker)").isEmpty },
            "no child outlives the daemon")
    }
}
