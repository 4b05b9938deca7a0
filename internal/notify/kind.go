package notify

import "slices"

// Kind is what a notification is about. Later capabilities (referrals,
// online counseling, events, meetings) add theirs here.
type Kind string

// The kinds of notification.
const (
	// FileTransferred: a client file was handed over to the recipient.
	FileTransferred Kind = "file_transferred"
	// SubstitutionPlanned: a substitution by the recipient was recorded
	// (it starts on a later day).
	SubstitutionPlanned Kind = "substitution_planned"
	// SubstitutionStarts: a substitution by the recipient starts today.
	SubstitutionStarts Kind = "substitution_starts"
	// SubstitutionEnds: a substitution by the recipient is over (its last
	// day has passed, or it was ended early).
	SubstitutionEnds Kind = "substitution_ends"
	// ReferralReceived: a referral reached the recipient's office or
	// organisation.
	ReferralReceived Kind = "referral_received"
	// ReferralAnswered: a referral the recipient sent was accepted,
	// declined or completed.
	ReferralAnswered Kind = "referral_answered"
	// ReferralWithdrawn: a referral to the recipient's office or
	// organisation was withdrawn, or its consent was.
	ReferralWithdrawn Kind = "referral_withdrawn"
	// Deadlines: the recipient's deadlines of the day (overdue, today, this
	// week), made by the digest task on working days.
	Deadlines Kind = "deadlines"
	// OnlineEnquiry: an anonymous online enquiry reached the recipient (or
	// their office's pool). The note links to the inbox, never the text.
	OnlineEnquiry Kind = "online_enquiry"
	// OnlineMessage: a client wrote again in the recipient's conversation.
	OnlineMessage Kind = "online_message"
	// RegionTask: a meeting of a regional network gave the recipient (or
	// the organisation they represent) a task.
	RegionTask Kind = "region_task"
	// MeetingInvitation: the recipient is invited to a regional network's
	// meeting (the invitation mail itself goes out anyway).
	MeetingInvitation Kind = "meeting_invitation"
	// Announcement: a coordinator or the ministry announced something to a
	// network the recipient takes part in.
	Announcement Kind = "announcement"
	// MinutesCirculated: the minutes of a meeting the recipient was
	// invited to are circulated for corrections.
	MinutesCirculated Kind = "minutes_circulated"
	// ThreadReply: somebody answered in a thread the recipient follows.
	ThreadReply Kind = "thread_reply"
	// ThreadMention: somebody named the recipient (@name) in a thread.
	ThreadMention Kind = "thread_mention"
)

// Channel is how a person wants to hear of a kind.
type Channel string

// The channels. Every notification is shown in the platform; the channel
// says whether an e-mail comes as well.
const (
	App    Channel = "app"
	Email  Channel = "email"
	Digest Channel = "digest"
)

// KindInfo describes a kind for the preferences page.
type KindInfo struct {
	Kind     Kind
	Default  Channel
	Channels []Channel
}

// Kinds are the kinds in the order the preferences page lists them. The
// deadlines come once a day anyway, so they have no "at once" channel.
var Kinds = []KindInfo{
	{FileTransferred, Email, []Channel{App, Email, Digest}},
	{SubstitutionPlanned, Email, []Channel{App, Email, Digest}},
	{SubstitutionStarts, Email, []Channel{App, Email, Digest}},
	{SubstitutionEnds, App, []Channel{App, Email, Digest}},
	{ReferralReceived, Email, []Channel{App, Email, Digest}},
	{ReferralAnswered, Email, []Channel{App, Email, Digest}},
	{ReferralWithdrawn, Email, []Channel{App, Email, Digest}},
	{Deadlines, App, []Channel{App, Digest}},
	{OnlineEnquiry, Email, []Channel{App, Email, Digest}},
	{OnlineMessage, Email, []Channel{App, Email, Digest}},
	{RegionTask, Email, []Channel{App, Email, Digest}},
	{MeetingInvitation, App, []Channel{App, Digest}},
	{Announcement, App, []Channel{App, Email, Digest}},
	{MinutesCirculated, Email, []Channel{App, Email, Digest}},
	{ThreadReply, Digest, []Channel{App, Email, Digest}},
	{ThreadMention, Email, []Channel{App, Email, Digest}},
}

func infoOf(k Kind) (KindInfo, bool) {
	i := slices.IndexFunc(Kinds, func(x KindInfo) bool { return x.Kind == k })
	if i < 0 {
		return KindInfo{}, false
	}
	return Kinds[i], true
}

// Allows reports whether c is a channel of kind k.
func (k KindInfo) Allows(c Channel) bool { return slices.Contains(k.Channels, c) }
