import Foundation

/// Runs one of the project's Python scripts (scripts/ROLE/NAME) with arguments; its standard output,
/// or an error with what it said when it fails.
enum ScriptCall {
    static func path(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/" + name).path
    }

    @discardableResult
    static func run(_ name: String, _ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = [path(name)] + arguments
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let said = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw ScriptCallError(said: "\(name): " + said + text) }
        return text
    }
}

struct ScriptCallError: Error, CustomStringConvertible {
    let said: String
    var description: String { said }
}

extension RitualdRunner {
    /// A config of Alex (at this computer) and Sam with one channel, `channel`, then `rituals`.
    static func couple(channel: String, rituals: String) -> String {
        "[settings]\ntimezone = \"UTC\"\npeople = [\"Alex\", \"Sam\"]\nme = \"Alex\"\n"
            + "quiet_hours = \"03:00-03:01\"\n\n\(channel)\n\(rituals)"
    }

    /// A ritual due a second ago (or once, `seconds` from now), sent through `channel` only.
    static func dueRitual(_ id: String, _ title: String, channel: String, in seconds: Int = -1, extra: String = "")
        -> String
    {
        "[[ritual]]\nid = \"\(id)\"\ntitle = \"\(title)\"\nwhen = \"\(moment(seconds))\"\n"
            + "quiet_hours = \"ignore\"\nchannels = [\"\(channel)\"]\n\(extra)\n\n"
    }

    /// rituald with curl on its PATH and nothing else (no desktop), once it said READY=1.
    func launchWithCurl() throws -> Process {
        let bin = dir + "/bin"
        if !FileManager.default.fileExists(atPath: bin) {
            try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: bin + "/curl", withDestinationPath: "/usr/bin/curl")
        }
        let notify = try NotifyListener()
        let p = try launch(notify: notify, environment: ["PATH": bin])
        _ = notify.wait(for: "READY=1", within: 30)
        return p
    }
}
