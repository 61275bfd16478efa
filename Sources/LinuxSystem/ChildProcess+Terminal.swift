import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

extension ChildProcess {
    /// Runs `path` with `arguments` on this process's own terminal (its standard input, output
    /// and error: an editor) and waits for it; its exit status, or 128 + the signal that ended it.
    public static func runOnTerminal(_ path: String, _ arguments: [String]) throws(SystemError) -> Int32 {
        var pid: pid_t = 0
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        let r = posix_spawn(&pid, path, nil, nil, argv, environ)
        guard r == 0 else { throw SystemError("cannot run \(path)", code: r) }
        var status: Int32 = 0
        _ = Syscall.retrying { waitpid(pid, &status, 0) }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Whether standard input is a terminal.
    public static var inputIsTerminal: Bool { isatty(0) == 1 }

    /// A new private file (mode 600) in `directory` named from `prefix`, holding `text`; its path.
    public static func privateFile(in directory: String, prefix: String, text: String) throws(SystemError) -> String {
        var template = Array((directory + "/" + prefix + "XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw SystemError("cannot create a file in \(directory)") }
        defer { close(fd) }
        let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        try FileIO.writeAll(Data(text.utf8), fd: fd, path: path)
        return path
    }
}
