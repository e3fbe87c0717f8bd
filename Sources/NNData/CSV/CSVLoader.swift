import NNText
import Foundation
import NNEngine

/// Loads a CSV file with a header row into a `Dataset`, for `data load PATH`.
///
/// The file has a header row naming the columns; every other non-blank row holds one value per
/// column. One column is the label (the last unless `label=` names another); every other column
/// is a numeric feature. Parsing is done by nnlab's own `CSVReader` (see there for why and for the
/// dialect). Every error names the file and, where there is one, the line, and says how to fix it.
///
/// Labels:
/// - classification: whole numbers are class indices (`0…max`, classes named `"0"`, `"1"`, …);
///   any other text is a class name, and the distinct names are sorted to indices
///   (`setosa, versicolor, virginica` → 0, 1, 2) and kept as `classNames`.
/// - regression: numbers, giving targets of shape `[n, 1]`.
/// - without `task=`: classification when every label is a whole number or some label is not a
///   number; regression otherwise (some label has a fractional part).
///
/// Rows keep the file's order inside each split. With `normalize` the features are standardized
/// by `FeatureScaling(fitting:)` the training rows, and the dataset records the statistics.
public enum CSVLoader {
    /// The largest file nnlab loads, in bytes (50 MB).
    public static let defaultMaximumBytes = UserFile.defaultMaximumBytes
    /// The most data rows nnlab loads (1,000,000).
    public static let defaultMaximumRows = 1_000_000
    /// The largest class index a label may hold.
    public static let maximumClassIndex = 999

    /// Loads the CSV file at `path`.
    ///
    /// - Parameters:
    ///   - label: the label column, by name or by 0-based index (negative counts from the end,
    ///     `-1` is the last); `nil` means the last column. A name wins over an index.
    ///   - task: force classification or regression; `nil` decides from the labels.
    ///   - test: the held-out fraction in `[0, 1)`; 0 keeps every row for training.
    ///   - seed: fixes which rows are held out.
    ///   - validation: the fraction of the non-test rows held out for validation (0: none).
    ///   - normalize: standardize the features with the training rows' mean and deviation.
    ///   - stratified: hold out the same fraction of every class (classification only).
    ///   - maximumBytes, maximumRows: the size limits; loading stops with an error beyond them.
    /// - Throws: `DataError` naming the file and line, with a suggested fix.
    public static func load(path: String, label: String? = nil, task: DatasetTask? = nil,
                            test: Double = 0.2, seed: Int = 0, normalize: Bool = true,
                            stratified: Bool = true, maximumBytes: Int = defaultMaximumBytes,
                            maximumRows: Int = defaultMaximumRows, validation: Double = 0) throws -> Dataset {
        let bytes = try readFile(path: path, maximumBytes: maximumBytes)
        let name = UserPath(path).stem
        return try load(bytes: bytes, source: path, name: name, label: label, task: task, test: test,
                        seed: seed, normalize: normalize, stratified: stratified, maximumRows: maximumRows,
                        validation: validation)
    }

    /// Loads CSV text held in memory (for lessons and tests); `name` stands in for the file name.
    public static func load(text: String, name: String, label: String? = nil, task: DatasetTask? = nil,
                            test: Double = 0.2, seed: Int = 0, normalize: Bool = true,
                            stratified: Bool = true, maximumRows: Int = defaultMaximumRows,
                            validation: Double = 0) throws -> Dataset {
        try load(bytes: Array(text.utf8), source: name, name: name, label: label, task: task, test: test,
                 seed: seed, normalize: normalize, stratified: stratified, maximumRows: maximumRows,
                 validation: validation)
    }

    // MARK: Reading the file

    /// Reads a file's bytes through `UserFile` (a regular file, at most `maximumBytes`),
    /// explaining a missing, unreadable, special or oversized file.
    private static func readFile(path: String, maximumBytes: Int) throws -> [UInt8] {
        let shown = UserPath(path).excerpt
        do {
            return try UserFile.read(path, maximumBytes: maximumBytes)
        } catch .missing {
            throw DataError("cannot find the file '\(shown)'\(nearbyFileHint(for: path)) "
                + "Paths are relative to the folder nnlab runs in (\(UserPath.currentFolder())).")
        } catch .folder {
            let csvs = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
                .filter { $0.lowercased().hasSuffix(".csv") }.sorted()
            let list = csvs.isEmpty ? "" : " It holds: \(csvs.prefix(8).joined(separator: ", "))."
            throw DataError("'\(shown)' is a folder, not a CSV file; name a file inside it.\(list)")
        } catch .notRegular(let kind) {
            throw DataError("'\(shown)' is \(kind), not a regular file; `data load` reads CSV files.")
        } catch .permission {
            throw DataError("cannot read '\(shown)': permission denied; check the file's permissions (chmod +r).")
        } catch .tooLarge(let size, let limit) {
            throw DataError("'\(shown)' is \(byteCount(size)), over the \(byteCount(limit)) limit "
                + "of what nnlab loads; use a sample of its rows.")
        } catch {
            throw DataError("cannot read '\(shown)': \(error.reason).")
        }
    }

    /// " — did you mean 'x'?" naming a file in the same folder with a similar name.
    private static func nearbyFileHint(for path: String) -> String {
        let given = UserPath(path)
        let hasFolder = given.components.count > 1 || given.isAbsolute
        let folder = given.parent.string
        guard let file = given.lastComponent else { return "." }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        guard let match = Suggestion.closest(to: file, in: names) else { return "." }
        let suggestion = hasFolder ? given.parent.appending(match).string : match
        return " — did you mean '\(suggestion)'?"
    }

    /// A byte count for people: `"50 MB"`, `"61.2 MB"`, or `"16 bytes"` below a megabyte.
    private static func byteCount(_ bytes: Int) -> String {
        bytes < 1_000_000 ? "\(bytes) bytes" : "\(Dataset.format(Double(bytes) / 1_000_000)) MB"
    }

    // MARK: Building the dataset

    private static func load(bytes: [UInt8], source: String, name: String, label: String?, task: DatasetTask?,
                             test: Double, seed: Int, normalize: Bool, stratified: Bool,
                             maximumRows: Int, validation: Double) throws -> Dataset {
        guard validation.isFinite, validation >= 0, validation < 1 else {
            throw DataError("val is the fraction of the non-test rows held out for validation and must be at least 0 "
                + "and below 1 (got val=\(Dataset.format(validation))); try val=0.2.")
        }
        guard test.isFinite, test >= 0, test < 1 else {
            throw DataError("test is the held-out fraction and must be at least 0 and below 1 "
                + "(got test=\(Dataset.format(test))); try test=0.2, or test=0 to train on every row.")
        }
        if let nul = bytes.firstIndex(of: 0) {
            let line = bytes[..<nul].reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            throw DataError("\(source) looks like a binary file, not CSV text (it has a NUL byte on line \(line)); "
                + "export the data as comma-separated text.")
        }
        let records = try CSVReader(source: source).records(from: bytes, maximumRecords: maximumRows + 1)
        guard let header = records.first else {
            throw DataError("\(source) is empty; a CSV file needs a header row naming the columns and at least one data row.")
        }
        let columns = header.fields
        let rows = records.dropFirst()
        guard !rows.isEmpty else {
            throw DataError("\(source) has a header row (line \(header.line)) but no data rows; add rows of values below it.")
        }
        if columns.count == 1 {
            let separator = [";", "\t", "|"].first { columns[0].contains($0) }
            let hint = separator.map { " The header contains '\($0 == "\t" ? "\\t" : $0)': nnlab reads comma-separated files only." } ?? ""
            throw DataError("\(source) has only one column ('\(InputExcerpt.cut(columns[0]))'); it needs a label column and at least one feature column.\(hint)")
        }
        for row in rows where row.fields.count != columns.count {
            throw DataError("\(source), line \(row.line) has \(row.fields.count) field\(row.fields.count == 1 ? "" : "s"), "
                + "but the header has \(columns.count); check for a missing or extra comma "
                + "(put a field containing a comma in double quotes).")
        }
        let labelColumn = try resolveLabel(label, columns: columns, source: source)
        let featureColumns = columns.indices.filter { $0 != labelColumn }

        // Features: every value a finite number.
        var features = [Double]()
        features.reserveCapacity(rows.count * featureColumns.count)
        for row in rows {
            for c in featureColumns {
                let text = row.fields[c]
                guard let value = Double(text), value.isFinite else {
                    let problem = text.isEmpty ? "is empty" : "'\(InputExcerpt.cut(text))' is not \(Double(text) == nil ? "a number" : "a finite number")"
                    throw DataError("\(source), line \(row.line), column '\(InputExcerpt.cut(columns[c]))': the value \(problem); "
                        + "feature columns must hold numbers — fix the value or remove the row"
                        + (text.isEmpty ? "." : ", or use this column as the label with label=\(InputExcerpt.cut(columns[c]))."))
                }
                features.append(value)
            }
        }

        // Labels.
        let labelTexts = rows.map { $0.fields[labelColumn] }
        let labelName = columns[labelColumn]
        let shownLabel = InputExcerpt.cut(labelName)
        let numbers = labelTexts.map { Double($0).flatMap { $0.isFinite ? $0 : nil } }
        let allNumbers = numbers.allSatisfy { $0 != nil }
        let allWhole = allNumbers && numbers.allSatisfy { $0!.rounded() == $0! }
        let task = task ?? (allWhole || !allNumbers ? .classification : .regression)
        var targets: [Double]
        var classNames: [String] = []
        switch task {
        case .regression:
            if let bad = numbers.firstIndex(where: { $0 == nil }) {
                let row = rows[rows.startIndex + bad]
                let text = labelTexts[bad]
                throw DataError("\(source), line \(row.line), column '\(InputExcerpt.cut(shownLabel))': the label "
                    + (text.isEmpty ? "is empty" : "'\(InputExcerpt.cut(text))' is not a number")
                    + "; regression needs numeric targets — fix the value, or use task=classification for class names.")
            }
            targets = numbers.map { $0! }
        case .classification:
            if let empty = labelTexts.firstIndex(where: \.isEmpty) {
                throw DataError("\(source), line \(rows[rows.startIndex + empty].line), column '\(InputExcerpt.cut(shownLabel))': "
                    + "the label is empty; give every row a class.")
            }
            if allWhole {
                targets = numbers.map { $0! }
                for (k, value) in targets.enumerated() where value < 0 || value > Double(maximumClassIndex) {
                    let line = rows[rows.startIndex + k].line
                    throw DataError("\(source), line \(line), column '\(InputExcerpt.cut(shownLabel))': the label '\(InputExcerpt.cut(labelTexts[k]))' "
                        + (value < 0 ? "is negative, but class indices start at 0"
                                     : "is too large for a class index (at most \(maximumClassIndex))")
                        + "; use class indices 0, 1, 2, …, or task=regression for numeric targets.")
                }
                let largest = Int(targets.max() ?? 0)
                classNames = (0...largest).map(String.init)
            } else if allNumbers {
                let k = numbers.firstIndex { $0!.rounded() != $0! } ?? 0
                throw DataError("\(source), line \(rows[rows.startIndex + k].line), column '\(InputExcerpt.cut(shownLabel))': "
                    + "the label '\(InputExcerpt.cut(labelTexts[k]))' is not a whole number, so it cannot be a class index; "
                    + "use task=regression for numeric targets, or class indices 0, 1, 2, ….")
            } else {
                classNames = Array(Set(labelTexts)).sorted()
                if classNames.count > maximumClassIndex + 1 {
                    throw DataError("\(source), column '\(InputExcerpt.cut(shownLabel))' has \(classNames.count) different labels, more classes "
                        + "than nnlab handles (\(maximumClassIndex + 1)); is it the right label column? Choose one with label=NAME.")
                }
                let index = Dictionary(uniqueKeysWithValues: classNames.enumerated().map { ($1, Double($0)) })
                targets = labelTexts.map { index[$0]! }
            }
        }

        // Split, then scale with the training rows only.
        let n = rows.count, f = featureColumns.count
        let split = TrainTestSplit(count: n, testFraction: test, seed: seed,
                                   labels: task == .classification && stratified ? targets.map { Int($0) } : nil)
        let inputs = Tensor(shape: [n, f], scalars: features)
        let targetTensor = task == .classification ? Tensor(shape: [n], scalars: targets)
                                                    : Tensor(shape: [n, 1], scalars: targets)
        let labelWord = label.map { " label=\($0)" } ?? ""
        let valWord = validation > 0 ? " val=\(Dataset.format(validation))" : ""
        let origin = "loaded from \(source) with\(labelWord) test=\(Dataset.format(test))\(valWord) seed=\(seed) normalize=\(normalize ? "on" : "off")"
        // The validation rows come out of the training rows before scaling, so the mean and
        // deviation are the training rows' alone.
        let unscaled = Dataset(name: name, task: task, featureNames: featureColumns.map { columns[$0] },
                               classNames: classNames, targetNames: [labelName],
                               trainInputs: inputs.gatherRows(split.trainIndices), trainTargets: targetTensor.gatherRows(split.trainIndices),
                               testInputs: inputs.gatherRows(split.testIndices), testTargets: targetTensor.gatherRows(split.testIndices),
                               origin: origin)
            .holdingOutValidation(fraction: validation, seed: seed)
        guard normalize else { return unscaled }
        let fitted = FeatureScaling(fitting: unscaled.trainInputs)
        return Dataset(name: name, task: task, featureNames: unscaled.featureNames, classNames: classNames,
                       targetNames: [labelName], trainInputs: fitted.apply(to: unscaled.trainInputs),
                       trainTargets: unscaled.trainTargets, testInputs: fitted.apply(to: unscaled.testInputs),
                       testTargets: unscaled.testTargets, featureScaling: fitted, origin: origin,
                       validationInputs: fitted.apply(to: unscaled.validationInputs),
                       validationTargets: unscaled.validationTargets)
    }

    /// The index of the label column: by exact name, then by name ignoring case, then by index.
    private static func resolveLabel(_ label: String?, columns: [String], source: String) throws -> Int {
        guard let label else { return columns.count - 1 }
        if let exact = columns.firstIndex(of: label) { return exact }
        if let loose = columns.firstIndex(where: { $0.lowercased() == label.lowercased() }) { return loose }
        if let index = Int(label) {
            let resolved = index < 0 ? columns.count + index : index
            if columns.indices.contains(resolved) { return resolved }
        }
        let shownColumns = 12
        var listed = columns.prefix(shownColumns).enumerated().map { "\($0) \(InputExcerpt.cut($1))" }.joined(separator: ", ")
        if columns.count > shownColumns { listed += ", … (\(columns.count) in all)" }
        throw DataError("\(source) has no label column '\(InputExcerpt.cut(label))'\((Suggestion.hint(for: label, in: columns) ?? ".")) "
            + "Columns (0-based index and name): \(listed). Choose one with label=NAME or label=INDEX.")
    }
}
