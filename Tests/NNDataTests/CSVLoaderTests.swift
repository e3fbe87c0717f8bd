import Foundation
import NNData
import NNEngine
import XCTest

/// What `CSVLoader` reads from well-formed files: columns, labels, tasks and the CSV dialect.
final class CSVLoaderTests: XCTestCase {
    func testNamedClassesAreSortedToIndices() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("""
            a,b,kind
            1,2,dog
            3,4,cat
            5,6,emu
            7,8,cat

            """, to: "pets.csv")
        let d = try CSVLoader.load(path: path, test: 0, normalize: false)
        XCTAssertEqual(d.name, "pets")
        XCTAssertEqual(d.task, .classification)
        XCTAssertEqual(d.featureNames, ["a", "b"])
        XCTAssertEqual(d.targetNames, ["kind"])
        XCTAssertEqual(d.classNames, ["cat", "dog", "emu"])
        XCTAssertEqual(d.trainInputs, Tensor(rows: [[1, 2], [3, 4], [5, 6], [7, 8]]))
        XCTAssertEqual(d.trainTargets, Tensor([1, 0, 2, 0]))
        XCTAssertEqual(d.testCount, 0)
        XCTAssertEqual(d.testInputs.shape, [0, 2])
        XCTAssertEqual(d.testTargets.shape, [0])
        XCTAssertNil(d.featureScaling)
        XCTAssertEqual(d.origin, "loaded from \(path) with test=0 seed=0 normalize=off")
    }

    func testWholeNumberLabelsAreClassIndices() throws {
        let d = try CSVLoader.load(text: "x,y\n0.5,0\n1.5,3\n2.5,1.0\n", name: "t", test: 0, normalize: false)
        XCTAssertEqual(d.task, .classification)
        XCTAssertEqual(d.classNames, ["0", "1", "2", "3"])
        XCTAssertEqual(d.trainTargets, Tensor([0, 3, 1]))
        XCTAssertEqual(d.classCounts, [1, 1, 0, 1])
    }

    func testFractionalLabelsMeanRegression() throws {
        let d = try CSVLoader.load(text: "x,y\n1,0.5\n2,1\n3,1.5\n", name: "t", test: 0, normalize: false)
        XCTAssertEqual(d.task, .regression)
        XCTAssertEqual(d.classNames, [])
        XCTAssertEqual(d.trainTargets, Tensor(shape: [3, 1], scalars: [0.5, 1, 1.5]))
        XCTAssertEqual(d.outputCount, 1)
    }

    func testTaskCanBeForced() throws {
        let regression = try CSVLoader.load(text: "x,y\n1,0\n2,1\n3,2\n", name: "t", task: .regression, test: 0)
        XCTAssertEqual(regression.task, .regression)
        XCTAssertEqual(regression.trainTargets.shape, [3, 1])
        let named = try CSVLoader.load(text: "x,y\n1,b\n2,a\n", name: "t", task: .classification, test: 0)
        XCTAssertEqual(named.classNames, ["a", "b"])
    }

    func testLabelByNameOrIndex() throws {
        let text = "first,second,third\n1,2,3\n4,5,6\n"
        func labels(_ label: String?) throws -> [String] {
            let d = try CSVLoader.load(text: text, name: "t", label: label, task: .regression, test: 0, normalize: false)
            return d.targetNames + d.featureNames
        }
        XCTAssertEqual(try labels(nil), ["third", "first", "second"])
        XCTAssertEqual(try labels("first"), ["first", "second", "third"])
        XCTAssertEqual(try labels("SECOND"), ["second", "first", "third"])
        XCTAssertEqual(try labels("0"), ["first", "second", "third"])
        XCTAssertEqual(try labels("1"), ["second", "first", "third"])
        XCTAssertEqual(try labels("-1"), ["third", "first", "second"])
        XCTAssertEqual(try labels("-3"), ["first", "second", "third"])
        // A column named like an index wins over the index.
        let d = try CSVLoader.load(text: "1,0\n5,6\n", name: "t", label: "0", task: .regression, test: 0)
        XCTAssertEqual(d.targetNames, ["0"])
    }

    func testQuotedFieldsAndLineEnds() throws {
        let text = "\u{FEFF}\"width, cm\",\"say \"\"hi\"\"\",label\r\n"
            + "1, 2 ,\"a, b\"\r\n"
            + "\r\n"
            + "   \n"
            + "3,\"4\",\"two\nlines\"\r"
            + "5,6,\"a, b\""  // no final line end
        let d = try CSVLoader.load(text: text, name: "t", test: 0, normalize: false)
        XCTAssertEqual(d.featureNames, ["width, cm", "say \"hi\""])
        XCTAssertEqual(d.targetNames, ["label"])
        XCTAssertEqual(d.classNames, ["a, b", "two\nlines"])
        XCTAssertEqual(d.trainInputs, Tensor(rows: [[1, 2], [3, 4], [5, 6]]))
        XCTAssertEqual(d.trainTargets, Tensor([0, 1, 0]))
    }

    func testLineNumbersCountBlankLinesAndQuotedLineBreaks() {
        let text = "a,b,c\n\n1,2,\"x\ny\"\n3,4,z,extra\n"
        assertDataError(try CSVLoader.load(text: text, name: "f.csv"), contains: ["f.csv, line 5 has 4 fields, but the header has 3"])
    }

    func testSplitIsStratifiedAndSeeded() throws {
        var text = "x,label\n"
        for i in 0..<30 { text += "\(i),\(i < 20 ? "big" : "small")\n" }
        let a = try CSVLoader.load(text: text, name: "t", test: 0.2, seed: 3, normalize: false)
        XCTAssertEqual(a.classCounts(.test), [4, 2])
        XCTAssertEqual(a.classCounts(.train), [16, 8])
        XCTAssertEqual(a, try CSVLoader.load(text: text, name: "t", test: 0.2, seed: 3, normalize: false))
        let b = try CSVLoader.load(text: text, name: "t", test: 0.2, seed: 4, normalize: false)
        XCTAssertNotEqual(a.testInputs, b.testInputs)
        // Rows keep the file's order inside each split.
        let train = a.trainInputs.scalars
        XCTAssertEqual(train, train.sorted())
    }

    func testNormalizationUsesTheTrainingRowsOnly() throws {
        // y is each row's id; the held-out rows are found by it.
        let values: [Double] = [2, 4, 4, 4, 5, 5, 7, 9, 10, 20]
        var text = "v,constant,y\n"
        for (i, v) in values.enumerated() { text += "\(v),3,\(Double(i) + 0.5)\n" }
        let d = try CSVLoader.load(text: text, name: "t", test: 0.3, seed: 1)
        XCTAssertEqual(d.testCount, 3)
        let held = Set(d.testTargets.scalars.map { Int($0) })
        let train = values.indices.filter { !held.contains($0) }.map { values[$0] }
        let mean = train.reduce(0, +) / Double(train.count)
        let deviation = (train.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(train.count)).squareRoot()
        let scaling = try XCTUnwrap(d.featureScaling)
        XCTAssertEqual(scaling.means[0], mean, accuracy: 1e-12)
        XCTAssertEqual(scaling.deviations[0], deviation, accuracy: 1e-12)
        XCTAssertEqual(scaling.means[1], 3)
        XCTAssertEqual(scaling.deviations[1], 0)
        for (row, id) in zip(d.testInputs.rowArrays, d.testTargets.scalars) {
            XCTAssertEqual(row[0], (values[Int(id)] - mean) / deviation, accuracy: 1e-12)
            XCTAssertEqual(row[1], 0)
        }
        XCTAssertFalse(d.trainInputs.scalars.contains { $0.isNaN })
    }

    func testNormalizationByHand() throws {
        // v = 2, 4, 4, 4, 5, 5, 7, 9: mean 5, population deviation 2.
        let d = try CSVLoader.load(text: "v,w,label\n2,1,a\n4,1,a\n4,1,a\n4,1,a\n5,1,b\n5,1,b\n7,1,b\n9,1,b\n",
                                   name: "t", test: 0)
        XCTAssertEqual(d.featureScaling, FeatureScaling(means: [5, 1], deviations: [2, 0]))
        XCTAssertEqual(d.trainInputs.scalars.enumerated().filter { $0.offset % 2 == 0 }.map(\.element),
                       [-1.5, -0.5, -0.5, -0.5, 0, 0, 1, 2])
        XCTAssertEqual(d.trainInputs.scalars.enumerated().filter { $0.offset % 2 == 1 }.map(\.element),
                       [0, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(d.summary.filter { $0.hasPrefix("scaling") }.count, 1)
    }
}
