import Dispatch
import Foundation
import Testing

@testable import Systemd

/// sd-bus on a private dbus-daemon: a call and its reply, an error reply, and a name watched as
/// it comes and goes.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/dbus-daemon")))
struct BusTests {
    /// A dbus-daemon of its own, on a socket in a temporary directory.
    final class Daemon {
        let process = Process()
        let address: String
        let directory: String

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("bus-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            address = "unix:path=\(directory)/bus"
            process.executableURL = URL(fileURLWithPath: "/usr/bin/dbus-daemon")
            process.arguments = ["--session", "--nofork", "--nopidfile", "--address=\(address)", "--print-address"]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            // The daemon says its address once it listens.
            _ = out.fileHandleForReading.availableData
        }

        deinit {
            // Started from a thread that blocks the usual signals, the daemon inherited the mask:
            // SIGTERM would wait forever.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    /// What came back, awaited.
    final class Results<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [T] = []
        private let arrived = DispatchSemaphore(value: 0)
        func add(_ item: T) {
            lock.withLock { items.append(item) }
            arrived.signal()
        }
        /// The first `count` results (a test that sees fewer fails after a minute).
        func wait(for count: Int) -> [T] {
            for _ in 0..<count { _ = arrived.wait(timeout: .now() + 60) }
            return lock.withLock { items }
        }
    }

    let queue = DispatchQueue(label: "bus-tests")

    @Test func aCallIsAnsweredAndAnErrorSaysItsName() throws {
        let daemon = try Daemon()
        let bus = try queue.sync { try Bus(.address(daemon.address), queue: queue) { _ in } }
        let results = Results<Result<BusReply, BusError>>()
        queue.sync {
            bus.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "ListNames") {
                results.add($0)
            }
            bus.call(
                "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "GetNameOwner",
                arguments: ["org.example.Nobody"]
            ) { results.add($0) }
        }
        let got = results.wait(for: 2)
        let names = try #require(try? got.first?.get())
        #expect(names.arguments.count == 1)
        #expect(names.strings.first?.contains("org.freedesktop.DBus") == true)
        guard case .failure(let error)? = got.last else { Issue.record("no error for a name without owner"); return }
        #expect(error.name == "org.freedesktop.DBus.Error.NameHasNoOwner")
        queue.sync { bus.close() }
    }

    /// Properties come back as they are: a variant as what it holds, a dictionary of them by name.
    @Test func propertiesAreReadThroughTheirVariants() throws {
        let daemon = try Daemon()
        let bus = try queue.sync { try Bus(.address(daemon.address), queue: queue) { _ in } }
        let results = Results<Result<BusReply, BusError>>()
        let (dbus, path, properties) = (
            "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.Properties"
        )
        queue.sync {
            bus.call(dbus, path, properties, "Get", arguments: [dbus, "Interfaces"]) { results.add($0) }
            bus.call(dbus, path, properties, "GetAll", arguments: [dbus]) { results.add($0) }
        }
        let got = results.wait(for: 2)
        let one = try #require(try? got.first?.get())
        guard case .strings(let interfaces)? = one.arguments.first else {
            Issue.record("not an array of strings: \(one)")
            return
        }
        #expect(interfaces.contains("org.freedesktop.DBus.Monitoring"))
        let all = try #require(try? got.last?.get().properties)
        #expect(all["Interfaces"] == .strings(interfaces))
        guard case .strings(let features)? = all["Features"] else {
            Issue.record("no features: \(all)")
            return
        }
        #expect(!features.isEmpty)
        queue.sync { bus.close() }
    }

    /// A reply's closure calls again (as the notification server's watch does): answered too.
    @Test func aCallFromAReplyIsAnswered() throws {
        let daemon = try Daemon()
        let bus = try queue.sync { try Bus(.address(daemon.address), queue: queue) { _ in } }
        let results = Results<String>()
        queue.sync {
            bus.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "GetId") { first in
                results.add((try? first.get())?.strings.first ?? "")
                bus.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "GetId") {
                    results.add((try? $0.get())?.strings.first ?? "")
                }
            }
        }
        let ids = results.wait(for: 2)
        #expect(ids.count == 2 && ids[0] == ids[1] && ids[0].count == 32)
        queue.sync { bus.close() }
    }

    @Test func aNameIsSeenComingAndGoing() throws {
        let daemon = try Daemon()
        let changes = Results<[String]>()
        let bus = try queue.sync { try Bus(.address(daemon.address), queue: queue) { _ in } }
        try queue.sync {
            try bus.match(
                "type='signal',sender='org.freedesktop.DBus',member='NameOwnerChanged',arg0='org.example.Walk'"
            ) { changes.add($0.strings) }
        }
        // dbus-send takes the name, and lets it go as it exits.
        let send = Process()
        send.executableURL = URL(fileURLWithPath: "/usr/bin/dbus-send")
        send.arguments = [
            "--bus=\(daemon.address)", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
            "org.freedesktop.DBus.RequestName", "string:org.example.Walk", "uint32:0",
        ]
        send.standardOutput = FileHandle.nullDevice
        try send.run()
        send.waitUntilExit()
        let seen = changes.wait(for: 2)
        #expect(seen.count == 2)
        #expect(seen.first?.first == "org.example.Walk" && seen.first?.last?.isEmpty == false, "taken")
        #expect(seen.last?.last == "", "let go")
        queue.sync { bus.close() }
    }

    /// A program that answers `org.example.Modes.SetModes(s)` only once told to (a line on its
    /// standard input, before or after the call comes), so that any other answer would reach the
    /// caller first.
    static let slowCallee = """
        import sys, dbus, dbus.service, dbus.mainloop.glib
        from gi.repository import GLib
        dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
        bus = dbus.bus.BusConnection(sys.argv[1])
        pending, told = [], []
        class Modes(dbus.service.Object):
            @dbus.service.method("org.example.Modes", in_signature="s", out_signature="s",
                                 async_callbacks=("ok", "error"))
            def SetModes(self, mode, ok, error):
                if told:
                    ok("set by the one called")
                else:
                    pending.append(ok)
        name = dbus.service.BusName("org.example.Modes", bus)
        Modes(bus, "/org/example/Modes")
        def tell(source, condition):
            if not sys.stdin.readline():
                return False
            told.append(True)
            for ok in pending:
                ok("set by the one called")
            return True
        GLib.io_add_watch(sys.stdin, GLib.IO_IN, tell)
        print("ready", flush=True)
        GLib.MainLoop().run()
        """

    /// A call one program makes to another is overheard by a third (as mako's modes are), and
    /// only heard: the caller gets its answer from the one it called, never one from here.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
    func aCallToAnotherIsOverheardAndNeverAnswered() throws {
        let daemon = try Daemon()
        let callee = Process()
        callee.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        callee.arguments = ["-c", BusTests.slowCallee, daemon.address]
        let (input, output) = (Pipe(), Pipe())
        callee.standardInput = input
        callee.standardOutput = output
        try callee.run()
        defer {
            // It inherited a mask that blocks SIGTERM (as the daemon above).
            kill(callee.processIdentifier, SIGKILL)
            callee.waitUntilExit()
        }
        #expect(String(decoding: output.fileHandleForReading.availableData, as: UTF8.self).hasPrefix("ready"))

        let heard = Results<Bool>()
        let listener = try queue.sync { try Bus(.address(daemon.address), queue: queue) { _ in } }
        try queue.sync {
            try listener.overhear("type='method_call',interface='org.example.Modes',member='SetModes'") {
                heard.add(true)
            }
        }
        // A call made after the rule's reply is ordered after the rule.
        let ready = Results<Bool>()
        queue.sync {
            listener.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "GetId") { _ in
                ready.add(true)
            }
        }
        #expect(ready.wait(for: 1).count == 1)
        let caller = try queue.sync { try Bus(.address(daemon.address), queue: queue) { _ in } }
        let answers = Results<Result<BusReply, BusError>>()
        queue.sync {
            caller.call(
                "org.example.Modes", "/org/example/Modes", "org.example.Modes", "SetModes",
                arguments: ["do-not-disturb"]
            ) { answers.add($0) }
        }
        #expect(heard.wait(for: 1).count == 1, "overheard")
        // Whatever the listener sent in answer went out before its next call's reply came back.
        let flushed = Results<Bool>()
        queue.sync {
            listener.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "GetId") { _ in
                flushed.add(true)
            }
        }
        #expect(flushed.wait(for: 1).count == 1)
        input.fileHandleForWriting.write(Data("answer\n".utf8))
        let answer = answers.wait(for: 1).first
        #expect(
            (try? answer?.get())?.strings.first == "set by the one called",
            "answered by the one called: \(String(describing: answer))")
        queue.sync {
            caller.close()
            listener.close()
        }
    }

    @Test func noBusIsAnErrorThatSaysSo() {
        #expect(throws: BusError.self) {
            try queue.sync { try Bus(.address("unix:path=/nonexistent/bus"), queue: queue) { _ in } }
        }
    }
}
