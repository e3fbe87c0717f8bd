import NNEngine

/// The text of `export pytorch`: a standalone script that rebuilds the network as a
/// `torch.nn.Module` in float64 with the same weights, and the loss, optimizer, schedule,
/// clipping and regularization nnlab trains with.
///
/// Where PyTorch's defaults differ from nnlab's settings the script sets them explicitly
/// (RMSprop's alpha = ρ, AdamW's weight_decay, LeakyReLU's slope); where a PyTorch piece
/// computes something else it uses its own few lines instead (softplus without the threshold,
/// gradient-norm clipping without `clip_grad_norm_`'s 1e-6, classic dropout).
enum PyTorchScript {
    /// The script for a model.
    static func text(_ model: ExportedModel) -> String {
        """
        #!/usr/bin/env python3
        \"\"\"A network exported from nnlab (`export pytorch`): \(model.network.spec) as a torch.nn.Module.

        Usage: python3 THIS_FILE data.csv                 prints the outputs, one row per line
               python3 THIS_FILE data.csv --train EPOCHS  trains on the CSV first, printing the
                                                          training loss after each epoch
        The CSV has a header row.
        \(model.wrappedInputNote)
        For training, the label is the column nnlab read it from (else the last column).
        Everything is float64, as in nnlab. This script is a starting point for GPUs
        (model.to("cuda")) and many machines (torch.distributed / torchrun).

        Not carried over from nnlab: the optimizer's running state (momentum, Adam's moments
        start at zero here), the order of the shuffled minibatches and the dropout masks
        (PyTorch draws its own), and the perceptron rule nnlab uses for a lone step unit.
        \"\"\"
        import argparse
        import csv
        import math
        import sys

        import numpy as np
        import torch
        from torch import nn

        torch.set_default_dtype(torch.float64)

        \(model.inputCode)
        \(PythonNetworkCode.numpyLayers(model.network))
        \(trainingSettings(model))

        class Step(nn.Module):
            \"\"\"1 where x >= 0, else 0 (its gradient is 0).\"\"\"

            def forward(self, x):
                return (x >= 0).to(x.dtype)


        class Softplus(nn.Module):
            \"\"\"log(1 + e^x) as nnlab computes it (nn.Softplus returns x above its threshold 20).\"\"\"

            def forward(self, x):
                return torch.clamp(x, min=0) + torch.log1p(torch.exp(-x.abs()))


        class ClassicDropout(nn.Module):
            \"\"\"The original paper's dropout: kept units unscaled in training, x·(1 − p) at inference.\"\"\"

            def __init__(self, p):
                super().__init__()
                self.p = p

            def forward(self, x):
                if self.training:
                    return x * (torch.rand_like(x) >= self.p).to(x.dtype)
                return x * (1.0 - self.p)


        ACTIVATIONS = {
            "identity": nn.Identity,
            "step": Step,
            "sigmoid": nn.Sigmoid,
            "tanh": nn.Tanh,
            "relu": nn.ReLU,
            "leaky_relu": lambda: nn.LeakyReLU(negative_slope=0.01),
            "elu": lambda: nn.ELU(alpha=1.0),
            "gelu": lambda: nn.GELU(approximate="none"),
            "gelu_tanh": lambda: nn.GELU(approximate="tanh"),
            "swish": nn.SiLU,
            "mish": nn.Mish,
            "softplus": Softplus,
            "softmax": lambda: nn.Softmax(dim=1),
        }


        class Net(nn.Module):
            \"\"\"The nnlab network: Linear, then BatchNorm1d (hidden layers, when on), the activation,
            then dropout (hidden layers, when on).\"\"\"

            def __init__(self):
                super().__init__()
                self.linears = nn.ModuleList()
                self.norms = nn.ModuleList()
                self.activations = nn.ModuleList()
                self.dropouts = nn.ModuleList()
                for index, layer in enumerate(LAYERS):
                    outputs, inputs = layer["weights"].shape
                    linear = nn.Linear(inputs, outputs, dtype=torch.float64)
                    with torch.no_grad():
                        linear.weight.copy_(torch.from_numpy(layer["weights"]))
                        linear.bias.copy_(torch.from_numpy(layer["bias"]))
                    self.linears.append(linear)
                    spec = layer["batchnorm"]
                    if spec is None:
                        self.norms.append(nn.Identity())
                    else:
                        norm = nn.BatchNorm1d(outputs, eps=spec["eps"], momentum=spec["momentum"], dtype=torch.float64)
                        with torch.no_grad():
                            norm.weight.copy_(torch.from_numpy(spec["gamma"]))
                            norm.bias.copy_(torch.from_numpy(spec["beta"]))
                            norm.running_mean.copy_(torch.from_numpy(spec["mean"]))
                            norm.running_var.copy_(torch.from_numpy(spec["variance"]))
                        self.norms.append(norm)
                    self.activations.append(ACTIVATIONS[layer["activation"]]())
                    hidden = index < len(LAYERS) - 1
                    if hidden and DROPOUT_P > 0:
                        self.dropouts.append(nn.Dropout(DROPOUT_P) if DROPOUT_SCALING == "inverted"
                                             else ClassicDropout(DROPOUT_P))
                    else:
                        self.dropouts.append(nn.Identity())

            def forward(self, x, logits=False):
                \"\"\"The outputs aᴸ, or the output layer's pre-activation zᴸ with logits=True.\"\"\"
                last = len(self.linears) - 1
                for index in range(len(self.linears)):
                    x = self.linears[index](x)
                    norm = self.norms[index]
                    if isinstance(norm, nn.BatchNorm1d) and self.training and x.shape[0] == 1:
                        # nnlab normalizes a batch of one row with the running statistics.
                        x = nn.functional.batch_norm(x, norm.running_mean, norm.running_var, norm.weight,
                                                     norm.bias, training=False, eps=norm.eps)
                    else:
                        x = norm(x)
                    if logits and index == last:
                        return x
                    x = self.dropouts[index](self.activations[index](x))
                return x


        def data_loss(model, x, y):
            \"\"\"nnlab's data loss (a mean over the batch) for inputs x and targets y.\"\"\"
            if LOSS == "bce":
                weight = None if POS_WEIGHT is None else torch.tensor([POS_WEIGHT])
                return nn.BCEWithLogitsLoss(pos_weight=weight)(model(x, logits=True), y)
            if LOSS == "ce":
                weight = None if CLASS_WEIGHTS is None else torch.tensor(CLASS_WEIGHTS)
                return nn.CrossEntropyLoss(weight=weight, label_smoothing=LABEL_SMOOTHING)(model(x, logits=True), y)
            if LOSS == "hinge":
                return torch.clamp(1.0 - y * model(x), min=0).mean()
            return nn.MSELoss()(model(x), y)


        def penalty(model):
            \"\"\"L1 and L2 on the weights (never biases, γ or β): l1·Σ|W| + l2·ΣW².\"\"\"
            total = torch.zeros(())
            for linear in model.linears:
                if L2 != 0:
                    total = total + L2 * (linear.weight ** 2).sum()
                if L1 != 0:
                    total = total + L1 * linear.weight.abs().sum()
            return total


        def make_optimizer(parameters):
            \"\"\"nnlab's optimizer with its exact settings (where PyTorch's defaults differ, set here).\"\"\"
            if OPTIMIZER == "sgd":
                return torch.optim.SGD(parameters, lr=LR)
            if OPTIMIZER == "momentum":
                # v <- mu*v + g, W <- W - lr*v: SGD with dampening 0.
                return torch.optim.SGD(parameters, lr=LR, momentum=MOMENTUM, dampening=0)
            if OPTIMIZER == "nesterov":
                return torch.optim.SGD(parameters, lr=LR, momentum=MOMENTUM, dampening=0, nesterov=True)
            if OPTIMIZER == "rmsprop":
                # PyTorch's alpha is nnlab's rho (PyTorch's default 0.99); eps added to the root.
                return torch.optim.RMSprop(parameters, lr=LR, alpha=RHO, eps=EPS)
            if OPTIMIZER == "adagrad":
                return torch.optim.Adagrad(parameters, lr=LR, initial_accumulator_value=0, eps=EPS)
            if OPTIMIZER == "adam":
                return torch.optim.Adam(parameters, lr=LR, betas=(BETA1, BETA2), eps=EPS)
            # Decoupled decay on every parameter, biases included, as nnlab does.
            return torch.optim.AdamW(parameters, lr=LR, betas=(BETA1, BETA2), eps=EPS, weight_decay=DECAY)


        def schedule_factor(epoch):
            \"\"\"The learning rate of an epoch (counted from 0, continuing nnlab's count) over LR.\"\"\"
            e = epoch + EPOCHS_DONE
            if SCHEDULE == "step":  # torch's StepLR(step_size=EVERY, gamma=GAMMA)
                return GAMMA ** (e // max(EVERY, 1))
            if SCHEDULE == "exp":  # torch's ExponentialLR(gamma=GAMMA)
                return GAMMA ** e
            if SCHEDULE == "cosine":  # CosineAnnealingLR(T_max=PERIOD, eta_min=MIN_LR), held after PERIOD
                period = max(PERIOD, 1)
                t = min(e, period) / period
                return (MIN_LR + (LR - MIN_LR) * (1 + math.cos(math.pi * t)) / 2) / LR if LR != 0 else 1.0
            if SCHEDULE == "warmup":  # LinearLR from 1/WARMUP up to 1 over WARMUP epochs
                return min(1.0, (e + 1) / max(WARMUP, 1))
            return 1.0


        def clip(parameters):
            \"\"\"nnlab's gradient clipping (norm: scaled by limit/norm, without clip_grad_norm_'s 1e-6).\"\"\"
            if CLIP == "norm":
                grads = [p.grad for p in parameters if p.grad is not None]
                total = torch.sqrt(sum((g ** 2).sum() for g in grads))
                if total > CLIP_LIMIT:
                    for g in grads:
                        g.mul_(CLIP_LIMIT / total)
            elif CLIP == "value":
                torch.nn.utils.clip_grad_value_(parameters, CLIP_LIMIT)


        def targets(labels, model):
            \"\"\"The CSV's label texts as the tensor the loss reads.\"\"\"
            outputs = model.linears[-1].out_features
            if CLASSIFICATION:
                def index(text):
                    if text in CLASS_NAMES:
                        return CLASS_NAMES.index(text)
                    try:
                        return int(float(text))
                    except ValueError:
                        _fail("the label '%s' is not one of the classes %s" % (text, ", ".join(CLASS_NAMES)))
                classes = torch.tensor([index(row[0]) for row in labels], dtype=torch.long)
                if LOSS == "ce":
                    return classes
                if LOSS == "hinge":
                    return (classes.to(torch.float64) * 2 - 1).reshape(-1, 1)
                if LOSS == "mse" and outputs > 1:
                    return nn.functional.one_hot(classes, outputs).to(torch.float64)
                return classes.to(torch.float64).reshape(-1, 1)
            return torch.tensor([[float(text) for text in row] for row in labels], dtype=torch.float64)


        def train(model, x, y, epochs):
            parameters = list(model.parameters())
            optimizer = make_optimizer(parameters)
            scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule_factor)
            n = x.shape[0]
            size = n if BATCH is None else max(1, min(BATCH, n))
            for epoch in range(epochs):
                model.train()
                order = torch.randperm(n) if size < n else torch.arange(n)
                for start in range(0, n, size):
                    rows = order[start:start + size]
                    optimizer.zero_grad()
                    loss = data_loss(model, x[rows], y[rows]) + penalty(model)
                    loss.backward()
                    clip(parameters)
                    optimizer.step()
                scheduler.step()
                model.eval()
                with torch.no_grad():
                    print("epoch %d loss %r" % (EPOCHS_DONE + epoch + 1, float(data_loss(model, x, y))))


        def main(argv):
            parser = argparse.ArgumentParser(description="The nnlab network \(model.network.spec) in PyTorch.")
            parser.add_argument("csv", help="a CSV with a header row")
            parser.add_argument("--train", type=int, metavar="EPOCHS", default=0,
                                help="train this many epochs on the CSV first, printing the loss per epoch")
            parser.add_argument("--print-outputs", action="store_true",
                                help="after training, also print the outputs for the CSV's rows")
            parser.add_argument("--seed", type=int, default=\(model.seedForScript), help="seed for shuffling and dropout")
            args = parser.parse_args(argv[1:])
            torch.manual_seed(args.seed)
            model = Net()
            if args.train > 0:
                raw, labels = read_csv(args.csv, with_targets=True)
                train(model, torch.from_numpy(prepare(raw)), targets(labels, model), args.train)
                if not args.print_outputs:
                    return 0
            else:
                raw = read_csv(args.csv)
            model.eval()
            with torch.no_grad():
                outputs = model(torch.from_numpy(prepare(raw)))
            print_rows(outputs.numpy())
            return 0


        if __name__ == "__main__":
            sys.exit(main(sys.argv))

        """
    }

    /// The loss, optimizer, schedule, clipping and batch settings as Python constants.
    static func trainingSettings(_ model: ExportedModel) -> String {
        let o = model.optimizer
        var out = "# Training settings, as in nnlab.\n"
        out += "LOSS = \(PythonLiteral.string(model.loss.rawValue))\n"
        out += "LABEL_SMOOTHING = \(PythonLiteral.float(model.labelSmoothing))\n"
        out += "CLASS_WEIGHTS = \(model.lossWeights.classes.map(PythonLiteral.list) ?? "None")\n"
        out += "POS_WEIGHT = \(model.lossWeights.positive.map(PythonLiteral.float) ?? "None")\n"
        out += "L1 = \(PythonLiteral.float(model.regularization.l1))\n"
        out += "L2 = \(PythonLiteral.float(model.regularization.l2))\n"
        out += "OPTIMIZER = \(PythonLiteral.string(o.kind.rawValue))\n"
        out += "LR = \(PythonLiteral.float(o.learningRate))\n"
        out += "MOMENTUM = \(PythonLiteral.float(o.momentum))\n"
        out += "BETA1 = \(PythonLiteral.float(o.beta1))\n"
        out += "BETA2 = \(PythonLiteral.float(o.beta2))\n"
        out += "RHO = \(PythonLiteral.float(o.rho))\n"
        out += "EPS = \(PythonLiteral.float(o.epsilon))\n"
        out += "DECAY = \(PythonLiteral.float(o.decay))\n"
        var schedule = "none", every = 1, gamma = 1.0, period = 1, minimum = 0.0, warmup = 1
        switch model.schedule {
        case .constant: break
        case .step(let e, let g): schedule = "step"; every = e; gamma = g
        case .exponential(let g): schedule = "exp"; gamma = g
        case .cosine(let p, let m): schedule = "cosine"; period = p; minimum = m
        case .warmup(let e): schedule = "warmup"; warmup = e
        }
        out += "SCHEDULE = \(PythonLiteral.string(schedule))\n"
        out += "EVERY = \(every)\nGAMMA = \(PythonLiteral.float(gamma))\nPERIOD = \(period)\n"
        out += "MIN_LR = \(PythonLiteral.float(minimum))\nWARMUP = \(warmup)\n"
        out += "EPOCHS_DONE = \(model.epochsDone)\n"
        switch model.clipping {
        case .off: out += "CLIP = None\nCLIP_LIMIT = 0.0\n"
        case .norm(let x): out += "CLIP = \"norm\"\nCLIP_LIMIT = \(PythonLiteral.float(x))\n"
        case .value(let x): out += "CLIP = \"value\"\nCLIP_LIMIT = \(PythonLiteral.float(x))\n"
        }
        out += "BATCH = \(model.batchSize.map(String.init) ?? "None")\n"
        return out
    }
}
