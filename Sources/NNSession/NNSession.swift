/// The NNSession module.
