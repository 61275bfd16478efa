import Foundation
import RitualsConfig
import RitualsCore
import Testing

/// One row of an oracle table in Fixtures/.
struct FixtureRow: CustomTestStringConvertible, Sendable {
    let fields: [String]
    let line: Int

    var testDescription: String { "line \(line): " + fields.prefix(3).joined(separator: " | ") }

    static func unescape(_ s: String) -> String {
        var out = ""
        var escaped = false
        for c in s {
            if escaped {
                out.append(c == "n" ? "\n" : c == "t" ? "\t" : c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// The rows of `Fixtures/NAME.tsv`, comments skipped.
    static func load(_ name: String) -> [FixtureRow] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "tsv", subdirectory: "Fixtures"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return [] }
        var rows: [FixtureRow] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.isEmpty && !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { unescape(String($0)) }
            rows.append(FixtureRow(fields: fields, line: i + 1))
        }
        return rows
    }

    static func zone(_ name: String) -> Zone {
        guard let z = SystemZones.shared.zone(named: name) else {
            fatalError("time zone \(name) is missing: install tzdata")
        }
        return z
    }

    static func seconds(_ list: String) -> [Int] { list.split(separator: ",").compactMap { Int($0) } }
}
