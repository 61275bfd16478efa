import Foundation
import Systemd
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
        #expect(child.output.readDataToEndOfFile() == Data("out\n".utf8))
        #expect(child.errors.readDataToEndOfFile() == Data("err\n".utf8))
        #expect(child.wait() == 3)
        let missing = #expect(throws: SystemError.self) { try ChildProcess("/nonexistent/notify-send", []) }
        #expect(missing?.description == "cannot run /nonexistent/notify-send: No such file or directory")
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
