/// One element of a parsed template.
indirect enum TemplateNode: Sendable {
    case text(String)
    /// `{{name}}` (escaped) or `{{{name}}}` / `{{& name}}` (raw).
    case variable(name: String, escaped: Bool)
    /// `{{#name}}...{{/name}}` or, inverted, `{{^name}}...{{/name}}`.
    case section(name: String, inverted: Bool, children: [TemplateNode])
    /// `{{> name}}`, with the indentation of a standalone partial tag and where the tag stands (for errors).
    case partial(name: String, indentation: String, line: Int, column: Int)
}
