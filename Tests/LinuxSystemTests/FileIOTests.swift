import Foundation
import LinuxSystem
import Testing

/// The file calls: durable appends, atomic replacement, one error type that names what failed.
struct FileIOTests {
    func directory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rituals-io-\(UUID().uuidString)").path
        try FileIO.makePrivateDirectory(dir)
        return dir
    }

    @Test func appendsAreDurableAndPrivate() throws {
        let dir = try directory()
        let path = dir + "/log"
        #expect(try FileIO.appendDurably(Data("one\n".utf8), to: path) == 4)
        #expect(try FileIO.appendDurably(Data("two\n".utf8), to: path) == 8)
        #expect(FileManager.default.contents(atPath: path) == Data("one\ntwo\n".utf8))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: dir)[.posixPermissions] as? Int == 0o700)
    }

    @Test func replacingLeavesNoTemporaryFile() throws {
        let dir = try directory()
        let path = dir + "/state"
        try FileIO.replaceAtomically(path, with: Data("old".utf8))
        try FileIO.replaceAtomically(path, with: Data("new".utf8))
        #expect(FileManager.default.contents(atPath: path) == Data("new".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["state"])
    }

    @Test func failuresNameTheFileAndTheReason() throws {
        let full = #expect(throws: SystemError.self) { try FileIO.appendDurably(Data("x".utf8), to: "/dev/full") }
        #expect(full?.description == "cannot write /dev/full: No space left on device")
        #expect(full?.code == ENOSPC)
        let missing = #expect(throws: SystemError.self) {
            try FileIO.replaceAtomically("/nonexistent-dir/state", with: Data())
        }
        #expect(missing?.description == "cannot write /nonexistent-dir/state.tmp: No such file or directory")
        #expect(throws: SystemError.self) { try FileIO.makePrivateDirectory("/proc/rituals-cannot-exist/x") }
    }

    @Test func aLockIsHeldOnceAndNamesItsHolder() throws {
        let path = try directory() + "/lock"
        let first = try LockFile(path)
        do {
            _ = try LockFile(path)
            Issue.record("a second lock on the same file was taken")
        } catch {
            guard case .held(let pid) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(pid == String(getpid()))
        }
        withExtendedLifetime(first) {}
    }
}
