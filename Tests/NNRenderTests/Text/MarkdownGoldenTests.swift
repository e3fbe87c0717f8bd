import NNRender
import XCTest

final class MarkdownGoldenTests: XCTestCase {
    static let lesson = """
    # Gradient descent

    The loss **L(w)** measures how wrong the model is. Its gradient ∂L/∂w points *uphill*, so each
    step goes the other way: `w ← w − η·∂L/∂w`, with learning rate η.

    ## The sigmoid

    σ(z) = 1/(1 + e⁻ᶻ) squashes z into (0, 1), and σ′(z) = σ(z)(1 − σ(z)) is at most ¼.

    ```nnlab
    data xor n=200 seed=1
    net 2-8-1 act=tanh out=sigmoid
    train epochs=50
    ```

    What to watch:

    - the **training loss**, which should fall steadily over the first epochs and then level off
    - the test loss
      - below the training loss: lucky split
      - far above it: overfitting
    - the boundary

    1. Run the block.
    2. Change `act=tanh` to `act=relu`.
    10. Compare.

    | optimizer | lr | what it adds |
    |:--|--:|:-:|
    | sgd | 0.1 | nothing |
    | momentum | 0.05 | a velocity that remembers past gradients |
    | adam | 0.001 | per-weight step sizes |

    > **Note:** a learning rate that is too large makes the loss *grow*.

    ---

    Σᵢ xᵢ² in 中文 stays aligned: 学习率 η.
    """

    func testLessonRendering() {
        for width in [40, 80] {
            let lines = MarkdownRenderer().render(MarkdownGoldenTests.lesson, width: width)
            XCTAssertTrue(lines.allSatisfy { $0.width <= width }, "a line is wider than \(width)")
            let view = StyledTextView(lines: lines)
            assertGolden(view, width: width, height: lines.count, named: "markdown-lesson-\(width)")
        }
        let ascii = MarkdownRenderer(glyphs: .ascii).render(MarkdownGoldenTests.lesson, width: 60)
        assertGolden(StyledTextView(lines: ascii), width: 60, height: ascii.count, named: "markdown-lesson-ascii-60")
    }

    func testScrolledViewWithScrollBar() {
        let lines = MarkdownRenderer().render(MarkdownGoldenTests.lesson, width: 39)
        assertGolden(StyledTextView(lines: lines, scrollOffset: 12, showsScrollBar: true), width: 40, height: 12,
                     named: "markdown-scrolled-40x12")
    }
}
