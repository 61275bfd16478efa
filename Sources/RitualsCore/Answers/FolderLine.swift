import FoundationEssentials

/// One line of a person's file in the shared folder (`alex.jsonl`): an answer, an occurrence
/// fired by hand, a notification of theirs held (and let go), or a note of theirs (its seal, or
/// its text), as the folder writes it. The folder is written by another computer, so a line
/// is read strictly: bounded, every field checked, anything else refused; what holds becomes a
/// ``GivenAnswer`` or a ``HandFiring``.
public struct FolderLine: Codable, Sendable, Equatable {
    /// When it was given, by the answering computer's clock.
    public var at: Instant
    public var by: String
    /// Done, snoozed or skipped; fired for an occurrence fired by hand (the owner's own line only).
    public var event: EventKind
    public var occurrence: Instant
    public var ritual: String
    /// For a snooze, when it ends.
    public var until: Instant?
    /// For an answer another person gave through a channel of this file's owner (a partner's
    /// phone), that channel: the line is theirs, passed on so that their own computer hears it.
    public var via: String?
    /// For a hold, why (`locked`, ...); a hold's line without one says it ended.
    public var reason: String?
    /// For a sealed note: its seal (HMAC-SHA-256 of the text under the salt, 64 hex digits),
    /// written before the text.
    public var seal: String?
    /// For a note shown to the others: its text, and for a sealed one the salt that opens its seal.
    public var note: String?
    public var salt: String?

    public init(
        at: Instant, by: String, event: EventKind, occurrence: Instant, ritual: String, until: Instant? = nil,
        via: String? = nil
    ) {
        self.at = at
        self.by = by
        self.event = event
        self.occurrence = occurrence
        self.ritual = ritual
        self.until = until
        self.via = via
    }

    /// Longer lines are refused unread: an answer takes about 130 bytes; a note's text is the
    /// only long field (see ``maxNoteLine``).
    public static let maxLine = 1024
    /// A line with a note's text: 10,000 characters, escaped.
    public static let maxNoteLine = 80 * 1024
    /// Times outside 2000-01-01 ... 2200-01-01 are refused.
    static let plausible = Instant(microseconds: 946_684_800_000_000)...Instant(microseconds: 7_258_118_400_000_000)

    /// The line of an answer in `me`'s file: their own (by `me`), or another person's answer
    /// through a channel of this config, passed on (`via`).
    public init(_ given: GivenAnswer, me: String) {
        self.init(
            at: given.at, by: given.by.name(me: me) ?? me, event: given.answer.kind,
            occurrence: given.occurrence.scheduled, ritual: given.occurrence.ritual, until: given.answer.until,
            via: given.by == .me ? nil : given.source.channel)
    }

    /// The line of `me`'s notification of `occurrence` held for `reason` at `at`, or (nil) no
    /// longer held.
    public init(holding occurrence: OccurrenceID, reason: HoldReason?, at: Instant, me: String) {
        self.init(at: at, by: me, event: .held, occurrence: occurrence.scheduled, ritual: occurrence.ritual)
        self.reason = reason?.rawValue
    }

    /// The line of an occurrence `me`'s computer fired by hand at `at`.
    public init(firing occurrence: OccurrenceID, at: Instant, me: String) {
        self.init(at: at, by: me, event: .fired, occurrence: occurrence.scheduled, ritual: occurrence.ritual)
    }

    /// The line of an occurrence the history says `me`'s computer fired ahead of its time (by
    /// hand); nil for any other record.
    public init?(firing record: HistoryRecord, me: String) {
        guard record.by == .me, record.event == .fired, record.at < record.occurrence else { return nil }
        self.init(firing: record.id, at: record.at, me: me)
    }

    /// The line of `me`'s note to `occurrence`: its seal only (`seal`), or its text (with the
    /// salt of its seal when it was sealed).
    public init(noting occurrence: OccurrenceID, at: Instant, me: String, seal: String?, note: String?, salt: String?) {
        self.init(at: at, by: me, event: .noted, occurrence: occurrence.scheduled, ritual: occurrence.ritual)
        self.seal = seal
        self.note = note
        self.salt = salt
    }

    /// The note this line tells of; nil for any other line.
    public func noted() -> NoteLine? {
        guard isOwnNote else { return nil }
        let id = OccurrenceID(ritual, occurrence)
        if let note { return NoteLine(person: by, occurrence: id, at: at, content: .text(note, salt: salt)) }
        return seal.map { NoteLine(person: by, occurrence: id, at: at, content: .seal($0)) }
    }

    /// Whether it is a line of an answer (not of a firing).
    public var isAnswer: Bool { Answer.kinds.contains(event) }

    /// The line of an own answer the history holds; nil for records that are not.
    public init?(_ record: HistoryRecord, me: String) {
        guard record.by == .me, Answer.kinds.contains(record.event) else { return nil }
        self.init(
            at: record.at, by: me, event: record.event, occurrence: record.occurrence, ritual: record.ritual,
            until: record.event == .snoozed ? record.until : nil)
    }

    /// The answer this line gives, read from `file` by the computer of `me`. Nil only for a line
    /// ``parse(_:person:)`` would not have given.
    public func given(me: String?, file: String) -> GivenAnswer? {
        guard let answer = Answer(kind: event, until: until) else { return nil }
        return GivenAnswer(
            answer, to: OccurrenceID(ritual, occurrence), by: Person(by, me: me), at: at,
            source: via.map { .passedOn(via: $0, file: file) } ?? .folder(file))
    }

    /// The hold this line tells of; nil for any other line.
    public func hold() -> HeldElsewhere? {
        guard isOwnHold else { return nil }
        return HeldElsewhere(
            person: by, occurrence: OccurrenceID(ritual, occurrence), reason: reason.flatMap(HoldReason.init), at: at)
    }

    /// The firing this line tells of, read from `file`; nil for an answer's line.
    public func firing(file: String) -> HandFiring? {
        guard event == .fired else { return nil }
        return HandFiring(OccurrenceID(ritual, occurrence), by: by, at: at, file: file)
    }

    /// The line for the file, newline included.
    public func line() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var data = (try? encoder.encode(self)) ?? Data()
        data.append(0x0A)
        return data
    }

    /// Reads one line (without its newline) of `person`'s file; nil when it is not a valid answer
    /// of theirs, or an occurrence their computer fired by hand.
    public static func parse(_ line: some Collection<UInt8>, person: String) -> FolderLine? {
        guard !line.isEmpty, line.count <= maxNoteLine, line.first == UInt8(ascii: "{") else { return nil }
        guard let a = try? JSONDecoder().decode(FolderLine.self, from: Data(line)) else { return nil }
        guard line.count <= maxLine || a.note != nil else { return nil }
        guard a.isOwn(of: person) || a.isPassedOn(by: person),
            a.isAnswer || a.isOwnFiring || a.isOwnHold || a.isOwnNote,
            a.event == .held || a.reason == nil, a.event == .noted || !a.hasNote, isValidID(a.ritual),
            plausible.contains(a.at), plausible.contains(a.occurrence)
        else { return nil }
        if a.event == .snoozed {
            guard let until = a.until, plausible.contains(until) else { return nil }
        } else if a.until != nil {
            return nil
        }
        return a
    }

    /// Why a line of `person`'s file is not an answer of theirs (for a line ``parse(_:person:)``
    /// refused): the first thing wrong with it.
    public static func refusal(_ line: some Collection<UInt8>, person: String) -> String {
        guard line.count <= maxNoteLine else { return "a line longer than \(maxNoteLine) bytes" }
        guard line.first == UInt8(ascii: "{"),
            let a = try? JSONDecoder().decode(FolderLine.self, from: Data(line))
        else { return "not an answer (one JSON object with at, by, event, occurrence and ritual)" }
        guard line.count <= maxLine || a.note != nil else { return "a line longer than \(maxLine) bytes" }
        if !a.isOwn(of: person) && !a.isPassedOn(by: person) {
            return a.via == nil
                ? "an answer by \(a.by.debugDescription) in \(person)'s file"
                : "an answer by \(a.by.debugDescription) passed on through \((a.via ?? "").debugDescription), not a channel's name"
        }
        if a.event == .fired && a.via != nil {
            return "a firing passed on through \((a.via ?? "").debugDescription); only its own computer tells of one"
        }
        if a.event == .held && !a.isOwnHold {
            return a.via != nil
                ? "a hold passed on through \((a.via ?? "").debugDescription); only its own computer tells of one"
                : "a hold for \((a.reason ?? "").debugDescription), which is no reason to hold"
        }
        if a.event == .noted && !a.isOwnNote {
            return a.via != nil
                ? "a note passed on through \((a.via ?? "").debugDescription); only its writer's computer tells of one"
                : "a note without a valid seal or text (a seal is 64 hex digits, a text 1 to \(NoteLine.maxCharacters) characters)"
        }
        if a.event != .noted && a.hasNote { return "a note's seal or text on a line that is no note" }
        if !a.isAnswer && a.event != .fired && a.event != .held && a.event != .noted {
            return "\(a.event.name) is neither an answer, a firing by hand, a hold nor a note"
        }
        if a.event != .held && a.reason != nil { return "a reason on a line that is no hold" }
        if !isValidID(a.ritual) { return "\(a.ritual.debugDescription) is not a ritual id" }
        if !plausible.contains(a.at) || !plausible.contains(a.occurrence) {
            return "a time before 2000 or after 2199"
        }
        return a.event == .snoozed ? "a snooze without a valid until" : "an until on a line that is no snooze"
    }

    /// Whether it is an answer `person` gave or a firing of theirs (in their own file).
    public func isOwn(of person: String) -> Bool { by == person && via == nil }

    /// Whether it tells of a firing by hand of its file's owner (never passed on).
    var isOwnFiring: Bool { event == .fired && via == nil && until == nil && reason == nil }

    /// Whether it tells of a note of its file's owner (never passed on): a seal alone, an open
    /// text, or a text with the salt of its seal.
    var isOwnNote: Bool {
        guard event == .noted, via == nil, until == nil, reason == nil else { return false }
        if let note {
            return NoteLine.isValid(note) && seal == nil && (salt.map(NoteLine.isHex) ?? true)
        }
        return salt == nil && seal.map(NoteLine.isHex) == true
    }

    /// Whether it carries any of a note's fields.
    var hasNote: Bool { seal != nil || note != nil || salt != nil }

    /// Whether it tells of a hold of its file's owner (never passed on) for a known reason, or
    /// of its end.
    var isOwnHold: Bool {
        event == .held && via == nil && until == nil && (reason.map { HoldReason(rawValue: $0) != nil } ?? true)
    }

    /// Whether it is another person's answer that `person`'s rituald heard through one of its
    /// channels and passes on: by a name that can be a person's, through a channel's name.
    public func isPassedOn(by person: String) -> Bool {
        guard by != person, FolderLine.fileName(of: by) != nil, let via, !via.isEmpty, via.utf8.count <= 64 else {
            return false
        }
        return via.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
    }

    /// A ritual id as the config allows it: lower-case letters, digits and dashes, 64 at most.
    static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64
            && id.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }

    /// The file in the shared folder that holds `person`'s answers: the name in lower case,
    /// spaces as dashes, `.jsonl` (`Alex` → `alex.jsonl`); nil for a name that cannot name a file
    /// (only letters, digits, spaces, dashes and underscores, 32 characters at most).
    public static func fileName(of person: String) -> String? {
        let stem = String(person.lowercased().map { $0 == " " ? "-" : $0 })
        guard !stem.isEmpty, person.count <= 32, let first = stem.unicodeScalars.first,
            first.properties.isAlphabetic || ("0"..."9").contains(first),
            stem.unicodeScalars.allSatisfy({
                $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
            })
        else { return nil }
        return stem + ".jsonl"
    }
}
