import Foundation
import Testing

@testable import RitualsConfig

/// The TOML reader against Python's tomllib: the same documents accepted, the same values read,
/// the same refused (Fixtures/toml.jsonl, from scripts/make/gen-toml-fixtures.py: a case for each
/// rule of TOML 1.0 and seeded mutations of them).
struct TOMLReaderTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let doc: String
        /// tomllib's reading, tagged as toml-test does; nil when it refuses the document.
        let expected: String?
        var testDescription: String { doc.debugDescription }
    }

    static let cases: [Case] = {
        guard let url = Bundle.module.url(forResource: "Fixtures/toml", withExtension: "jsonl"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let doc = object["doc"] as? String
            else { return nil }
            return Case(doc: doc, expected: object["value"].map(TOMLReaderTests.canonical))
        }
    }()

    /// A JSON value as text with sorted keys, to compare.
    static func canonical(_ value: Any) -> String {
        let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
        return String(decoding: data ?? Data(), as: UTF8.self)
    }

    static func tagged(_ value: TOMLValue) -> Any {
        func tag(_ type: String, _ text: String) -> [String: String] { ["type": type, "value": text] }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        func date(_ d: TOMLDate) -> String { "\(d.year)-\(two(d.month))-\(two(d.day))" }
        func time(_ t: TOMLDate.Time) -> String {
            let micro = String(t.nanosecond / 1000 + 1_000_000).dropFirst()
            return "\(two(t.hour)):\(two(t.minute)):\(two(t.second)).\(micro)"
        }
        switch value {
        case .string(let s): return tag("string", s)
        case .integer(let n): return tag("integer", String(n))
        case .float(let f): return tag("float", f.isNaN ? "nan" : f.isInfinite ? (f > 0 ? "inf" : "-inf") : "\(f)")
        case .bool(let b): return tag("bool", b ? "true" : "false")
        case .date(let d): return tag("date-local", date(d))
        case .time(let t): return tag("time-local", time(t))
        case .dateTime(let d, let t, let offset):
            let text = date(d) + "T" + time(t)
            guard let offset else { return tag("datetime-local", text) }
            return tag("datetime", text + (offset >= 0 ? "+" : "") + String(offset))
        case .array(let list): return list.items.map { tagged($0.value) }
        case .table(let table):
            var out: [String: Any] = [:]
            for key in table.keys { if let v = table[key] { out[key] = tagged(v) } }
            return out
        }
    }

    @Test func theFixturesAreThere() {
        #expect(TOMLReaderTests.cases.count > 1000)
        #expect(TOMLReaderTests.cases.filter { $0.expected != nil }.count > 150)
    }

    @Test(arguments: TOMLReaderTests.cases)
    func readsAsTomllibDoes(_ c: Case) {
        do {
            let root = try TOMLReader.read(c.doc)
            let got = TOMLReaderTests.canonical(TOMLReaderTests.tagged(.table(root)))
            #expect(c.expected == got, "accepted as \(got)")
        } catch {
            #expect(c.expected == nil, "refused at \(error.position.line):\(error.position.column): \(error.message)")
        }
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let deep = "a = " + String(repeating: "[", count: 100_000)
        #expect(throws: TOMLError.self) { try TOMLReader.read(deep) }
        let inline = "a = " + String(repeating: "{b = ", count: 100_000)
        #expect(throws: TOMLError.self) { try TOMLReader.read(inline) }
    }
}
