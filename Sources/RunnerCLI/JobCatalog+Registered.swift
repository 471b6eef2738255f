import Config
import Jobs

extension JobCatalog {
    /// `JOBS_DIR` validated against every job kind this build registers (`JobKinds`).
    static func load(jobsDirectory: String, templatesDirectory: String) throws(ConfigErrors) -> JobCatalog {
        try load(jobsDirectory: jobsDirectory, templatesDirectory: templatesDirectory, kinds: JobKinds.descriptors)
    }
}
