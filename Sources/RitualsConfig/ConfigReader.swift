import RitualsCore

/// Walks the parsed TOML, checking each key and collecting every problem with its position.
struct ConfigReader {
    let file: String
    let locator: KeyLocator
    let zones: any ZoneProvider
    var local: Zone
    /// The kinds of channel a `[channels.NAME]` table may be.
    let kinds: [any ChannelKindReading.Type]
    var issues: [ConfigIssue] = []
    /// What is allowed but probably not meant; the config is used anyway.
    var warnings: [ConfigIssue] = []

    init(file: String, table: TOMLTable, zones: any ZoneProvider, local: Zone, kinds: [any ChannelKindReading.Type]) {
        self.file = file
        locator = KeyLocator(table)
        self.zones = zones
        self.local = local
        self.kinds = kinds
    }

    /// Records a problem at `path` (its value when `atValue`), shifted by `offset` characters.
    mutating func report(_ path: String, _ message: String, atValue: Bool = false, offset: Int = 0) {
        let position = atValue ? (locator.values[path] ?? locator.position(of: path)) : locator.position(of: path)
        issues.append(
            ConfigIssue(file: file, line: position.line, column: position.column + offset, path: path, message: message)
        )
    }

    /// Records a warning at `path`.
    mutating func warn(_ path: String, _ message: String) {
        let position = locator.values[path] ?? locator.position(of: path)
        warnings.append(
            ConfigIssue(file: file, line: position.line, column: position.column, path: path, message: message))
    }

    /// Reports keys of `table` that are not in `known`.
    mutating func checkKeys(_ table: TOMLTable, _ path: String, known: [String]) {
        for key in table.keys where !known.contains(key) {
            let near = known.min { distance($0, key) < distance($1, key) }
            let hint = near.map { distance($0, key) <= 2 ? "; did you mean \"\($0)\"?" : "" } ?? ""
            report(
                path.isEmpty ? key : path + "." + key,
                "unknown key\(hint.isEmpty ? "." : hint) Known keys: \(known.joined(separator: ", ")).")
        }
    }

    func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a)
        let y = Array(b)
        var row = Array(0...y.count)
        for i in 1...max(x.count, 1) where i <= x.count {
            var previous = row[0]
            row[0] = i
            for j in 1...max(y.count, 1) where j <= y.count {
                let saved = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (x[i - 1] == y[j - 1] ? 0 : 1))
                previous = saved
            }
        }
        return row[y.count]
    }

    mutating func string(_ table: TOMLTable, _ key: String, _ path: String) -> String? {
        guard let value = table[key] else { return nil }
        guard let s = value.string else {
            report(path + "." + key, "expected a string, found \(value.kind)", atValue: true)
            return nil
        }
        return s
    }

    mutating func bool(_ table: TOMLTable, _ key: String, _ path: String) -> Bool? {
        guard let value = table[key] else { return nil }
        guard let b = value.bool else {
            report(
                path + "." + key, "expected true or false, found \(value.kind)", atValue: true)
            return nil
        }
        return b
    }

    mutating func strings(_ table: TOMLTable, _ key: String, _ path: String) -> [String]? {
        guard let value = table[key] else { return nil }
        guard let array = value.array else {
            report(
                path + "." + key, "expected an array of strings, found \(value.kind)",
                atValue: true)
            return nil
        }
        var out: [String] = []
        for (i, element) in array.enumerated() {
            guard let s = element.string else {
                report(
                    "\(path).\(key)[\(i)]", "expected a string, found \(element.kind)",
                    atValue: true)
                continue
            }
            out.append(s)
        }
        return out
    }

    /// A time span within `range`; nil when the key is absent or invalid.
    mutating func span(_ table: TOMLTable, _ key: String, _ path: String, range: ClosedRange<Duration>) -> Duration? {
        guard let text = string(table, key, path) else { return nil }
        return span(text, key, path, range: range)
    }

    /// What `expire` says: a span within `range`, or "never".
    enum SpanOrNever {
        case span(Duration)
        case never
    }

    /// A time span within `range`, or "never"; nil when the key is absent or invalid.
    mutating func spanOrNever(_ table: TOMLTable, _ key: String, _ path: String, range: ClosedRange<Duration>)
        -> SpanOrNever?
    {
        guard let text = string(table, key, path) else { return nil }
        if text == "never" { return .never }
        return span(text, key, path, range: range).map { .span($0) }
    }

    private mutating func span(_ text: String, _ key: String, _ path: String, range: ClosedRange<Duration>)
        -> Duration?
    {
        do {
            let value = Duration.microseconds(try TimeSpan.parse(text))
            guard range.contains(value) else {
                let (low, high) = (
                    TimeSpan.format(range.lowerBound.microseconds), TimeSpan.format(range.upperBound.microseconds)
                )
                report(path + "." + key, "\"\(text)\" is out of range: use between \(low) and \(high)", atValue: true)
                return nil
            }
            return value
        } catch {
            report(path + "." + key, error.description, atValue: true)
            return nil
        }
    }

    /// A date as a TOML local date or a `YYYY-MM-DD` string, in days since 1970-01-01.
    mutating func day(_ value: TOMLValue, _ path: String) -> Int? {
        if let d = value.date {
            return Civil.days(year: d.year, month: d.month, day: d.day)
        }
        if let s = value.string, let d = PlainSchedule.date(s) {
            return Civil.days(year: d.year, month: d.month, day: d.day)
        }
        report(path, "expected a date such as 2026-12-24", atValue: true)
        return nil
    }
}
