import Foundation
import KubeSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Planes this process started and must stop at exit: directory → script path.
private let ownedPlanes = Locked<[String: String]>([:])

/// Registers the exit hook once, on first use.
private let exitHookRegistration: Void = {
    atexit { stopOwnedPlanesAtExit() }
}()

/// Stops every plane this process still owns. Runs from `atexit`, so it uses posix_spawn and
/// waitpid directly rather than Foundation's `Process`.
private func stopOwnedPlanesAtExit() {
    let planes = ownedPlanes.withLock { planes in
        defer { planes = [:] }
        return planes
    }
    for (directory, script) in planes {
        _ = spawnAndWait([script, "stop", directory])
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// Runs `argv` with stdout and stderr sent to /dev/null and waits for it; returns its wait status.
private func spawnAndWait(_ argv: [String]) -> Int32 {
    let environment = ProcessInfo.processInfo.environment
        .filter { $0.key != "KINFORMER_CONTROL_PLANE_OWNER_PID" }
        .map { "\($0.key)=\($0.value)" }
    let cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
    let cEnv: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
    defer {
        cArgs.forEach { free($0) }
        cEnv.forEach { free($0) }
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    var pid = pid_t()
    guard posix_spawn(&pid, argv[0], &actions, nil, cArgs, cEnv) == 0 else { return -1 }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    return status
}

extension ControlPlane {
    /// What a run of `scripts/control-plane` printed.
    struct ScriptOutput: Sendable {
        var stdout: String
        var stderr: String
        /// stderr (the script's messages) then stdout, for error reports.
        var combined: String { stderr + stdout }
    }

    /// `scripts/control-plane`: `$KINFORMER_CONTROL_PLANE_SCRIPT`, else the one in this
    /// package's checkout (found from this source file's path).
    static func scriptPath() -> String {
        if let path = ProcessInfo.processInfo.environment["KINFORMER_CONTROL_PLANE_SCRIPT"], !path.isEmpty {
            return path
        }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // ControlPlane
            .deletingLastPathComponent()  // KubeTesting
            .deletingLastPathComponent()  // Sources
            .deletingLastPathComponent()  // package root
            .appendingPathComponent("scripts/control-plane").path
    }

    static func makeShared() async throws -> ControlPlane {
        if let directory = ProcessInfo.processInfo.environment["KINFORMER_CONTROL_PLANE_DIR"], !directory.isEmpty {
            return try await start(in: directory, ownership: .external)
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("kinformer-plane-shared-\(getpid())-\(UUID().uuidString.prefix(8))").path
        return try await start(in: directory, ownership: .shared)
    }

    /// Runs `scripts/control-plane start` in `directory` (a no-op if a healthy plane runs
    /// there) and reads the resulting `env` file. The script's watchdog stops the plane if
    /// this process dies without running its exit hook.
    static func start(in directory: String, ownership: Ownership) async throws -> ControlPlane {
        let script = scriptPath()
        if ownership != .external { rememberOwned(directory, script: script) }
        do {
            _ = try await runScript(script, ["start", directory], ownerPID: true)
            let environment = try readEnvironmentFile(directory + "/env")
            return try ControlPlane(
                directory: directory, environment: environment, ownership: ownership, script: script)
        } catch {
            // start already killed whatever it started; keep the directory for its logs.
            forgetOwned(directory)
            throw error
        }
    }

    static func rememberOwned(_ directory: String, script: String) {
        _ = exitHookRegistration
        ownedPlanes.withLock { $0[directory] = script }
    }

    static func forgetOwned(_ directory: String) {
        _ = ownedPlanes.withLock { $0.removeValue(forKey: directory) }
    }

    /// Runs the script to completion and returns its output; throws ``ControlPlaneError`` with
    /// that output when it exits non-zero. Output goes to temporary files (not pipes), so
    /// background processes the script leaves running can never hold a pipe open.
    static func runScript(_ script: String, _ arguments: [String], ownerPID: Bool) async throws -> ScriptOutput {
        guard FileManager.default.isExecutableFile(atPath: script) else {
            throw ControlPlaneError(
                code: .scriptMissing,
                message: "\(script) is missing or not executable; set KINFORMER_CONTROL_PLANE_SCRIPT to scripts/control-plane")
        }
        let base = FileManager.default.temporaryDirectory
            .appendingPathComponent("kinformer-control-plane-\(UUID().uuidString)")
        let outURL = base.appendingPathExtension("out")
        let errURL = base.appendingPathExtension("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: script)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["KINFORMER_CONTROL_PLANE_OWNER_PID"] = ownerPID ? String(getpid()) : nil
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in
                continuation.resume(returning: finished.terminationStatus)
            }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        try? outHandle.close()
        try? errHandle.close()
        let output = ScriptOutput(
            stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
        guard status == 0 else {
            throw ControlPlaneError(
                code: .scriptFailed,
                message: "\(script) \(arguments.joined(separator: " ")) exited with status \(status); its output follows",
                output: output.combined)
        }
        return output
    }

    /// Parses the script's `env` file (`KEY='value'` lines, `#` comments).
    static func readEnvironmentFile(_ path: String) throws -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ControlPlaneError(
                code: .malformedState,
                message: "cannot read \(path); run scripts/control-plane start for its directory")
        }
        return parseEnvironment(text)
    }

    /// Parses `KEY='value'` lines; blank lines and `#` comments are skipped.
    static func parseEnvironment(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            var value = line[line.index(after: equals)...]
            if value.count >= 2, value.hasPrefix("'"), value.hasSuffix("'") {
                value = value.dropFirst().dropLast()
            }
            result[String(line[..<equals])] = String(value)
        }
        return result
    }
}
