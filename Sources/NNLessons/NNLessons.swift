/// The NNLessons module.
