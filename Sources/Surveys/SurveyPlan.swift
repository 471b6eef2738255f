import FoundationEssentials

/// Decides whom a `survey-dispatch` run mails: invitations for recipients never invited, reminders for
/// non-responders whose last mail is older than `reminderAfter`, up to `maxReminders`.
public enum SurveyPlan {
    /// Where a recipient stands.
    public struct State: Sendable, Equatable {
        /// The address (lower case).
        public let email: String
        /// `pending` (never mailed), `sent`, `failed`, `unknown`, `responded`, `bounced` or `unsubscribed`.
        public let status: String
        /// The logical time of the run that last mailed the recipient.
        public let lastSentAt: Date?
        /// Reminders sent so far.
        public let reminders: Int

        /// Creates a state.
        public init(email: String, status: String, lastSentAt: Date?, reminders: Int) {
            self.email = email
            self.status = status
            self.lastSentAt = lastSentAt
            self.reminders = reminders
        }
    }

    /// A mail to send.
    public enum Action: Sendable, Equatable {
        /// The first mail.
        case invite
        /// Reminder number `n` (1-based).
        case remind(Int)
    }

    /// The mails due at `now`, in the order of `states`. Only `pending` recipients are invited and only
    /// `sent` ones reminded: `failed` and `unknown` mail is never repeated on its own (ops decide, with
    /// `deliveries resend`), and responders, bounces and unsubscribes are left alone.
    public static func due(_ states: [State], now: Date, reminderAfter: TimeInterval,
                           maxReminders: Int) -> [(email: String, action: Action)] {
        states.compactMap { state in
            switch state.status {
            case "pending":
                return (state.email, .invite)
            case "sent":
                guard state.reminders < maxReminders, let last = state.lastSentAt,
                      now.timeIntervalSince(last) >= reminderAfter else { return nil }
                return (state.email, .remind(state.reminders + 1))
            default:
                return nil
            }
        }
    }
}
