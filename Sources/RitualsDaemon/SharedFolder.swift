import Foundation
import RitualsCore
import Systemd

/// The folder two (or more) computers share through Syncthing: this computer's person appends
/// their answers to a file of their own (`alex.jsonl`), and the others' files are followed as
/// they grow. The others' files are untrusted: read without following links, a line at a time
/// with bounded length, only complete lines, only files named after a person of `people`
/// (conflict copies and temporary files are other names). Used on the daemon's queue only.
final class SharedFolder: @unchecked Sendable {
    let directory: String
    let me: String
    let others: [String]
    /// Where reading each other person's file got to.
    private struct Position {
        var inode: UInt64 = 0
        var offset = 0
        /// Bytes of an overlong line are being passed over up to its newline.
        var skipping = false
    }
    private var positions: [String: Position] = [:]
    /// The newest answer heard from each other person, by their clock.
    private(set) var lastHeard: [String: Int] = [:]
    /// This person's answers not yet in the folder (it was missing, or refused the write).
    private(set) var unwritten: [SharedAnswer] = []
    /// Why the folder cannot be used right now.
    private(set) var problem: String?
    /// The own file as last written: a file replaced behind our back is counted again.
    private var ownInode: UInt64?
    private var ownSize = 0
    /// Lines refused, for the journal, by person.
    private(set) var refused: [String: Int] = [:]
    /// Why a person's file cannot be read, as last said.
    private var unreadable: [String: String] = [:]
    /// What to journal once: files that cannot be read.
    private(set) var problems: [String] = []
    /// Answers kept in memory at most while the folder is away.
    static let maxUnwritten = 100_000
    private var source: DispatchSourceRead?
    private var mounts: MountWatch?

    init(directory: String, me: String, others: [String]) {
        self.directory = directory
        self.me = me
        self.others = others
    }

    deinit { source?.cancel() }

    /// Follows the folder: `changed` runs on `queue` with what changed in it, and with `reaim`
    /// set when the folder itself came, went or a file system was mounted or unmounted.
    /// Returns what cannot be watched.
    func follow(queue: DispatchQueue, _ changed: @escaping @Sendable (FolderWatch.Events) -> Void) -> String? {
        do {
            let watch = try FolderWatch(directory)
            watch.aim()
            let source = DispatchSource.makeReadSource(fileDescriptor: watch.fd, queue: queue)
            source.setEventHandler {
                let events = watch.read()
                if events.reaim { watch.aim() }
                changed(events)
            }
            source.setCancelHandler { withExtendedLifetime(watch) {} }
            source.resume()
            self.source = source
            mounts = try MountWatch(queue: queue) {
                watch.aim()
                changed(FolderWatch.Events(names: [], reaim: true))
            }
            return nil
        } catch {
            return error.description + "; answers from the shared folder are read only at start and reload"
        }
    }

    func path(of person: String) -> String? { SharedAnswer.fileName(of: person).map { directory + "/" + $0 } }

    /// The person whose file `name` is, or nil for any other name (conflict copies included).
    func person(named name: String) -> String? {
        (others + [me]).first { SharedAnswer.fileName(of: $0) == name }
    }

    /// Whether the folder is there now.
    /// A folder Syncthing keeps has its marker (`.stfolder`) in it or in a folder above. Once a
    /// marker was seen, a folder without one is taken for an empty mount point (the disk or share
    /// not mounted) and neither read nor written.
    private var markerSeen = false
    static let marker = ".stfolder"

    var isPresent: Bool {
        var info = stat()
        guard stat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return false }
        let marked = hasMarker()
        markerSeen = markerSeen || marked
        return marked || !markerSeen
    }

    /// How the folder is away: missing, or there without its marker.
    private var absence: String {
        var info = stat()
        return stat(directory, &info) == 0
            ? "is not mounted (Syncthing's \(SharedFolder.marker) is gone)" : "is missing"
    }

    /// Whether the folder or one above it holds Syncthing's marker.
    private func hasMarker() -> Bool {
        var dir = directory
        while true {
            var info = stat()
            if stat(dir + "/" + SharedFolder.marker, &info) == 0 { return true }
            guard dir != "/", !dir.isEmpty else { return false }
            dir = FolderWatch.parent(of: dir)
        }
    }

    /// The answers added to the other people's files since the last read, oldest first; a file
    /// replaced by a shorter or other one is read again from its start (what was heard already
    /// is told apart by the caller).
    func readOthers() -> [SharedAnswer] {
        guard isPresent else {
            problem = "the shared folder \(directory) \(absence); answers are shared when it is back"
            return []
        }
        if problem?.hasPrefix("the shared folder") == true { problem = nil }
        var out: [SharedAnswer] = []
        for person in others { out += read(person) }
        return out
    }

    private func read(_ person: String) -> [SharedAnswer] {
        guard let path = path(of: person) else { return [] }
        let file: ChunkedFile
        do {
            guard let opened = try ChunkedFile(path) else { return [] }
            file = opened
        } catch {
            // A link, a directory, a file not readable: said once until it changes.
            if unreadable[person] != error.description {
                unreadable[person] = error.description
                problems.append("\(error.description); \(person)'s answers are not read until it is a plain file")
            }
            return []
        }
        unreadable[person] = nil
        var position = positions[person] ?? Position()
        if position.inode != file.inode || file.size < position.offset {
            position = Position(inode: file.inode)
        }
        var out: [SharedAnswer] = []
        var consumed = position.offset
        try? file.read(from: position.offset) { chunk in
            var start = chunk.startIndex
            while start < chunk.endIndex {
                guard let newline = chunk[start...].firstIndex(of: 0x0A) else { break }
                let line = chunk[start..<newline]
                if position.skipping {
                    position.skipping = false
                } else if let answer = SharedAnswer.parse(line, person: person) {
                    out.append(answer)
                    lastHeard[person] = max(lastHeard[person] ?? Int.min, answer.at)
                } else if !line.isEmpty {
                    refused[person, default: 0] += 1
                }
                start = newline + 1
            }
            consumed += start - chunk.startIndex
            // A tail without a newline is a line still being written, unless it is already
            // longer than any answer: then it is passed over.
            if chunk.endIndex - start > SharedAnswer.maxLine {
                consumed += chunk.endIndex - start
                position.skipping = true
            }
        }
        position.offset = min(consumed, file.size)
        positions[person] = position
        return out
    }

    /// How many of this person's answers the own file holds; nil when the folder is missing.
    func countOwn() -> Int? {
        guard isPresent, let path = path(of: me) else { return nil }
        guard let file = try? ChunkedFile(path) else { return 0 }
        var count = 0
        try? file.read(from: 0) { chunk in
            for line in chunk.split(separator: 0x0A) where SharedAnswer.parse(line, person: me) != nil { count += 1 }
        }
        ownInode = file.inode
        ownSize = file.size
        return count
    }

    /// Whether the own file is not the one last written (replaced, cut or removed).
    func ownFileChanged() -> Bool {
        guard let path = path(of: me), let ownInode else { return false }
        guard let file = try? ChunkedFile(path) else { return true }
        return file.inode != ownInode || file.size != ownSize
    }

    /// Drops what waits to be written for `answers` (the history's count of what the file
    /// lacks) and writes them.
    func replaceUnwritten(with answers: [SharedAnswer]) {
        unwritten = []
        publish(answers)
    }

    /// The refused lines counted since the last call, by person, and the files that could not
    /// be read.
    func takeRefused() -> (lines: [String: Int], files: [String]) {
        defer {
            refused = [:]
            problems = []
        }
        return (refused, problems)
    }

    /// Appends `answers` to the own file (fsynced); what cannot be written now is kept and
    /// written with the next answer or when the folder is back.
    func publish(_ answers: [SharedAnswer]) {
        unwritten += answers
        if unwritten.count > SharedFolder.maxUnwritten {
            unwritten.removeFirst(unwritten.count - SharedFolder.maxUnwritten)
        }
        guard !unwritten.isEmpty, let path = path(of: me) else { return }
        guard isPresent else {
            problem =
                "the shared folder \(directory) \(absence); \(unwritten.count) answer(s) are shared when it is back"
            return
        }
        var data = Data()
        for a in unwritten { data.append(a.line()) }
        do {
            // A file whose last line was cut off gets its next answer on a line of its own.
            if let file = try ChunkedFile(path), file.size > 0 {
                var last: UInt8 = 0x0A
                try file.read(from: file.size - 1) { last = $0.last ?? 0x0A }
                if last != 0x0A { data.insert(0x0A, at: 0) }
            }
            ownSize = try FileIO.appendDurably(data, to: path)
            ownInode = (try? ChunkedFile(path))?.inode
            unwritten.removeAll()
            problem = nil
        } catch {
            problem = "cannot write \(path): \(error.reason); \(unwritten.count) answer(s) kept until it can be written"
        }
    }
}
