import Foundation
import NNData
import XCTest

/// A folder under the system's temporary directory that is removed when the test ends.
final class TemporaryFolder {
    /// The folder's path.
    let path: String

    /// Makes an empty folder with a unique name.
    init() throws {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("nndata-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes text to a file in the folder and returns the file's path.
    @discardableResult
    func write(_ text: String, to name: String) throws -> String {
        try write(Data(text.utf8), to: name)
    }

    /// Writes bytes to a file in the folder and returns the file's path.
    @discardableResult
    func write(_ data: Data, to name: String) throws -> String {
        let file = (path as NSString).appendingPathComponent(name)
        try data.write(to: URL(fileURLWithPath: file))
        return file
    }
}

/// Asserts that `body` throws a `DataError` whose message contains every one of `fragments`.
func assertDataError<T>(_ body: @autoclosure () throws -> T, contains fragments: [String],
                        file: StaticString = #filePath, line: UInt = #line) {
    do {
        _ = try body()
        XCTFail("expected a DataError containing \(fragments)", file: file, line: line)
    } catch let error as DataError {
        for fragment in fragments where !error.message.contains(fragment) {
            XCTFail("message \"\(error.message)\" lacks \"\(fragment)\"", file: file, line: line)
        }
    } catch {
        XCTFail("expected a DataError, got \(error)", file: file, line: line)
    }
}

/// The path of the repository's `datasets` folder, found from this file's location.
func datasetsFolder() -> String {
    var url = URL(fileURLWithPath: #filePath)
    url.deleteLastPathComponent()  // NNDataTests
    url.deleteLastPathComponent()  // Tests
    url.deleteLastPathComponent()  // repository root
    return url.appendingPathComponent("datasets").path
}
