import Dispatch
import Foundation
import RitualsCore
import Testing

@testable import RitualsChannels

/// What a server or a prompt sends cannot stop or mislead a channel: times beyond any clock,
/// a prompt that looks like a file name, two channels making the signing key at once, a flood
/// of messages that are no answers.
struct HostileChannelTests {
    /// A homeserver stamping an event beyond what microseconds can count: that event is no item
    /// (no trap), the others come through.
    @Test(arguments: [Int.max, Int.max / 999, -Int.max / 999])
    func aMatrixTimeBeyondAnyClockCostsOnlyItsEvent(_ stamp: Int) throws {
        let body = """
            {"next_batch":"s2","rooms":{"join":{"!us:x":{"timeline":{"events":[
            {"type":"m.reaction","sender":"@eve:x","event_id":"$far","origin_server_ts":\(stamp),
             "content":{"m.relates_to":{"rel_type":"m.annotation","event_id":"$post","key":"✅"}}},
            {"type":"m.reaction","sender":"@sam:x","event_id":"$near","origin_server_ts":1700000000000,
             "content":{"m.relates_to":{"rel_type":"m.annotation","event_id":"$post","key":"✅"}}}
            ]}}}}}
            """
        let sync = try MatrixSync(Array(body.utf8), room: "!us:x")
        #expect(sync.items.map(\.id) == ["$near"])
    }

    /// An ntfy message whose `time` no clock can have is taken as sent now (one before the
    /// epoch is refused as given before its post).
    @Test(arguments: [Int.max, Int.max / 1000 + 1, Int.max / 1_000_000 + 1])
    func anNtfyTimeBeyondAnyClockIsTakenAsNow(_ time: Int) {
        var t = TopicReading()
        t.add(.init(ritual: "walk", occurrence: NtfyAnswerTests.walk, at: NtfyAnswerTests.walk + .seconds(1)))
        let body = NtfyAnswer(kind: .done, ritual: "walk", occurrence: NtfyAnswerTests.walk)
            .body(key: NtfyAnswerTests.key, channel: "c")
        let found = t.answer(
            in: NtfyEvent(id: "m", time: time, event: "message", message: body), key: NtfyAnswerTests.key,
            channel: "c", person: .named("Sam"), snooze: .minutes(10), now: NtfyAnswerTests.now)
        #expect(found.answers.first?.at == NtfyAnswerTests.now)
    }

    /// A body that starts with '@' is sent as written: curl never reads it as a file name.
    @Test func aBodyThatLooksLikeAFileNameIsSentAsText() throws {
        let port = try CurlTimeLimitTests.SilentPort()
        let text = "@/etc/hostname, what made you smile?"
        #expect(Curl.config(Curl.Request("POST", "http://x/", body: Array(text.utf8))).contains("data-raw = \"@/etc"))
        let sent = DispatchSemaphore(value: 0)
        let number = port.port
        DispatchQueue.global().async {
            _ = Curl().perform(
                Curl.Request("POST", "http://127.0.0.1:\(number)/t", body: Array(text.utf8), timeout: .seconds(30)))
            sent.signal()
        }
        let client = accept(port.fd, nil, nil)
        #expect(client >= 0)
        var received = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !String(decoding: received, as: UTF8.self).hasSuffix(text) {
            let n = read(client, &buffer, buffer.count)
            if n <= 0 { break }
            received += buffer[0..<n]
        }
        close(client)
        sent.wait()
        let request = String(decoding: received, as: UTF8.self)
        #expect(request.hasSuffix("\r\n\r\n" + text), "\(request)")
    }

    /// Channels of one rituald making the key at once: one key is made, and every channel signs
    /// with the one kept.
    @Test func oneSigningKeyIsMadeOnceForEveryChannel() throws {
        for _ in 0..<20 {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("key-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let file = NtfyKey.path(in: dir)
            let keys = Keys()
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                if case .success(let key) = NtfyKey.read(file, creating: true) { keys.add(key) }
            }
            guard case .success(let kept) = NtfyKey.read(file, creating: false) else {
                Issue.record("no key kept")
                return
            }
            #expect(keys.all.count == 8 && keys.all.allSatisfy { $0 == kept })
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0 != "ntfy.key" }
            #expect(leftovers.isEmpty, "\(leftovers)")
        }
    }

    final class Keys: @unchecked Sendable {
        private let lock = NSLock()
        private var keys: [[UInt8]] = []
        var all: [[UInt8]] { lock.withLock { keys } }
        func add(_ key: [UInt8]) { lock.withLock { keys.append(key) } }
    }
}
