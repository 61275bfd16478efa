import Foundation
import RitualsControl

/// The `control` target's second reading of its input: a script of events on up to four client
/// connections, as rituald's queue could see them in any order (bytes arriving, half-closes,
/// the socket taking part of an answer or failing, timeouts, rituald closing one, a new client
/// taking a closed one's place). After every event the session's promises are checked; at the
/// end, every connection still open is half-closed and drained, and one answer must have gone
/// out for every request line it received.
struct ConnectionScript {
    private struct Connection {
        var session = ControlSession()
        var received = Data()
        var answers = 0
        /// Ended by a failure, a timeout, rituald or a request too long: answers may be missing.
        var cutShort = false
    }

    private var connections = [Connection](repeating: Connection(), count: 4)

    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        var script = ConnectionScript()
        var i = 0
        func next() -> Int {
            defer { i += 1 }
            return i < bytes.count ? Int(bytes[i]) : 0
        }
        while i < bytes.count {
            let op = next()
            script.step(op & 0x0F, on: (op >> 4) & 3, argument: next(), bytes: bytes, at: &i)
        }
        for n in 0..<4 { script.drain(n) }
    }

    private mutating func step(
        _ op: Int, on n: Int, argument: Int, bytes: UnsafeBufferPointer<UInt8>, at i: inout Int
    ) {
        switch op {
        case 0, 1, 2:
            let start = min(i, bytes.count)
            let end = min(bytes.count, start + argument)
            let chunk = Data(bytes[start..<end])
            i = end
            if !connections[n].session.isClosed && connections[n].session.wantsToRead {
                connections[n].received.append(chunk)
                connections[n].session.received(chunk)
                if connections[n].session.isClosed { connections[n].cutShort = true }
            }
        case 3: connections[n].session.peerFinished()
        case 4, 5, 6: serve(n, socketTakes: argument == 0 ? Int.max : argument)
        case 7:
            connections[n].session.failed()
            connections[n].cutShort = true
        case 8:
            connections[n].session.timedOut()
            connections[n].cutShort = true
        case 9:
            connections[n].session.close()
            connections[n].cutShort = true
        case 10 where connections[n].session.isClosed: connections[n] = Connection()
        default: break
        }
        check(n)
    }

    /// Takes a request if one can be taken, answers it, and lets the socket take `socketTakes`
    /// bytes.
    private mutating func serve(_ n: Int, socketTakes: Int) {
        if connections[n].session.hasRequest {
            if connections[n].session.nextRequest() != nil { connections[n].session.reply(ControlResponse()) }
            // A request answered, or a line refused as malformed.
            if connections[n].session.wantsToWrite { connections[n].answers += 1 }
        }
        if connections[n].session.wantsToWrite {
            connections[n].session.sent(min(socketTakes, connections[n].session.outbox.count))
        }
    }

    private func check(_ n: Int) {
        let s = connections[n].session
        fuzzCheck(!s.wantsToRead || (s.outbox.isEmpty && !s.hasRequest), "reads while an answer or request waits")
        fuzzCheck(!s.isClosed || (!s.wantsToRead && !s.wantsToWrite && !s.hasRequest), "acts after its end")
        fuzzCheck(!s.isClosed || s.outbox.isEmpty, "keeps an answer after its end")
    }

    /// Half-closes connection `n` and serves it to its end.
    private mutating func drain(_ n: Int) {
        connections[n].session.peerFinished()
        var turns = 0
        while !connections[n].session.isClosed && turns < 100_000 {
            serve(n, socketTakes: Int.max)
            check(n)
            turns += 1
        }
        fuzzCheck(connections[n].session.isClosed, "a drained connection does not end")
        guard !connections[n].cutShort else { return }
        let lines = connections[n].received.split(separator: 0x0A, omittingEmptySubsequences: true)
        let requests = lines.filter { !$0.allSatisfy { $0 == 0x20 || $0 == 0x0D || $0 == 0x09 } }.count
        fuzzCheck(connections[n].answers == requests, "\(requests) requests, \(connections[n].answers) answers")
    }
}
