package stats

// Category keys shared by several breakdowns.
const (
	Other   = "other"   // the categories after the largest ones
	Unknown = "unknown" // not recorded
	Total   = "total"   // the row's total (the last column)
)

// topCategories is how many countries and languages a table names; the
// rest go to Other (a long tail of tiny cells would be suppressed anyway,
// and every suppressed cell costs a complement).
const topCategories = 8

// Family is a table of breakdowns of the same things (clients counseled,
// new clients, contacts, …): every breakdown of a row sums to its total,
// so they are protected together (disclose.NewTableParts).
type Family string

// The families.
const (
	Clients  Family = "clients"  // clients counseled in the period
	Intakes  Family = "intakes"  // clients taken on in the period
	Closures Family = "closures" // files closed in the period
	Contacts Family = "contacts" // counseling contacts in the period
	Topics   Family = "topics"   // topics of the contacts (mentions)
	Goals    Family = "goals"    // goals of the plans of the clients counseled
)

// Families lists them in the order pages show them.
var Families = []Family{Clients, Intakes, Closures, Contacts, Topics, Goals}

// Dim is one breakdown (a part of a family's table).
type Dim string

// The breakdowns.
const (
	DimProgram     Dim = "program"
	DimAge         Dim = "age"
	DimGender      Dim = "gender"
	DimCountry     Dim = "country"
	DimLanguage    Dim = "language"
	DimResidence   Dim = "residence"
	DimArrival     Dim = "arrival"
	DimCloseReason Dim = "close_reason"
	DimChannel     Dim = "channel"
	DimInterpreter Dim = "interpreter"
	DimTopic       Dim = "topic"
	DimArea        Dim = "area"
	DimOutcome     Dim = "outcome"
)

// Fixed category lists, in the order tables show them.
var (
	AgeGroups      = []string{"0-17", "18-26", "27-39", "40-54", "55-64", "65+"}
	Genders        = []string{"female", "male", "diverse", "not_stated"}
	Residences     = []string{"eu_citizen", "permanent", "temporary", "asylum_pending", "tolerated", "humanitarian", "other", "not_stated"}
	ArrivalGroups  = []string{"0", "1-2", "3-5", "6-10", "11+", Unknown}
	CloseReasons   = []string{"goals_reached", "referred", "moved", "no_contact", "client_request", "ineligible", "other"}
	Channels       = []string{"in_person", "phone", "video", "online", "outreach"}
	Interpreter    = []string{"yes", "no"}
	GoalAreas      = []string{"language", "work", "education", "housing", "health", "family", "residence", "benefits", "participation"}
	GoalOutcomes   = []string{"reached", "partly", "not_reached", "open"}
	fixedByDimName = map[Dim][]string{DimAge: AgeGroups, DimGender: Genders, DimResidence: Residences, DimArrival: ArrivalGroups,
		DimCloseReason: CloseReasons, DimChannel: Channels, DimInterpreter: Interpreter, DimArea: GoalAreas, DimOutcome: GoalOutcomes}
)

// part is one breakdown as read: its query and how its categories are
// chosen.
type part struct {
	dim   Dim
	query Query // Of, Measure and Field; the period is filled in
	// top: the categories are the largest keys (topCategories), then
	// Other and Unknown; otherwise the fixed list (or the registry's).
	top bool
	// byProgram: no query of its own; the family's first breakdown's
	// tallies counted by program (every contact and goal belongs to the
	// program of its file), so a funder's column costs no extra read.
	byProgram bool
}

// programPart breaks a family down by program from its first part's tallies.
func programPart() part { return part{dim: DimProgram, byProgram: true} }

func clientPart(dim Dim, measure string, top bool) part {
	return part{dim: dim, top: top, query: Query{Of: OfClients, Measure: measure, Field: string(dim)}}
}

func contactPart(dim Dim, top bool) part {
	return part{dim: dim, top: top, query: Query{Of: OfContacts, Field: string(dim)}}
}

func goalPart(dim Dim) part { return part{dim: dim, query: Query{Of: OfGoals, Field: string(dim)}} }

// familyParts are the breakdowns of each family.
var familyParts = map[Family][]part{
	Clients: {
		clientPart(DimProgram, Counseled, false),
		clientPart(DimAge, Counseled, false),
		clientPart(DimGender, Counseled, false),
		clientPart(DimCountry, Counseled, true),
		clientPart(DimLanguage, Counseled, true),
		clientPart(DimResidence, Counseled, false),
		clientPart(DimArrival, Counseled, false),
	},
	Intakes:  {clientPart(DimProgram, TakenOn, false), clientPart(DimAge, TakenOn, false), clientPart(DimGender, TakenOn, false)},
	Closures: {clientPart(DimProgram, Closed, false), clientPart(DimCloseReason, Closed, false)},
	Contacts: {contactPart(DimChannel, false), contactPart(DimLanguage, true), contactPart(DimInterpreter, false), programPart()},
	Topics:   {contactPart(DimTopic, false), programPart()},
	Goals:    {goalPart(DimArea), goalPart(DimOutcome), programPart()},
}

// Dims lists a family's breakdowns.
func Dims(f Family) []Dim {
	var out []Dim
	for _, p := range familyParts[f] {
		out = append(out, p.dim)
	}
	return out
}
