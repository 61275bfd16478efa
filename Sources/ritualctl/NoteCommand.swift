import ArgumentParser
import FoundationEssentials
import LinuxSystem
import RitualsControl
import RitualsCore

/// `ritualctl note`.
struct NoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note",
        abstract: "Write your note to a ritual's prompt: sealed until your partner has written theirs.",
        discussion: """
            The note answers the ritual's latest occurrence that fired (or the one at \
            --occurrence). Without TEXT, $VISUAL or $EDITOR opens a file with the prompt as a \
            comment; when standard input is not a terminal, the note is read from it. A ritual \
            takes notes with notes = "sealed" or "open" in its [[ritual]]. Writing again replaces \
            your note until your partner's is shown to you.
            """
    )

    @Argument(help: "The ritual's id.")
    var id: String

    @Argument(help: "The note (quote it); none: your editor, or standard input.")
    var text: String?

    @Option(help: ArgumentHelp("The occurrence it answers, as its scheduled time.", valueName: "TIME"))
    var occurrence: String?

    @OptionGroup var connection: DaemonConnection

    @Flag(help: "Print JSON: the messages.")
    var json = false

    /// Bytes read from standard input or the editor's file at most (a note is 10,000 characters).
    static let longestInput = 1024 * 1024

    func run() throws {
        let written: String
        if let text {
            written = text
        } else if ChildProcess.inputIsTerminal {
            written = try edit()
        } else {
            written = String(decoding: StandardStream.input.readAll(limit: NoteCommand.longestInput), as: UTF8.self)
        }
        let note = written.trimmingBlanks
        if let problem = NoteLine.problem(note) {
            Terminal.error(Data("ritualctl: \(problem); nothing was kept\n".utf8))
            throw ExitCode(1)
        }
        try connection.perform(.note(id, occurrence: occurrence, text: note), json: json)
    }

    /// The note as written in the person's editor, the comment lines left out.
    private func edit() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        let prompt = (try? connection.ask(.show(id), quietly: true))?.detail?.latestPrompt
        var comment = "\n# Your note to \(id)"
        if let prompt { comment += ":\n#   " + prompt.split(separator: "\n").joined(separator: "\n#   ") }
        comment += "\n# Lines starting with '#' are left out; an empty note is not kept.\n"
        let directory = environment["XDG_RUNTIME_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let path = try ChildProcess.privateFile(in: directory, prefix: "rituals-note-", text: comment)
        defer { FileIO.remove(path) }
        // As git runs it: through the shell, so that "code --wait" works.
        let status = try ChildProcess.runOnTerminal("/bin/sh", ["-c", editor + " \"$1\"", editor, path])
        guard status == 0 else {
            Terminal.error(Data("ritualctl: \(editor) ended with status \(status); nothing was kept\n".utf8))
            throw ExitCode(1)
        }
        var data = Data()
        if let file = try ChunkedFile(path) {
            try file.read(from: 0, upTo: min(file.size, NoteCommand.longestInput)) { data.append($0) }
        }
        let text = String(decoding: data, as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("#") }
            .joined(separator: "\n")
    }
}
