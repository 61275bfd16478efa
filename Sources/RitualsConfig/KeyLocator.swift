/// Where each key and value of a read config is written, by its path, so that problems found
/// while checking the config point at a line and column.
///
/// Paths look like `settings.quiet_hours`, `ritual[2].when` and `ritual[2].prompts[4]`; lines and
/// columns are 1-based, columns counted in Unicode scalars.
struct KeyLocator {
    typealias Position = TOMLPosition

    private(set) var keys: [String: Position] = [:]
    /// Where each key's value starts.
    private(set) var values: [String: Position] = [:]

    init(_ root: TOMLTable) { walk(root, "") }

    private mutating func walk(_ table: TOMLTable, _ path: String) {
        for key in table.keys {
            guard let entry = table.entry(key) else { continue }
            let inner = path.isEmpty ? key : path + "." + key
            keys[inner] = entry.key
            values[inner] = entry.at
            walk(entry.value, inner)
        }
    }

    private mutating func walk(_ value: TOMLValue, _ path: String) {
        switch value {
        case .table(let table): walk(table, path)
        case .array(let list):
            for (n, item) in list.items.enumerated() {
                let inner = "\(path)[\(n)]"
                keys[inner] = item.position
                values[inner] = item.position
                walk(item.value, inner)
            }
        default: break
        }
    }

    /// The position of `path`, or of its nearest enclosing key or table that was written down.
    func position(of path: String) -> Position {
        var p = Substring(path)
        while !p.isEmpty {
            if let found = keys[String(p)] ?? values[String(p)] { return found }
            if let cut = p.lastIndex(where: { $0 == "." || $0 == "[" }) { p = p[..<cut] } else { break }
        }
        return Position(line: 1, column: 1)
    }
}
