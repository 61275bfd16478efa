import Synchronization

/// Remembers, per ritual, the last elapse counted from its anchor and its number, so that the
/// planner does not count from the anchor again on every call. Only a cache: results are the same
/// without it.
final class OccurrenceCounts: Sendable {
    struct Position: Sendable {
        var cursor: Int
        var index: Int
        var hashed: Bool
    }

    private let positions = Mutex<[String: Position]>([:])

    func position(_ ritualID: String) -> (cursor: Int, index: Int, hashed: Bool)? {
        positions.withLock { $0[ritualID].map { ($0.cursor, $0.index, $0.hashed) } }
    }

    func remember(_ ritualID: String, cursor: Int, index: Int, hashed: Bool) {
        positions.withLock { p in
            if let old = p[ritualID], old.cursor >= cursor { return }
            p[ritualID] = Position(cursor: cursor, index: index, hashed: hashed)
        }
    }
}
