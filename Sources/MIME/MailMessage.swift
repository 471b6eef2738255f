import FoundationEssentials

/// A message to build: one recipient, a subject, a text and an HTML body, and attachments.
public struct MailMessage: Sendable {
    /// A file attached to the message.
    public struct Attachment: Sendable {
        /// The file name shown to the reader.
        public let fileName: String
        /// Its MIME type (`text/markdown`, `application/json`).
        public let contentType: String
        /// Its bytes.
        public let data: Data
        /// Creates an attachment.
        public init(fileName: String, contentType: String, data: Data) {
            self.fileName = fileName
            self.contentType = contentType
            self.data = data
        }
    }

    public var from: MailAddress
    public var to: MailAddress
    public var subject: String
    public var text: String
    public var html: String?
    public var attachments: [Attachment]
    /// The `Message-ID` without angle brackets; stored in the delivery ledger.
    public var messageID: String
    /// When the message is sent (the `Date` header).
    public var date: Date
    /// `Reply-To`, when answers should go elsewhere than `From`.
    public var replyTo: MailAddress? = nil
    /// `List-Unsubscribe` (a `<https:…>` or `<mailto:…>` URI list, RFC 2369); with `oneClick` also
    /// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058, which needs an https URI).
    public var listUnsubscribe: String? = nil
    /// Whether `List-Unsubscribe-Post` is sent.
    public var oneClickUnsubscribe = false

    /// Creates a message. The id and the date come from the caller (`MailService.message` draws them), so
    /// building mail stays pure and tests are exact.
    public init(from: MailAddress, to: MailAddress, subject: String, text: String, html: String? = nil,
                attachments: [Attachment] = [], messageID: String, date: Date) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.attachments = attachments
        self.messageID = messageID
        self.date = date
    }
}
