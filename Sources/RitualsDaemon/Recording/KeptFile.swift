import FoundationEssentials
import LinuxSystem
import Logging

/// A small JSON file of the state directory that a part keeps its own state in (where a reading
/// of a room or topic stands): read at start, replaced atomically at each change.
struct KeptFile<Value: Codable> {
    let path: String
    /// What the file holds, for messages.
    let what: String

    /// What the file holds, nil when it is missing, larger than a mebibyte or unreadable.
    func load() -> Value? {
        guard let file = try? ChunkedFile(path), file.size < 1 << 20, let data = try? file.contents() else {
            return nil
        }
        return try? JSONDecoder().decode(Value.self, from: data)
    }

    func save(_ value: Value, logger: Logger) {
        guard let data = try? JSONEncoder().encode(value) else { return }
        do {
            try FileIO.replaceAtomically(path, with: data)
        } catch {
            logger.warning("cannot keep \(what): \(error)")
        }
    }
}
