import Logging
import RitualsControl
import RitualsCore

/// `ritualctl note` and `notes`, and the others' notes read from the shared folder: kept first,
/// then recorded (`noted`, never the text), written to this person's file in the folder, and
/// what opened shown on the desktop.
extension Daemon {
    /// `note ID [--occurrence TIME] TEXT`.
    func note(_ ritual: Ritual, occurrence: String?, text: String, now: Instant) -> ControlResponse {
        guard let mode = ritual.notes else {
            return .refused(
                "\(config.title(of: ritual)) takes no notes; add notes = \"sealed\" (or \"open\") to its [[ritual]]")
        }
        if let problem = NoteLine.problem(text) { return .refused(problem + "; nothing was kept") }
        let scheduled: Instant
        switch noteOccurrence(ritual, occurrence, now: now) {
        case .success(let found): scheduled = found
        case .failure(let refusal): return .refused(refusal.description)
        }
        let id = OccurrenceID(ritual.id, scheduled)
        let change: NoteBook.Change
        switch notes.write(text, to: id, mode: mode, now: now) {
        case .success(let done): change = done
        case .failure(let refusal): return .refused(refusal.description)
        }
        apply(change, now: now)
        let when = scheduled.systemd(in: config.zone)
        var said = "Note to \(config.title(of: ritual)) (\(when)) kept."
        let others = notes.others
        if mode == .sealed, !others.isEmpty {
            let waiting = others.filter { notes.book.theirs[id]?[$0]?.seal == nil }
            said +=
                waiting.isEmpty
                ? " Everyone has written: the notes are open."
                : " Sealed until \(RitualsConfiguration.Settings.spoken(waiting)) \(waiting.count == 1 ? "writes" : "write")."
        } else if !others.isEmpty {
            said += " Shown to \(RitualsConfiguration.Settings.spoken(others))."
        }
        return ControlResponse(messages: [said])
    }

    /// The occurrence a note answers: the one named (a time, which must be one of the ritual's
    /// that has fired), or the latest that fired.
    private func noteOccurrence(_ ritual: Ritual, _ text: String?, now: Instant) -> Result<Instant, NoteRefusal> {
        let title = config.title(of: ritual)
        guard let latest = state.lastHandled[ritual.id] else {
            return .failure(NoteRefusal("\(title) has not fired yet; a note answers an occurrence that has"))
        }
        guard let text else { return .success(latest) }
        let zone = config.zone
        guard let t = Timestamp.parse(text, in: zone) else {
            return .failure(
                NoteRefusal("cannot read --occurrence '\(text)'; write e.g. '2026-12-27 21:00' or '@1798000000'"))
        }
        guard t <= latest else {
            return .failure(
                NoteRefusal(
                    "\(title) at \(t.systemd(in: zone)) has not fired yet; its latest was \(latest.systemd(in: zone))"))
        }
        guard isScheduled(ritual, t) else {
            return .failure(
                NoteRefusal(
                    "\(title) has no occurrence at \(t.systemd(in: zone)); `ritualctl notes \(ritual.id)` lists those with notes"
                ))
        }
        return .success(t)
    }

    /// Whether `ritual` has an occurrence scheduled at `t`.
    private func isScheduled(_ ritual: Ritual, _ t: Instant) -> Bool {
        config.planner.occurrences(of: ritual, after: t - .days(3), through: t + .days(3)).contains {
            $0.scheduled == t
        }
    }

    /// Notes written as replies in a room that takes them: the room's person's (this person's
    /// own, from their phone, or their partner's); a ritual without notes takes none.
    func notesFromChannels(_ given: [GivenNote], now: Instant) {
        for note in given {
            guard let ritual = config.ritual(note.occurrence.ritual), let mode = ritual.notes else {
                logger.notice("\(note.channel): a reply to \(note.occurrence.ritual) taken for no note: it takes none")
                continue
            }
            guard let person = note.by.other else {
                if case .failure(let refusal) = notes.write(note.text, to: note.occurrence, mode: mode, now: now)
                    .map({ apply($0, now: now) })
                {
                    logger.notice("\(note.channel): your note to \(ritual.id) was not kept: \(refusal.description)")
                }
                continue
            }
            apply(notes.heardHere(note, by: person, mode: mode), now: now)
        }
    }

    /// The others' note lines from the shared folder.
    func notesHeard(_ lines: [NoteLine], now: Instant) {
        guard !lines.isEmpty else { return }
        // Only to occurrences that came (here, or fired by hand there and heard first): a file
        // cannot fill the notes with made-up ones.
        let change = notes.heard(lines) { id in
            guard let ritual = config.ritual(id.ritual) else { return false }
            return id.scheduled <= max(now, state.lastHandled[id.ritual] ?? now) && isScheduled(ritual, id.scheduled)
        }
        apply(change, now: now)
    }

    /// What a change of the notes comes to: `noted` in the history and the journal (never the
    /// text), lines to this person's file in the folder, and each note that opened shown.
    private func apply(_ change: NoteBook.Change, now: Instant) {
        let events = change.noted.compactMap { (person, id) -> DaemonEvent? in
            guard let ritual = config.ritual(id.ritual) else { return nil }
            let who = person.other ?? "You"
            var e = DaemonEvent(
                .noted, ritual: ritual.id, title: config.title(of: ritual), occurrence: id.scheduled,
                message:
                    "\(who) wrote a note to \(config.title(of: ritual)) (\(id.scheduled.systemd(in: config.zone))).")
            e.by = person
            return e
        }
        // The history and the journal only: a note is nobody's answer and no channel's message.
        if !events.isEmpty { recorder.record(events, now: now) }
        sharing.publish(change.lines, state: state)
        for post in change.posts {
            guard let ritual = config.ritual(post.occurrence.ritual) else { continue }
            let me = config.settings.me ?? "Your partner"
            record(
                delivery.post(
                    note: post.text, title: "\(me) wrote: \(config.title(of: ritual))", occurrence: post.occurrence,
                    through: post.channel), now: now)
        }
        for opened in change.opened {
            guard let ritual = config.ritual(opened.occurrence.ritual) else { continue }
            delivery.tell(
                Notice(
                    occurrence: opened.occurrence, title: "\(opened.person) wrote: \(config.title(of: ritual))",
                    body: opened.text, urgency: ritual.urgency, answerable: false))
        }
    }
}

extension Daemon {
    /// `notes [ID] [--since TIME]`: the notes by occurrence, oldest first.
    func listNotes(_ ritual: Ritual?, since: String?, now: Instant) -> ControlResponse {
        var from: Instant?
        if let since {
            guard let t = Timestamp.parse(since, in: config.zone) ?? Timestamp.parse(since + " 00:00", in: config.zone)
            else {
                return .refused(
                    "cannot read --since '\(since)'; write e.g. '2026-12-01', '2026-12-01 18:00' or '@1798000000'")
            }
            from = t
        }
        let book = notes.book
        let others = notes.others
        let ids = Set(book.mine.keys).union(book.theirs.keys).filter { id in
            (ritual == nil || id.ritual == ritual?.id) && (from.map { id.scheduled >= $0 } ?? true)
        }
        var response = ControlResponse()
        response.notes = ids.sorted { ($0.scheduled, $0.ritual) < ($1.scheduled, $1.ritual) }.map { id in
            var entries: [NotePair.Entry] = []
            if let m = book.mine[id] {
                let state: NotePair.Entry.State =
                    others.isEmpty ? .kept : (m.mode == .sealed && !m.out ? .sealed : .shown)
                entries.append(NotePair.Entry(person: nil, state: state, text: m.text, at: m.at))
            } else {
                entries.append(NotePair.Entry(person: nil, state: .unwritten, text: nil, at: nil))
            }
            for person in Set(others).union(book.theirs[id].map { Array($0.keys) } ?? []).sorted() {
                let theirs = book.theirs[id]?[person]
                if let text = book.readable(person, id) {
                    entries.append(NotePair.Entry(person: person, state: .shown, text: text, at: theirs?.at))
                } else {
                    entries.append(
                        NotePair.Entry(
                            person: person, state: theirs == nil ? .unwritten : .sealed, text: nil, at: theirs?.at))
                }
            }
            let title = config.ritual(id.ritual).map { config.title(of: $0) } ?? id.ritual
            return NotePair(ritual: id.ritual, title: title, occurrence: id.scheduled, notes: entries)
        }
        response.timezone = config.zone.name
        return response
    }
}
