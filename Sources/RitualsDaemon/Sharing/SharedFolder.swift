import FoundationEssentials
import LinuxSystem
import RitualsCore

#if canImport(Glibc)
    import Glibc
#endif

/// The folder two (or more) computers share through Syncthing: this computer's person appends
/// their answers to a file of their own (`alex.jsonl`), and the others' files are followed as
/// they grow. Everything in it is untrusted: the folder is used only while it is a real folder of
/// this user's that no one else can write; the others' files are opened without blocking and
/// without following links, read only when they are plain files, a bounded number of bytes at a
/// time, a line at a time with bounded length, only when named after a person of `people`
/// (conflict copies and temporary files are other names). Its calls block on the file system:
/// ``SharingWorker`` makes them on a queue of its own, never the daemon's.
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
    /// This person's answers not yet in the folder (it was missing, or refused the write).
    private(set) var unwritten: [FolderLine] = []
    /// Why the folder cannot be used right now.
    private(set) var problem: String?
    /// Said of the folder that works but is readable by others; nil when it is private.
    private(set) var exposure: String?
    /// The own file as last written: a file replaced behind our back is counted again.
    private var ownInode: UInt64?
    private var ownSize = 0
    /// Lines refused since the last batch, by file, with the first reason.
    private var refused: [String: Refusals] = [:]
    /// Why a person's file cannot be read, as last said.
    private var unreadable: [String: String] = [:]
    /// What to journal once: files that cannot be read.
    private var problems: [String] = []
    /// Answers kept in memory at most while the folder is away.
    static let maxUnwritten = 100_000
    /// Bytes read from one person's file in one batch at most: a flood is read a slice at a time.
    static let maxBytesPerBatch = 256 * 1024

    typealias Refusals = HeardAnswers.Refusals

    /// What one look at the others' files found.
    struct Batch: Sendable {
        var answers: [GivenAnswer] = []
        /// Occurrences the others' computers fired by hand (told before the answers to them).
        var firings: [HandFiring] = []
        /// The others' notifications held (or let go) on their computers.
        var holds: [HeldElsewhere] = []
        /// The others' notes: seals, and texts once shown.
        var notes: [NoteLine] = []
        /// Lines refused, by file.
        var refused: [String: Refusals] = [:]
        /// Files that could not be read, each said once.
        var problems: [String] = []
        /// Whether more waits to be read (the bound of one batch was reached).
        var more = false
    }

    init(directory: String, me: String, others: [String]) {
        self.directory = directory
        self.me = me
        self.others = others
    }

    func path(of person: String) -> String? { FolderLine.fileName(of: person).map { directory + "/" + $0 } }

    /// The person whose file `name` is, or nil for any other name (conflict copies included).
    func person(named name: String) -> String? {
        (others + [me]).first { FolderLine.fileName(of: $0) == name }
    }

    /// A folder Syncthing keeps has its marker (`.stfolder`) in it or in a folder above. Once a
    /// marker was seen, a folder without one is taken for an empty mount point (the disk or share
    /// not mounted) and neither read nor written.
    private var markerSeen = false
    static let marker = ".stfolder"

    /// Whether the folder can be used now; when not, `problem` says why.
    private func usable() -> Bool {
        var info = stat()
        guard lstat(directory, &info) == 0 else {
            problem = "the shared folder \(directory) is missing; answers are shared when it is back"
            return false
        }
        if let refusal = SharedFolder.refusal(directory, info) {
            problem = refusal
            return false
        }
        let marked = hasMarker()
        markerSeen = markerSeen || marked
        guard marked || !markerSeen else {
            problem =
                "the shared folder \(directory) is not mounted (Syncthing's \(SharedFolder.marker) is gone); "
                + "answers are shared when it is back"
            return false
        }
        let mode = info.st_mode & 0o777
        exposure =
            mode & 0o044 != 0
            ? "the shared folder \(directory) is readable by others (mode \(String(mode, radix: 8))); "
                + "run `chmod 700 \(directory)`" : nil
        problem = nil
        return true
    }

    /// Why a folder (as lstat sees it) must not be used: a link (it could be pointed anywhere),
    /// another user's, or writable by others (anyone could answer in a person's name).
    static func refusal(_ directory: String, _ info: stat) -> String? {
        let type = info.st_mode & S_IFMT
        if type == S_IFLNK {
            return "the shared folder \(directory) is a symbolic link, which is not followed; "
                + "name the folder it points to in shared_dir"
        }
        if type != S_IFDIR { return "the shared folder \(directory) is not a folder; answers are not shared" }
        if info.st_uid != getuid() {
            return "the shared folder \(directory) belongs to uid \(info.st_uid), not to you; answers are not shared"
        }
        let mode = info.st_mode & 0o777
        if mode & 0o022 != 0 {
            return "the shared folder \(directory) is writable by others (mode \(String(mode, radix: 8))), "
                + "who could answer in your partner's name; answers are not shared until `chmod 700 \(directory)`"
        }
        return nil
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

    /// The answers added to the other people's files since the last read, oldest first, at most
    /// ``maxBytesPerBatch`` of each file (`more` says when a file has more); a file replaced by a
    /// shorter or other one is read again from its start (what was heard already is told apart
    /// by the caller).
    func readOthers() -> Batch {
        var batch = Batch()
        guard usable() else { return batch }
        for person in others { read(person, into: &batch) }
        batch.refused = refused
        batch.problems = problems
        refused = [:]
        problems = []
        return batch
    }

    private func read(_ person: String, into batch: inout Batch) {
        guard let path = path(of: person) else { return }
        let file: ChunkedFile
        do {
            guard let opened = try ChunkedFile(path) else { return }
            file = opened
        } catch {
            // A link, a directory, a FIFO, a device: said once until it changes.
            if unreadable[person] != error.description {
                unreadable[person] = error.description
                problems.append("\(error.description); \(person)'s answers are not read until it is a plain file")
            }
            return
        }
        unreadable[person] = nil
        var position = positions[person] ?? Position()
        if position.inode != file.inode || file.size < position.offset {
            position = Position(inode: file.inode)
        }
        var consumed = position.offset
        let end = min(file.size, position.offset + SharedFolder.maxBytesPerBatch)
        try? file.read(from: position.offset, upTo: end) { chunk in
            var start = chunk.startIndex
            while start < chunk.endIndex {
                guard let newline = chunk[start...].firstIndex(of: 0x0A) else { break }
                let line = chunk[start..<newline]
                if position.skipping {
                    position.skipping = false
                } else if let read = FolderLine.parse(line, person: person) {
                    if let firing = read.firing(file: path) {
                        batch.firings.append(firing)
                    } else if let hold = read.hold() {
                        batch.holds.append(hold)
                    } else if let note = read.noted() {
                        batch.notes.append(note)
                    } else if let answer = read.given(me: me, file: path) {
                        batch.answers.append(answer)
                    }
                } else if !line.isEmpty {
                    refused[path, default: Refusals()].add(FolderLine.refusal(line, person: person))
                }
                start = newline + 1
            }
            consumed += start - chunk.startIndex
            // A tail without a newline is a line still being written, unless it is already
            // longer than any line (a note's included): then it is passed over, and counted once.
            if chunk.endIndex - start > FolderLine.maxNoteLine {
                consumed += chunk.endIndex - start
                if !position.skipping {
                    refused[path, default: Refusals()].add("a line longer than \(FolderLine.maxNoteLine) bytes")
                }
                position.skipping = true
            }
        }
        position.offset = min(consumed, file.size)
        positions[person] = position
        if end < file.size { batch.more = true }
    }

    /// How many of this person's answers the own file holds (firings are not counted); nil when
    /// the folder cannot be used.
    func countOwn() -> Int? {
        guard usable(), let path = path(of: me) else { return nil }
        guard let file = try? ChunkedFile(path) else { return 0 }
        var count = 0
        try? file.read(from: 0) { chunk in
            for line in chunk.split(separator: 0x0A) {
                guard let read = FolderLine.parse(line, person: me), read.isOwn(of: me), read.isAnswer else { continue }
                count += 1
            }
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
    func replaceUnwritten(with answers: [FolderLine]) {
        unwritten = []
        publish(answers)
    }

    /// Appends `answers` to the own file (fsynced); what cannot be written now is kept and
    /// written with the next answer or when the folder is back.
    func publish(_ answers: [FolderLine]) {
        unwritten += answers
        if unwritten.count > SharedFolder.maxUnwritten {
            unwritten.removeFirst(unwritten.count - SharedFolder.maxUnwritten)
        }
        guard !unwritten.isEmpty, let path = path(of: me) else { return }
        guard usable() else {
            problem = (problem ?? "") + "; \(unwritten.count) answer(s) wait to be shared"
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
