import FoundationEssentials
import LinuxSystem
import RitualsCore

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
            let trimmed = line.trimmingBlanks
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            let rest = trimmed.range(of: "://").map { String(trimmed[$0.upperBound...]) } ?? trimmed
            parts.insert(rest)
            let separators: Set<Character> = ["/", "@", "?", "&", "=", ":", "#", ",", ";", " ", "\t"]
            for part in rest.split(whereSeparator: separators.contains).map(String.init)
            where part.count >= Redaction.shortest {
                guard !part.allSatisfy(\.isNumber) else { continue }
                parts.insert(part)
                // apprise may write a part decoded: p%40ss as p@ss.
                if let decoded = Redaction.percentDecoded(part), decoded != part { parts.insert(decoded) }
            }
        }
        secrets = parts.sorted { $0.count > $1.count }
    }

    /// `text` with every secret replaced by the mark.
    func apply(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingEvery($1, with: Redaction.mark) }
    }

    /// `p%40ss` as `p@ss`; nil when a `%` is not followed by two hexadecimal digits or the bytes
    /// are not UTF-8.
    static func percentDecoded(_ text: String) -> String? {
        var bytes: [UInt8] = []
        var it = Array(text.utf8)[...]
        while let b = it.popFirst() {
            guard b == UInt8(ascii: "%") else {
                bytes.append(b)
                continue
            }
            guard let h = it.popFirst(), let l = it.popFirst(), let high = hex(h), let low = hex(l) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }
}
