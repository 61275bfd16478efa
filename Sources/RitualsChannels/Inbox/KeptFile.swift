import FoundationEssentials
import LinuxSystem

/// A small JSON file of the state directory that a follower keeps its inbox in (where a reading
/// of a room or topic stands, what waits): read at start, replaced atomically at each change.
struct KeptFile<Value: Codable>: Sendable {
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

    /// Writes `value`; why it could not, or nil.
    func save(_ value: Value) -> String? {
        guard let data = encode(value) else { return "cannot keep \(what): cannot encode it" }
        return write(data)
    }

    func encode(_ value: Value) -> Data? { try? JSONEncoder().encode(value) }

    /// Writes what ``encode(_:)`` made; why it could not, or nil.
    func write(_ data: Data) -> String? {
        do {
            try FileIO.replaceAtomically(path, with: data)
            return nil
        } catch {
            return "cannot keep \(what): \(error)"
        }
    }
}
