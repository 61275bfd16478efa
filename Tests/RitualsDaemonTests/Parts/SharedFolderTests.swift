import Foundation
import RitualsCore
import Testing

@testable import RitualsDaemon

/// The shared folder as one computer sees it: the others' files read as they grow, strictly, and
/// this person's answers kept until the folder takes them.
struct SharedFolderTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shared-\(UUID().uuidString)").path
    static let t: Instant = 1_796_000_000_000_000

    init() throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    func folder() -> SharedFolder { SharedFolder(directory: dir, me: "Alex", others: ["Sam"]) }

    static func answer(_ n: Int, by: String = "Sam") -> FolderLine {
        FolderLine(at: t + .milliseconds(n), by: by, event: .done, occurrence: t + .seconds(n), ritual: "walk")
    }

    /// Sam's answer `n` as this computer reads it from Sam's file.
    func heard(_ n: Int) -> GivenAnswer? {
        SharedFolderTests.answer(n).given(me: "Alex", file: dir + "/sam.jsonl")
    }

    func append(_ name: String, _ data: Data) throws {
        let path = dir + "/" + name
        if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
        let h = try #require(FileHandle(forWritingAtPath: path))
        h.seekToEndOfFile()
        h.write(data)
        try h.close()
    }

    @Test func aTornLineWaitsForItsEnd() throws {
        let f = folder()
        let second = SharedFolderTests.answer(2).line()
        try append("sam.jsonl", SharedFolderTests.answer(1).line() + second.prefix(30))
        #expect(f.readOthers().answers == [heard(1)])
        #expect(f.readOthers().answers.isEmpty)
        try append("sam.jsonl", second.dropFirst(30))
        #expect(f.readOthers().answers == [heard(2)])
    }

    /// Sam's computer fired the walk by hand, then Sam answered: the firing comes as a firing,
    /// the answer as an answer; Alex's own firings are written but not counted as answers.
    @Test func firingsByHandAreToldApartFromAnswers() throws {
        let f = folder()
        let walk = OccurrenceID("walk", SharedFolderTests.t + .seconds(1))
        try append(
            "sam.jsonl",
            FolderLine(firing: walk, at: SharedFolderTests.t, me: "Sam").line() + SharedFolderTests.answer(1).line())
        let batch = f.readOthers()
        #expect(batch.firings == [HandFiring(walk, by: "Sam", at: SharedFolderTests.t, file: dir + "/sam.jsonl")])
        #expect(batch.answers == [heard(1)])
        f.publish([
            FolderLine(firing: walk, at: SharedFolderTests.t, me: "Alex"), SharedFolderTests.answer(2, by: "Alex"),
        ])
        #expect(f.countOwn() == 1)
    }

    @Test func onlyThePeoplesOwnFilesAreRead() throws {
        let f = folder()
        try append("sam.sync-conflict-20261202-101010-ABCDEFG.jsonl", SharedFolderTests.answer(1).line())
        try append(".syncthing.sam.jsonl.tmp", SharedFolderTests.answer(2).line())
        try append("kim.jsonl", SharedFolderTests.answer(3, by: "Kim").line())
        try append("alex.jsonl", SharedFolderTests.answer(4, by: "Alex").line())
        // Sam's file, claiming to be Alex's answer: refused.
        try append("sam.jsonl", SharedFolderTests.answer(5, by: "Alex").line())
        let batch = f.readOthers()
        #expect(batch.answers.isEmpty)
        #expect(batch.refused[dir + "/sam.jsonl"]?.count == 1)
        #expect(batch.refused[dir + "/sam.jsonl"]?.first == "an answer by \"Alex\" in Sam's file")
        #expect(f.person(named: "sam.sync-conflict-20261202-101010-ABCDEFG.jsonl") == nil)
        #expect(f.person(named: "sam.jsonl") == "Sam")
    }

    @Test func anOverlongLineIsPassedOverToItsEnd() throws {
        let f = folder()
        let long = FolderLine.maxNoteLine + 10_000
        try append("sam.jsonl", Data(repeating: 0x7B, count: long))
        let first = f.readOthers()
        #expect(first.answers.isEmpty)
        #expect(
            first.refused[dir + "/sam.jsonl"]
                == SharedFolder.Refusals(count: 1, first: "a line longer than \(FolderLine.maxNoteLine) bytes")
        )
        try append(
            "sam.jsonl", Data(repeating: 0x7B, count: long) + Data("}\n".utf8) + SharedFolderTests.answer(1).line())
        let second = f.readOthers()
        #expect(second.answers == [heard(1)])
        #expect(second.refused.isEmpty, "the long line is counted once")
    }

    @Test func aReplacedFileIsReadAgainFromItsStart() throws {
        let f = folder()
        try append("sam.jsonl", SharedFolderTests.answer(1).line() + SharedFolderTests.answer(2).line())
        #expect(f.readOthers().answers.count == 2)
        // Syncthing replaces a file by renaming a new one over it.
        let tmp = dir + "/.tmp"
        try SharedFolderTests.answer(3).line().write(to: URL(fileURLWithPath: tmp))
        #expect(rename(tmp, dir + "/sam.jsonl") == 0)
        #expect(f.readOthers().answers == [heard(3)])
    }

    @Test func answersWaitWhileTheFolderIsAway() throws {
        let f = folder()
        let away = dir + ".away"
        #expect(rename(dir, away) == 0)
        f.publish([SharedFolderTests.answer(1, by: "Alex")])
        #expect(f.unwritten.count == 1)
        #expect(f.problem?.contains("missing") == true)
        #expect(f.countOwn() == nil)
        #expect(rename(away, dir) == 0)
        f.publish([SharedFolderTests.answer(2, by: "Alex")])
        #expect(f.unwritten.isEmpty)
        #expect(f.problem == nil)
        #expect(f.countOwn() == 2)
        #expect(!f.ownFileChanged())
        try append("alex.jsonl", Data("{\"torn".utf8))
        #expect(f.ownFileChanged())
        // The next answer starts on a line of its own.
        f.publish([SharedFolderTests.answer(3, by: "Alex")])
        #expect(f.countOwn() == 3)
    }

    @Test func aLinkIsNotFollowed() throws {
        let f = folder()
        let elsewhere = dir + "-elsewhere.jsonl"
        try SharedFolderTests.answer(1).line().write(to: URL(fileURLWithPath: elsewhere))
        #expect(symlink(elsewhere, dir + "/sam.jsonl") == 0)
        let first = f.readOthers()
        let second = f.readOthers()
        #expect(first.answers.isEmpty && second.answers.isEmpty)
        #expect(first.problems.count == 1 && second.problems.isEmpty, "said once: \(first.problems)")
        #expect(first.refused.isEmpty)
    }

    @Test func aSyncthingFolderWithoutItsMarkerIsNotMounted() throws {
        let f = folder()
        let marker = dir + "/.stfolder"
        try FileManager.default.createDirectory(atPath: marker, withIntermediateDirectories: true)
        f.publish([SharedFolderTests.answer(1, by: "Alex")])
        #expect(f.unwritten.isEmpty)
        // The marker gone (the disk unmounted, an empty mount point left): nothing is written there.
        try FileManager.default.removeItem(atPath: marker)
        try FileManager.default.removeItem(atPath: dir + "/alex.jsonl")
        f.publish([SharedFolderTests.answer(2, by: "Alex")])
        #expect(f.unwritten.count == 1)
        #expect(!FileManager.default.fileExists(atPath: dir + "/alex.jsonl"))
        #expect(f.countOwn() == nil)
        try FileManager.default.createDirectory(atPath: marker, withIntermediateDirectories: true)
        f.publish([])
        #expect(f.unwritten.isEmpty)
        #expect(f.countOwn() == 1)
    }
}

/// What a hostile folder may hold instead of a person's file, and a folder others could write.
extension SharedFolderTests {
    @Test func aFIFOOrASocketIsRefusedWithoutWaiting() throws {
        let f = folder()
        #expect(mkfifo(dir + "/sam.jsonl", 0o600) == 0)
        let batch = f.readOthers()
        #expect(batch.answers.isEmpty)
        #expect(batch.problems.first?.contains("it is a FIFO (a pipe), not a plain file") == true, "\(batch.problems)")
        try FileManager.default.removeItem(atPath: dir + "/sam.jsonl")
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in Array((dir + "/sam.jsonl").utf8).enumerated() where i < raw.count - 1 { raw[i] = b }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        #expect(bound == 0)
        #expect(f.readOthers().problems.first?.contains("cannot read") == true)
    }

    @Test(arguments: [0o777, 0o733, 0o720])
    func aFolderOthersCanWriteIsNeitherReadNorWritten(mode: Int) throws {
        let f = folder()
        try append("sam.jsonl", SharedFolderTests.answer(1).line())
        chmod(dir, mode_t(mode))
        #expect(f.readOthers().answers.isEmpty)
        #expect(f.problem?.contains("writable by others") == true)
        f.publish([SharedFolderTests.answer(2, by: "Alex")])
        #expect(!FileManager.default.fileExists(atPath: dir + "/alex.jsonl"))
        chmod(dir, 0o700)
        #expect(f.readOthers().answers == [heard(1)])
        #expect(f.problem == nil && f.exposure == nil)
    }

    @Test func aFolderThatIsALinkIsNotFollowed() throws {
        let real = dir + "-real"
        try FileManager.default.createDirectory(atPath: real, withIntermediateDirectories: true)
        try SharedFolderTests.answer(1).line().write(to: URL(fileURLWithPath: real + "/sam.jsonl"))
        let link = dir + "-link"
        #expect(symlink(real, link) == 0)
        let f = SharedFolder(directory: link, me: "Alex", others: ["Sam"])
        #expect(f.readOthers().answers.isEmpty)
        #expect(f.problem?.contains("is a symbolic link") == true)
    }

    @Test func aFloodIsReadASliceAtATime() throws {
        let f = folder()
        let lines = (0..<20_000).map { SharedFolderTests.answer($0).line() }
        let shortest = lines.map(\.count).min() ?? 1
        try append("sam.jsonl", lines.reduce(Data(), +))
        var heard = 0
        var batches = 0
        while true {
            let batch = f.readOthers()
            heard += batch.answers.count
            batches += 1
            #expect(batch.answers.count * shortest <= SharedFolder.maxBytesPerBatch)
            if !batch.more { break }
        }
        #expect(heard == 20_000)
        #expect(batches > 1)
    }
}
