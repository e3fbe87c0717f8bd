import Foundation
import NNLessons
import NNSession
import XCTest

/// A lesson test with a scratch data folder of its own, and what the lesson tests share: a
/// fresh session after lesson-style lines, a fact's number, the numbers a pattern finds in
/// printed text, and the check that no exercise passes without the learner.
class LessonTestCase: XCTestCase {
    /// The scratch data folder, removed after each test.
    var scratch: String!

    override func setUp() { scratch = TestFolders.temporary("nnlab-\(type(of: self))") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: scratch) }

    /// Runs lesson-style command lines (sandboxed like a lesson's) in a fresh session.
    func session(_ lines: [String]) throws -> Session {
        let session = TestFolders.session(data: scratch)
        for line in lines { try LessonRunner.runLine(line, session: session) { _ in } }
        return session
    }

    /// A fact's number in a session; a fact without one fails the test.
    func number(_ session: Session, _ fact: String) throws -> Double {
        guard case .success(.number(let value)) = session.fact(fact) else {
            XCTFail("fact \(fact) has no number")
            return .nan
        }
        return value
    }

    /// The first capture group of `pattern` in `text` as a number, for every match.
    func numbers(_ pattern: String, in text: String) -> [Double] {
        let regex = try! NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).flatMap { Double(text[$0]) }
        }
    }

    /// Checks that a lesson has `count` exercises and that none passes after the blocks above
    /// it, nor after all of the lesson's blocks (each reference solution passes its check in a
    /// fresh session: `lesson check` runs them, ShippedCourseTests.testTheCheckerFindsNoProblems).
    @discardableResult
    func assertExercisesNeedTheLearner(_ id: String, count: Int, file: StaticString = #filePath, line: UInt = #line) throws -> Lesson {
        let lesson = try LessonBlockTranscript(lesson: id, data: scratch, before: 0).lesson
        XCTAssertEqual(lesson.exercises.count, count, file: file, line: line)
        for exercise in lesson.exercises {
            let run = try LessonBlockTranscript(lesson: lesson.id, data: scratch, before: exercise.line)
            XCTAssertFalse(run.session.check(exercise).passed, "\(exercise.id) passes after the blocks above it", file: file, line: line)
        }
        let all = try LessonBlockTranscript(lesson: lesson.id, data: scratch)
        for exercise in lesson.exercises {
            XCTAssertFalse(all.session.check(exercise).passed, "\(exercise.id) passes after the whole lesson's blocks",
                           file: file, line: line)
        }
        return lesson
    }
}
