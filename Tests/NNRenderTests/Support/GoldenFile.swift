import Foundation
import NNRender
import XCTest

/// Golden-file comparison for rendered widgets.
///
/// Each golden file holds the plain-text rendering of a widget at a fixed size. Set
/// `NNLAB_RECORD_GOLDEN=1` to (re)write the files instead of comparing:
/// `NNLAB_RECORD_GOLDEN=1 swift test --filter NNRenderTests`.
enum GoldenFile {
    /// The folder holding the golden files, next to this source file's parent folder.
    static var directory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()   // Support
            .deletingLastPathComponent()   // NNRenderTests
            .appendingPathComponent("Golden", isDirectory: true)
    }

    static var isRecording: Bool { ProcessInfo.processInfo.environment["NNLAB_RECORD_GOLDEN"] == "1" }

    /// The text stored for a buffer: its plain lines, each ending in a newline.
    static func text(of buffer: Buffer) -> String {
        BufferPrinter(colorMode: .none).plainLines(buffer).map { $0 + "\n" }.joined()
    }
}

/// Renders `widget` at `width`×`height` and compares the plain text with `Golden/<name>.txt`.
func assertGolden(_ widget: some Widget, width: Int, height: Int, named name: String,
                  file: StaticString = #filePath, line: UInt = #line) {
    let buffer = widget.renderedBuffer(width: width, height: height)
    assertGolden(buffer, named: name, file: file, line: line)
}

/// Compares the plain text of `buffer` with `Golden/<name>.txt` (or records it).
func assertGolden(_ buffer: Buffer, named name: String, file: StaticString = #filePath, line: UInt = #line) {
    let actual = GoldenFile.text(of: buffer)
    let url = GoldenFile.directory.appendingPathComponent(name + ".txt")
    if GoldenFile.isRecording {
        do {
            try FileManager.default.createDirectory(at: GoldenFile.directory, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
        } catch {
            XCTFail("could not record golden file \(url.path): \(error)", file: file, line: line)
        }
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        XCTFail("""
            missing golden file Golden/\(name).txt; record it with
                NNLAB_RECORD_GOLDEN=1 swift test --filter NNRenderTests
            then read the file to check it looks right. Rendering was:
            \(actual)
            """, file: file, line: line)
        return
    }
    if expected != actual {
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var firstDifference = 0
        while firstDifference < min(expectedLines.count, actualLines.count),
              expectedLines[firstDifference] == actualLines[firstDifference] {
            firstDifference += 1
        }
        XCTFail("""
            rendering differs from Golden/\(name).txt at line \(firstDifference + 1) \
            (re-record with NNLAB_RECORD_GOLDEN=1 if the change is intended)
            --- expected
            \(expected)--- actual
            \(actual)
            """, file: file, line: line)
    }
}
