import XCTest

final class NNSessionTestsPlaceholder: XCTestCase {}
