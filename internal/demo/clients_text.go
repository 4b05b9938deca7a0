package demo

// Countries of origin of generated clients (ISO 3166-1), repeated by rough
// frequency, and the first language drawn with each.
var clientCountries = []string{"SY", "SY", "SY", "UA", "UA", "UA", "AF", "AF", "TR", "TR", "IQ", "IQ", "RU", "IR",
	"ER", "SO", "PL", "RO", "BG", "NG", "KZ", "VN"}

var countryLanguage = map[string]string{"SY": "ar", "UA": "uk", "AF": "fa", "TR": "tr", "IQ": "ar", "RU": "ru",
	"IR": "fa", "ER": "ti", "SO": "so", "PL": "pl", "RO": "ro", "BG": "bg", "NG": "en", "KZ": "ru", "VN": "vi"}

// contactNotes are short, invented counseling notes (no real person).
var contactNotes = []string{
	"Erstgespräch: Situation und Anliegen besprochen, nächste Schritte vereinbart.",
	"Antrag auf Bürgergeld gemeinsam ausgefüllt, Unterlagen fehlen noch.",
	"Termin bei der Ausländerbehörde vorbereitet, Fragen zur Verlängerung geklärt.",
	"Bewerbungsunterlagen überarbeitet, zwei Stellen in der Pflege gefunden.",
	"Anmeldung zum Integrationskurs besprochen, Wartezeit etwa acht Wochen.",
	"Schreiben des Jobcenters übersetzt und erklärt.",
	"Wohnungssuche: Wohnberechtigungsschein beantragt.",
	"Anerkennung des Berufsabschlusses: Unterlagen an die Anerkennungsstelle geschickt.",
	"Schulanmeldung für das Kind begleitet.",
	"Kurzer Anruf: Termin verschoben.",
	"Gespräch zur familiären Situation, Verweis an die Familienberatung.",
	"Krankenversicherung geklärt, Hausarztsuche besprochen.",
	"Einbürgerung: Voraussetzungen erklärt, Sprachnachweis fehlt noch.",
	"Schuldnerberatung vermittelt, Termin in drei Wochen.",
	"Ausbildungsplatzsuche: Praktikum im Handwerk vereinbart.",
}

// planAreaWeights: how often generated plans have a goal in each area.
var planAreaWeights = []weighted{{"language", 9}, {"work", 9}, {"education", 4}, {"housing", 5}, {"health", 3},
	{"family", 3}, {"residence", 5}, {"benefits", 4}, {"participation", 2}}

var goalTitles = map[string][]string{
	"language":      {"Deutsch auf B1-Niveau", "Integrationskurs abschließen", "Berufssprachkurs beginnen"},
	"work":          {"Arbeitsstelle finden", "Berufsabschluss anerkennen lassen", "Praktikum im Wunschberuf"},
	"education":     {"Schulabschluss nachholen", "Ausbildungsplatz finden", "Studium vorbereiten"},
	"housing":       {"Eigene Wohnung finden", "Mietschulden klären"},
	"health":        {"Hausärztin finden", "Therapieplatz finden"},
	"family":        {"Kinderbetreuung organisieren", "Familiennachzug vorbereiten"},
	"residence":     {"Aufenthaltserlaubnis verlängern", "Niederlassungserlaubnis beantragen"},
	"benefits":      {"Leistungen sichern", "Kindergeld beantragen"},
	"participation": {"Verein oder Ehrenamt finden", "Kontakte in der Nachbarschaft"},
}

var measureTexts = map[string][]string{
	"language":      {"Anmeldung beim Kursträger", "Einstufungstest machen", "Lernpartnerschaft suchen"},
	"work":          {"Lebenslauf erstellen", "Drei Bewerbungen schreiben", "Termin bei der Agentur für Arbeit"},
	"education":     {"Beratung bei der Schule", "Zeugnisse übersetzen lassen", "Bewerbung um einen Ausbildungsplatz"},
	"housing":       {"Wohnberechtigungsschein beantragen", "Wohnungsanzeigen prüfen"},
	"health":        {"Liste von Praxen zusammenstellen", "Termin vereinbaren"},
	"family":        {"Kita-Platz anfragen", "Unterlagen für den Nachzug sammeln"},
	"residence":     {"Unterlagen für die Ausländerbehörde sammeln", "Termin bei der Ausländerbehörde"},
	"benefits":      {"Antrag beim Jobcenter stellen", "Bescheid prüfen"},
	"participation": {"Sportverein anfragen", "Nachbarschaftstreff besuchen"},
}
