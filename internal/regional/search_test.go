package regional_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kmn-niedersachsen/kmn/internal/app/apptest"
	"github.com/kmn-niedersachsen/kmn/internal/auth/perm"
	"github.com/kmn-niedersachsen/kmn/internal/db"
	"github.com/kmn-niedersachsen/kmn/internal/regional"
)

// searchDay is a date of the search tests.
func searchDay(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// searchDocs are the items the search tests find: a meeting and a
// draft decision in hannover, a document in braunschweig, a thread of the
// state's space and a decision in hannover.
var searchDocs = []regional.Doc{
	{Kind: regional.DocMeeting, ID: "m-h", Space: "hannover", Title: "Planung der Sprachkurse für Eltern",
		Body: "Wir besprechen die Wohnungen in der Südstadt und die Ärzte mit Dolmetschern.", Date: searchDay("2026-03-01")},
	{Kind: regional.DocDocument, ID: "d-bs", Space: "braunschweig", Title: "Konzept Sprachkurs",
		Body: "Konzeptpapier zum Sprachkurs für Geflüchtete in Braunschweig.", Date: searchDay("2026-04-01")},
	{Kind: regional.DocThread, ID: "t-state", Space: regional.StateSpace, Title: "Wie geht ihr mit der Wohnungssuche um?",
		Body: "Erfahrungen mit der Wohnung und dem Jobcenter.", Date: searchDay("2026-05-01")},
	{Kind: regional.DocDecision, ID: "dec-h", Space: "hannover", Title: "Beschluss",
		Body: "Das Netzwerk richtet eine Arbeitsgruppe Wohnen ein.", Topic: "housing", Date: searchDay("2026-02-01"),
		Href: "/meetings/m-h/minutes"},
	{Kind: regional.DocDecision, ID: "dec-draft", Space: "hannover", Title: "Beschluss (Entwurf)",
		Body: "Ein Straßenfest im Sommer.", Date: searchDay("2026-02-01"), Href: "/meetings/m-h/minutes", CoordinatorsOnly: true},
}

func indexAll(t *testing.T, fx *fixture, docs ...regional.Doc) {
	t.Helper()
	for _, d := range docs {
		if err := fx.s.IndexForTest(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
}

// search runs q for x and returns the ids found and the total.
func search(t *testing.T, fx *fixture, x regional.Participant, q regional.Query) ([]string, int) {
	t.Helper()
	hits, total, err := fx.s.Search(context.Background(), x, q)
	if err != nil {
		t.Fatalf("search %+v: %v", q, err)
	}
	ids := make([]string, 0, len(hits))
	for _, h := range hits {
		ids = append(ids, h.ID)
	}
	return ids, total
}

func sameIDs(got []string, want ...string) bool {
	a, b := slices.Clone(got), slices.Clone(want)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// TestSearchGerman: words are found in their other forms (plural,
// umlaut or its transcription, ß or ss) and the last word as a prefix.
func TestSearchGerman(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		indexAll(t, fx, searchDocs...)
		ministry := fx.x(t, fx.ministry)
		for _, tc := range []struct {
			text string
			want []string
		}{
			{"Sprachkurs", []string{"m-h", "d-bs"}},
			{"Sprachkurse", []string{"m-h", "d-bs"}},
			{"sprachkursen", []string{"m-h", "d-bs"}},
			{"Sprachk", []string{"m-h", "d-bs"}},
			{"Wohnungen", []string{"m-h", "t-state"}},
			{"Wohnung", []string{"m-h", "t-state"}},
			{"Wohnungs", []string{"m-h", "t-state"}},
			{"Aerzte", []string{"m-h"}},
			{"ärzte", []string{"m-h"}},
			{"Arzt", []string{"m-h"}},
			{"Sudstadt", []string{"m-h"}},
			{"Strassenfest", []string{"dec-draft"}},
			{"Sprachkurs Eltern", []string{"m-h"}},
			{"Sprachkurs Jobcenter", nil},
			{"Arbeitsgruppe wohnen", []string{"dec-h"}},
		} {
			got, total := search(t, fx, ministry, regional.Query{Text: tc.text})
			if !sameIDs(got, tc.want...) || total != len(tc.want) {
				t.Errorf("%q: %v (total %d), want %v", tc.text, got, total, tc.want)
			}
		}
	})
}

// TestSearchScope: members find their region's items and the state's,
// never another region's; the ministry finds all; items for
// coordinators only reach the region's coordinators.
func TestSearchScope(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		indexAll(t, fx, searchDocs...)
		for _, tc := range []struct {
			who  string
			x    regional.Participant
			text string
			want []string
		}{
			{"member of hannover", fx.x(t, fx.member), "Sprachkurs", []string{"m-h"}},
			{"member of braunschweig", fx.x(t, fx.other), "Sprachkurs", []string{"d-bs"}},
			{"member of braunschweig", fx.x(t, fx.other), "Wohnung", []string{"t-state"}},
			{"ministry", fx.x(t, fx.ministry), "Sprachkurs", []string{"m-h", "d-bs"}},
			{"member of hannover", fx.x(t, fx.member), "Straßenfest", nil},
			{"coordinator of hannover", fx.x(t, fx.coord), "Straßenfest", []string{"dec-draft"}},
			{"coordinator of braunschweig", fx.x(t, fx.otherCoord), "Straßenfest", nil},
			{"ministry", fx.x(t, fx.ministry), "Straßenfest", []string{"dec-draft"}},
			{"admin", fx.x(t, fx.srv.CreateAccount(t, "admin-rv@example.org", perm.Admin, perm.Statewide, "")), "Wohnung", nil},
		} {
			if got, total := search(t, fx, tc.x, regional.Query{Text: tc.text}); !sameIDs(got, tc.want...) || total != len(tc.want) {
				t.Errorf("%s, %q: %v (total %d), want %v", tc.who, tc.text, got, total, tc.want)
			}
		}
		// A space the reader does not see finds nothing, even by name.
		if got, _ := search(t, fx, fx.x(t, fx.member), regional.Query{Text: "Sprachkurs", Space: "braunschweig"}); len(got) != 0 {
			t.Errorf("member of hannover in braunschweig: %v", got)
		}
	})
}

// TestSearchFilters: kind, space, topic and dates narrow the search; a
// hit carries its link, date and a snippet.
func TestSearchFilters(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		indexAll(t, fx, searchDocs...)
		x := fx.x(t, fx.ministry)
		for _, tc := range []struct {
			name string
			q    regional.Query
			want []string
		}{
			{"kind", regional.Query{Text: "Wohnung", Kinds: []string{regional.DocThread}}, []string{"t-state"}},
			{"kinds", regional.Query{Text: "Wohnung", Kinds: []string{regional.DocThread, regional.DocMeeting}}, []string{"t-state", "m-h"}},
			{"unknown kind", regional.Query{Text: "Wohnung", Kinds: []string{"minutes"}}, nil},
			{"space", regional.Query{Text: "Sprachkurs", Space: "braunschweig"}, []string{"d-bs"}},
			{"state space", regional.Query{Text: "Wohnung", Space: regional.StateSpace}, []string{"t-state"}},
			{"topic", regional.Query{Text: "wohnen", Topic: "housing"}, []string{"dec-h"}},
			{"other topic", regional.Query{Text: "wohnen", Topic: "health"}, nil},
			{"from", regional.Query{Text: "Wohnung", From: searchDay("2026-03-02")}, []string{"t-state"}},
			{"to", regional.Query{Text: "Wohnung", To: searchDay("2026-03-01")}, []string{"m-h"}},
			{"on the day", regional.Query{Text: "Sprachkurs", From: searchDay("2026-04-01"), To: searchDay("2026-04-01")}, []string{"d-bs"}},
			{"empty range", regional.Query{Text: "Sprachkurs", From: searchDay("2026-04-02"), To: searchDay("2026-04-30")}, nil},
		} {
			if got, total := search(t, fx, x, tc.q); !sameIDs(got, tc.want...) || total != len(tc.want) {
				t.Errorf("%s: %v (total %d), want %v", tc.name, got, total, tc.want)
			}
		}
		hits, _, err := fx.s.Search(context.Background(), x, regional.Query{Text: "Sprachkurs", Kinds: []string{regional.DocDocument}})
		if err != nil || len(hits) != 1 {
			t.Fatalf("hits %v, %v", hits, err)
		}
		want := regional.Hit{Kind: regional.DocDocument, ID: "d-bs", Space: "braunschweig", Title: "Konzept Sprachkurs",
			Snippet: "Konzeptpapier zum Sprachkurs für Geflüchtete in Braunschweig.", Date: searchDay("2026-04-01"), Href: "/documents/d-bs"}
		if hits[0] != want {
			t.Errorf("hit\n%+v, want\n%+v", hits[0], want)
		}
		hits, _, _ = fx.s.Search(context.Background(), x, regional.Query{Text: "Wohnen", Topic: "housing"})
		if len(hits) != 1 || hits[0].Href != "/meetings/m-h/minutes" || hits[0].Topic != "housing" {
			t.Errorf("decision hit %+v", hits)
		}
	})
}

// TestSearchIndexChanges: indexing again replaces an item, unindexing
// removes it, and a decision without a link takes its meeting's minutes.
func TestSearchIndexChanges(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		ctx := context.Background()
		x := fx.x(t, fx.ministry)
		indexAll(t, fx, searchDocs...)
		changed := searchDocs[0]
		changed.Title, changed.Body = "Planung der Integrationskurse", "Termine im Herbst."
		indexAll(t, fx, changed)
		if got, _ := search(t, fx, x, regional.Query{Text: "Eltern"}); len(got) != 0 {
			t.Errorf("the old words still find the item: %v", got)
		}
		if got, total := search(t, fx, x, regional.Query{Text: "Integrationskurs Herbst"}); !sameIDs(got, "m-h") || total != 1 {
			t.Errorf("the new words: %v", got)
		}
		if err := fx.s.UnindexForTest(ctx, regional.DocDocument, "d-bs"); err != nil {
			t.Fatal(err)
		}
		if got, _ := search(t, fx, x, regional.Query{Text: "Sprachkurs"}); len(got) != 0 {
			t.Errorf("after unindex: %v", got)
		}
		// Indexed once more after removal, it is found again.
		indexAll(t, fx, searchDocs[1])
		if got, _ := search(t, fx, x, regional.Query{Text: "Konzeptpapier"}); !sameIDs(got, "d-bs") {
			t.Errorf("indexed again: %v", got)
		}

		err := fx.s.IndexForTest(ctx, regional.Doc{Kind: regional.DocDecision, ID: "no-such-decision", Space: "hannover", Title: "x"})
		if err == nil {
			t.Error("a decision without a row and without a link was indexed")
		}
		for _, d := range []regional.Doc{{Kind: "minutes", ID: "a", Space: "hannover"}, {Kind: regional.DocThread, Space: "hannover"}} {
			if err := fx.s.IndexForTest(ctx, d); err == nil {
				t.Errorf("incomplete %+v indexed", d)
			}
		}
		if fx.srv.App.DB.Dialect() == db.SQLite {
			if _, err := fx.srv.App.DB.Exec(ctx, "INSERT INTO regional_search_fts (regional_search_fts) VALUES ('integrity-check')"); err != nil {
				t.Errorf("the FTS index is out of step with its table: %v", err)
			}
		}
		n, err := fx.s.ReanalyseSearch(ctx)
		if err != nil || n != len(searchDocs) {
			t.Errorf("reanalyse: %d, %v", n, err)
		}
		if got, _ := search(t, fx, x, regional.Query{Text: "Wohnungen"}); !sameIDs(got, "t-state") {
			t.Errorf("after reanalysis: %v", got)
		}
	})
}

// TestSearchPages: a page of hits with the total; equal matches come
// newest first; a word in the title ranks above one in the text.
func TestSearchPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		x := fx.x(t, fx.member)
		start := searchDay("2026-01-01")
		for i := range 25 {
			indexAll(t, fx, regional.Doc{Kind: regional.DocThread, ID: fmt.Sprintf("t%02d", i), Space: "hannover",
				Title: "Frage", Body: "Wer kennt eine Beratung zur Anerkennung?", Date: start.AddDate(0, 0, i)})
		}
		got, total := search(t, fx, x, regional.Query{Text: "Anerkennung", Limit: 10})
		if total != 25 || len(got) != 10 || got[0] != "t24" || got[9] != "t15" {
			t.Errorf("first page: %v, total %d", got, total)
		}
		got, total = search(t, fx, x, regional.Query{Text: "Anerkennung", Limit: 10, Offset: 20})
		if total != 25 || !slices.Equal(got, []string{"t04", "t03", "t02", "t01", "t00"}) {
			t.Errorf("last page: %v, total %d", got, total)
		}
		if got, total = search(t, fx, x, regional.Query{Text: "Anerkennung", Offset: 100}); len(got) != 0 || total != 25 {
			t.Errorf("past the end: %v, total %d", got, total)
		}
		indexAll(t, fx, regional.Doc{Kind: regional.DocThread, ID: "title", Space: "hannover", Title: "Anerkennung",
			Body: "Wer weiß etwas dazu?", Date: start})
		if got, _ = search(t, fx, x, regional.Query{Text: "Anerkennung", Limit: 3}); len(got) == 0 || got[0] != "title" {
			t.Errorf("the title's word does not rank first: %v", got)
		}
	})
}

// TestSearchHostileQueries: operators of either engine's query language,
// quotes, odd characters and very long texts are words or nothing,
// never an error; a query of stop words only finds nothing.
func TestSearchHostileQueries(t *testing.T) {
	forEachEngine(t, func(t *testing.T, fx *fixture) {
		indexAll(t, fx, searchDocs...)
		x := fx.x(t, fx.ministry)
		for _, text := range []string{"", "   ", "die und der", `"`, `"Sprachkurs`, "Sprachkurs*", "*", "NEAR(Sprachkurs Eltern)",
			"Sprachkurs NEAR Eltern", "-Sprachkurs", "Sprachkurs -Eltern", "(Sprachkurs", "Sprachkurs)", "a OR b", "NOT Eltern",
			"Sprachkurs AND", "title_terms:Sprachkurs", "'; DROP TABLE regional_search; --", "Sprach' & !kurs:*", "<->", "\\",
			"\x00Sprachkurs", "\xff\xfe", "^Sprachkurs", "{Sprachkurs}", strings.Repeat("Sprachkurs ", 5000),
			strings.Repeat("x", 100000), strings.Repeat("(", 1000)} {
			if _, _, err := fx.s.Search(context.Background(), x, regional.Query{Text: text}); err != nil {
				t.Errorf("%.40q: %v", text, err)
			}
		}
		for _, text := range []string{"", "die und der", "*", `"`} {
			if got, total := search(t, fx, x, regional.Query{Text: text}); len(got) != 0 || total != 0 {
				t.Errorf("%q found %v", text, got)
			}
		}
		// Operator words are plain words.
		if got, _ := search(t, fx, x, regional.Query{Text: "NEAR(Sprachkurs Eltern)"}); len(got) != 0 {
			t.Errorf("NEAR as an operator: %v", got)
		}
		if got, _ := search(t, fx, x, regional.Query{Text: "(Sprachkurs) -Eltern"}); !sameIDs(got, "m-h") {
			t.Errorf("punctuation is no operator: %v", got)
		}
	})
}

// TestSearchSnippet: the excerpt is plain text around the first word
// found, cut at words.
func TestSearchSnippet(t *testing.T) {
	long := "Dies ist ein sehr langer Text über viele Dinge, die man wissen muss, bevor man zum eigentlichen Punkt kommt, " +
		"nämlich den <b>Sprachkursen</b> für Eltern in Hannover, die im Herbst beginnen sollen und dann weiter laufen bis " +
		"zum Sommer des nächsten Jahres und darüber hinaus noch lange Zeit."
	got := regional.SnippetForTest(long, "Sprachkurs")
	if !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") || !strings.Contains(got, "<b>Sprachkursen</b> für Eltern") ||
		len([]rune(got)) > 205 || strings.Contains(got, "Dies ist") {
		t.Errorf("snippet %q", got)
	}
	if got := regional.SnippetForTest("Kurz\nund   knapp.", "Fahrrad"); got != "Kurz und knapp." {
		t.Errorf("no match: %q", got)
	}
	if got := regional.TermsForTest("Die Sprachkurse, Wohnungen und Ärzte"); got != "sprachkur sprachkurse wohnung wohnungen arzt arzte" {
		t.Errorf("terms %q", got)
	}
}

// BenchmarkSearch measures queries over 5,000 items of about 80 words
// each in the ministry's view, on each engine (PostgreSQL when
// KMN_TEST_POSTGRES is set): a broad one that every item matches (two
// words, the last as a prefix) and a selective one that 50 match; the
// setup reports what indexing one item cost.
func BenchmarkSearch(b *testing.B) {
	vocabulary := strings.Fields(`Sprachkurse Wohnungen Ärzte Beratung Jobcenter Ausländerbehörde Anerkennung Schule Eltern
		Kinder Integrationskurs Aufenthaltstitel Arbeitsmarkt Netzwerk Treffen Protokoll Beschluss Aufgabe Ehrenamt Dolmetscher
		Gesundheit Familie Ausbildung Einbürgerung Schulden Gewaltschutz Migrationsberatung Jugendmigrationsdienst Förderplan`)
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			srv := apptest.Start(b, apptest.Options{Postgres: engine == "postgres"})
			s := regional.NewStore(srv.App.DB, srv.App.Audit, srv.App.Keys, regional.Options{Clock: srv.App.Clock})
			ministry := srv.CreateAccount(b, "ministerium-bench@example.org", perm.Ministry, perm.Statewide, "")
			x, err := s.ParticipantOf(context.Background(), srv.Principal(b, ministry))
			if err != nil {
				b.Fatal(err)
			}
			regions := x.Regions()
			const items = 5000
			start := time.Now()
			for i := range items {
				var body strings.Builder
				for j := range 80 {
					body.WriteString(vocabulary[(i*7+j*13)%len(vocabulary)])
					body.WriteByte(' ')
				}
				if i%100 == 0 {
					body.WriteString("Fahrradwerkstatt")
				}
				if err := s.IndexForTest(context.Background(), regional.Doc{Kind: regional.DocThread, ID: fmt.Sprint("b", i),
					Space: regions[i%len(regions)], Title: vocabulary[i%len(vocabulary)], Body: body.String(),
					Date: searchDay("2026-01-01").AddDate(0, 0, i%365)}); err != nil {
					b.Fatal(err)
				}
			}
			b.Logf("%s: indexing took %v per item", engine, time.Since(start)/items)
			// The baseline: one trivial statement through the same pool.
			b.Run("trivial", func(b *testing.B) {
				for b.Loop() {
					var one int
					if err := srv.App.DB.QueryRow(context.Background(), "SELECT 1").Scan(&one); err != nil {
						b.Fatal(err)
					}
				}
			})
			for name, text := range map[string]string{"broad": "Wohnungen Beratu", "selective": "Fahrradwerkstätten"} {
				b.Run(name, func(b *testing.B) {
					for b.Loop() {
						if _, _, err := s.Search(context.Background(), x, regional.Query{Text: text, Limit: 20}); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}
