package demo

// Word lists for invented but plausible names. All persons, associations
// and addresses are fictitious; any likeness to real ones is coincidence.

// provider is a welfare organisation that carries counseling offices.
type provider struct {
	key   string // used in external ids and URLs
	short string // used in office names: "… – Caritas Göttingen"
	// name makes the organisation's name for a district label.
	name func(label string) string
}

var providers = map[string]provider{
	"caritas":  {"caritas", "Caritas", func(l string) string { return "Caritasverband " + l + " e. V." }},
	"diakonie": {"diakonie", "Diakonie", func(l string) string { return "Diakonisches Werk " + l + " e. V." }},
	"awo":      {"awo", "AWO", func(l string) string { return "AWO Kreisverband " + l + " e. V." }},
	"drk":      {"drk", "DRK", func(l string) string { return "DRK-Kreisverband " + l + " e. V." }},
	"paritaet": {"paritaet", "Paritätischer", func(l string) string { return "Der Paritätische " + l }},
	"ib":       {"ib", "IB", func(l string) string { return "Internationaler Bund – Standort " + l }},
	"cjd":      {"cjd", "CJD", func(l string) string { return "CJD " + l + " e. V." }},
}

// weighted is a choice with a relative weight.
type weighted struct {
	key    string
	weight int
}

// providerWeights says who usually carries which kind of office.
var providerWeights = map[officeKind][]weighted{
	kindMBE:    {{"caritas", 3}, {"diakonie", 3}, {"awo", 2}, {"drk", 2}, {"paritaet", 1}},
	kindJMD:    {{"diakonie", 3}, {"caritas", 2}, {"awo", 2}, {"ib", 2}, {"cjd", 1}, {"drk", 1}},
	kindMBEJMD: {{"caritas", 1}, {"diakonie", 1}, {"awo", 1}},
	kindMBEIA:  {{"caritas", 2}, {"diakonie", 2}, {"awo", 2}, {"drk", 1}, {"paritaet", 2}},
}

// msoTemplate is a migrant self-organisation and the language it adds.
type msoTemplate struct{ prefix, lang string }

var msoTemplates = []msoTemplate{
	{"Ukrainischer Verein", "uk"},
	{"Afrikanisches Kulturzentrum", "fr"},
	{"Deutsch-Syrischer Kulturverein", "ar"},
	{"Arabischer Frauenverein", "ar"},
	{"Türkisch-Deutscher Elternverein", "tr"},
	{"Kurdisches Kulturzentrum", "ku"},
	{"Afghanischer Kulturverein", "prs"},
	{"Iranische Gemeinde", "fa"},
	{"Eritreische Gemeinschaft", "ti"},
	{"Somalischer Verein", "so"},
	{"Polnischer Sozialrat", "pl"},
	{"Rumänisch-Deutscher Kulturverein", "ro"},
	{"Bulgarisches Kulturforum", "bg"},
	{"Russischsprachige Eltern", "ru"},
	{"Internationales Frauencafé", "en"},
	{"Jesidisches Forum", "ku"},
}

var associationPrefixes = []string{"Flüchtlingshilfe", "Haus der Kulturen", "Netzwerk Integration", "Interkulturelles Zentrum"}

var streets = []string{
	"Bahnhofstraße", "Marktplatz", "Hauptstraße", "Kirchstraße", "Schulstraße", "Lange Straße", "Goethestraße",
	"Schillerstraße", "Am Markt", "Poststraße", "Friedrichstraße", "Wilhelmstraße", "Lindenstraße", "Gartenstraße",
	"Mühlenstraße", "Breite Straße", "Am Wall", "Georgstraße", "Kaiserstraße", "Berliner Straße", "Osterstraße",
	"Hohe Straße", "Burgstraße", "Marienstraße", "Klosterstraße", "Am Hafen", "Neue Straße", "Bürgerstraße",
	"Friedenstraße", "Parkstraße", "Rosenstraße", "Südstraße", "Nordstraße", "Ringstraße", "Heinrich-Heine-Straße",
}

// Languages of clients' countries of origin, with how often offices offer them.
var languageWeights = []weighted{
	{"ar", 10}, {"uk", 10}, {"ru", 8}, {"tr", 8}, {"fa", 7}, {"en", 9}, {"ku", 5}, {"prs", 4},
	{"pl", 4}, {"ro", 4}, {"bg", 3}, {"fr", 4}, {"ti", 2}, {"so", 2},
}

// topicWeights by program: MBE leans to work, language and residence law,
// JMD to school, training and family.
var topicWeights = map[string][]weighted{
	"mbe": {{"residence_law", 8}, {"social_benefits", 6}, {"work", 8}, {"language_courses", 8}, {"recognition", 5},
		{"housing", 5}, {"health", 3}, {"family", 4}, {"school_training", 1}, {"psychosocial", 2}, {"naturalisation", 3},
		{"debt", 2}, {"violence_protection", 1}},
	"jmd": {{"school_training", 9}, {"family", 7}, {"language_courses", 6}, {"work", 5}, {"residence_law", 4},
		{"recognition", 3}, {"psychosocial", 4}, {"housing", 2}, {"social_benefits", 2}, {"health", 2},
		{"violence_protection", 2}, {"naturalisation", 1}, {"debt", 1}},
	"integrationsarbeit": {{"residence_law", 7}, {"social_benefits", 6}, {"psychosocial", 6}, {"work", 5}, {"family", 4},
		{"school_training", 4}, {"housing", 4}, {"health", 3}, {"language_courses", 3}, {"violence_protection", 3},
		{"naturalisation", 2}, {"recognition", 2}, {"debt", 2}},
	"leitstelle": {{"work", 3}, {"language_courses", 3}, {"school_training", 3}, {"recognition", 3}, {"naturalisation", 3},
		{"housing", 2}, {"family", 2}, {"health", 1}, {"residence_law", 1}},
}

// weeklyPatterns are typical opening hours: mornings Monday to Thursday,
// some afternoons, Friday mornings.
var weeklyPatterns = []string{
	"Mo 09:00-12:00; Di 09:00-12:00,14:00-17:00; Mi 09:00-12:00; Do 09:00-12:00,14:00-18:00; Fr 09:00-12:00",
	"Mo-Fr 08:30-12:30",
	"Mo 09:00-13:00; Di 09:00-13:00; Do 13:00-17:00; Fr 09:00-12:00",
	"Mo-Do 08:00-12:00,13:00-16:00; Fr 08:00-12:00",
	"Di 10:00-13:00; Mi 14:00-18:00; Do 10:00-13:00",
	"Mo 10:00-12:00; Mi 10:00-12:00,14:00-16:00; Fr 10:00-12:00",
	"Mo-Mi 09:00-12:00; Do 13:00-18:00; Fr 09:00-12:00",
	"Mo-Do 09:00-15:00; Fr 09:00-12:00",
}

// youthPatterns suit JMD offices: afternoons after school.
var youthPatterns = []string{
	"Mo 10:00-13:00; Di 14:00-18:00; Mi 10:00-13:00; Do 14:00-18:00; Fr 10:00-13:00",
	"Mo-Do 13:00-18:00; Fr 10:00-14:00",
}

var appointmentInfos = []string{
	"",
	"",
	"Termine nach Vereinbarung, auch außerhalb der Sprechzeiten.",
	"Offene Sprechstunde ohne Termin; sonst bitte vorher anrufen.",
	"Beratung auch per Video oder Telefon möglich.",
	"Dolmetscher:innen können auf Wunsch vermittelt werden.",
}

// nameGroup is a set of first and last names from one background.
type nameGroup struct {
	weight      int
	first, last []string
}

var nameGroups = []nameGroup{
	{10, []string{"Anna", "Lena", "Julia", "Katrin", "Sabine", "Maren", "Jonas", "Lukas", "Tobias", "Frank", "Heike", "Birgit",
		"Sven", "Jens", "Insa", "Hauke", "Wiebke", "Ole", "Kirsten", "Dirk"},
		[]string{"Müller", "Schmidt", "Meyer", "Schulze", "Wagner", "Becker", "Hoffmann", "Koch", "Janssen", "Peters", "Hinrichs",
			"Gerdes", "Lange", "Brandt", "Wolters", "Behrens", "Kruse", "Fischer", "Onken", "Harms"}},
	{4, []string{"Ayşe", "Mehmet", "Elif", "Emre", "Zeynep", "Murat", "Fatma", "Serkan", "Derya", "Burak"},
		[]string{"Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Arslan", "Doğan", "Koç"}},
	{4, []string{"Rania", "Omar", "Layla", "Yusuf", "Nour", "Khaled", "Samira", "Tarek", "Huda", "Bilal"},
		[]string{"Haddad", "Al-Hassan", "Khalil", "Nasser", "Saleh", "Mansour", "Darwish", "Haidar", "Youssef", "Aziz"}},
	{3, []string{"Olena", "Iryna", "Oksana", "Andriy", "Taras", "Natalia", "Dmytro", "Svitlana"},
		[]string{"Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Melnyk", "Kravchenko", "Oliynyk", "Lysenko"}},
	{2, []string{"Agnieszka", "Katarzyna", "Piotr", "Tomasz", "Magdalena", "Paweł"},
		[]string{"Nowak", "Wójcik", "Kaczmarek", "Mazur", "Krawczyk", "Zając"}},
	{2, []string{"Maryam", "Reza", "Shirin", "Farid", "Parisa", "Ahmad", "Zahra", "Navid"},
		[]string{"Ahmadi", "Karimi", "Hosseini", "Rahimi", "Mohammadi", "Sadeghi", "Rezaei", "Amiri"}},
	{1, []string{"Dilan", "Rojda", "Baran", "Zozan", "Azad"},
		[]string{"Aslan", "Bozkurt", "Ekinci", "Tekin", "Güneş"}},
	{1, []string{"Amanuel", "Selam", "Fatuma", "Abdi", "Aminata", "Kwame"},
		[]string{"Tesfay", "Haile", "Warsame", "Diallo", "Mensah", "Okafor"}},
	{1, []string{"Elena", "Ionuț", "Mihaela", "Georgi", "Desislava", "Radu"},
		[]string{"Popescu", "Ionescu", "Munteanu", "Stoica", "Constantin", "Marin"}},
}

// areaCodes gives each district the dialling code of its main town, for
// plausible (invented) phone numbers.
var areaCodes = map[string]string{
	"03101": "0531", "03102": "05341", "03103": "05361", "03151": "05371", "03153": "05321", "03154": "05351",
	"03155": "05551", "03157": "05171", "03158": "05331", "03159": "0551", "03241": "0511", "03251": "05441",
	"03252": "05151", "03254": "05121", "03255": "05531", "03256": "05021", "03257": "05721", "03351": "05141",
	"03352": "04721", "03353": "04171", "03354": "05841", "03355": "04131", "03356": "04791", "03357": "04261",
	"03358": "05191", "03359": "04141", "03360": "0581", "03361": "04231", "03401": "04221", "03402": "04921",
	"03403": "0441", "03404": "0541", "03405": "04421", "03451": "04488", "03452": "04941", "03453": "04471",
	"03454": "05931", "03455": "04461", "03456": "05921", "03457": "0491", "03458": "04431", "03459": "0541",
	"03460": "04441", "03461": "04401", "03462": "04462",
}

// labelOverrides disambiguate district names in organisation names
// (city and Landkreis of Osnabrück and Oldenburg share a short name).
var labelOverrides = map[string]string{
	"03241": "Hannover",
	"03403": "Oldenburg",
	"03458": "Landkreis Oldenburg",
	"03459": "Landkreis Osnabrück",
}

// townOf names the district's main town (the seat of the Landkreis; for
// the Landkreis Osnabrück, whose seat lies in the city, its largest town).
var townOf = map[string]string{
	"03101": "Braunschweig", "03102": "Salzgitter", "03103": "Wolfsburg", "03151": "Gifhorn", "03153": "Goslar",
	"03154": "Helmstedt", "03155": "Northeim", "03157": "Peine", "03158": "Wolfenbüttel", "03159": "Göttingen",
	"03241": "Hannover", "03251": "Diepholz", "03252": "Hameln", "03254": "Hildesheim", "03255": "Holzminden",
	"03256": "Nienburg (Weser)", "03257": "Stadthagen", "03351": "Celle", "03352": "Cuxhaven", "03353": "Winsen (Luhe)",
	"03354": "Lüchow", "03355": "Lüneburg", "03356": "Osterholz-Scharmbeck", "03357": "Rotenburg (Wümme)",
	"03358": "Soltau", "03359": "Stade", "03360": "Uelzen", "03361": "Verden (Aller)", "03401": "Delmenhorst",
	"03402": "Emden", "03403": "Oldenburg", "03404": "Osnabrück", "03405": "Wilhelmshaven", "03451": "Westerstede",
	"03452": "Aurich", "03453": "Cloppenburg", "03454": "Meppen", "03455": "Jever", "03456": "Nordhorn",
	"03457": "Leer (Ostfriesland)", "03458": "Wildeshausen", "03459": "Melle", "03460": "Vechta", "03461": "Brake",
	"03462": "Wittmund",
}
