/// Turns Mustache source into nodes: delimiters, standalone lines and nesting, per the official spec.
struct TemplateParser {
    private let characters: [Character]
    private let file: String
    private var index = 0
    private var open: [Character] = ["{", "{"]
    private var close: [Character] = ["}", "}"]
    /// Offsets of the line breaks, found once, so positions cost a binary search rather than a scan.
    private lazy var lineBreaks: [Int] = characters.indices.filter { characters[$0].isNewline }

    /// Sections nest at most this deep: deeper nesting is an error, not a stack overflow.
    static let maximumSectionDepth = 64

    init(source: String, file: String) {
        self.characters = Array(source)
        self.file = file
    }

    private struct OpenSection {
        let name: String
        let inverted: Bool
        let position: Int
        var nodes: [TemplateNode] = []
    }

    mutating func parse() throws(TemplateError) -> [TemplateNode] {
        var stack = [OpenSection(name: "", inverted: false, position: 0)]
        func emit(_ node: TemplateNode) { stack[stack.count - 1].nodes.append(node) }

        while index < characters.count {
            guard let tagStart = find(open, from: index) else {
                emit(.text(String(characters[index...])))
                break
            }
            var cursor = tagStart + open.count
            guard cursor <= characters.count else { throw error(at: tagStart, "unclosed tag") }
            var kind: Character = " "
            if cursor < characters.count, "#^/!>=&{".contains(characters[cursor]) {
                kind = characters[cursor]
                cursor += 1
            }
            let closer: [Character] = kind == "{" ? ["}"] + close : kind == "=" ? ["="] + close : close
            guard let contentEnd = find(closer, from: cursor) else {
                throw error(at: tagStart, "unclosed tag: no \(String(closer)) after \(String(open))")
            }
            let content = String(characters[cursor..<contentEnd]).trimmingWhitespace()
            var tagEnd = contentEnd + closer.count

            // Standalone: a block, partial, comment or delimiter tag alone on its line (with whitespace)
            // leaves no trace of the line.
            var textEnd = tagStart
            var indentation = ""
            if "#^/!>=".contains(kind), let lineStart = standaloneLineStart(before: tagStart),
               let lineEnd = standaloneLineEnd(after: tagEnd) {
                textEnd = lineStart
                indentation = String(characters[lineStart..<tagStart])
                tagEnd = lineEnd
            }
            if textEnd > index { emit(.text(String(characters[index..<textEnd]))) }
            index = tagEnd

            switch kind {
            case "!":
                continue
            case "=":
                let parts = content.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard parts.count == 2, !parts[0].contains("="), !parts[1].contains("=") else {
                    throw error(at: tagStart, "set-delimiter tag needs two delimiters separated by a space, like "
                        + "{{=<% %>=}}")
                }
                open = Array(parts[0])
                close = Array(parts[1])
                continue
            default:
                break
            }
            guard !content.isEmpty else { throw error(at: tagStart, "empty tag name") }
            guard !content.contains(where: { $0 == " " || $0 == "\t" || $0.isNewline }) || kind == ">" else {
                throw error(at: tagStart, "tag name \"\(content)\" contains whitespace")
            }
            switch kind {
            case "#", "^":
                guard stack.count <= Self.maximumSectionDepth else {
                    throw error(at: tagStart, "sections nested deeper than \(Self.maximumSectionDepth) levels")
                }
                stack.append(OpenSection(name: content, inverted: kind == "^", position: tagStart))
            case "/":
                guard stack.count > 1 else { throw error(at: tagStart,
                                                         "closing tag \"\(content)\" without an open section") }
                let section = stack.removeLast()
                guard section.name == content else {
                    let (line, column) = position(of: section.position)
                    throw error(at: tagStart, "closing tag \"\(content)\" does not match open section "
                        + "\"\(section.name)\" (line \(line), column \(column))")
                }
                emit(.section(name: section.name, inverted: section.inverted, children: section.nodes))
            case ">":
                let (line, column) = position(of: tagStart)
                emit(.partial(name: content, indentation: indentation, line: line, column: column))
            case "&", "{":
                emit(.variable(name: content, escaped: false))
            default:
                emit(.variable(name: content, escaped: true))
            }
        }
        guard stack.count == 1 else {
            let unclosed = stack[stack.count - 1]
            throw error(at: unclosed.position, "unclosed section \"\(unclosed.name)\": no {{/\(unclosed.name)}}")
        }
        return stack[0].nodes
    }

    // MARK: - Scanning

    private func find(_ needle: [Character], from start: Int) -> Int? {
        guard !needle.isEmpty, start + needle.count <= characters.count else { return nil }
        var i = start
        let last = characters.count - needle.count
        while i <= last {
            if characters[i] == needle[0] {
                var matched = true
                for offset in 1..<needle.count where characters[i + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched { return i }
            }
            i += 1
        }
        return nil
    }

    /// The index where the tag's line starts, when only spaces or tabs stand between it and the tag and
    /// no earlier tag shares the line.
    private func standaloneLineStart(before tag: Int) -> Int? {
        var i = tag
        while i > index, characters[i - 1] == " " || characters[i - 1] == "\t" { i -= 1 }
        if i == 0 || characters[i - 1].isNewline { return i }
        return nil
    }

    /// The index after the tag's line ending, when only spaces or tabs follow the tag on its line.
    private func standaloneLineEnd(after tagEnd: Int) -> Int? {
        var i = tagEnd
        while i < characters.count, characters[i] == " " || characters[i] == "\t" { i += 1 }
        if i == characters.count { return i }
        if characters[i].isNewline { return i + 1 }
        return nil
    }

    /// 1-based line and column of `offset`.
    private mutating func position(of offset: Int) -> (Int, Int) {
        // The number of line breaks before `offset`, by binary search.
        var low = 0
        var high = lineBreaks.count
        while low < high {
            let middle = (low + high) / 2
            if lineBreaks[middle] < offset { low = middle + 1 } else { high = middle }
        }
        let lineStart = low == 0 ? 0 : lineBreaks[low - 1] + 1
        return (low + 1, offset - lineStart + 1)
    }

    private mutating func error(at offset: Int, _ message: String) -> TemplateError {
        let (line, column) = position(of: offset)
        return TemplateError(file: file, line: line, column: column, message: message)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
