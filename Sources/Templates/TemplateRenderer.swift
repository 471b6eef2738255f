import JSON

/// Walks template nodes against a context stack (innermost last).
struct TemplateRenderer {
    let contentType: ContentType
    let partials: any PartialProvider
    /// Partials nest at most this deep (recursive partials need data that ends).
    static let maximumPartialDepth = 32
    /// Rendered output is at most this many UTF-8 bytes: a template that multiplies itself is an error.
    static let maximumOutputBytes = 32 << 20

    /// Renders `nodes` of the template `file` onto `out`; `chain` holds the partials being rendered.
    mutating func render(_ nodes: [TemplateNode], file: String, stack: inout [JSONValue], into out: inout String,
                         chain: [String]) throws(TemplateError) {
        for node in nodes {
            switch node {
            case .text(let text):
                out += text
            case .variable(let name, let escaped):
                guard let value = Self.lookup(name, in: stack), let text = Self.text(of: value) else { continue }
                out += escaped ? contentType.escape(text) : text
            case .section(let name, let inverted, let children):
                let value = Self.lookup(name, in: stack)
                if inverted {
                    if !Self.isTruthy(value) { try render(children, file: file, stack: &stack, into: &out,
                        chain: chain) }
                    continue
                }
                guard let value, Self.isTruthy(value) else { continue }
                let elements: [JSONValue]
                if case .array(let list) = value { elements = list } else { elements = [value] }
                for element in elements {
                    stack.append(element)
                    defer { stack.removeLast() }
                    try render(children, file: file, stack: &stack, into: &out, chain: chain)
                }
            case .partial(let name, let indentation, let line, let column):
                guard chain.count < Self.maximumPartialDepth else {
                    let path = (chain.suffix(4) + [name]).joined(separator: " → ")
                    throw TemplateError(file: file, line: line, column: column,
                        message: "partial \"\(name)\" nests deeper than "
                                        + "\(Self.maximumPartialDepth) levels (… \(path)): a partial that includes "
                                            + "itself needs data that ends")
                }
                guard let partial = try partials.partial(named: name, contentType: contentType,
                                                         indentation: indentation) else { continue }
                try render(partial.nodes, file: partial.name, stack: &stack, into: &out, chain: chain + [name])
            }
            guard out.utf8.count <= Self.maximumOutputBytes else {
                throw TemplateError(file: file, line: 1, column: 1,
                                    message: "rendered output exceeds \(Self.maximumOutputBytes >> 20) MB; does a "
                                        + "section or partial repeat without end?")
            }
        }
    }

    /// Resolves `a.b.c`: `a` is looked up from the innermost context outwards, the rest inside it only.
    static func lookup(_ name: String, in stack: [JSONValue]) -> JSONValue? {
        if name == "." { return stack.last }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var value: JSONValue?
        for context in stack.reversed() {
            if case .object(let object) = context, let found = object[parts[0]] {
                value = found
                break
            }
        }
        for part in parts.dropFirst() {
            guard case .object(let object)? = value else { return nil }
            value = object[part]
        }
        return value
    }

    /// False, null, empty lists and empty strings are falsey.
    static func isTruthy(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?, .bool(false)?: return false
        case .array(let elements)?: return !elements.isEmpty
        case .string(let text)?: return !text.isEmpty
        default: return true
        }
    }

    /// The text of a scalar; lists and objects interpolate as nothing.
    static func text(of value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text
        case .number(let number):
            if let integer = Int(number.text) { return String(integer) }
            let double = number.doubleValue
            if double == double.rounded(), abs(double) < 1e15 { return String(Int64(double)) }
            return "\(double)"
        case .bool(let flag): return flag ? "true" : "false"
        case .null, .array, .object: return nil
        }
    }
}
