import Foundation
import LinuxSystem

/// Takes the secrets of an Apprise URLs file out of text that may quote them (apprise's own
/// messages name hosts, topics, or a malformed line): every part of every URL after its scheme.
struct Redaction: Sendable {
    let secrets: [String]
    static let mark = "[redacted]"
    /// Parts shorter than this are left (port numbers, separators).
    static let shortest = 3

    /// A URLs file longer than this is refused: apprise would read secrets past any bound that
    /// redaction reads to, and a list of URLs is a few hundred bytes.
    static let maxFile = 256 * 1024

    /// The secrets of the file at `path`, all of it; nil when it is longer than ``maxFile``
    /// (or cannot be read).
    init?(urlsFile path: String) {
        guard let file = try? ChunkedFile(path), file.size <= Redaction.maxFile, let data = try? file.contents()
        else { return nil }
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
