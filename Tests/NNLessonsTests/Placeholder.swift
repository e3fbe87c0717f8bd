import XCTest

final class NNLessonsPlaceholder: XCTestCase {}
