#if canImport(Glibc)
    import Glibc
#endif

/// A system call that failed: what was being done, and the errno it gave. The one error type of
/// every wrapper in this module.
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What failed, as a phrase naming its object: "cannot write /home/a/history.jsonl".
    public let action: String
    /// The errno.
    public let code: Int32
    /// A reason of this project's, where the errno's would mislead.
    private let said: String?

    public init(_ action: String, code: Int32 = errno, reason: String? = nil) {
        self.action = action
        self.code = code
        said = reason
    }

    /// The system's reason, such as "No space left on device".
    public var reason: String {
        if let said { return said }
        // O_NOFOLLOW's refusal, which strerror words as a loop.
        if code == ELOOP { return "it is a symbolic link, which is never followed here; put the file itself there" }
        return String(cString: strerror(code))
    }
    public var description: String { "\(action): \(reason)" }
}

/// The rules every wrapper follows.
enum Syscall {
    /// Calls `call` again while it fails with EINTR (a signal arrived); its last result.
    static func retrying<T: FixedWidthInteger>(_ call: () -> T) -> T {
        var result = call()
        while result == -1 && errno == EINTR { result = call() }
        return result
    }

    /// `call`'s result, or a ``SystemError`` for `action` when it returned -1.
    @discardableResult
    static func checked<T: FixedWidthInteger>(_ action: @autoclosure () -> String, _ call: () -> T) throws(SystemError)
        -> T
    {
        let result = retrying(call)
        guard result != -1 else {
            let code = errno
            throw SystemError(action(), code: code)
        }
        return result
    }
}
