import RitualsCore

/// One problem in a config file: `FILE:LINE:COLUMN: message`.
public struct ConfigIssue: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    /// The key path the problem concerns, such as `ritual[2].when`; nil for the file as a whole.
    public var path: String?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, path: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    public var description: String {
        var place = file
        if let line, let column { place += ":\(line):\(column)" }
        return place + ": " + (path.map { $0 + ": " } ?? "") + message
    }
}

/// Why a config file cannot be used: every problem found, in file order.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var issues: [ConfigIssue]

    public init(issues: [ConfigIssue]) { self.issues = issues }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
