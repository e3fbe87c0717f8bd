import Foundation
import NNLessons
import NNSession
import XCTest

/// Runs a shipped lesson's blocks in one fresh session, as a learner who only runs the blocks
/// would, and keeps each block's printed text, so a test can read the numbers a page quotes.
struct LessonBlockTranscript {
    /// The lesson.
    let lesson: Lesson
    /// The session the blocks ran in.
    let session: Session
    /// Each block's printed text, in order.
    let outputs: [String]
    /// The lesson's source with paragraphs flattened onto one line.
    let flatSource: String

    /// Runs every block of the lesson `id`, or those that start before `line`.
    init(lesson id: String, data: String, before line: Int = .max) throws {
        let course = Course.load(folder: TestFolders.lessons)
        lesson = try XCTUnwrap(course.lessons.first { $0.id == id })
        session = TestFolders.session(data: data)
        let printer = OutputPrinter(width: 80, colorMode: .none)
        var outputs: [String] = []
        for block in lesson.commandBlocks where block.line < line {
            var text = ""
            let problem = LessonRunner.runBlock(block, in: lesson, session: session, echo: false) { output in
                if case .view(let request) = output { text += "[view \(request)]\n" } else { text += printer.text(output) }
            }
            XCTAssertNil(problem, "\(id): block at line \(block.line)")
            outputs.append(text)
        }
        self.outputs = outputs
        let source = try String(contentsOfFile: (TestFolders.lessons as NSString).appendingPathComponent(id + ".md"), encoding: .utf8)
        flatSource = source.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    /// A number fact of the session now.
    func number(_ fact: String) -> Double {
        guard case .success(.number(let x)) = session.fact(fact) else {
            XCTFail("no number for \(fact): \(session.fact(fact))")
            return .nan
        }
        return x
    }
}
