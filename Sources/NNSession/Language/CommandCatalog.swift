import NNEngine

/// Every command of the language, with its options, usage and an example.
public enum CommandCatalog {
    /// The dataset generator names.
    public static let datasetNames = ["linear", "and", "or", "xor", "circle", "gauss", "moons", "spiral", "checker", "sine", "plane"]
    /// The loss surfaces `plot path` draws.
    public static let surfaceNames = ["bowl", "ravine", "rosenbrock", "saddle", "himmelblau"]
    /// What `plot` draws.
    public static let plotKinds = ["loss", "boundary", "data", "act", "hist", "gradnorm", "lr", "path"]

    /// All commands, in the order `help` lists them.
    public static let all: [CommandSpec] = [
        CommandSpec("data", summary: "make a built-in dataset, load a CSV, or show the current data",
                    usage: "data NAME [n=N] [noise=X] [seed=S] [classes=K] [test=F]\ndata load PATH [label=COLUMN] [task=classification|regression] [test=F] [seed=S] [normalize=on|off]\ndata show",
                    example: "data spiral n=600 classes=3 noise=0.1",
                    options: [
                        .init("n", .integer, "number of points, train and test together"),
                        .init("noise", .number, "noise level"),
                        .init("seed", .integer, "random seed"),
                        .init("classes", .integer, "number of classes (spiral, gauss)"),
                        .init("test", .number, "held-out fraction in [0, 1)"),
                        .init("label", .text, "label column of a CSV (name or index)"),
                        .init("task", .choice(["classification", "regression"]), "what the label is"),
                        .init("normalize", .choice(["on", "off"]), "standardize features with training statistics"),
                    ],
                    words: [.datasets, .fixed(["load", "show"]), .path]),
        CommandSpec("features", summary: "choose the input features (a feature map of the raw inputs)",
                    usage: "features TERM... (x1 x2 x1^2 x2^2 x1*x2 sin(x1) sin(x2) …) | features off",
                    example: "features x1 x2 x1^2 x2^2 x1*x2",
                    words: [.fixed(["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)", "off"])]),
        CommandSpec("net", summary: "build a network from layer widths",
                    usage: "net SPEC [act=NAME] [out=NAME] [init=NAME] [seed=S]   (SPEC like 2-8-8-1 or 2-8:relu-3:softmax)",
                    example: "net 2-16-16-3 act=relu out=softmax init=he",
                    options: [
                        .init("act", .choice(Activation.names), "activation of hidden layers"),
                        .init("out", .choice(Activation.names), "activation of the output layer"),
                        .init("init", .text, "weight initializer: \(Initializer.names.joined(separator: ", "))"),
                        .init("seed", .integer, "random seed for the initial weights"),
                    ]),
        CommandSpec("loss", summary: "choose the loss function",
                    usage: "loss mse|bce|ce|hinge", example: "loss ce", words: [.losses]),
        CommandSpec("dropout", summary: "drop hidden units with probability P while training",
                    usage: "dropout P [scaling=inverted|classic] | dropout off", example: "dropout 0.2",
                    options: [.init("scaling", .choice(["inverted", "classic"]), "where the 1/(1−p) correction goes")],
                    words: [.fixed(["off"])]),
        CommandSpec("batchnorm", summary: "batch-normalize hidden layers",
                    usage: "batchnorm on|off", example: "batchnorm on", words: [.fixed(["on", "off"])]),
        CommandSpec("opt", summary: "choose the optimizer and its settings",
                    usage: "opt sgd|momentum|nesterov|rmsprop|adagrad|adam|adamw [lr=X] [momentum=X] [beta1=X] [beta2=X] [rho=X] [eps=X] [decay=X]",
                    example: "opt adam lr=0.01",
                    options: [
                        .init("lr", .number, "learning rate"),
                        .init("momentum", .number, "μ of momentum and nesterov"),
                        .init("beta1", .number, "β₁ of adam"),
                        .init("beta2", .number, "β₂ of adam"),
                        .init("rho", .number, "ρ of rmsprop"),
                        .init("eps", .number, "ε"),
                        .init("decay", .number, "decoupled weight decay of adamw"),
                    ],
                    words: [.optimizers]),
        CommandSpec("reg", summary: "penalize weights: l1 adds λ·Σ|W|, l2 adds λ·ΣW²",
                    usage: "reg [l1=X] [l2=X] | reg off", example: "reg l2=0.001",
                    options: [.init("l1", .number, "L1 strength"), .init("l2", .number, "L2 strength")],
                    words: [.fixed(["off"])]),
        CommandSpec("sched", summary: "change the learning rate by epoch",
                    usage: "sched none | step every=K gamma=G | exp gamma=G | cosine [period=T] [min=X] | warmup epochs=W",
                    example: "sched cosine period=200",
                    options: [
                        .init("every", .integer, "epochs between steps"),
                        .init("gamma", .number, "factor per step or epoch"),
                        .init("period", .integer, "epochs of the cosine half-wave"),
                        .init("min", .number, "lowest learning rate of cosine"),
                        .init("epochs", .integer, "warm-up length in epochs"),
                    ],
                    words: [.fixed(LearningRateSchedule.names)]),
        CommandSpec("clip", summary: "clip gradients by global norm or by value",
                    usage: "clip norm=X | clip value=X | clip off", example: "clip norm=1",
                    options: [.init("norm", .number, "largest global gradient norm"), .init("value", .number, "largest gradient element")],
                    words: [.fixed(["off"])]),
        CommandSpec("train", summary: "train for some epochs",
                    usage: "train [epochs=N] [batch=B] [patience=P] [every=K] [live [speed=N|max]]", example: "train epochs=200 batch=32",
                    options: [
                        .init("epochs", .integer, "passes over the training split"),
                        .init("batch", .integer, "minibatch size (kept for later commands)"),
                        .init("patience", .integer, "stop when the test loss has not improved for P epochs"),
                        .init("every", .integer, "print a line every K epochs"),
                        .init("speed", .text, "live: optimizer steps per second, or max (keys < and > change it)"),
                    ],
                    words: [.fixed(["live"])]),
        CommandSpec("step", summary: "one optimizer update on one minibatch (the whole training split when batch is unset)",
                    usage: "step", example: "step"),
        CommandSpec("eval", summary: "print the loss and accuracy on the training and test splits",
                    usage: "eval", example: "eval"),
        CommandSpec("reset", summary: "draw new initial weights with the current seed (or the seed given)",
                    usage: "reset [seed=N]", example: "reset seed=3",
                    options: [.init("seed", .integer, "the seed to draw the weights from")]),
        CommandSpec("forward", summary: "show z and a of every layer for one sample",
                    usage: "forward [sample=I]", example: "forward sample=0",
                    options: [.init("sample", .integer, "training sample index")]),
        CommandSpec("backward", summary: "show δ, ∂L/∂W and ∂L/∂b of every layer for one sample",
                    usage: "backward [sample=I]", example: "backward sample=0",
                    options: [.init("sample", .integer, "training sample index")]),
        CommandSpec("update", summary: "show one optimizer step: W before, the step, W after",
                    usage: "update [sample=I]", example: "update",
                    options: [.init("sample", .integer, "training sample index")]),
        CommandSpec("gradcheck", summary: "compare autodiff gradients with central differences",
                    usage: "gradcheck [eps=X]", example: "gradcheck eps=1e-4",
                    options: [.init("eps", .number, "finite-difference step (default 1e-4, fourth-order differences)")]),
        CommandSpec("grads", summary: "save the gradient of the loss on the training split",
                    usage: "grads save PATH", example: "grads save grads.json", words: [.fixed(["save"]), .path]),
        CommandSpec("save", summary: "save the model to a JSON file", usage: "save PATH", example: "save model.json", words: [.path]),
        CommandSpec("load", summary: "load a model from a JSON file", usage: "load PATH", example: "load model.json", words: [.path]),
        CommandSpec("show", summary: "show the net, a weight matrix, a bias, the data or the settings",
                    usage: "show net|data|opt|w1|b1|…", example: "show w1", words: [.fixed(["net", "data", "opt", "settings"])]),
        CommandSpec("set", summary: "set one weight, a bias element, or the inspected input and target",
                    usage: "set w1[0,1]=0.5 | set b2[0]=0.1 | set x=[0.5,-1] | set y=1", example: "set w1[0,1]=0.5",
                    freeKeys: true),
        CommandSpec("trace", summary: "walk one training step value by value: forward, loss, backward, update (full screen; the whole walk as text in plain mode)",
                    usage: "trace [sample=I]", example: "trace sample=0", options: [.init("sample", .integer, "training sample index")]),
        CommandSpec("expr", summary: "draw a scalar expression's graph with values and gradients",
                    usage: "expr EXPRESSION [name=value ...]", example: "expr sigmoid(w1*x1 + w2*x2 + b) w1=0.5 x1=1 w2=-1 x2=2 b=0.1",
                    freeKeys: true),
        CommandSpec("plot", summary: "draw a plot into the output",
                    usage: "plot loss | boundary | data | act NAME | hist weights|grads | gradnorm | lr | path SURFACE [opts=a,b] [steps=N] [lr=X]",
                    example: "plot path rosenbrock opts=sgd,momentum,adam steps=200",
                    options: [
                        .init("opts", .text, "optimizers to race (comma-separated)"),
                        .init("steps", .integer, "optimizer steps"),
                        .init("lr", .number, "learning rate of the race"),
                        .init("layer", .integer, "layer for hist"),
                        .init("width", .integer, "plot width in columns"),
                        .init("height", .integer, "plot height in rows"),
                        .init("log", .choice(["on", "off"]), "log scale"),
                    ],
                    words: [.fixed(CommandCatalog.plotKinds)]),
        CommandSpec("lessons", summary: "list the lessons with progress", usage: "lessons", example: "lessons"),
        CommandSpec("lesson", summary: "open a lesson", usage: "lesson NAME", example: "lesson perceptron", words: [.lessons]),
        CommandSpec("quiz", summary: "drill interview questions", usage: "quiz [TOPIC] [n=N] [seed=S] | quiz interview [n=N] [minutes=M]", example: "quiz optimizers n=5",
                    options: [.init("n", .integer, "number of questions"),
                              .init("minutes", .number, "time limit of the mock interview"),
                              .init("seed", .integer, "seed for option order and numeric values")],
                    words: [.topics]),
        CommandSpec("progress", summary: "show mastery per topic and lesson", usage: "progress", example: "progress"),
        CommandSpec("seed", summary: "set the seed used by data, net and training", usage: "seed N", example: "seed 42"),
        CommandSpec("help", summary: "list commands, or show one command's usage and an example",
                    usage: "help [COMMAND]", example: "help train", words: [.commands]),
        CommandSpec("quit", summary: "leave nnlab (Ctrl-D works too)", usage: "quit", example: "quit"),
    ]

    /// The names of all commands.
    public static let names: [String] = all.map(\.name)

    /// Words accepted for a command besides its name (`exit` for `quit`).
    public static let aliases: [String: String] = ["exit": "quit", "?": "help"]

    /// The spec of a command by name or alias.
    public static func spec(_ name: String) -> CommandSpec? {
        let key = aliases[name] ?? name
        return all.first { $0.name == key }
    }
}
