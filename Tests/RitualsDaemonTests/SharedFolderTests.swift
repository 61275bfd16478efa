import Foundation
import RitualsCore
import Testing

@testable import RitualsDaemon

/// The shared folder as one computer sees it: the others' files read as they grow, strictly, and
/// this person's answers kept until the folder takes them.
struct SharedFolderTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shared-\(UUID().uuidString)").path
    static let t = 1_796_000_000_000_000

    init() throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    func folder() -> SharedFolder { SharedFolder(directory: dir, me: "Alex", others: ["Sam"]) }

    static func answer(_ n: Int, by: String = "Sam") -> SharedAnswer {
        SharedAnswer(at: t + n * 1000, by: by, event: .done, occurrence: t + n * 1_000_000, ritual: "walk")
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
        #expect(f.readOthers() == [SharedFolderTests.answer(1)])
        #expect(f.readOthers().isEmpty)
        try append("sam.jsonl", second.dropFirst(30))
        #expect(f.readOthers() == [SharedFolderTests.answer(2)])
        #expect(f.lastHeard["Sam"] == SharedFolderTests.answer(2).at)
    }

    @Test func onlyThePeoplesOwnFilesAreRead() throws {
        let f = folder()
        try append("sam.sync-conflict-20261202-101010-ABCDEFG.jsonl", SharedFolderTests.answer(1).line())
        try append(".syncthing.sam.jsonl.tmp", SharedFolderTests.answer(2).line())
        try append("kim.jsonl", SharedFolderTests.answer(3, by: "Kim").line())
        try append("alex.jsonl", SharedFolderTests.answer(4, by: "Alex").line())
        // Sam's file, claiming to be Alex's answer: refused.
        try append("sam.jsonl", SharedFolderTests.answer(5, by: "Alex").line())
        #expect(f.readOthers().isEmpty)
        #expect(f.takeRefused().lines == ["Sam": 1])
        #expect(f.person(named: "sam.sync-conflict-20261202-101010-ABCDEFG.jsonl") == nil)
        #expect(f.person(named: "sam.jsonl") == "Sam")
    }

    @Test func anOverlongLineIsPassedOverToItsEnd() throws {
        let f = folder()
        try append("sam.jsonl", Data(repeating: 0x7B, count: 5000))
        #expect(f.readOthers().isEmpty)
        try append("sam.jsonl", Data("}\n".utf8) + SharedFolderTests.answer(1).line())
        #expect(f.readOthers() == [SharedFolderTests.answer(1)])
        #expect(f.takeRefused().lines.isEmpty)
    }

    @Test func aReplacedFileIsReadAgainFromItsStart() throws {
        let f = folder()
        try append("sam.jsonl", SharedFolderTests.answer(1).line() + SharedFolderTests.answer(2).line())
        #expect(f.readOthers().count == 2)
        // Syncthing replaces a file by renaming a new one over it.
        let tmp = dir + "/.tmp"
        try SharedFolderTests.answer(3).line().write(to: URL(fileURLWithPath: tmp))
        #expect(rename(tmp, dir + "/sam.jsonl") == 0)
        #expect(f.readOthers() == [SharedFolderTests.answer(3)])
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
        #expect(f.readOthers().isEmpty)
        #expect(f.readOthers().isEmpty)
        let said = f.takeRefused()
        #expect(said.files.count == 1, "said once: \(said.files)")
        #expect(said.lines.isEmpty)
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
