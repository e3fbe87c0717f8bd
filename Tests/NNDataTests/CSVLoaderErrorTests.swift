import Foundation
import NNData
import XCTest

/// Every way `CSVLoader` refuses a file, and that each message names the place and the fix.
final class CSVLoaderErrorTests: XCTestCase {
    func testMissingFileSuggestsANearbyName() throws {
        let folder = try TemporaryFolder()
        try folder.write("a,b\n1,2\n", to: "iris.csv")
        let missing = (folder.path as NSString).appendingPathComponent("irs.csv")
        assertDataError(try CSVLoader.load(path: missing),
                        contains: ["cannot find the file '\(missing)'", "did you mean '\(folder.path)/iris.csv'?", "relative to"])
        assertDataError(try CSVLoader.load(path: "/no/such/folder/data.csv"),
                        contains: ["cannot find the file '/no/such/folder/data.csv'."])
    }

    func testAFolderIsNotAFile() throws {
        let folder = try TemporaryFolder()
        try folder.write("a,b\n1,2\n", to: "one.csv")
        assertDataError(try CSVLoader.load(path: folder.path), contains: ["is a folder, not a CSV file", "one.csv"])
    }

    func testUnreadableFile() throws {
        try XCTSkipIf(getuid() == 0, "root can read every file")
        let folder = try TemporaryFolder()
        let path = try folder.write("a,b\n1,2\n", to: "secret.csv")
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: path)
        assertDataError(try CSVLoader.load(path: path), contains: ["cannot read", "permission"])
    }

    func testBinaryFile() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write(Data([0x61, 0x2C, 0x62, 0x0A, 0x31, 0x2C, 0x00, 0x0A]), to: "blob.csv")
        assertDataError(try CSVLoader.load(path: path), contains: [path, "binary", "line 2"])
    }

    func testEmptyFiles() throws {
        let folder = try TemporaryFolder()
        for (name, text) in [("empty.csv", ""), ("bom.csv", "\u{FEFF}"), ("blank.csv", "\n\n  \r\n")] {
            let path = try folder.write(text, to: name)
            assertDataError(try CSVLoader.load(path: path), contains: ["\(path) is empty", "header row"])
        }
    }

    func testHeaderOnly() {
        assertDataError(try CSVLoader.load(text: "a,b,c\n\n", name: "h.csv"),
                        contains: ["h.csv has a header row (line 1) but no data rows"])
    }

    func testOneColumn() {
        assertDataError(try CSVLoader.load(text: "a;b;c\n1;2;3\n", name: "semi.csv"),
                        contains: ["only one column", "';'", "comma-separated"])
        assertDataError(try CSVLoader.load(text: "label\n1\n", name: "one.csv"),
                        contains: ["only one column ('label')"])
    }

    func testRaggedRow() {
        assertDataError(try CSVLoader.load(text: "a,b,c\r\n1,2,3\r\n4,5\r\n", name: "r.csv"),
                        contains: ["r.csv, line 3 has 2 fields, but the header has 3", "comma"])
        assertDataError(try CSVLoader.load(text: "a,b\n1\n", name: "r.csv"), contains: ["line 2 has 1 field,"])
    }

    func testNonNumericFeature() {
        assertDataError(try CSVLoader.load(text: "size,colour,label\n1,red,a\n2,abc,b\n", name: "n.csv"),
                        contains: ["n.csv, line 2, column 'colour'", "'red' is not a number", "label=colour"])
        assertDataError(try CSVLoader.load(text: "size,label\n1,a\n,b\n", name: "n.csv"),
                        contains: ["line 3, column 'size'", "is empty"])
        assertDataError(try CSVLoader.load(text: "size,label\n1,a\nnan,b\n", name: "n.csv"),
                        contains: ["line 3", "'nan' is not a finite number"])
    }

    func testMissingLabelColumnListsTheColumns() {
        let text = "sepal_length,petal_length,species\n1,2,a\n"
        assertDataError(try CSVLoader.load(text: text, name: "iris.csv", label: "specie"),
                        contains: ["iris.csv has no label column 'specie' — did you mean 'species'?",
                                   "0 sepal_length, 1 petal_length, 2 species", "label=NAME"])
        assertDataError(try CSVLoader.load(text: text, name: "iris.csv", label: "7"),
                        contains: ["no label column '7'.", "0 sepal_length"])
    }

    func testTooBig() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("a,b\n1,2\n3,4\n5,6\n", to: "big.csv")
        assertDataError(try CSVLoader.load(path: path, maximumBytes: 10), contains: ["is 16 bytes, over the 10 bytes limit", "sample"])
        assertDataError(try CSVLoader.load(path: path, maximumRows: 2), contains: ["more than 2 data rows", "sample"])
        XCTAssertEqual(try CSVLoader.load(path: path, test: 0, maximumRows: 3).trainCount, 3)
        XCTAssertEqual(CSVLoader.defaultMaximumBytes, 50_000_000)
        XCTAssertEqual(CSVLoader.defaultMaximumRows, 1_000_000)
    }

    func testBadQuoting() {
        assertDataError(try CSVLoader.load(text: "a,b\n1,\"oops\n2,3\n", name: "q.csv"),
                        contains: ["q.csv, line 2: a quoted field is never closed"])
        assertDataError(try CSVLoader.load(text: "a,b\n1,2\n3,\"4\"x\n", name: "q.csv"),
                        contains: ["q.csv, line 3: unexpected text after a closing quote"])
    }

    func testInvalidUTF8() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write(Data("a,b\n1,".utf8) + Data([0xFF, 0xFE]) + Data("\n".utf8), to: "latin.csv")
        assertDataError(try CSVLoader.load(path: path), contains: ["line 2", "not valid UTF-8"])
    }

    func testBadLabels() {
        assertDataError(try CSVLoader.load(text: "x,y\n1,2\n2,high\n", name: "l.csv", task: .regression),
                        contains: ["l.csv, line 3, column 'y'", "'high' is not a number", "task=classification"])
        assertDataError(try CSVLoader.load(text: "x,y\n1,-1\n2,0\n", name: "l.csv"),
                        contains: ["line 2", "'-1' is negative"])
        assertDataError(try CSVLoader.load(text: "x,y\n1,5000\n", name: "l.csv"),
                        contains: ["line 2", "too large for a class index"])
        assertDataError(try CSVLoader.load(text: "x,y\n1,1\n2,0.5\n", name: "l.csv", task: .classification),
                        contains: ["line 3", "'0.5' is not a whole number", "task=regression"])
        assertDataError(try CSVLoader.load(text: "x,y\n1,a\n2,\n", name: "l.csv"),
                        contains: ["line 3", "the label is empty"])
    }

    func testBadTestFraction() {
        assertDataError(try CSVLoader.load(text: "x,y\n1,0\n", name: "t.csv", test: 1), contains: ["test=1", "below 1"])
    }

    /// A 300,000-character header or value is quoted as a short excerpt, control characters escaped.
    func testHugeAndHostileFieldsAreQuotedShort() {
        let huge = String(repeating: "h", count: 300_000)
        let hostile = "\u{1B}]0;owned\u{07}" + huge
        let cases: [(String, [String])] = [
            ("\(hostile),label\nx,0\n", ["column '\\x1b]0;owned\\x07hhh", "…'"]),
            ("a,label\n\(hostile),0\n", ["'\\x1b]0;owned\\x07hhh", "is not a number"]),
            ("a,\(hostile)\n1,2.5\n2,\(hostile)\n", ["the label '\\x1b]0;owned"]),
            ("\(hostile)\n1\n", ["only one column ('\\x1b]0;owned"]),
        ]
        for (text, fragments) in cases {
            do {
                _ = try CSVLoader.load(text: text, name: "evil.csv", task: fragments[0].contains("label '") ? .regression : nil)
                XCTFail("expected an error for \(fragments)")
            } catch let error as DataError {
                for fragment in fragments { XCTAssertTrue(error.message.contains(fragment), String(error.message.prefix(300))) }
                XCTAssertLessThan(error.message.count, 400, String(error.message.prefix(300)))
                XCTAssertFalse(error.message.unicodeScalars.contains { $0.value < 0x20 }, "raw control characters")
            } catch {
                XCTFail("\(error)")
            }
        }
        // A missing label column lists a few columns, not thousands.
        let wide = (0..<5_000).map { "c\($0)" }.joined(separator: ",") + "\n" + (0..<5_000).map { _ in "1" }.joined(separator: ",") + "\n"
        assertDataError(try CSVLoader.load(text: wide, name: "wide.csv", label: "nope"), contains: ["0 c0, 1 c1", "(5000 in all)"])
    }

    /// A CSV file saved with a byte-order mark reads its first column name without it.
    func testByteOrderMarkIsSkipped() throws {
        let data = try CSVLoader.load(text: "\u{FEFF}x,label\n1,0\n2,1\n", name: "bom.csv", test: 0)
        XCTAssertEqual(data.featureNames, ["x"])
    }
}
