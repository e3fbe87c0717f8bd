/// The NNTerminal module.
