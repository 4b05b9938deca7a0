package public

import "time"

// statement holds the facts of the accessibility statement that are not
// translated text, in one place: when the statement was prepared and last
// reviewed, who is responsible, and where the enforcement procedure
// starts. A review changes these values (and, if the findings changed,
// the texts of the "access" catalogs); the contact e-mail address comes
// from the configuration (--accessibility-contact).
//
// Names of German bodies and laws stay German in every language; the page
// marks them lang="de".
type statementFacts struct {
	// Prepared is when the statement was first prepared, Reviewed when it
	// was last checked against the site.
	Prepared, Reviewed time.Time
	// Body is the public body responsible for the site: the ministry
	// whose department coordinates the KMN.
	Body, Department string
	Street, City     string
	// Law is the Lower Saxony law that carries Directive (EU) 2016/2102
	// into state law, with the sections on accessible IT.
	Law, LawSections string
	// Conciliation is the body of the enforcement procedure for public
	// bodies of Lower Saxony, and the page that describes it.
	Conciliation, ConciliationURL string
}

// statement is the one value of the statement's facts.
var statement = statementFacts{
	Prepared:        time.Date(2026, time.December, 7, 0, 0, 0, 0, time.UTC),
	Reviewed:        time.Date(2026, time.December, 7, 0, 0, 0, 0, time.UTC),
	Body:            "Niedersächsisches Ministerium für Soziales, Arbeit, Gesundheit und Gleichstellung",
	Department:      "Abteilung Migration und Generationen",
	Street:          "Hannah-Arendt-Platz 2",
	City:            "30159 Hannover",
	Law:             "Niedersächsisches Behindertengleichstellungsgesetz (NBGG)",
	LawSections:     "§§\u00a09a–9e NBGG",
	Conciliation:    "Schlichtungsstelle nach §\u00a09d NBGG bei der Landesbeauftragten für Menschen mit Behinderungen",
	ConciliationURL: "https://www.behindertenbeauftragte-niedersachsen.de/DE/Schlichtungsstelle/Schlichtungsverfahren/Aufgabe/Aufgabe_node.html",
}
