import CivilTime
import Cron
import Formatting
import FoundationEssentials
import JSON
import MIME

extension CatalogLoader {
    /// Checks a job's `params` against its kind's declared parameters, then runs the kind's own check.
    func readParams(_ reader: inout FieldReader, descriptor: JobKindDescriptor, groups: [String: [MailAddress]]?) {
        for param in descriptor.params {
            readParam(param, &reader, groups: groups)
        }
        guard let check = descriptor.check else { return }
        var checker = ParamChecker(params: reader, jobsDirectory: jobsDirectory, diagnostics: diagnostics)
        check(&checker)
        reader = checker.params  // keys the check read count as known
    }

    private func readParam(_ param: JobParam, _ reader: inout FieldReader, groups: [String: [MailAddress]]?) {
        let key = param.name
        switch param.type {
        case .string:
            if let text = reader.string(key, required: param.required), text.isEmpty {
                reader.fail(key, "must not be empty")
            }
        case .count: _ = reader.int(key, in: 1...1_000_000, required: param.required)
        case .number: _ = reader.number(key, required: param.required)
        case .duration:
            if param.required, reader.object[key] == nil { _ = reader.value(key, required: true) }
            _ = reader.duration(key)
        case .recipients: _ = reader.recipients(key, groups: groups)
        case .strings: _ = reader.strings(key, required: param.required)
        case .argv:
            if let argv = reader.strings(key, required: param.required, nonEmpty: true), argv.first?.isEmpty == true {
                reader.fail(key, "the program name (first element) must not be empty")
            }
        case .tenant:
            if let text = reader.string(key, required: param.required), UUID(uuidString: text) == nil {
                reader.fail(key, "\"\(text.prefix(40))\" is not a tenant UUID")
            }
        case .date:
            if let text = reader.string(key, required: param.required), TimeText.parseDate(text) == nil {
                reader.fail(key, "\"\(text.prefix(40))\" is not a date like 2026-12-11")
            }
        case .template:
            if let name = reader.string(key, required: param.required) { checkTemplate(name, reader: reader, key: key) }
        case .custom(_, let check):
            if param.required, reader.object[key] == nil { _ = reader.value(key, required: true) }
            check(&reader, key)
        }
    }

    /// The templates a job renders must exist: failure notices for `notifyOnFailure`, and each template
    /// its kind's descriptor requires under that template's condition.
    func checkRequiredTemplates(_ jobs: [JobDefinition], escalates: Bool) {
        for job in jobs {
            if !job.notifyOnFailure.isEmpty {
                requireTemplate("failure-notice", ["txt", "html"], job: job, field: "notifyOnFailure")
            }
            guard let descriptor = kinds[job.kind] else { continue }
            for template in descriptor.templates {
                var field = "kind"
                switch template.condition {
                case .always: break
                case .whenProgramEscalates: if !escalates { continue }
                case .whenMailing:
                    switch descriptor.mail {
                    case .never: continue
                    case .always: break
                    case .whenSet(let keys):
                        guard let key = keys.first(where: job.params.isSet) else { continue }
                        field = "params.\(key)"
                    }
                }
                let name: String
                switch template.name {
                case .fixed(let fixed): name = fixed
                case .param(let key):
                    guard let chosen = job.params.string(key) else { continue }
                    if job.params.isSet(key) && field == "kind" { field = "params.\(key)" }
                    name = chosen
                }
                requireTemplate(name, template.extensions, job: job, field: field)
            }
        }
    }

    private func requireTemplate(_ name: String, _ extensions: [String], job: JobDefinition, field: String) {
        for ext in extensions {
            let path = PathText.join(templatesDirectory, "\(name).\(ext).mustache")
            if !FileManager.default.fileExists(atPath: path) {
                diagnostics.report(file: job.file, field: field, line: nil,
                                   "needs the template \(name).\(ext).mustache, which is not in \(templatesDirectory)")
            }
        }
    }

    private func checkTemplate(_ name: String, reader: FieldReader, key: String) {
        guard !name.contains("/"), !name.hasPrefix(".") else {
            reader.fail(key, "\"\(name)\" must be a template name, not a path")
            return
        }
        let found = ["md", "html", "txt"].contains { ext in
            FileManager.default.fileExists(atPath: PathText.join(templatesDirectory, "\(name).\(ext).mustache"))
        }
        if !found {
            reader.fail(key, "unknown template \"\(name)\": no \(name).md.mustache, \(name).html.mustache or "
                + "\(name).txt.mustache in \(templatesDirectory)")
        }
    }
}
