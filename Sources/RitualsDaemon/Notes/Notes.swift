import LinuxSystem
import Logging
import RitualsConfig
import RitualsControl
import RitualsCore

/// The couple's notes: ``NoteBook``'s rule over the notes file (``NoteStore``). A note is kept on
/// disk before anything is said of it; its text never goes to the journal, the history, a log or
/// a channel. Used on the daemon's queue only.
final class Notes: @unchecked Sendable {
    private let config: ConfigInUse
    private let inputs: Inputs
    private let logger: Logger
    private(set) var book = NoteBook()
    private var store: NoteStore?
    /// Why the notes file cannot be read or written, as last found.
    private(set) var problem: String?

    init(config: ConfigInUse, inputs: Inputs, logger: Logger) {
        self.config = config
        self.inputs = inputs
        self.logger = logger
    }

    /// Reads the notes file of `directory` (at start).
    func start(directory: String) {
        let store = NoteStore(directory: directory)
        self.store = store
        let (records, unreadable) = store.read()
        for r in records { book.apply(r) }
        if unreadable > 0 {
            problem = "\(unreadable) line(s) of \(store.path) are not notes and were passed over"
            logger.warning("\(problem ?? "")")
        }
    }

    var others: [String] { config.settings.sharedDirectory == nil ? [] : config.settings.others }
    var me: String? { config.settings.sharedDirectory == nil ? nil : config.settings.me }

    /// This person's note to `id`: kept, then what it changes. Refused with the reason when it
    /// cannot be.
    func write(_ text: String, to id: OccurrenceID, mode: NotesMode, now: Instant) -> Result<
        NoteBook.Change, NoteRefusal
    > {
        inputs.checkQueue()
        if let why = book.locked(id, others: others) { return .failure(NoteRefusal("your note cannot change: \(why)")) }
        var salt: String?
        if mode == .sealed {
            guard let fresh = NoteSeal.salt() else {
                return .failure(NoteRefusal("no random bytes to seal the note with (libcrypto gave none); try again"))
            }
            salt = fresh
        }
        var trial = book
        let change = trial.write(text, to: id, mode: mode, at: now, me: me, others: others, salt: salt)
        if let failure = keep(change.records) { return .failure(failure) }
        book = trial
        return .success(change)
    }

    /// The others' note lines read from their files: what they change (lines of theirs whose
    /// ritual has no notes here are passed over; those to no occurrence that came, as `came`
    /// says, are refused).
    func heard(_ lines: [NoteLine], came: (OccurrenceID) -> Bool) -> NoteBook.Change {
        inputs.checkQueue()
        var all = NoteBook.Change()
        var trial = book
        for line in lines where others.contains(line.person) {
            guard let mode = config.ritual(line.occurrence.ritual)?.notes else { continue }
            guard came(line.occurrence) else {
                trial.refuse(
                    "\(line.person)'s note to \(line.occurrence.ritual) at \(line.occurrence.scheduled.iso8601(in: .utc)) "
                        + "answers no occurrence of it that came: not taken")
                continue
            }
            all.add(trial.heard(line, mode: mode, me: me, others: others))
        }
        // Not kept: not taken either (read again from the folder at the next start).
        if keep(all.records) != nil { return NoteBook.Change() }
        book = trial
        return all
    }

    /// Another person's note heard through their room (a reply to a ritual's post).
    func heardHere(_ note: GivenNote, by person: String, mode: NotesMode) -> NoteBook.Change {
        inputs.checkQueue()
        var trial = book
        let change = trial.heardHere(
            note.text, by: person, to: note.occurrence, at: note.at, mode: mode, channel: note.channel)
        if keep(change.records) != nil { return NoteBook.Change() }
        book = trial
        return change
    }

    private func keep(_ records: [NoteRecord]) -> NoteRefusal? {
        guard let store else { return NoteRefusal("notes are not open yet") }
        do {
            try store.append(records)
            problem = nil
            return nil
        } catch {
            problem = "cannot write \(store.path): \(error.reason)"
            return NoteRefusal("\(problem ?? ""); the note was not kept")
        }
    }
}

/// Why a note is refused, said to the person who wrote it.
struct NoteRefusal: Error, Sendable {
    var description: String
    init(_ description: String) { self.description = description }
}
