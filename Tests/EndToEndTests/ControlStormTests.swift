import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Clients that connect, send anything and leave at any moment, four at a time: random bytes
/// waited on for an answer, half-written lines, requests with long answers closed before the
/// answer is read, resets, pipelined requests cut off. rituald must stay up and answering. When
/// RITUALS_RELEASE_BIN names a release build's folder (make test sets it), its rituald is the one
/// stormed: the optimized build is where a race shows first.
struct ControlStormTests {
    static var binary: String {
        if let folder = ProcessInfo.processInfo.environment["RITUALS_RELEASE_BIN"], !folder.isEmpty {
            return folder + "/rituald"
        }
        return RitualdRunner.binary
    }

    /// One misbehaving client; returns when it has gone.
    static func misbehave(_ path: String, _ kind: Int, _ random: inout SystemRandomNumberGenerator) {
        guard let client = RawClient(path: path) else { return }
        var wait = timeval(tv_sec: 0, tv_usec: 300_000)
        setsockopt(client.fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        let request = Data("{\"command\":\"next\",\"count\":1000,\"days\":3660}\n".utf8)
        var buffer = [UInt8](repeating: 0, count: 1000)
        switch kind {
        case 0:  // random bytes, an answer waited for, then gone
            client.send(Data((0..<3000).map { _ in UInt8.random(in: 0...255, using: &random) }))
            _ = recv(client.fd, &buffer, buffer.count, 0)
        case 1:  // half a line, gone at once
            client.send(Data("{\"command\":\"sta".utf8))
        case 2:  // a long answer asked for, gone while it is written
            client.send(request)
        case 3:  // a reset in the middle of the answer
            client.send(request)
            _ = recv(client.fd, &buffer, Int.random(in: 1...buffer.count, using: &random), 0)
            var reset = linger(l_onoff: 1, l_linger: 0)
            setsockopt(client.fd, SOL_SOCKET, SO_LINGER, &reset, socklen_t(MemoryLayout<linger>.size))
        case 4:  // pipelined requests, a half-close, a little read
            client.send(Data((0..<50).map { _ in Data("{\"command\":\"status\"}\n".utf8) }.joined()) + request)
            client.finish()
            _ = recv(client.fd, &buffer, buffer.count, 0)
        default:  // random bytes and a half-close, the answer read to the end
            let length = Int.random(in: 0...400, using: &random)
            client.send(Data((0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }))
            client.finish()
            _ = client.readToEnd()
        }
    }

    @Test func randomClientsLeavingAtAnyMomentLeaveItAnswering() throws {
        let run = try RitualdRunner(config: ControlTests.config)
        let notify = try NotifyListener()
        let command = [ControlStormTests.binary, "--config", run.configPath, "--state-dir", run.dir + "/state"]
        let p = Process()
        p.executableURL = URL(fileURLWithPath: command[0])
        p.arguments = Array(command.dropFirst()) + ["--socket", run.socketPath]
        p.environment = ProcessInfo.processInfo.environment.merging(
            ["NOTIFY_SOCKET": notify.path, "PATH": "/nonexistent"]) { $1 }
        p.standardError = FileHandle.nullDevice
        try p.run()
        defer { p.terminate() }
        #expect(notify.wait(for: "READY=1", within: 30) != nil)
        let clients = 4
        let rounds = 100
        DispatchQueue.concurrentPerform(iterations: clients) { _ in
            var random = SystemRandomNumberGenerator()
            for _ in 0..<rounds where p.isRunning {
                ControlStormTests.misbehave(run.socketPath, Int.random(in: 0...5, using: &random), &random)
            }
        }
        #expect(p.isRunning, "rituald died under the storm: status \(p.terminationStatus)")
        let status = try run.ctl(["status"])
        #expect(status.status == 0 && status.stdout.contains("running"), "\(status.stderr)")
    }
}
