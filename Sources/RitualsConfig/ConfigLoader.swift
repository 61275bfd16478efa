import FoundationEssentials
import RitualsCore

#if canImport(Glibc)
    import Glibc
#endif

/// Reads `rituals.toml`: TOML through ``TOMLReader``, then every key checked, all problems
/// reported together as `FILE:LINE:COLUMN: key.path: message`.
public enum ConfigLoader {
    /// Larger files are refused before parsing: a config of a few rituals is a few kilobytes.
    public static let maxSize = 1 << 20

    /// The config path: `$XDG_CONFIG_HOME/rituals/rituals.toml`, else `~/.config/rituals/rituals.toml`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        UserDirectories.config(environment: environment) + "/rituals/rituals.toml"
    }

    /// Reads and checks the file at `path`; its channels may be of `kinds`.
    public static func load(
        path: String, kinds: [any ChannelKindReading.Type], zones: any ZoneProvider, local: Zone
    ) throws(ConfigError)
        -> RitualsConfiguration
    {
        func fail(_ message: String) -> ConfigError {
            ConfigError(issues: [ConfigIssue(file: path, message: message)])
        }
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { throw fail("no such file; create one with `ritualctl init`") }
            throw fail("cannot be read: \(String(cString: strerror(errno)))")
        }
        if info.st_mode & S_IFMT == S_IFDIR { throw fail("is a directory, not a config file") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw fail("is not a plain file") }
        let tooLarge = "is larger than \(maxSize / 1024) KiB; a config file is a few kilobytes"
        if info.st_size > maxSize { throw fail(tooLarge) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw fail("cannot be read (permission denied?)")
        }
        if data.count > maxSize { throw fail(tooLarge) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw fail("is not UTF-8 text; save it as UTF-8")
        }
        return try parse(text, file: path, kinds: kinds, zones: zones, local: local)
    }

    /// Checks the text of a config file; `file` names it in messages; its channels may be of
    /// `kinds`.
    public static func parse(
        _ text: String, file: String, kinds: [any ChannelKindReading.Type], zones: any ZoneProvider, local: Zone
    ) throws(ConfigError)
        -> RitualsConfiguration
    {
        // The TOML parser reads C strings: it would end the file at a NUL without a word.
        if let nul = text.unicodeScalars.firstIndex(of: "\u{0}") {
            let before = text.unicodeScalars[..<nul]
            let line = before.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
            let lineStart = before.lastIndex(of: "\n").map(before.index(after:)) ?? before.startIndex
            let column = before.distance(from: lineStart, to: nul) + 1
            throw ConfigError(issues: [
                ConfigIssue(
                    file: file, line: line, column: column,
                    message: "a NUL byte, which a text file never holds; remove it (the file may be damaged)")
            ])
        }
        let table: TOMLTable
        do {
            table = try TOMLReader.read(text)
        } catch {
            throw ConfigError(issues: [
                ConfigIssue(
                    file: file, line: error.position.line, column: error.position.column,
                    message: "not valid TOML: \(error.message)")
            ])
        }
        var reader = ConfigReader(file: file, table: table, zones: zones, local: local, kinds: kinds)
        let config = reader.read(table)
        if !reader.issues.isEmpty {
            let sorted = reader.issues.sorted { a, b in
                let ka = (a.line ?? 0) * 100_000 + (a.column ?? 0)
                let kb = (b.line ?? 0) * 100_000 + (b.column ?? 0)
                return ka < kb
            }
            throw ConfigError(issues: sorted)
        }
        return config
    }
}
