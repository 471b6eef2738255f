/// File path text: joins and splits on `/` (what `NSString`'s path methods did, without Foundation).
public enum PathText {
    /// `directory/name`, with exactly one `/` between; `name` alone when it is absolute.
    public static func join(_ directory: String, _ name: String) -> String {
        if name.hasPrefix("/") || directory.isEmpty { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The part after the last `/` (`a/b.txt` gives `b.txt`).
    public static func lastComponent(_ path: String) -> String {
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        return trimmed.split(separator: "/").last.map(String.init) ?? trimmed
    }

    /// The directory part (`a/b.txt` gives `a`; `b.txt` gives `.`; `/b` gives `/`).
    public static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
