import RitualsCore
import Testing

@testable import RitualsChannels

/// The answers an ntfy button publishes: signed for one channel under rituald's key, so that
/// anyone who knows the topic can publish but only a body rituald made is an answer; and what a
/// followed reply topic makes of the messages that come.
struct NtfyAnswerTests {
    static let key = Array(0..<32).map { UInt8($0) }
    static let now: Instant = 1_800_000_000_000_000
    static let walk = now - .hours(1)

    @Test func aBodyNamesTheAnswerAndIsSignedForItsChannel() throws {
        let done = NtfyAnswer(kind: .done, ritual: "walk", occurrence: 1_765_000_000_000_000)
        let body = done.body(key: NtfyAnswerTests.key, channel: "sam-ntfy")
        // HMAC-SHA-256 of the signed words, from Python's hmac.
        #expect(body == "done walk 1765000000000000 63bf301e1d734abfaa18b15b78a852adbc0b25d6f8eb22eb068095493cb49466")
        #expect(NtfyAnswer(body: body, key: NtfyAnswerTests.key, channel: "sam-ntfy") == done)
        #expect(NtfyAnswer(body: body, key: NtfyAnswerTests.key, channel: "kim-ntfy") == nil)
        #expect(NtfyAnswer(body: body, key: Array(repeating: 7, count: 32), channel: "sam-ntfy") == nil)
    }

    @Test(arguments: [
        "skip walk 1765000000000000 63bf301e1d734abfaa18b15b78a852adbc0b25d6f8eb22eb068095493cb49466",
        "done talk 1765000000000000 63bf301e1d734abfaa18b15b78a852adbc0b25d6f8eb22eb068095493cb49466",
        "done walk 1765000000000001 63bf301e1d734abfaa18b15b78a852adbc0b25d6f8eb22eb068095493cb49466",
        "done walk 1765000000000000 63bf301e1d734abfaa18b15b78a852adbc0b25d6f8eb22eb068095493cb49467",
        "done walk 1765000000000000 63BF301E1D734ABFAA18B15B78A852ADBC0B25D6F8EB22EB068095493CB49466",
        "done walk 1765000000000000 63bf301e1d734abfaa18b15b78a852adbc0b25d6f8eb22eb068095493cb4946",
        "done  walk 1765000000000000 63bf301e1d734abfaa18b15b78a852adbc0b25d6f8eb22eb068095493cb49466",
        "done walk 1765000000000000 63bf301e1d734abfaa18b15b78a852adbc0b25d6f8eb22eb068095493cb49466 x",
        "done", "", "finished walk 1765000000000000 63bf301e1d734abfaa18b15b78a852adbc0b25d6f8eb22eb068095493cb49466",
    ])
    func anythingElseIsNoAnswer(_ body: String) {
        #expect(NtfyAnswer(body: body, key: NtfyAnswerTests.key, channel: "sam-ntfy") == nil)
    }

    /// The bodies buttons already sent carry stay valid: byte for byte what the signing has
    /// always produced (values from Python's hmac, key 0, 1, ... 31).
    @Test(arguments: [
        (
            "sam-phone", EventKind.done, "walk", 1_796_000_000_000_000,
            "b46c095282640710e3d1d75341a9aeb8a314c77e2594cf6d46fe68f9a8ca5c3f"
        ),
        (
            "sam-phone", .snoozed, "eye-contact", 1_765_000_000_000_000,
            "69080d6f0890d2cced510ddc748a3597e8818acf58369c56dfb13211a65c7c7f"
        ),
        ("c", .skipped, "date-night", 5, "a1d87f5070f3d91b0eb6d043570a45e775b50051242e9b884e62db56e8f8143c"),
        (
            "alex-ntfy", .done, "check-in", 1_800_000_000_123_456,
            "34d59b5bae29af7e33c7e7a1a5722f182434ca3b5fda90463ac331510275af79"
        ),
    ])
    func theSignatureIsHMACSHA256AsItWas(channel: String, kind: EventKind, ritual: String, usec: Int, mac: String) {
        let answer = NtfyAnswer(kind: kind, ritual: ritual, occurrence: Instant(microseconds: usec))
        let body = answer.body(key: NtfyAnswerTests.key, channel: channel)
        #expect(body.hasSuffix(" " + mac))
        #expect(NtfyAnswer(body: body, key: NtfyAnswerTests.key, channel: channel) == answer)
        #expect(NtfyAnswer(body: body, key: NtfyAnswerTests.key, channel: channel + "x") == nil)
    }

    @Test func theButtonsAreNtfysShortActionSyntax() {
        let header = NtfyAnswer.actions(
            ritual: "walk", occurrence: 5, replyURL: "https://ntfy.example.org/t-answers", key: NtfyAnswerTests.key,
            channel: "c")
        let actions = header.split(separator: ";").map { $0.split(separator: ",").map { $0.trimmingBlanks } }
        #expect(actions.count == 3)
        #expect(actions.map { $0[1] } == ["Done", "Snooze", "Skip"])
        for (action, kind) in zip(actions, [EventKind.done, .snoozed, .skipped]) {
            #expect(action[0] == "http" && action[2] == "https://ntfy.example.org/t-answers")
            #expect(action[3] == "method=POST" && action[5] == "clear=true")
            let body = String(action[4].dropFirst("body=".count))
            #expect(NtfyAnswer(body: body, key: NtfyAnswerTests.key, channel: "c")?.kind == kind)
        }
    }

    func topic() -> TopicReading {
        var t = TopicReading()
        t.add(.init(ritual: "walk", occurrence: NtfyAnswerTests.walk, at: NtfyAnswerTests.walk + .seconds(1)))
        return t
    }

    func message(_ body: String, id: String = "m1", time: Int = 1_799_999_990) -> NtfyEvent {
        NtfyEvent(id: id, time: time, event: "message", message: body)
    }

    @Test func aSignedAnswerToAWaitingOccurrenceCountsOnce() {
        var t = topic()
        let body = NtfyAnswer(kind: .snoozed, ritual: "walk", occurrence: NtfyAnswerTests.walk)
            .body(key: NtfyAnswerTests.key, channel: "sam-ntfy")
        let found = t.answer(
            in: message(body), key: NtfyAnswerTests.key, channel: "sam-ntfy", person: .named("Sam"),
            snooze: .minutes(10),
            now: NtfyAnswerTests.now)
        let answer = found.answers.first
        #expect(found.ignored == 0 && found.answers.count == 1)
        #expect(answer?.by == .named("Sam") && answer?.answer.kind == .snoozed && answer?.occurrence.ritual == "walk")
        #expect(answer?.at == 1_799_999_990_000_000 && answer?.answer.until == 1_799_999_990_000_000 + .minutes(10))
        #expect(t.posts.isEmpty && t.since == "m1")
        // The same body again (a replay, a second press) is no second answer.
        let again = t.answer(
            in: message(body, id: "m2"), key: NtfyAnswerTests.key, channel: "sam-ntfy", person: .named("Sam"),
            snooze: .zero,
            now: NtfyAnswerTests.now)
        #expect(again.answers.isEmpty && again.ignored == 1 && t.since == "m2")
    }

    @Test func forgedUnknownAndStreamEventsAreNotAnswers() {
        var t = topic()
        let other = NtfyAnswer(kind: .done, ritual: "talk", occurrence: NtfyAnswerTests.walk)
            .body(key: NtfyAnswerTests.key, channel: "sam-ntfy")
        for body in ["done", "done walk \(NtfyAnswerTests.walk) " + String(repeating: "0", count: 64), other] {
            let r = t.answer(
                in: message(body), key: NtfyAnswerTests.key, channel: "sam-ntfy", person: .named("Sam"), snooze: .zero,
                now: NtfyAnswerTests.now)
            #expect(r.answers.isEmpty && r.ignored == 1)
        }
        let keepalive = t.answer(
            in: NtfyEvent(id: "k", time: 1, event: "keepalive"), key: NtfyAnswerTests.key, channel: "sam-ntfy",
            person: .named("Sam"), snooze: .zero, now: NtfyAnswerTests.now)
        #expect(keepalive == InboxFindings() && t.since == "m1")
        #expect(t.posts.count == 1)
    }

    /// The server's stamp is bounded by the post and now (allowing the clock skew): within, the
    /// answer is taken as given between them; beyond, it is refused and the occurrence waits on.
    @Test func anAnswerIsStampedBetweenItsPostAndNow() {
        let body = NtfyAnswer(kind: .snoozed, ritual: "walk", occurrence: NtfyAnswerTests.walk)
            .body(key: NtfyAnswerTests.key, channel: "c")
        func take(_ t: inout TopicReading, stamped: Int) -> InboxFindings {
            t.answer(
                in: message(body, time: stamped), key: NtfyAnswerTests.key, channel: "c", person: .named("Sam"),
                snooze: .minutes(20), now: NtfyAnswerTests.now)
        }
        let posted = (NtfyAnswerTests.walk + .seconds(1)).wholeSeconds
        var t = topic()
        let future = take(&t, stamped: 1_900_000_000)
        #expect(future.answers.isEmpty && future.refused.first?.contains("a time still to come") == true)
        let before = take(&t, stamped: posted - 3600)
        #expect(before.answers.isEmpty && before.refused.first?.contains("before the post it answers") == true)
        #expect(t.posts.count == 1, "refused, the occurrence still waits")
        let soon = take(&t, stamped: NtfyAnswerTests.now.wholeSeconds + 300)
        #expect(soon.answers.first?.at == NtfyAnswerTests.now)
        var u = topic()
        let early = take(&u, stamped: posted - 300)
        let at = Instant(seconds: posted)
        #expect(early.answers.first?.at == at && early.answers.first?.answer.until == at + .minutes(20))
    }

    @Test(arguments: [
        ("{\"id\":\"a\",\"time\":5,\"event\":\"message\",\"topic\":\"t\",\"message\":\"hi\"}", "message"),
        ("{\"id\":\"b\",\"time\":5,\"event\":\"keepalive\",\"topic\":\"t\"}", "keepalive"),
        ("{\"code\":40401,\"http\":404,\"error\":\"page not found\"}", nil),
        ("not json", nil),
    ])
    func streamLines(_ line: String, _ event: String?) {
        #expect(NtfyEvent(line: Array(line.utf8))?.event == event)
    }

    @Test func titlesOutsideASCIIAreEncodedWords() {
        #expect(NtfyClient.headerText("Walk") == "Walk")
        #expect(NtfyClient.headerText("Walk\nnow") == "Walk now")
        #expect(NtfyClient.headerText("Café ✅") == "=?UTF-8?B?Q2Fmw6kg4pyF?=")
    }
}
