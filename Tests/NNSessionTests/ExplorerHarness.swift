import Foundation
import NNLessons
import NNRender
import NNSession
import XCTest

/// A lesson explorer on a data folder of its own, driven by keys as the terminal's loop drives
/// it (each key's tasks carried out), and drawn into a screen buffer.
final class ExplorerHarness {
    /// The repository's `lessons/` folder.
    static let shippedLessons = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("lessons").path

    let base: String
    let data: String
    let lessons: String
    private(set) var view: LessonExplorer!
    /// Whether a key's tasks (saving progress and answers) are carried out; off, they are
    /// dropped, and nothing is written.
    var carriesOutTasks = true
    private(set) var width: Int
    private(set) var height: Int

    /// Opens `lesson` of the course in `lessons` (the shipped course by default), or of a
    /// course made of the given files (name → text, and course.txt from their order).
    init(lesson: String, files: [(String, String)] = [], width: Int, height: Int) throws {
        base = (NSTemporaryDirectory() as NSString).appendingPathComponent("nnlab-harness-\(UUID().uuidString)")
        data = (base as NSString).appendingPathComponent("data")
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        if files.isEmpty {
            lessons = Self.shippedLessons
        } else {
            lessons = (base as NSString).appendingPathComponent("lessons")
            try FileManager.default.createDirectory(atPath: lessons, withIntermediateDirectories: true)
            for (name, text) in files {
                try text.write(toFile: (lessons as NSString).appendingPathComponent(name + ".md"), atomically: true, encoding: .utf8)
            }
            try (files.map(\.0).joined(separator: "\n") + "\n")
                .write(toFile: (lessons as NSString).appendingPathComponent("course.txt"), atomically: true, encoding: .utf8)
        }
        self.width = width
        self.height = height
        let environment = SessionEnvironment(dataFolder: data, lessonsFolder: lessons, width: width, colorMode: .none, interactive: true)
        view = try LessonExplorer(lessonNamed: lesson, environment: environment, width: width, height: height)
        _ = view.update(.resize(width: width, height: height))
        view.carryOutTasks()
    }

    deinit { try? FileManager.default.removeItem(atPath: base) }

    func resize(width: Int, height: Int) {
        self.width = width
        self.height = height
        _ = view.update(.resize(width: width, height: height))
    }

    /// Presses keys, carrying out each one's tasks; returns the last key's effect.
    @discardableResult
    func press(_ keys: ViewKey...) -> ViewEffect { press(keys) }

    @discardableResult
    func press(_ keys: [ViewKey]) -> ViewEffect {
        var effect = ViewEffect.none
        for key in keys {
            effect = view.update(.key(key))
            if carriesOutTasks { view.carryOutTasks() } else { _ = view.takeTasks() }
        }
        return effect
    }

    /// Types text, a character a key.
    func type(_ text: String) { press(text.map { ViewKey.character($0) }) }

    /// The screen as drawn now.
    func buffer() -> Buffer {
        var buffer = Buffer(width: width, height: height)
        view.render(into: &buffer)
        return buffer
    }

    /// The screen's rows as plain text.
    func rows() -> [String] { BufferPrinter(colorMode: .none).plainLines(buffer()) }

    func screen() -> String { rows().joined(separator: "\n") }

    /// Goes to the page with this title.
    func goToPage(titled title: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let index = try XCTUnwrap(view.lesson.pages.firstIndex { $0.title == title }, "no page '\(title)'", file: file, line: line)
        while view.pageIndex > index { press(.character("p")) }
        while view.pageIndex < index { press(.character("n")) }
    }

    /// Selects the page's item at `index` with Tab (from the page's top).
    func select(item index: Int) {
        var guardCount = 0
        while view.selectedItem != index || view.focus != .prose, guardCount < 100 {
            press(.tab)
            guardCount += 1
        }
    }

    /// Selects a question of the page by id.
    func selectQuestion(_ id: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let index = try XCTUnwrap(view.selectableItems.firstIndex {
            if case .question(let q) = $0 { return q.id == id } else { return false }
        }, "no question \(id) on the page", file: file, line: line)
        select(item: index)
    }
}
