import Foundation
import Testing

/// rituald's command line, read without an argument library: help and version, and every usage
/// error said with the usage line and exit status 64, before anything starts.
struct DaemonArgumentTests {
    static func rituald(_ arguments: [String]) throws -> Ritualctl.Result {
        try Ritualctl.run(arguments, program: RitualdRunner.binary)
    }

    @Test func helpAndVersion() throws {
        let help = try DaemonArgumentTests.rituald(["--help"])
        #expect(help.status == 0)
        for option in [
            "--config <FILE>", "--state-dir <DIR>", "--socket <PATH>", "--verbose", "--defaults", "--version",
        ] {
            #expect(help.stdout.contains(option), "\(option) in --help")
        }
        #expect(try DaemonArgumentTests.rituald(["-h"]).stdout == help.stdout)
        let version = try DaemonArgumentTests.rituald(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout == (try Ritualctl.run(["--version"]).stdout), "one version for both programs")
    }

    @Test(arguments: [
        (["--frobnicate"], "Unknown option '--frobnicate'"),
        (["--verbose=yes"], "Unknown option '--verbose=yes'"),
        (["--socket"], "Missing value for '--socket <PATH>'"),
        (["--state-dir", "--verbose"], "Missing value for '--state-dir <DIR>'"),
        (["--config=a.toml", "--defaults"], "Give --config or --defaults, not both."),
        (["start"], "Unexpected argument 'start'"),
    ])
    func aUsageErrorIsSaid(arguments: [String], says: String) throws {
        let r = try DaemonArgumentTests.rituald(arguments)
        #expect(r.status == 64)
        #expect(r.stderr.contains("Error: " + says), "\(r.stderr)")
        #expect(r.stderr.contains("See 'rituald --help'"))
        #expect(r.stdout.isEmpty)
    }

    /// `--config=FILE` is `--config FILE`: a file that is not there is refused as such.
    @Test func anAttachedValueIsTheValue() throws {
        let missing = "/nonexistent/\(UUID().uuidString).toml"
        let state = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
        let attached = try DaemonArgumentTests.rituald(["--config=" + missing, "--state-dir=" + state])
        let apart = try DaemonArgumentTests.rituald(["--config", missing, "--state-dir", state])
        #expect(attached.status == 1 && apart.status == 1)
        #expect(attached.stderr.contains(missing) && attached.stderr == apart.stderr, "\(attached.stderr)")
    }
}
