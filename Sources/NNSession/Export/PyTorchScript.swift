import NNEngine

/// The text of `export pytorch`: a standalone script that rebuilds the network as a
/// `torch.nn.Module` in float64 with the same weights, and the loss, optimizer, schedule,
/// clipping and regularization nnlab trains with.
///
/// Every layer type maps onto `torch.nn` with the model file's layouts (Linear, Conv2d,
/// MaxPool2d, AvgPool2d, Flatten, LayerNorm, BatchNorm1d, Dropout). The optimizer's state
/// (velocities, moments, step count) and the schedule's epoch are carried, so `--train`
/// continues where nnlab stopped, on the session's training split, which the script carries
/// (`CarriedTrainingData`) when no CSV is named. Where PyTorch's defaults differ from nnlab's settings the
/// script sets them explicitly and says so (RMSprop's alpha = ρ, Adagrad's eps, AdamW's
/// weight_decay, SGD's momentum); where a PyTorch piece computes something else it uses its
/// own few lines instead (softplus without the threshold, gradient-norm clipping without
/// `clip_grad_norm_`'s 1e-6, classic dropout).
enum PyTorchScript {
    /// The script for a model.
    static func text(_ model: ExportedModel) -> String {
        """
        #!/usr/bin/env python3
        \"\"\"A network exported from nnlab (`export pytorch`): \(model.title) as a torch.nn.Module.

        Usage: python3 THIS_FILE data.csv                 prints the outputs, one row per line
               python3 THIS_FILE --train EPOCHS           continues training on the session's
                                                          training data, printing the training
                                                          loss after each epoch
               python3 THIS_FILE data.csv --train EPOCHS  trains on the CSV's rows instead
        \(model.trainingData.docstringNote)
        The CSV has a header row.
        \(model.wrappedInputNote)
        For training, the label is the column nnlab read it from (else the last column).
        --print-outputs after training prints the outputs for the CSV's rows (without a CSV, for
        the training rows); --print-data prints the training data --train uses without a CSV.
        Everything is float64, as in nnlab. This script is a starting point for GPUs
        (model.to("cuda")) and many machines (torch.distributed / torchrun).

        Carried over from nnlab: the weights, the optimizer's running state (velocities,
        moments and step count) and the schedule's epoch, so --train continues exactly where
        nnlab stopped (full-batch training without dropout gives nnlab's numbers to rounding).
        Not carried over: the order of the shuffled minibatches and the dropout masks
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
        \(optimizerState(model))
        \(model.trainingData.pythonCode)

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
            "softmax": lambda: nn.Softmax(dim=-1),
        }


        def _copy(parameter, values):
            with torch.no_grad():
                parameter.copy_(torch.from_numpy(np.ascontiguousarray(values)))


        class Dense(nn.Module):
            \"\"\"A dense layer: Linear, then BatchNorm1d (when on), the activation, the input added back
            (skip=on), then dropout (after the hidden layers of a `net SPEC` network, when on).\"\"\"

            def __init__(self, spec, dropout):
                super().__init__()
                outputs, inputs = spec["weights"].shape
                self.linear = nn.Linear(inputs, outputs)
                _copy(self.linear.weight, spec["weights"])
                _copy(self.linear.bias, spec["bias"])
                norm = spec["batchnorm"]
                if norm is None:
                    self.norm = nn.Identity()
                else:
                    self.norm = nn.BatchNorm1d(outputs, eps=norm["eps"], momentum=norm["momentum"])
                    _copy(self.norm.weight, norm["gamma"])
                    _copy(self.norm.bias, norm["beta"])
                    with torch.no_grad():
                        self.norm.running_mean.copy_(torch.from_numpy(norm["mean"]))
                        self.norm.running_var.copy_(torch.from_numpy(norm["variance"]))
                self.activation = ACTIVATIONS[spec["activation"]]()
                self.skip = spec["skip"]
                self.dropout = dropout

            def forward(self, x, logits=False):
                \"\"\"The layer's output, or its pre-activation z with logits=True.\"\"\"
                z = self.linear(x)
                norm = self.norm
                if isinstance(norm, nn.BatchNorm1d) and self.training and z.shape[0] == 1:
                    # nnlab normalizes a batch of one row with the running statistics.
                    z = nn.functional.batch_norm(z, norm.running_mean, norm.running_var, norm.weight,
                                                 norm.bias, training=False, eps=norm.eps)
                else:
                    z = norm(z)
                if logits:
                    return z
                a = self.activation(z)
                if self.skip:
                    a = a + x
                return self.dropout(a)


        class Conv(nn.Module):
            \"\"\"A convolution (Conv2d with zero padding), then its activation.\"\"\"

            def __init__(self, spec):
                super().__init__()
                filters, channels, kernel, _ = spec["weights"].shape
                self.conv = nn.Conv2d(channels, filters, kernel, stride=spec["stride"], padding=spec["padding"])
                _copy(self.conv.weight, spec["weights"])
                _copy(self.conv.bias, spec["bias"])
                self.activation = ACTIVATIONS[spec["activation"]]()

            def forward(self, x):
                return self.activation(self.conv(x))


        class ElementwiseRNN(nn.Module):
            \"\"\"An RNN with an activation nn.RNN does not offer (it has tanh and relu): the same
            recurrence h_t = act(x_t·W_ihᵀ + b_ih + h_(t-1)·W_hhᵀ), unrolled, from h_0 = 0.\"\"\"

            def __init__(self, inputs, hidden, activation):
                super().__init__()
                self.weight_ih_l0 = nn.Parameter(torch.zeros(hidden, inputs))
                self.weight_hh_l0 = nn.Parameter(torch.zeros(hidden, hidden))
                self.bias_ih_l0 = nn.Parameter(torch.zeros(hidden))
                self.activation = ACTIVATIONS[activation]()

            def forward(self, x):
                h = x.new_zeros(x.shape[0], self.weight_hh_l0.shape[1])
                states = []
                for t in range(x.shape[1]):
                    h = self.activation(x[:, t] @ self.weight_ih_l0.T + self.bias_ih_l0 + h @ self.weight_hh_l0.T)
                    states.append(h)
                return torch.stack(states, dim=1), h


        class Recurrent(nn.Module):
            \"\"\"nn.RNN or nn.LSTM (one layer, batch_first, zero initial states) with nnlab's weights. nnlab
            has one bias, PyTorch's bias_ih: bias_hh is held at 0 and not trained. Hands on the last
            step's hidden state (sequence "last") or every step's ("all").\"\"\"

            def __init__(self, spec):
                super().__init__()
                inputs, hidden = spec["weights_ih"].shape[1], spec["weights_hh"].shape[1]
                if spec["type"] == "lstm":
                    self.cell = nn.LSTM(inputs, hidden, batch_first=True)
                elif spec["activation"] in ("tanh", "relu"):
                    self.cell = nn.RNN(inputs, hidden, nonlinearity=spec["activation"], batch_first=True)
                else:
                    self.cell = ElementwiseRNN(inputs, hidden, spec["activation"])
                _copy(self.cell.weight_ih_l0, spec["weights_ih"])
                _copy(self.cell.weight_hh_l0, spec["weights_hh"])
                _copy(self.cell.bias_ih_l0, spec["bias"])
                if hasattr(self.cell, "bias_hh_l0"):
                    with torch.no_grad():
                        self.cell.bias_hh_l0.zero_()
                    self.cell.bias_hh_l0.requires_grad_(False)
                self.every_step = spec["sequence"] == "all"

            def forward(self, x):
                states, _ = self.cell(x)
                return states if self.every_step else states[:, -1]

            def trained(self):
                \"\"\"W_ih, W_hh, b: the parameters nnlab trains, in its order.\"\"\"
                return [self.cell.weight_ih_l0, self.cell.weight_hh_l0, self.cell.bias_ih_l0]


        def make_layer(spec, hidden):
            \"\"\"The torch.nn module for one entry of LAYERS.\"\"\"
            kind = spec["type"]
            if kind == "dense":
                dropout = nn.Identity()
                if hidden and DROPOUT_P > 0:
                    dropout = nn.Dropout(DROPOUT_P) if DROPOUT_SCALING == "inverted" else ClassicDropout(DROPOUT_P)
                return Dense(spec, dropout)
            if kind == "conv2d":
                return Conv(spec)
            if kind == "maxpool2d":
                return nn.MaxPool2d(spec["kernel"], stride=spec["stride"])
            if kind == "avgpool2d":
                # padding 0, so every window averages K·K numbers, as nnlab's.
                return nn.AvgPool2d(spec["kernel"], stride=spec["stride"])
            if kind == "flatten":
                return nn.Flatten()
            if kind in ("rnn", "lstm"):
                return Recurrent(spec)
            if kind == "layernorm":
                norm = nn.LayerNorm(spec["shape"], eps=spec["eps"])
                _copy(norm.weight, spec["gamma"])
                _copy(norm.bias, spec["beta"])
                return norm
            # Inverted dropout, as nn.Dropout (nothing at inference).
            return nn.Dropout(spec["p"])


        class Net(nn.Module):
            \"\"\"The nnlab network, one torch.nn module per layer of LAYERS.\"\"\"

            def __init__(self):
                super().__init__()
                self.layers = nn.ModuleList(make_layer(spec, index < len(LAYERS) - 1) for index, spec in enumerate(LAYERS))

            def forward(self, x, logits=False):
                \"\"\"The outputs, one row per sample; with logits=True what nnlab's bce and ce read: the last
                layer's pre-activation z when it is a dense layer without skip, else the outputs.\"\"\"
                n = x.shape[0]
                if INPUT_SHAPE is not None:
                    x = x.reshape((n,) + INPUT_SHAPE)
                last = len(self.layers) - 1
                for index, layer in enumerate(self.layers):
                    if logits and index == last and isinstance(layer, Dense) and not layer.skip:
                        return layer(x, logits=True).reshape(n, -1)
                    x = layer(x)
                return x.reshape(n, -1)

            def trained(self):
                \"\"\"The parameters nnlab trains, in its order (that of its optimizer state): W, b of dense
                and conv layers (then gamma, beta of their batch norm), gamma, beta of layer norm, W_ih,
                W_hh, b of recurrent layers, layer by layer.\"\"\"
                result = []
                for layer in self.layers:
                    result += layer.trained() if isinstance(layer, Recurrent) else list(layer.parameters())
                return result

            def weights(self):
                \"\"\"The weight matrices, filters and recurrent weights: what L1 and L2 act on (never biases,
                gamma or beta).\"\"\"
                result = []
                for layer in self.layers:
                    if isinstance(layer, Dense):
                        result.append(layer.linear.weight)
                    elif isinstance(layer, Conv):
                        result.append(layer.conv.weight)
                    elif isinstance(layer, Recurrent):
                        result += layer.trained()[:2]
                return result

            def outputs(self):
                \"\"\"The number of outputs per sample.\"\"\"
                return OUTPUTS


        def loss_view(head, y):
            \"\"\"A sequence output (T steps of K) is judged as one row per step when the targets hold one
            row (or one class) per step, so the loss averages over steps and samples, as nnlab's.\"\"\"
            if OUTPUT_SEQUENCE is None:
                return head, y
            steps, k = OUTPUT_SEQUENCE
            n = head.shape[0]
            if y.numel() == n * steps * k:
                return head.reshape(n * steps, k), y.reshape(n * steps, k)
            if k > 1 and y.numel() == n * steps:
                return head.reshape(n * steps, k), y.reshape(n * steps)
            return head, y


        def data_loss(model, x, y):
            \"\"\"nnlab's data loss (a mean over the batch) for inputs x and targets y.\"\"\"
            if LOSS == "bce":
                weight = None if POS_WEIGHT is None else torch.tensor([POS_WEIGHT])
                return nn.BCEWithLogitsLoss(pos_weight=weight)(*loss_view(model(x, logits=True), y))
            if LOSS == "ce":
                weight = None if CLASS_WEIGHTS is None else torch.tensor(CLASS_WEIGHTS)
                loss = nn.CrossEntropyLoss(weight=weight, label_smoothing=LABEL_SMOOTHING)
                return loss(*loss_view(model(x, logits=True), y))
            if LOSS == "hinge":
                head, y = loss_view(model(x), y)
                return torch.clamp(1.0 - y * head, min=0).mean()
            return nn.MSELoss()(*loss_view(model(x), y))


        def penalty(model):
            \"\"\"L1 and L2 on the weights (never biases, γ or β): l1·Σ|W| + l2·ΣW².\"\"\"
            total = torch.zeros(())
            for weight in model.weights():
                if L2 != 0:
                    total = total + L2 * (weight ** 2).sum()
                if L1 != 0:
                    total = total + L1 * weight.abs().sum()
            return total


        def make_optimizer(parameters):
            \"\"\"nnlab's optimizer with its exact settings. Every hyper-parameter is passed explicitly;
            the comments say where PyTorch's own defaults differ from nnlab's.\"\"\"
            if OPTIMIZER == "sgd":
                return torch.optim.SGD(parameters, lr=LR)
            if OPTIMIZER == "momentum":
                # v <- mu*v + g, W <- W - lr*v: SGD with dampening 0. (PyTorch's default momentum
                # is 0; nnlab's is 0.9.)
                return torch.optim.SGD(parameters, lr=LR, momentum=MOMENTUM, dampening=0)
            if OPTIMIZER == "nesterov":
                # W <- W - lr*(g + mu*v), as PyTorch's nesterov=True.
                return torch.optim.SGD(parameters, lr=LR, momentum=MOMENTUM, dampening=0, nesterov=True)
            if OPTIMIZER == "rmsprop":
                # PyTorch's alpha is nnlab's rho (PyTorch's default alpha is 0.99, nnlab's rho 0.9);
                # eps is added to the root in both.
                return torch.optim.RMSprop(parameters, lr=LR, alpha=RHO, eps=EPS)
            if OPTIMIZER == "adagrad":
                # PyTorch's default eps is 1e-10 (nnlab's 1e-8); the sum starts at 0 in both.
                return torch.optim.Adagrad(parameters, lr=LR, initial_accumulator_value=0, eps=EPS)
            if OPTIMIZER == "adam":
                # The same rule: PyTorch writes the bias correction as lr/(1-b1^t) * m / (sqrt(v)/
                # sqrt(1-b2^t) + eps), algebraically nnlab's lr * m_hat / (sqrt(v_hat) + eps).
                return torch.optim.Adam(parameters, lr=LR, betas=(BETA1, BETA2), eps=EPS)
            # AdamW: decoupled decay W <- W - lr*decay*W on every parameter, biases, gamma and beta
            # included, as nnlab does (PyTorch's default weight_decay is 0.01, nnlab's decay too,
            # but torch.optim.Adam's weight_decay would be L2 added to the gradient instead).
            return torch.optim.AdamW(parameters, lr=LR, betas=(BETA1, BETA2), eps=EPS, weight_decay=DECAY)


        def load_optimizer_state(optimizer, parameters):
            \"\"\"Puts nnlab's optimizer state under PyTorch's names, so training continues exactly:
            momentum_buffer (momentum, nesterov), square_avg (rmsprop), sum (adagrad), exp_avg and
            exp_avg_sq (adam, adamw), and the step count t.\"\"\"
            if OPTIMIZER_STEPS == 0 or OPTIMIZER == "sgd":
                return
            if len(FIRST_MOMENTS) != len(parameters):
                _fail("the optimizer state holds %d tensors but the model has %d parameters"
                      % (len(FIRST_MOMENTS), len(parameters)))
            state = {}
            for index, (first, second) in enumerate(zip(FIRST_MOMENTS, SECOND_MOMENTS)):
                # In the parameter's own shape (layer norm's gamma and beta are flat in nnlab).
                shape = parameters[index].shape
                m = torch.from_numpy(first.copy()).reshape(shape)
                v = torch.from_numpy(second.copy()).reshape(shape)
                step = torch.tensor(float(OPTIMIZER_STEPS))  # one tensor per parameter: PyTorch counts in place
                if OPTIMIZER in ("momentum", "nesterov"):
                    state[index] = {"momentum_buffer": m}
                elif OPTIMIZER == "rmsprop":
                    state[index] = {"step": step, "square_avg": v}
                elif OPTIMIZER == "adagrad":
                    state[index] = {"step": step, "sum": v}
                else:
                    state[index] = {"step": step, "exp_avg": m, "exp_avg_sq": v}
            saved = optimizer.state_dict()
            saved["state"] = state
            optimizer.load_state_dict(saved)


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


        def class_targets(classes, model):
            \"\"\"Class indices (a long tensor) as the tensor the loss reads.\"\"\"
            if LOSS == "ce":
                return classes
            if LOSS == "hinge":
                return (classes.to(torch.float64) * 2 - 1).reshape(-1, 1)
            if LOSS == "mse" and model.outputs() > 1:
                return nn.functional.one_hot(classes, model.outputs()).to(torch.float64)
            return classes.to(torch.float64).reshape(-1, 1)


        def targets(labels, model):
            \"\"\"The CSV's label texts as the tensor the loss reads.\"\"\"
            if CLASSIFICATION:
                def index(text):
                    if text in CLASS_NAMES:
                        return CLASS_NAMES.index(text)
                    try:
                        return int(float(text))
                    except ValueError:
                        _fail("the label '%s' is not one of the classes %s" % (text, ", ".join(CLASS_NAMES)))
                return class_targets(torch.tensor([index(row[0]) for row in labels], dtype=torch.long), model)
            return torch.tensor([[float(text) for text in row] for row in labels], dtype=torch.float64)


        def training_data(model):
            \"\"\"The inputs and targets --train uses without a CSV: the carried training split, or the
            rows nnlab trained on, read from the CSV it loaded and prepared as nnlab prepared them.\"\"\"
            if TRAIN_SOURCE == "carried":
                x = np.array(TRAIN_INPUTS, dtype=np.float64).reshape(len(TRAIN_INPUTS), -1)
                if isinstance(TRAIN_TARGETS[0], list):
                    y = torch.tensor(TRAIN_TARGETS, dtype=torch.float64)
                else:
                    y = class_targets(torch.tensor(TRAIN_TARGETS, dtype=torch.long), model)
                return torch.from_numpy(x), y
            if TRAIN_SOURCE == "csv":
                try:
                    open(TRAIN_CSV).close()
                except OSError as error:
                    _fail("cannot read %s, the CSV nnlab trained on (%s); name a CSV: --train EPOCHS data.csv"
                          % (TRAIN_CSV, error.strerror))
                raw, labels = read_csv(TRAIN_CSV, with_targets=True)
                if len(raw) != TRAIN_ROW_COUNT:
                    _fail("%s has %d data rows, but %d when nnlab loaded it; name a CSV: --train EPOCHS data.csv"
                          % (TRAIN_CSV, len(raw), TRAIN_ROW_COUNT))
                if TRAIN_ROWS is not None:
                    keep = [i for i in range(len(raw)) if (int(TRAIN_ROWS[i // 4], 16) >> (3 - i % 4)) & 1]
                    raw, labels = raw[keep], [labels[i] for i in keep]
                return torch.from_numpy(prepare(raw)), targets(labels, model)
            _fail("this script carries no training data (%s); name a CSV: --train EPOCHS data.csv" % TRAIN_NOTE)


        def train(model, x, y, epochs):
            parameters = model.trained()
            optimizer = make_optimizer(parameters)
            load_optimizer_state(optimizer, parameters)
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
            parser = argparse.ArgumentParser(description="The nnlab network \(model.title) in PyTorch.")
            parser.add_argument("csv", nargs="?", help="a CSV with a header row (for --train: optional, "
                                "the session's training data is used without it)")
            parser.add_argument("--train", type=int, metavar="EPOCHS", default=0,
                                help="train this many epochs first (on the CSV, else on the session's "
                                "training data), printing the loss per epoch")
            parser.add_argument("--print-outputs", action="store_true",
                                help="after training, also print the outputs for the CSV's rows "
                                "(without a CSV, for the training rows)")
            parser.add_argument("--print-data", action="store_true",
                                help="print the training data --train uses without a CSV (inputs, then "
                                "targets, one row per line) and stop")
            parser.add_argument("--seed", type=int, default=\(model.seedForScript), help="seed for shuffling and dropout")
            args = parser.parse_args(argv[1:])
            torch.manual_seed(args.seed)
            model = Net()
            if args.print_data:
                x, y = training_data(model)
                print_rows(x.numpy())
                print_rows(y.reshape(len(y), -1).numpy())
                return 0
            if args.csv is None and args.train <= 0:
                parser.error("name a CSV to print its outputs, or train with --train EPOCHS")
            if args.train > 0:
                if args.csv is None:
                    x, y = training_data(model)
                else:
                    raw, labels = read_csv(args.csv, with_targets=True)
                    x, y = torch.from_numpy(prepare(raw)), targets(labels, model)
                train(model, x, y, args.train)
                if not args.print_outputs:
                    return 0
                inputs = x if args.csv is None else torch.from_numpy(prepare(read_csv(args.csv)))
            else:
                inputs = torch.from_numpy(prepare(read_csv(args.csv)))
            model.eval()
            with torch.no_grad():
                outputs = model(inputs)
            print_rows(outputs.numpy())
            return 0


        if __name__ == "__main__":
            sys.exit(main(sys.argv))

        """
    }

    /// The optimizer's state where nnlab stopped, as Python constants in nnlab's parameter order.
    static func optimizerState(_ model: ExportedModel) -> String {
        var out = "# The optimizer's state where nnlab stopped, one array per parameter in nnlab's order\n"
            + "# (W1, b1, ...): FIRST_MOMENTS is the velocity (momentum, nesterov) or m (adam, adamw);\n"
            + "# SECOND_MOMENTS is s (rmsprop), G (adagrad) or v (adam, adamw). --train continues from it.\n"
        guard let state = model.carriedOptimizerState else {
            return out + "OPTIMIZER_STEPS = 0  # no update yet: the state starts at zero, as PyTorch's does\n"
                + "FIRST_MOMENTS = None\nSECOND_MOMENTS = None\n"
        }
        func arrays(_ tensors: [Tensor]) -> String {
            "[\n" + tensors.map { t in
                "    np.array(\(PythonLiteral.list(t.scalars)), dtype=np.float64).reshape("
                    + t.shape.map(String.init).joined(separator: ", ") + (t.rank == 1 ? "," : "") + "),\n"
            }.joined() + "]"
        }
        out += "OPTIMIZER_STEPS = \(state.steps)\n"
        out += "FIRST_MOMENTS = \(arrays(state.first))\n"
        out += "SECOND_MOMENTS = \(arrays(state.second))\n"
        return out
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
        out += "OUTPUTS = \(model.network.outputs)\n"
        if case .sequence(let steps, let k)? = model.network.stack?.outputShape {
            out += "OUTPUT_SEQUENCE = (\(steps), \(k))  # the outputs are \(steps) steps of \(k)\n"
        } else {
            out += "OUTPUT_SEQUENCE = None\n"
        }
        return out
    }
}
