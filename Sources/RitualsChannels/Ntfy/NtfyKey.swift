import FoundationEssentials
import LinuxSystem
import RitualsCore
import Synchronization

/// The key that signs an ntfy channel's answer buttons: 32 random bytes in hexadecimal, in a file
/// of rituald's state directory only its owner reads, made at first use.
public enum NtfyKey {
    /// The key's file in the state directory `directory`: the one place that says where it lives.
    public static func path(in directory: String) -> String { directory + "/ntfy.key" }

    /// The key in `file`; with `creating`, made when there is none. One key is made once: the
    /// channels of this process take turns, and another process's key put there first wins.
    public static func read(_ file: String, creating: Bool) -> Result<[UInt8], ChannelError> {
        making.withLock { _ in readOrMake(file, creating: creating) }
    }

    private static let making = Mutex(())

    private static func readOrMake(_ file: String, creating: Bool) -> Result<[UInt8], ChannelError> {
        if let handle = try? ChunkedFile(file), handle.size <= 256, let data = try? handle.contents() {
            let hex = Array(String(decoding: data, as: UTF8.self).trimmingBlanks.utf8)
            if hex.count == 64, let key = HMACSHA256.bytes(hex) { return .success(key) }
            return .failure(
                ChannelError("\(file) is damaged: remove it (buttons already sent stop counting)", refused: true))
        }
        guard creating else {
            return .failure(ChannelError("\(file) does not exist yet: nothing was sent with answers", refused: true))
        }
        var generator = SystemRandomNumberGenerator()
        let key = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        do {
            var made = ""
            for part in FileIO.directory(of: file).split(separator: "/") {
                made += "/" + part
                try FileIO.makePrivateDirectory(made)
            }
            // Another process made one first: that one is the key.
            guard try FileIO.placeNew(file, with: Data((HMACSHA256.hex(key) + "\n").utf8)) else {
                return readOrMake(file, creating: false)
            }
        } catch {
            return .failure(ChannelError("cannot keep the key that signs answers: \(error)", refused: true))
        }
        return .success(key)
    }
}
