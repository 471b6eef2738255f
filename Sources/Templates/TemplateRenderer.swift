import JSON

/// Walks template nodes against a context stack (innermost last).
struct TemplateRenderer {
    let contentType: ContentType
    let partials: any PartialProvider
    static let maximumPartialDepth = 100

    mutating func render(_ nodes: [TemplateNode], stack: [JSONValue], into out: inout String, depth: Int) throws(TemplateError) {
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
                    if !Self.isTruthy(value) { try render(children, stack: stack, into: &out, depth: depth) }
                    continue
                }
                guard let value, Self.isTruthy(value) else { continue }
                if case .array(let elements) = value {
                    for element in elements { try render(children, stack: stack + [element], into: &out, depth: depth) }
                } else {
                    try render(children, stack: stack + [value], into: &out, depth: depth)
                }
            case .partial(let name, let indentation):
                guard depth < Self.maximumPartialDepth else {
                    throw TemplateError(file: name, line: 1, column: 1, message: "partials nested deeper than \(Self.maximumPartialDepth) levels (recursion without an end?)")
                }
                guard let partial = try partials.partial(named: name, contentType: contentType, indentation: indentation) else { continue }
                try render(partial.nodes, stack: stack, into: &out, depth: depth + 1)
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
