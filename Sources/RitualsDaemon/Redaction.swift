import Foundation

/// Takes the secrets of an Apprise URLs file out of text that may quote them (apprise's own
/// messages name hosts, topics, or a malformed line): every part of every URL after its scheme.
struct Redaction: Sendable {
    let secrets: [String]
    static let mark = "[redacted]"
    /// Parts shorter than this are left (port numbers, separators).
    static let shortest = 3

    /// The secrets of the file at `path` (the first 64 KiB).
    init(urlsFile path: String) {
        let data =
            (try? FileHandle(forReadingFrom: URL(fileURLWithPath: path)))
            .flatMap { handle in
                defer { try? handle.close() }; return try? handle.read(upToCount: 65_536)
            } ?? Data()
        self.init(text: String(decoding: data, as: UTF8.self))
    }

    init(text: String) {
        var parts: Set<String> = []
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            let rest = trimmed.range(of: "://").map { String(trimmed[$0.upperBound...]) } ?? trimmed
            parts.insert(rest)
            let separators = CharacterSet(charactersIn: "/@?&=:#,; \t")
            for part in rest.components(separatedBy: separators) where part.count >= Redaction.shortest {
                guard !part.allSatisfy(\.isNumber) else { continue }
                parts.insert(part)
                // apprise may write a part decoded: p%40ss as p@ss.
                if let decoded = part.removingPercentEncoding, decoded != part { parts.insert(decoded) }
            }
        }
        secrets = parts.sorted { $0.count > $1.count }
    }

    /// `text` with every secret replaced by the mark.
    func apply(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: Redaction.mark) }
    }
}
