#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import NNData
import XCTest

/// `UserPath` takes any path apart without trapping, and `UserFile` reads only regular files
/// within a bound.
final class UserFileTests: XCTestCase {
    func testOneCharacterAndFolderPathsAreTakenApartWithoutTrapping() {
        // Foundation's NSString helpers trapped (SIGILL) on several of these.
        for text in [".", "./", "d", "z", "/", "", "..", "a/", "//", "./d", "a//b/"] {
            let path = UserPath(text)
            _ = path.parent
            _ = path.lastComponent
            _ = path.appending("model.json")
            _ = path.absolute(from: "/work")
            _ = path.stem
        }
        XCTAssertEqual(UserPath("d").parent, UserPath("."))
        XCTAssertEqual(UserPath("/d").parent, UserPath("/"))
        XCTAssertEqual(UserPath("a//b/").parent, UserPath("a"))
        XCTAssertEqual(UserPath(".").appending("x").string, "./x")
        XCTAssertEqual(UserPath("a/").appending("x").string, "a/x")
        XCTAssertEqual(UserPath("a/../b/./c").absolute(from: "/w").string, "/w/b/c")
        XCTAssertEqual(UserPath("data/iris.csv").stem, "iris")
        XCTAssertEqual(UserPath(".hidden").stem, ".hidden")
        XCTAssertTrue(UserPath(".").namesFolder)
        XCTAssertTrue(UserPath("./").namesFolder)
        XCTAssertTrue(UserPath("x/..").namesFolder)
        XCTAssertTrue(UserPath("out/").namesFolder)
        XCTAssertFalse(UserPath("d").namesFolder, "a plain name may be a file; the disk tells")
    }

    func testContainmentComparesWholeComponents() {
        let root = UserPath("/data/lesson-files")
        XCTAssertTrue(UserPath("/data/lesson-files").isWithin(root))
        XCTAssertTrue(UserPath("/data/lesson-files/a/b.json").isWithin(root))
        XCTAssertFalse(UserPath("/data/lesson-files2").isWithin(root), "a string prefix is not containment")
        XCTAssertFalse(UserPath("/data/lesson-files2/x.json").isWithin(root))
        XCTAssertFalse(UserPath("/data").isWithin(root))
        XCTAssertFalse(UserPath("data/lesson-files/x").isWithin(root), "a relative path is never inside an absolute one")
    }

    func testRealPathFollowsLongChainsAndRefusesLoops() throws {
        let folder = try TemporaryFolder()
        try folder.write("secret\n", to: "target.txt")
        // 22 links: more than Foundation's resolvingSymlinksInPath follows, fewer than the kernel's limit.
        var previous = (folder.path as NSString).appendingPathComponent("target.txt")
        for i in stride(from: 21, through: 0, by: -1) {
            let link = (folder.path as NSString).appendingPathComponent("l\(i)")
            XCTAssertEqual(symlink(previous, link), 0)
            previous = link
        }
        let real = try XCTUnwrap(UserPath(folder.path).appending("l0").realPath())
        XCTAssertEqual(real, UserPath(folder.path).realPath()!.appending("target.txt"))
        let a = (folder.path as NSString).appendingPathComponent("loop-a")
        let b = (folder.path as NSString).appendingPathComponent("loop-b")
        XCTAssertEqual(symlink(b, a), 0)
        XCTAssertEqual(symlink(a, b), 0)
        XCTAssertNil(UserPath(a).realPath(), "a loop cannot be resolved")
        XCTAssertNil(UserPath(folder.path).appending("missing/x").realPath())
    }

    func testReadsRegularFilesWithinTheBound() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("a,b\n1,2\n", to: "small.csv")
        XCTAssertEqual(try UserFile.read(path, maximumBytes: 100), Array("a,b\n1,2\n".utf8))
        XCTAssertThrowsError(try UserFile.read(path, maximumBytes: 4)) { error in
            XCTAssertEqual(error as? UserFile.Problem, .tooLarge(size: 8, limit: 4))
        }
        XCTAssertThrowsError(try UserFile.read(folder.path, maximumBytes: 100)) { error in
            XCTAssertEqual(error as? UserFile.Problem, .folder)
        }
        XCTAssertThrowsError(try UserFile.read(path + "-missing", maximumBytes: 100)) { error in
            XCTAssertEqual(error as? UserFile.Problem, .missing)
        }
    }

    func testDevicesAndPipesAreRefusedWithoutReading() throws {
        // /dev/zero never ends: reading it would run until memory runs out.
        XCTAssertThrowsError(try UserFile.read("/dev/zero", maximumBytes: 1000)) { error in
            XCTAssertEqual(error as? UserFile.Problem, .notRegular("a character device"))
            XCTAssertEqual((error as? UserFile.Problem)?.reason, "it is a character device, not a regular file")
        }
        XCTAssertThrowsError(try UserFile.check("/dev/zero", maximumBytes: 1000))
        let folder = try TemporaryFolder()
        let fifo = (folder.path as NSString).appendingPathComponent("fifo")
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        // Opening a FIFO without a writer would block; it is refused at once.
        XCTAssertThrowsError(try UserFile.read(fifo, maximumBytes: 1000)) { error in
            XCTAssertEqual(error as? UserFile.Problem, .notRegular("a pipe (FIFO)"))
        }
        XCTAssertEqual(UserFile.kind(of: fifo), .special("a pipe (FIFO)"))
        XCTAssertEqual(UserFile.kind(of: folder.path), .folder)
    }

    func testCSVLoaderReadsThroughTheSameCheck() throws {
        XCTAssertThrowsError(try CSVLoader.load(path: "/dev/zero")) { error in
            XCTAssertEqual((error as? DataError)?.message, "'/dev/zero' is a character device, not a regular file; `data load` reads CSV files.")
        }
        // A one-character missing name: the did-you-mean hint used NSString helpers that trapped.
        XCTAssertThrowsError(try CSVLoader.load(path: "z")) { error in
            XCTAssertTrue((error as? DataError)?.message.hasPrefix("cannot find the file 'z'") ?? false, "\(error)")
        }
    }
}
