// Package perm names the roles and permissions of the platform and which
// role holds which permission. Every route names one Permission in its route
// table; row-level scope (which offices or regions) is applied by the stores.
package perm

// Role is what a staff member does in the network.
type Role string

// The staff roles.
const (
	Admin             Role = "admin"              // users, security, backups
	Ministry          Role = "ministry"           // state coordination at the social ministry
	RegionCoordinator Role = "region_coordinator" // one of the 10 regional networks
	OfficeLead        Role = "office_lead"        // lead of a counseling office
	Counselor         Role = "counselor"          // counselor (Berater:in) in an office
	Partner           Role = "partner"            // network partner: BA, Jobcenter, Ausländerbehörde, school, BAMF
)

// Roles lists every role, in the order forms show them.
var Roles = []Role{Admin, Ministry, RegionCoordinator, OfficeLead, Counselor, Partner}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// ScopeKind says what a role's scope is.
type ScopeKind string

// The scope kinds.
const (
	Statewide    ScopeKind = "statewide"
	Region       ScopeKind = "region"
	Organisation ScopeKind = "organisation"
	Office       ScopeKind = "office"
)

// ScopeKinds lists every scope kind.
var ScopeKinds = []ScopeKind{Statewide, Region, Organisation, Office}

// Valid reports whether k is a known scope kind.
func (k ScopeKind) Valid() bool {
	for _, x := range ScopeKinds {
		if x == k {
			return true
		}
	}
	return false
}

// DefaultScope is the scope kind a role usually has.
func DefaultScope(r Role) ScopeKind {
	switch r {
	case Admin, Ministry:
		return Statewide
	case RegionCoordinator:
		return Region
	case Partner:
		return Organisation
	default:
		return Office
	}
}

// Permission is what a route requires.
type Permission string

// Access levels that do not depend on the role.
const (
	// Public routes answer everybody, logged in or not.
	Public Permission = "public"
	// SignIn routes are the steps of logging in: they need a session that has
	// passed the password but not yet the second factor.
	SignIn Permission = "sign_in"
	// Staff routes need a fully authenticated session of any role.
	Staff Permission = "staff"
	// OnlineClient routes need the session of an anonymous online-counseling
	// client (package online); staff sessions do not count.
	OnlineClient Permission = "online_client"
	// VolunteerSelf routes need the session of a volunteer's account
	// (package volunteer): their own profile, asks and assignments, never
	// anybody else's; staff sessions do not count.
	VolunteerSelf Permission = "volunteer_self"
)

// Role-based permissions.
const (
	UserManage    Permission = "user.manage"    // create, disable, reset staff accounts
	AuditRead     Permission = "audit.read"     // read the audit log
	KeysManage    Permission = "keys.manage"    // see the encryption keys' state and rotate the key
	NetworkRead   Permission = "network.read"   // see the network registry (regions, offices, posts)
	NetworkEdit   Permission = "network.edit"   // change registry rows within one's scope (checked per row)
	NetworkManage Permission = "network.manage" // create offices, organisations, programs, posts; import
	CaseRead      Permission = "case.read"      // see client files of one's offices (rows limited by the case store)
	CaseEdit      Permission = "case.edit"      // open, change, close and erase client files of one's offices
	// FeedbackManage reads, answers (marks handled) and deletes the
	// messages sent with the accessibility statement's feedback form.
	FeedbackManage Permission = "feedback.manage"
	// JobsManage sees the background job queue (figures, failed and
	// waiting jobs, periodic tasks) and runs failed jobs again.
	JobsManage Permission = "jobs.manage"
	// ReferralSend: refer clients of one's files to other members (rows: the case scope).
	ReferralSend Permission = "referral.send"
	// ReferralRead: see referrals sent by one or addressed to one's office or
	// organisation, and answer the latter (rows: the referral store's scope).
	ReferralRead Permission = "referral.read"
	// OnlineCounsel: answer anonymous online enquiries routed to one's
	// offices (take, answer, close; rows: the online store's scope).
	OnlineCounsel Permission = "online.counsel"
	// OnlineManage: an office lead sets whether and for which programs the
	// office takes online enquiries, sees the team's conversations and
	// reassigns them.
	OnlineManage Permission = "online.manage"
	// EventOrganise: announce trainings and events for one's own scope
	// (the state, a region, an organisation, an office) and manage their
	// registrations (rows: the event store's scope).
	EventOrganise Permission = "event.organise"
	// RegionTakePart: take part in the regional networks one belongs to
	// (by a member organisation, as a guest, as coordinator, or
	// statewide): their meetings, minutes, tasks, announcements, library
	// and threads (rows: the regional store's participant view).
	RegionTakePart Permission = "region.take_part"
	// RegionCoordinate: run a region's network (members, meetings,
	// minutes, announcements, folders); the ministry for every region and
	// the state's space (rows: the regions one coordinates).
	RegionCoordinate Permission = "region.coordinate"
	// RegionOversee: the statewide view across all ten regions.
	RegionOversee Permission = "region.oversee"
	// StatsRead: the statistics pages and reports (rows: the statistics
	// viewer – the state for the ministry, the regions coordinated, the
	// offices led, a counselor's own caseload; package stats).
	StatsRead Permission = "stats.read"
	// MSOSupport: see and edit the profiles of migrant self-organisations
	// in one's scope and handle their support requests (rows: the MSO
	// store's view – statewide, the regions coordinated, the region of
	// one's offices, one's own organisation).
	MSOSupport Permission = "mso.support"
	// VolunteerCoordinate: see the volunteers of one's regions, confirm
	// them after the conversation (pledge), record their documents, end
	// their work, and see the volunteer figures (rows: the volunteer
	// store's reach – the state, the regions coordinated, the regions of
	// the offices led).
	VolunteerCoordinate Permission = "volunteer.coordinate"
	// MediationRequest: request a language mediator for an appointment of
	// one's office (never with client identity), see the proposals, ask
	// volunteers (rows: the requests of one's offices, or of the regions
	// coordinated).
	MediationRequest Permission = "mediation.request"
)

// grants lists which roles hold each role-based permission.
var grants = map[Permission][]Role{
	UserManage:    {Admin},
	AuditRead:     {Admin},
	KeysManage:    {Admin},
	NetworkRead:   {Admin, Ministry, RegionCoordinator, OfficeLead, Counselor, Partner},
	NetworkEdit:   {Ministry, RegionCoordinator, OfficeLead},
	NetworkManage: {Ministry},
	// Only people who counsel see case data: partners, the ministry,
	// admins and region coordinators get aggregates elsewhere, never files.
	CaseRead: {OfficeLead, Counselor},
	CaseEdit: {OfficeLead, Counselor},
	// The statement names the platform's operators as the contact for
	// accessibility problems; admins run the platform.
	FeedbackManage: {Admin},
	// Operating the platform: the queue holds staff addresses and mail
	// subjects, never client data, but only admins run the platform.
	JobsManage:   {Admin},
	ReferralSend: {OfficeLead, Counselor},
	ReferralRead: {OfficeLead, Counselor, Partner},
	// Online counseling is counseling: the same people as case work.
	OnlineCounsel: {OfficeLead, Counselor},
	OnlineManage:  {OfficeLead},
	// Whoever's staff may organise for their scope; admins run the platform.
	EventOrganise: {Ministry, RegionCoordinator, OfficeLead, Counselor, Partner},
	// The networks are the staff of their member organisations; admins
	// run the platform and take part in none.
	RegionTakePart:   {Ministry, RegionCoordinator, OfficeLead, Counselor, Partner},
	RegionCoordinate: {Ministry, RegionCoordinator},
	RegionOversee:    {Ministry},
	// Figures for those who steer or counsel; partners and admins see
	// the public statistics page.
	StatsRead: {Ministry, RegionCoordinator, OfficeLead, Counselor},
	// Strengthening MSOs is the regions' and the offices' work with the
	// ministry; partners see the public directory, admins run the platform.
	MSOSupport: {Ministry, RegionCoordinator, OfficeLead, Counselor},
	// Volunteers are confirmed by whoever coordinates them in a region or
	// an office; counselors ask them through requests only.
	VolunteerCoordinate: {Ministry, RegionCoordinator, OfficeLead},
	MediationRequest:    {RegionCoordinator, OfficeLead, Counselor},
}

// Allowed reports whether role r holds permission p. Public, SignIn and Staff
// are decided by the session, not the role, and are not answered here.
func Allowed(r Role, p Permission) bool {
	if p == Staff {
		return r.Valid()
	}
	for _, x := range grants[p] {
		if x == r {
			return true
		}
	}
	return false
}

// RoleBased reports whether p is decided by role (so a route with p answers
// 403 to a staff member without it).
func RoleBased(p Permission) bool {
	_, ok := grants[p]
	return ok
}
