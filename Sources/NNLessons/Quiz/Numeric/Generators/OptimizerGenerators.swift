import Foundation
import NNEngine

extension NumericGenerators {
    /// One step of momentum SGD with a velocity left by earlier steps.
    static let momentumStep = NumericGenerator(id: "momentum-step", topic: "optimizers",
                                               title: "One step of momentum") { draw in
        let w = draw.number(-1, 1)
        let oldVelocity = draw.signed(0.1, 1.5)
        let g = draw.signed(0.1, 2)
        let lr = draw.pick([0.1, 0.05, 0.2])
        let mu = draw.pick([0.9, 0.8, 0.5])
        var settings = OptimizerSettings(kind: .momentum, learningRate: lr)
        settings.momentum = mu
        // The first step, from zero state, leaves exactly v = its gradient.
        let answer = NumericEngine.weightAfter(settings, steps: [(w, oldVelocity), (w, g)])
        let v = mu * oldVelocity + g
        return NumericDraft(
            prompt: "Momentum SGD (nnlab's rule: v ← μ·v + g, then w ← w − lr·v) runs with lr = \(NumberText.given(lr)) and " +
                "μ = \(NumberText.given(mu)). A weight w = \(NumberText.given(w)) has the velocity v = \(NumberText.given(oldVelocity)) " +
                "from earlier steps, and its new gradient is g = \(NumberText.given(g)). What is w after this step?",
            answer: answer,
            solution: """
            - v ← μ·v + g = \(NumberText.given(mu))·\(NumberText.factor(oldVelocity)) + \(NumberText.factor(g)) = \(NumberText.result(v))
            - w ← w − lr·v = \(NumberText.given(w)) − \(NumberText.given(lr))·\(NumberText.resultFactor(v)) = \(NumberText.result(answer))
            """,
            mistakes: [
                NumericMistake(name: "sign flipped",
                               explanation: "the step goes against the velocity: w − lr·v, not w + lr·v.", value: w + lr * v),
                NumericMistake(name: "forgot the old velocity",
                               explanation: "that is a plain SGD step w − lr·g; momentum first updates v ← μ·v + g and steps with v.",
                               value: w - lr * g),
            ],
            optionalMistakes: [
                NumericMistake(name: "stepped with the old velocity",
                               explanation: "update v first (v ← μ·v + g), then step with the new v.", value: w - lr * oldVelocity),
            ])
    }

    /// One step of RMSprop with a running average left by earlier steps.
    static let rmspropStep = NumericGenerator(id: "rmsprop-step", topic: "optimizers",
                                              title: "One step of RMSprop") { draw in
        let w = draw.number(-1, 1)
        let oldAverage = draw.number(0.01, 1, decimals: 2)
        let g = draw.signed(0.1, 2)
        let lr = draw.pick([0.01, 0.05, 0.1])
        let rho = draw.pick([0.9, 0.8])
        var settings = OptimizerSettings(kind: .rmsprop, learningRate: lr)
        settings.rho = rho
        // A first step from zero state with g₀ = √(s/(1 − ρ)) leaves exactly the average s.
        let first = (oldAverage / (1 - rho)).squareRoot()
        let answer = NumericEngine.weightAfter(settings, steps: [(w, first), (w, g)])
        let s = rho * oldAverage + (1 - rho) * g * g
        let epsilon = settings.epsilon
        return NumericDraft(
            prompt: "RMSprop (s ← ρ·s + (1 − ρ)·g², then w ← w − lr·g/(√s + ε)) runs with lr = \(NumberText.given(lr)), " +
                "ρ = \(NumberText.given(rho)) and ε = 10⁻⁸. A weight w = \(NumberText.given(w)) has the running average " +
                "s = \(NumberText.given(oldAverage)) from earlier steps, and its new gradient is g = \(NumberText.given(g)). " +
                "What is w after this step?",
            answer: answer,
            solution: """
            - s ← ρ·s + (1 − ρ)·g² = \(NumberText.given(rho))·\(NumberText.given(oldAverage)) + \(NumberText.given(1 - rho))·\(NumberText.factor(g))² = \(NumberText.result(s))
            - √s = \(NumberText.result(s.squareRoot())) (ε = 10⁻⁸ changes nothing visible)
            - w ← w − lr·g/√s = \(NumberText.given(w)) − \(NumberText.given(lr))·\(NumberText.factor(g))/\(NumberText.result(s.squareRoot())) = \(NumberText.result(answer))
            """,
            mistakes: [
                NumericMistake(name: "sign flipped",
                               explanation: "the step goes against the gradient: w − lr·g/√s.", value: w + lr * g / (s.squareRoot() + epsilon)),
                NumericMistake(name: "square root forgotten",
                               explanation: "divide by √s, the root mean square of recent gradients, not by s.", value: w - lr * g / s),
                NumericMistake(name: "forgot the old average",
                               explanation: "s carries the earlier steps: s ← ρ·s + (1 − ρ)·g², not just (1 − ρ)·g².",
                               value: w - lr * g / ((1 - rho) * g * g).squareRoot()),
            ],
            optionalMistakes: [
                NumericMistake(name: "(1 − ρ) forgotten",
                               explanation: "the new g² enters with weight (1 − ρ): s ← ρ·s + (1 − ρ)·g².",
                               value: w - lr * g / (rho * oldAverage + g * g).squareRoot()),
            ])
    }

    /// Step 1 or 2 of Adam from zero state.
    static let adamStep = NumericGenerator(id: "adam-step", topic: "optimizers",
                                           title: "One step of Adam") { draw in
        let t = draw.integer(1...2)
        let w = draw.number(-1, 1)
        let gradients = (0..<t).map { _ in draw.signed(0.1, 2) }
        let lr = draw.pick([0.1, 0.05, 0.01])
        let settings = OptimizerSettings(kind: .adam, learningRate: lr)
        let (b1, b2, eps) = (settings.beta1, settings.beta2, settings.epsilon)
        // The weight before step 2 is given; the engine's state carries over from step 1.
        let answer = NumericEngine.weightAfter(settings, steps: gradients.map { (w, $0) })
        var m = 0.0, v = 0.0
        for g in gradients {
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
        }
        let c1 = 1 - pow(b1, Double(t)), c2 = 1 - pow(b2, Double(t))
        let mHat = m / c1, vHat = v / c2
        let g = gradients[t - 1]
        let history: String
        let stepsText: String
        if t == 1 {
            history = "It starts from m = v = 0, the weight is w = \(NumberText.given(w)) and the first gradient is g = \(NumberText.given(g))."
            stepsText = """
            - m = (1 − β₁)·g = 0.1·\(NumberText.factor(g)) = \(NumberText.result(m)); v = (1 − β₂)·g² = 0.001·\(NumberText.factor(g))² = \(NumberText.result(v))
            - bias correction at t = 1: m̂ = m/(1 − 0.9) = \(NumberText.result(mHat)), v̂ = v/(1 − 0.999) = \(NumberText.result(vHat))
            """
        } else {
            history = "It started from m = v = 0; the first step's gradient was g₁ = \(NumberText.given(gradients[0])), and after it the weight " +
                "is w = \(NumberText.given(w)). The second gradient is g₂ = \(NumberText.given(g)). What is w after step 2?"
            stepsText = """
            - after step 1: m = 0.1·g₁ = \(NumberText.result((1 - b1) * gradients[0])), v = 0.001·g₁² = \(NumberText.result((1 - b2) * gradients[0] * gradients[0]))
            - step 2: m = 0.9·m + 0.1·g₂ = \(NumberText.result(m)); v = 0.999·v + 0.001·g₂² = \(NumberText.result(v))
            - bias correction at t = 2: m̂ = m/(1 − 0.9²) = m/0.19 = \(NumberText.result(mHat)), v̂ = v/(1 − 0.999²) = v/0.001999 = \(NumberText.result(vHat))
            """
        }
        let question = t == 1 ? " What is w after this first step?" : ""
        var optional = [
            NumericMistake(name: "square root forgotten",
                           explanation: "Adam divides by √v̂, the root mean square of the gradients, not by v̂.",
                           value: w - lr * mHat / (vHat + eps)),
        ]
        if t == 2 {
            optional.append(NumericMistake(name: "state restarted",
                                           explanation: "m and v keep step 1's gradient: m = 0.9·m + 0.1·g₂ builds on the old m.",
                                           value: w - lr * g / abs(g)))
        }
        return NumericDraft(
            prompt: "Adam runs with lr = \(NumberText.given(lr)), β₁ = 0.9, β₂ = 0.999 and ε = 10⁻⁸ on one weight. " + history + question,
            answer: answer,
            solution: stepsText + """

            - w ← w − lr·m̂/(√v̂ + ε) = \(NumberText.given(w)) − \(NumberText.given(lr))·\(NumberText.resultFactor(mHat))/\(NumberText.result(vHat.squareRoot())) = \(NumberText.result(answer))
            """ + (t == 1 ? "\n- at t = 1 the step is lr·g/|g|: exactly lr, whatever the gradient's size" : ""),
            mistakes: [
                NumericMistake(name: "no bias correction",
                               explanation: "m and v start at 0, so early on they are too small; Adam divides them by 1 − β₁ᵗ and 1 − β₂ᵗ " +
                                   "(m̂ = m/\(t == 1 ? "0.1" : "0.19"), v̂ = v/\(t == 1 ? "0.001" : "0.001999") here).",
                               value: w - lr * m / (v.squareRoot() + eps)),
                NumericMistake(name: "sign flipped",
                               explanation: "the step goes against the gradient: w − lr·m̂/(√v̂ + ε).",
                               value: w + lr * mHat / (vHat.squareRoot() + eps)),
            ],
            optionalMistakes: optional)
    }
}
