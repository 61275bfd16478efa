import Dispatch
import FoundationEssentials
import LinuxSystem
import Logging
import RitualsCore
import Synchronization

/// Runs the shared folder on a queue of its own: follows it (inotify, and mounts coming and
/// going), reads the others' files when they change and hands what it found to the daemon's
/// queue one bounded batch at a time (the next is read only once the daemon took the last), and
/// writes this person's answers. A folder on a hung network mount, a FIFO, a flood of lines:
/// each can stall the sharing, never the timer or the control socket.
final class SharingWorker: @unchecked Sendable {
    let folder: SharedFolder
    private let queue = DispatchQueue(label: "rituald.sharing")
    private let inputs: Inputs
    private let historyPath: String
    private let logger: Logger
    /// The folder's problem and exposure as last seen, for status (read from any queue).
    private let seen = Mutex<(problem: String?, exposure: String?)>((nil, nil))
    // What follows is used on `queue` only.
    private var readWanted = false
    /// A batch is with the daemon.
    private var batchOut = false
    private var stopped = false
    private var source: DispatchSourceRead?
    private var mounts: MountWatch?
    /// How many answers the history says this person gave: the own file should hold as many.
    private var ownTotal: Int

    /// Why the folder cannot be used right now, as last seen.
    var problem: String? { seen.withLock { $0.problem } }
    /// Said when the folder works but others can read it.
    var exposure: String? { seen.withLock { $0.exposure } }

    init(folder: SharedFolder, inputs: Inputs, historyPath: String, ownTotal: Int, logger: Logger) {
        self.folder = folder
        self.inputs = inputs
        self.historyPath = historyPath
        self.ownTotal = ownTotal
        self.logger = logger
    }

    /// Starts following the folder, completes the own file and reads what the others answered.
    func start() {
        queue.async { [self] in
            follow()
            completeOwnFile()
            readWanted = true
            pump()
        }
    }

    /// Stops following; what is under way finishes, nothing more is read or delivered.
    func stop() {
        queue.async { [self] in
            stopped = true
            source?.cancel()
            source = nil
            mounts = nil
        }
    }

    /// Reads the others' files again (at a reload, or when an answer waits for its occurrence).
    func requestRead() {
        queue.async { [self] in
            readWanted = true
            pump()
        }
    }

    /// Writes this person's new answers; `ownTotal` is how many the history now holds.
    func publish(_ answers: [FolderLine], ownTotal: Int) {
        queue.async { [self] in
            self.ownTotal = ownTotal
            folder.publish(answers)
            noteProblem()
        }
    }

    private func follow() {
        do {
            let watch = try FolderWatch(folder.directory)
            watch.aim()
            let source = DispatchSource.makeReadSource(fileDescriptor: watch.fd, queue: queue)
            source.setEventHandler { [weak self] in
                let events = watch.read()
                if events.reaim { watch.aim() }
                self?.changed(events)
            }
            source.setCancelHandler { withExtendedLifetime(watch) {} }
            source.resume()
            self.source = source
            mounts = try MountWatch(queue: queue) { [weak self] in
                watch.aim()
                self?.changed(FolderWatch.Events(names: [], reaim: true))
            }
        } catch {
            logger.warning("\(error.description); answers from the shared folder are read only at start and reload")
        }
    }

    private func changed(_ events: FolderWatch.Events) {
        guard !stopped else { return }
        let own = FolderLine.fileName(of: folder.me)
        if events.reaim || (events.names.contains { $0 == own } && folder.ownFileChanged()) { completeOwnFile() }
        if events.reaim || events.names.contains(where: { folder.person(named: $0) != nil && $0 != own }) {
            readWanted = true
            pump()
        }
    }

    /// Reads one batch and hands it to the daemon as an input, unless one is still with it: the
    /// next is read once the daemon has taken the last.
    private func pump() {
        guard !stopped, readWanted, !batchOut else { return }
        readWanted = false
        let batch = folder.readOthers()
        noteProblem()
        if batch.more { readWanted = true }
        guard
            !batch.answers.isEmpty || !batch.firings.isEmpty || !batch.holds.isEmpty || !batch.notes.isEmpty
                || !batch.refused.isEmpty
                || !batch.problems.isEmpty
        else {
            // Only lines passed over: go on after whatever else waits.
            if readWanted { queue.async { [self] in pump() } }
            return
        }
        batchOut = true
        inputs.send(.folderRead(batch))
        // Queued after the input on the daemon's queue: runs once it was taken.
        inputs.queue.async { [self] in
            queue.async { [self] in
                batchOut = false
                pump()
            }
        }
    }

    /// Writes to the own file what the history holds and the file does not (the folder was
    /// missing, the file was replaced or removed, or sharing has just been set up).
    private func completeOwnFile() {
        guard let inFile = folder.countOwn() else { return noteProblem() }
        let missing = ownTotal - inFile
        guard missing > 0 else {
            folder.publish([])
            return noteProblem()
        }
        // The last `missing` answers of this person, from the history, with the occurrences
        // fired by hand among and just before them.
        var last: [FolderLine] = []
        var answers = 0
        func trim(to kept: Int) {
            var drop = 0
            while drop < last.count, answers > kept {
                if last[drop].isAnswer { answers -= 1 }
                drop += 1
            }
            last.removeFirst(drop)
        }
        StateStore.forEachRecord(in: historyPath) { r in
            guard let line = FolderLine(r, me: folder.me) ?? FolderLine(firing: r, me: folder.me) else { return }
            last.append(line)
            if line.isAnswer { answers += 1 }
            if answers > 2 * missing { trim(to: missing) }
        }
        trim(to: missing)
        folder.replaceUnwritten(with: last)
        noteProblem()
        logger.info("\(answers) answer(s) written to \(folder.directory) that were not there")
    }

    private func noteProblem() {
        let now = (folder.problem, folder.exposure)
        let before = seen.withLock { old -> (String?, String?) in
            defer { old = now }
            return old
        }
        if let problem = now.0, problem != before.0 { logger.warning("\(problem)") }
        if let exposure = now.1, exposure != before.1 { logger.warning("\(exposure)") }
        if now.0 == nil, before.0 != nil { logger.notice("the shared folder \(folder.directory) can be used again") }
    }
}
