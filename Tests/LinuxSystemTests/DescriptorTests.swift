import Foundation
import LinuxSystem
import Testing

/// Sockets, children, and the descriptors that tell of clock steps and file changes.
struct DescriptorTests {
    func directory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rituals-fd-\(UUID().uuidString)").path
        try FileIO.makePrivateDirectory(dir)
        return dir
    }

    @Test func aSocketPairTalksAndKnowsItsPeer() throws {
        let path = try directory() + "/s.sock"
        let listener = try UnixSocket.stream()
        defer { UnixSocket.close(listener) }
        try UnixSocket.listen(listener, at: path)
        #expect(UnixSocket.accept(listener) == nil, "nothing waits yet")
        let client = try UnixSocket.stream()
        defer { UnixSocket.close(client) }
        try UnixSocket.connect(client, to: path)
        let server = try #require(UnixSocket.accept(listener))
        defer { UnixSocket.close(server) }
        #expect(UnixSocket.peer(server)?.uid == ThisProcess.uid)
        #expect(UnixSocket.peer(server)?.pid == ThisProcess.pid)
        #expect(UnixSocket.writeAll(client, Data("hello\n".utf8)))
        #expect(UnixSocket.read(server) == Data("hello\n".utf8))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func connectingWhereNothingListensSaysSo() throws {
        let fd = try UnixSocket.stream()
        defer { UnixSocket.close(fd) }
        let error = #expect(throws: SystemError.self) { try UnixSocket.connect(fd, to: "/nonexistent/s.sock") }
        #expect(error?.code == ENOENT)
        #expect(error?.description == "cannot connect to /nonexistent/s.sock: No such file or directory")
        let long = "/" + String(repeating: "x", count: 200)
        #expect((#expect(throws: SystemError.self) { try UnixSocket.connect(fd, to: long) })?.code == ENAMETOOLONG)
    }

    @Test func aChildRunsWithoutAShellAndReportsItsStatus() throws {
        let child = try ChildProcess("/bin/sh", ["-c", "echo out; echo err >&2; exit 3", "ignored"])
        #expect(ChildProcess.drain(child.readOutput) == Data("out\n".utf8))
        #expect(ChildProcess.drain(child.readErrors) == Data("err\n".utf8))
        #expect(child.wait() == 3)
        let missing = #expect(throws: SystemError.self) { try ChildProcess("/nonexistent/notify-send", []) }
        #expect(missing?.description == "cannot run /nonexistent/notify-send: No such file or directory")
    }

    /// A signal handled while a reader waits (EINTR) does not pass for the end of the output.
    @Test func readingOutlastsSignals() throws {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        sigaction(SIGUSR2, &action, nil)
        let child = try ChildProcess("/bin/sh", ["-c", "sleep 1; echo late"])
        let reader = Reader(child)
        let thread = Thread { reader.run() }
        thread.start()
        while !reader.started() { usleep(1000) }
        for _ in 0..<20 {
            reader.signal()
            usleep(20_000)
        }
        #expect(reader.result() == Data("late\n".utf8))
        #expect(child.wait() == 0)
    }

    @Test func aWatchedDirectoryNamesWhatChanged() throws {
        let dir = try directory()
        let watch = try DirectoryWatch(dir)
        #expect(watch.changedNames().isEmpty)
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/localtime"))
        #expect(watch.changedNames().contains("localtime"))
        #expect(throws: SystemError.self) { try DirectoryWatch(dir + "/missing") }
    }

    @Test func theClockTimerIsQuietWhileTheClockIsNotStepped() throws {
        let timer = try ClockStepTimer()
        #expect(timer.fd >= 0)
        #expect(!timer.stepped())
    }
}

/// Reads a child's output on a thread of its own, which the test can interrupt with SIGUSR2.
final class Reader: @unchecked Sendable {
    let child: ChildProcess
    let lock = NSLock()
    var thread: pthread_t?
    var output: Data?
    let done = DispatchSemaphore(value: 0)

    init(_ child: ChildProcess) { self.child = child }

    func run() {
        // Threads may start with signals blocked; this one takes SIGUSR2.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGUSR2)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        lock.withLock { thread = pthread_self() }
        let data = ChildProcess.drain(child.readOutput)
        lock.withLock { output = data }
        done.signal()
    }

    func started() -> Bool { lock.withLock { thread != nil } }

    func signal() {
        lock.withLock {
            if output == nil, let thread { pthread_kill(thread, SIGUSR2) }
        }
    }

    func result() -> Data? {
        done.wait()
        return lock.withLock { output }
    }
}
