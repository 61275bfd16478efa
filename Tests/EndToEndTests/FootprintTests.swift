import Foundation
import Testing

/// The programs stay on FoundationEssentials: neither links corelibs Foundation (which brings in
/// CoreFoundation and ICU's 30 MB of data), and the release build carries no ICU data and needs no
/// C++ runtime on the user's machine. What the design names comes from the system's libraries,
/// linked dynamically: libsystemd (journal, sd_notify, sd-bus) and libcrypto (HMAC).
struct FootprintTests {
    static func ldd(_ path: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
        p.arguments = [path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return text
    }

    @Test(arguments: ["rituald", "ritualctl"])
    func noCorelibsFoundationNorICU(program: String) throws {
        let debug = URL(fileURLWithPath: RitualdRunner.binary).deletingLastPathComponent().appendingPathComponent(
            program)
        let libraries = try FootprintTests.ldd(debug.path)
        #expect(!libraries.contains("libFoundation.so"), "\(libraries)")
        #expect(!libraries.contains("ICU") && !libraries.contains("Internationalization"), "\(libraries)")
        guard let folder = ProcessInfo.processInfo.environment["RITUALS_RELEASE_BIN"], !folder.isEmpty else { return }
        let release = folder + "/" + program
        guard FileManager.default.fileExists(atPath: release) else { return }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: release))
        #expect(bytes.range(of: Data("icudt".utf8)) == nil, "\(release) carries ICU data")
        #expect(!(try FootprintTests.ldd(release)).contains("libstdc++"), "\(release) needs libstdc++")
    }

    @Test(arguments: [("rituald", ["libsystemd.so.0", "libcrypto.so.3"]), ("ritualctl", ["libcrypto.so.3"])])
    func theSystemsLibrariesAreLinkedDynamically(program: String, libraries: [String]) throws {
        let debug = URL(fileURLWithPath: RitualdRunner.binary).deletingLastPathComponent().appendingPathComponent(
            program)
        var builds = [debug.path]
        if let folder = ProcessInfo.processInfo.environment["RITUALS_RELEASE_BIN"], !folder.isEmpty,
            FileManager.default.fileExists(atPath: folder + "/" + program)
        {
            builds.append(folder + "/" + program)
        }
        for build in builds {
            let linked = try FootprintTests.ldd(build)
            for library in libraries { #expect(linked.contains(library + " =>"), "\(build): \(linked)") }
        }
    }

    /// Each program as the .deb ships it (the release build `make test` and `make package` make,
    /// stripped by the packaging's own script) stays within 16 MB.
    @Test(arguments: ["rituald", "ritualctl"])
    func shippedProgramsStayWithinSixteenMegabytes(program: String) throws {
        guard let folder = ProcessInfo.processInfo.environment["RITUALS_RELEASE_BIN"], !folder.isEmpty else { return }
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: folder + "/" + program, toPath: copy.path)
        defer { try? FileManager.default.removeItem(at: copy) }
        let strip = Process()
        strip.executableURL = URL(fileURLWithPath: ScriptCall.path("make/package/strip-program"))
        strip.arguments = [copy.path]
        try strip.run()
        strip.waitUntilExit()
        #expect(strip.terminationStatus == 0)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: copy.path)[.size] as? Int)
        #expect(size <= FootprintTests.largestProgram, "\(program) is \(size) bytes stripped")
    }

    /// The most a shipped program may weigh, stripped: 16 MB.
    static let largestProgram = 16_000_000
}
