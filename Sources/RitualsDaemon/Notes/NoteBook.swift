import RitualsConfig
import RitualsCore

/// The couple's notes as this computer knows them, and their one rule: a sealed note is shown to
/// no one until every person wrote one to the same occurrence. This person's note goes to the
/// shared folder as a seal first, and readable only once every other person's seal is there; an
/// other's text is taken only when it opens the seal they wrote first; nobody's note changes once
/// the other's was shown. Pure: it is given the time, the salt and the people, and says what to
/// keep (``NoteRecord``), what to write to the folder and what opened.
struct NoteBook: Sendable {
    struct Mine: Sendable, Equatable {
        var text: String
        var at: Instant
        var mode: NotesMode
        var salt: String?
        var seal: String?
        /// Its text went out to the others.
        var out = false
        /// The people whose rooms it was posted to (their note came through their room).
        var postedTo: Set<String> = []
    }

    struct Theirs: Sendable, Equatable {
        var seal: String?
        var text: String?
        var at: Instant
        /// Heard here through `channel` (their room), not read from their file: sealed by this
        /// computer, which holds it until this person wrote (`sealedHere`).
        var channel: String?
        var sealedHere = false
    }

    private(set) var mine: [OccurrenceID: Mine] = [:]
    private(set) var theirs: [OccurrenceID: [String: Theirs]] = [:]
    /// What was refused of the others' notes, newest last (a few kept, for status).
    private(set) var refused: [String] = []
    static let refusalsKept = 10

    /// What a change comes to.
    struct Change: Sendable {
        var records: [NoteRecord] = []
        var lines: [FolderLine] = []
        /// Other people's notes this person can now read: (person, occurrence, text).
        var opened: [(person: String, occurrence: OccurrenceID, text: String)] = []
        /// People who wrote a note just now, for the history (`noted`).
        var noted: [(person: Person, occurrence: OccurrenceID)] = []
        /// This person's note to post to another's room, now that theirs is written: (person,
        /// channel, occurrence, text).
        var posts: [(person: String, channel: String, occurrence: OccurrenceID, text: String)] = []

        mutating func add(_ other: Change) {
            records += other.records
            lines += other.lines
            opened += other.opened
            noted += other.noted
            posts += other.posts
        }
    }

    /// Takes a line of the notes file (at start, and as each is written).
    mutating func apply(_ r: NoteRecord) {
        switch r.kind {
        case .mine:
            guard let text = r.text else { return }
            mine[r.id] = Mine(text: text, at: r.at, mode: r.mode ?? .sealed, salt: r.salt, seal: r.seal)
        case .out:
            if let by = r.by { mine[r.id]?.postedTo.insert(by) } else { mine[r.id]?.out = true }
        case .sealed:
            guard let by = r.by, let seal = r.seal else { return }
            theirs[r.id, default: [:]][by] = Theirs(seal: seal, text: nil, at: r.at)
        case .theirs:
            guard let by = r.by, let text = r.text else { return }
            let seal = theirs[r.id]?[by]?.seal
            theirs[r.id, default: [:]][by] = Theirs(
                seal: seal, text: text, at: r.at, channel: r.channel, sealedHere: r.channel != nil && r.mode != .open)
        }
    }

    /// Whether this person may read `person`'s note to `id` (a sealed one once theirs is written).
    func readable(_ person: String, _ id: OccurrenceID) -> String? {
        guard let text = theirs[id]?[person]?.text else { return nil }
        if theirs[id]?[person]?.channel != nil {
            return theirs[id]?[person]?.sealedHere == false || mine[id] != nil ? text : nil
        }
        if let m = mine[id] { return m.mode == .open || m.out ? text : nil }
        return theirs[id]?[person]?.seal == nil ? text : nil
    }

    /// Why this person's note to `id` can no longer change; nil while it can.
    func locked(_ id: OccurrenceID, others: [String]) -> String? {
        let everyone = Set(others).union(theirs[id].map { Array($0.keys) } ?? []).sorted()
        if let shown = everyone.first(where: { readable($0, id) != nil }) {
            return "\(shown)'s note to it is already shown to you"
        }
        if let m = mine[id], m.mode == .sealed, m.out {
            return "it is already shown to \(RitualsConfiguration.Settings.spoken(others))"
        }
        return nil
    }

    /// This person writes `text` to `id` (replacing their earlier note while it can change).
    /// `salt` seals it (sealed mode); `me` names them in the folder (nil: no folder).
    mutating func write(
        _ text: String, to id: OccurrenceID, mode: NotesMode, at now: Instant, me: String?, others: [String],
        salt: String?
    ) -> Change {
        var change = Change()
        var record = NoteRecord(.mine, id, at: now, text: text, mode: mode)
        if mode == .sealed, let salt {
            record.salt = salt
            record.seal = NoteSeal.seal(text, salt: salt)
        }
        keep(record, in: &change)
        change.noted.append((.me, id))
        if let me {
            if mode == .open {
                change.lines.append(FolderLine(noting: id, at: now, me: me, seal: nil, note: text, salt: nil))
                keep(NoteRecord(.out, id, at: now), in: &change)
            } else if let seal = record.seal {
                change.lines.append(FolderLine(noting: id, at: now, me: me, seal: seal, note: nil, salt: nil))
            }
        }
        reveal(id, at: now, me: me, others: others, into: &change)
        openHeardHere(id, at: now, into: &change)
        return change
    }

    /// Another person's note, heard here through their room (`channel`): kept, and shown (and
    /// this person's posted to their room) once this person wrote too, or at once when open.
    mutating func heardHere(
        _ text: String, by person: String, to id: OccurrenceID, at: Instant, mode: NotesMode, channel: String
    ) -> Change {
        var change = Change()
        let known = theirs[id]?[person]
        if readable(person, id) != nil {
            if known?.text != text {
                refuse("\(person) wrote again to \(id.ritual) after their note was shown: not taken")
            }
            return change
        }
        var record = NoteRecord(.theirs, id, at: at, by: person, text: text, mode: mode)
        record.channel = channel
        keep(record, in: &change)
        if known == nil { change.noted.append((.named(person), id)) }
        if mode == .open { change.opened.append((person, id, text)) }
        openHeardHere(id, at: at, into: &change)
        return change
    }

    /// Once this person's note is written, the notes heard here open: each is shown (when it was
    /// held) and this person's is posted to that person's room, once.
    private mutating func openHeardHere(_ id: OccurrenceID, at now: Instant, into change: inout Change) {
        guard let m = mine[id] else { return }
        for (person, t) in theirs[id] ?? [:] {
            guard let channel = t.channel, let text = t.text, !m.postedTo.contains(person) else { continue }
            if t.sealedHere { change.opened.append((person, id, text)) }
            change.posts.append((person, channel, id, m.text))
            keep(NoteRecord(.out, id, at: now, by: person), in: &change)
        }
    }

    /// Another person's note line, read from their file. `mode` is the ritual's.
    mutating func heard(_ line: NoteLine, mode: NotesMode, me: String?, others: [String]) -> Change {
        var change = Change()
        let id = line.occurrence
        let person = line.person
        let known = theirs[id]?[person]
        switch line.content {
        case .seal(let seal):
            if known?.seal == seal || known?.text != nil { return change }
            if known?.seal != nil, mine[id]?.out == true {
                refuse("\(person) sealed their note to \(id.ritual) again after yours was shown to them: not taken")
                return change
            }
            keep(NoteRecord(.sealed, id, at: line.at, by: person, seal: seal), in: &change)
            if known == nil { change.noted.append((.named(person), id)) }
            reveal(id, at: line.at, me: me, others: others, into: &change)
        case .text(let text, let salt):
            if let shown = known?.text {
                if shown != text {
                    refuse("\(person) sent another text for a note to \(id.ritual) already shown: not taken")
                }
                return change
            }
            if let salt {
                guard let seal = known?.seal else {
                    refuse("\(person)'s note to \(id.ritual) came readable without its seal before it: not shown")
                    return change
                }
                guard NoteSeal.opens(seal, text: text, salt: salt) else {
                    refuse("\(person)'s note to \(id.ritual) does not match what \(person) sealed: not shown")
                    return change
                }
            } else if mode == .sealed {
                refuse("\(person)'s note to \(id.ritual) came unsealed, and the ritual's notes are sealed: not shown")
                return change
            }
            keep(NoteRecord(.theirs, id, at: line.at, by: person, text: text), in: &change)
            if known == nil { change.noted.append((.named(person), id)) }
            if let readable = readable(person, id) { change.opened.append((person, id, readable)) }
        }
        return change
    }

    /// Sends this person's sealed note out readable once every other person's seal is in, and
    /// says which of the others' notes that opens here.
    private mutating func reveal(
        _ id: OccurrenceID, at now: Instant, me: String?, others: [String], into change: inout Change
    ) {
        guard let m = mine[id], m.mode == .sealed, !m.out, let me, !others.isEmpty else { return }
        guard others.allSatisfy({ theirs[id]?[$0]?.seal != nil }) else { return }
        change.lines.append(FolderLine(noting: id, at: now, me: me, seal: nil, note: m.text, salt: m.salt))
        keep(NoteRecord(.out, id, at: now), in: &change)
        for person in others {
            if let text = readable(person, id) { change.opened.append((person, id, text)) }
        }
    }

    private mutating func keep(_ record: NoteRecord, in change: inout Change) {
        apply(record)
        change.records.append(record)
    }

    /// Keeps `why` among the refusals status shows.
    mutating func refuse(_ why: String) {
        refused.append(why)
        if refused.count > NoteBook.refusalsKept { refused.removeFirst(refused.count - NoteBook.refusalsKept) }
    }
}
