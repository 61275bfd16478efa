import RitualsCore

/// One answer as an ntfy button publishes it to the reply topic: the answer, the ritual, the
/// occurrence, and an HMAC-SHA-256 over them and the channel's name under a key only rituald and
/// ritualctl hold. The body is plain words (`done walk 1765000000000000 3f9a…`), so that the
/// buttons read well in ntfy's action syntax; whoever knows the topic can publish to the reply
/// topic, but only a body rituald signed is an answer.
public struct NtfyAnswer: Sendable, Equatable {
    public var kind: EventKind
    public var ritual: String
    public var occurrence: Instant

    /// The buttons, in the order the phone shows them: word in the body, answer, label.
    public static let buttons: [(word: String, kind: EventKind, label: String)] = [
        ("done", .done, "Done"), ("snooze", .snoozed, "Snooze"), ("skip", .skipped, "Skip"),
    ]
    /// A body longer than this is no answer.
    public static let maxBody = 512

    public init(kind: EventKind, ritual: String, occurrence: Instant) {
        self.kind = kind
        self.ritual = ritual
        self.occurrence = occurrence
    }

    /// The body a button publishes.
    public func body(key: [UInt8], channel: String) -> String {
        let word = NtfyAnswer.buttons.first { $0.kind == kind }?.word ?? kind.name
        return "\(word) \(ritual) \(occurrence.microseconds) " + HMACSHA256.hex(mac(key: key, channel: channel))
    }

    /// The answer `body` carries, when it is one rituald signed for `channel`; nil for anything
    /// else (a forged or damaged body, an answer meant for another channel).
    public init?(body: String, key: [UInt8], channel: String) {
        guard body.utf8.count <= NtfyAnswer.maxBody else { return nil }
        let words = body.split(separator: " ", omittingEmptySubsequences: false)
        guard words.count == 4, let button = NtfyAnswer.buttons.first(where: { $0.word == words[0] }),
            !words[1].isEmpty, let occurrence = Int(words[2]), words[3].utf8.count == 64
        else { return nil }
        self.init(kind: button.kind, ritual: String(words[1]), occurrence: Instant(microseconds: occurrence))
        guard let given = HMACSHA256.bytes(Array(words[3].utf8)),
            HMACSHA256.same(given, mac(key: key, channel: channel))
        else { return nil }
    }

    private func mac(key: [UInt8], channel: String) -> [UInt8] {
        let signed = ["rituals-ntfy-answer", channel, kind.name, ritual, String(occurrence.microseconds)]
            .joined(separator: "\n")
        return HMACSHA256.mac(key: key, Array(signed.utf8))
    }

    /// ntfy's `Actions` header (its short form, `http, LABEL, URL, key=value…; …`): the three
    /// buttons, each publishing its signed body to `replyURL` with POST and clearing the
    /// notification.
    public static func actions(ritual: String, occurrence: Instant, replyURL: String, key: [UInt8], channel: String)
        -> String
    {
        buttons.map { button in
            let body = NtfyAnswer(kind: button.kind, ritual: ritual, occurrence: occurrence)
                .body(key: key, channel: channel)
            return "http, \(button.label), \(replyURL), method=POST, body=\(body), clear=true"
        }.joined(separator: "; ")
    }
}
