import JSON

/// A parsed Mustache template (the official spec's core modules: comments, delimiters, interpolation,
/// inverted sections, partials, sections), ready to render many times.
///
/// Contexts are JSON values: view models carry formatted strings, so templates hold no logic.
public struct Template: Sendable {
    /// The template's name or file, used in error messages.
    public let name: String
    /// How interpolated values are escaped.
    public let contentType: ContentType
    let nodes: [TemplateNode]

    /// Sections nest at most this deep; deeper nesting is a parse error at the tag that goes too deep.
    public static let maximumSectionDepth = TemplateParser.maximumSectionDepth

    /// Parses `source`; errors name `name`, line and column of the offending tag.
    public init(source: String, name: String, contentType: ContentType) throws(TemplateError) {
        var parser = TemplateParser(source: source, file: name)
        self.nodes = try parser.parse()
        self.name = name
        self.contentType = contentType
    }

    /// The names of the partials this template includes, directly.
    public var partialNames: [String] {
        var names: [String] = []
        func collect(_ nodes: [TemplateNode]) {
            for node in nodes {
                switch node {
                case .partial(let name, _, _, _): if !names.contains(name) { names.append(name) }
                case .section(_, _, let children): collect(children)
                default: break
                }
            }
        }
        collect(nodes)
        return names
    }

    /// Renders with `context`; partials come from `partials` and render with this template's escaping.
    public func render(_ context: JSONValue,
                       partials: any PartialProvider = NoPartials()) throws(TemplateError) -> String {
        var renderer = TemplateRenderer(contentType: contentType, partials: partials)
        var output = ""
        var stack = [context]
        try renderer.render(nodes, file: name, stack: &stack, into: &output, chain: [])
        return output
    }
}

/// Supplies partial templates by name.
public protocol PartialProvider: Sendable {
    /// The partial `name` for a template of `contentType`, with `indentation` already applied to each of
    /// its lines (a standalone partial tag's indentation), or nil when there is none (renders as empty).
    func partial(named name: String, contentType: ContentType, indentation: String) throws(TemplateError) -> Template?
}

/// No partials: every `{{> name}}` renders as empty.
public struct NoPartials: PartialProvider {
    /// Creates the provider.
    public init() {}
    /// Always nil.
    public func partial(named name: String, contentType: ContentType,
                        indentation: String) throws(TemplateError) -> Template? { nil }
}

/// Partials from sources in memory (tests, the spec's fixtures).
public struct InMemoryPartials: PartialProvider {
    private let sources: [String: String]
    /// Creates the provider from name → source.
    public init(_ sources: [String: String]) { self.sources = sources }

    /// Parses the named source with `indentation` applied.
    public func partial(named name: String, contentType: ContentType,
                        indentation: String) throws(TemplateError) -> Template? {
        guard let source = sources[name] else { return nil }
        return try Template(source: Template.indent(source, by: indentation), name: name, contentType: contentType)
    }
}

extension Template {
    /// Prefixes every line of `source` with `indentation` (a line ending at the very end starts no new line).
    public static func indent(_ source: String, by indentation: String) -> String {
        guard !indentation.isEmpty, !source.isEmpty else { return source }
        var out = indentation
        for (offset, character) in source.enumerated() {
            out.append(character)
            if character.isNewline && offset < source.count - 1 { out += indentation }
        }
        return out
    }
}
