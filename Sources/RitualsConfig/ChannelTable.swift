import RitualsCore

/// One `[channels.NAME]` table as its kind reads it: its values, and each problem reported at
/// its place in the file (`FILE:LINE:COLUMN: channels.NAME.KEY: …`).
public struct ChannelTable {
    /// The channel's name.
    public let name: String
    /// Its path in the config: `channels.NAME`.
    public let path: String
    let table: TOMLTable
    var reader: ConfigReader

    init(name: String, table: TOMLTable, reader: ConfigReader) {
        self.name = name
        path = "channels." + name
        self.table = table
        self.reader = reader
    }

    /// Whether the table has `key`.
    public func has(_ key: String) -> Bool { table[key] != nil }

    public mutating func string(_ key: String) -> String? { reader.string(table, key, path) }

    public mutating func strings(_ key: String) -> [String]? { reader.strings(table, key, path) }

    public mutating func bool(_ key: String) -> Bool? { reader.bool(table, key, path) }

    /// Reports a problem with `key`'s value, or (nil) with the table itself.
    public mutating func report(_ key: String?, _ message: String) {
        reader.report(key.map { path + "." + $0 } ?? path, message, atValue: key != nil)
    }

    /// Reports what the table lacks, with an example each: "a matrix channel needs room = …".
    public mutating func requires(_ keys: [(key: String, example: String)], of what: String) {
        let missing = keys.filter { !has($0.key) }.map { "\($0.key) = \($0.example)" }
        if !missing.isEmpty { report(nil, "\(what) needs \(missing.joined(separator: ", "))") }
    }

    /// The file named by `key` (`~` expanded), reported unless only its owner can read it (it
    /// holds `what`, a secret).
    public mutating func privateFile(_ key: String, holding what: String) -> String? {
        guard let given = string(key) else { return nil }
        let file = UserDirectories.expandingHome(given)
        if let problem = UserDirectories.privateFileProblem(file, holding: what) { report(key, problem) }
        return file
    }

    /// A server's address at `key`: https, or http on the loopback address only.
    public mutating func serverURL(_ key: String, example: String) -> String? {
        string(key).flatMap { reader.serverURL($0, path + "." + key, example: example) }
    }
}
