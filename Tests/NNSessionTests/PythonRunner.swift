import Foundation

/// Runs python3 for the export tests and reads what it prints.
enum PythonRunner {
    /// Whether python3 can import numpy (the numpy export's test skips, saying so, when not).
    static let hasNumpy: Bool = (try? run(["-c", "import numpy"]).status) == 0

    /// Runs `python3 ARGS` (or another Python: a path, or a name looked up on PATH), returning
    /// the exit status, standard output and standard error.
    static func run(_ arguments: [String], python: String = "python3") throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        if python.contains("/") {
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [python] + arguments
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: error, as: UTF8.self))
    }

    /// A Python that can import torch and numpy, for the PyTorch export's comparisons:
    /// `$NNLAB_TORCH_PYTHON` (what `make check-export` sets), else the private environment
    /// `make check-export` installs (.build/torch-venv), else python3; nil when none can.
    static let torchPython: String? = {
        var candidates: [String] = []
        if let chosen = ProcessInfo.processInfo.environment["NNLAB_TORCH_PYTHON"], !chosen.isEmpty { candidates.append(chosen) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let venv = root + "/.build/torch-venv/bin/python"
        if FileManager.default.isExecutableFile(atPath: venv) { candidates.append(venv) }
        candidates.append("python3")
        return candidates.first { (try? run(["-c", "import torch, numpy"], python: $0).status) == 0 }
    }()

    /// Why a torch comparison was skipped.
    static let torchSkipMessage = "torch is not importable (NNLAB_TORCH_PYTHON, .build/torch-venv, python3): "
        + "run `make check-export`, which installs it into .build/torch-venv and runs these tests"

    /// Runs several scripts in one Python process, so PyTorch is imported once (that takes
    /// seconds): each job is a script and its arguments, run as `__main__`; returns each one's
    /// exit status, standard output and standard error, in order.
    static func runScripts(_ jobs: [[String]], python: String) throws -> [(status: Int, output: String, error: String)] {
        let folder = try self.folder()
        let driver = """
        import contextlib, io, json, runpy, sys
        jobs_path, results_path = sys.argv[1], sys.argv[2]
        jobs = json.load(open(jobs_path))
        results = []
        for argv in jobs:
            out, err, status = io.StringIO(), io.StringIO(), 0
            try:
                with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                    sys.argv = argv
                    runpy.run_path(argv[0], run_name="__main__")
            except SystemExit as stop:
                status = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
            except Exception as error:
                status = 1
                err.write("%s: %s" % (type(error).__name__, error))
            results.append({"status": status, "output": out.getvalue(), "error": err.getvalue()})
        json.dump(results, open(results_path, "w"))

        """
        try driver.write(toFile: "\(folder)/driver.py", atomically: true, encoding: .utf8)
        try JSONSerialization.data(withJSONObject: jobs).write(to: URL(fileURLWithPath: "\(folder)/jobs.json"))
        let result = try run(["\(folder)/driver.py", "\(folder)/jobs.json", "\(folder)/results.json"], python: python)
        guard result.status == 0,
              let data = FileManager.default.contents(atPath: "\(folder)/results.json"),
              let list = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw PythonFailure(message: "the driver failed (status \(result.status)): \(result.error)")
        }
        return list.map { (($0["status"] as? Int) ?? -1, ($0["output"] as? String) ?? "", ($0["error"] as? String) ?? "") }
    }

    /// A Python run that did not finish.
    struct PythonFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// A fresh temporary folder.
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "nnlab-export-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
