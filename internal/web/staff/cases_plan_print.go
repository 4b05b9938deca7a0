package staff

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/kmn-niedersachsen/kmn/internal/casework"
	"github.com/kmn-niedersachsen/kmn/internal/i18n"
	"github.com/kmn-niedersachsen/kmn/internal/web/site"
)

// printLabel is a heading or label of the printed plan in German and, when
// the client's first language is one of the public languages, in that
// language too.
type printLabel struct {
	De, Other, Lang, Dir string
}

// planPrintPage is the printable plan: German first, each heading also in
// the client's language. What the counselor typed stays as typed.
type planPrintPage struct {
	site.Base
	File               *casework.File
	Plan               *casework.Plan
	Label              map[string]printLabel
	StartsOn, ReviewOn string
	Goals              []printGoal
}

type printGoal struct {
	Goal          printLabel // "Ziel 1 / ..."
	Area, Outcome printLabel // Outcome.De is "" when not assessed
	Title         string
	Measures      []printMeasure
}

type printMeasure struct {
	Description         string
	Responsible, Status printLabel
	DueOn, ReviewOn     string
}

// planPrintLabels are the headings of the printed plan (planprint.<key>).
var planPrintLabels = []string{"title", "file_code", "version", "starts_on", "review_on", "goal", "area", "outcome",
	"measures", "measure", "responsible", "due_on", "status", "review", "no_goals", "no_measures", "signatures",
	"sign_client", "sign_counselor"}

// printLanguageAliases map ISO 639-2/3 codes to the catalog languages.
var printLanguageAliases = map[string]string{"ara": "ar", "fas": "fa", "per": "fa", "prs": "fa", "ukr": "uk",
	"rus": "ru", "tur": "tr", "eng": "en", "deu": "de", "ger": "de"}

// printLanguage is the second language of the printed plan for a file's
// first language, or "" when there is none besides German.
func (h *Handler) printLanguage(first string) string {
	lang := strings.ToLower(strings.TrimSpace(first))
	if alias, ok := printLanguageAliases[lang]; ok {
		lang = alias
	}
	if lang == "de" || !slices.Contains(i18n.Public, lang) || !h.Catalog.Has(lang) {
		return ""
	}
	return lang
}

func (h *Handler) printPlan(w http.ResponseWriter, r *http.Request, cw caseWork, f *casework.File) {
	p, ok := h.planOf(w, r, cw, f)
	if !ok {
		return
	}
	de := h.Catalog.Localizer("de")
	var other *i18n.Localizer
	if lang := h.printLanguage(f.FirstLanguage); lang != "" {
		other = h.Catalog.Localizer(lang)
	}
	label := func(key string, kv ...any) printLabel {
		l := printLabel{De: de.T("planprint."+key, kv...)}
		if other != nil {
			l.Other, l.Lang, l.Dir = other.T("planprint."+key, kv...), other.Lang, other.Dir()
		}
		return l
	}
	b := h.Base(w, r, "plan.title")
	b.Title = de.T("planprint.title") + " – " + f.Code
	page := planPrintPage{Base: b, File: f, Plan: p, Label: map[string]printLabel{},
		StartsOn: de.Date(p.StartsOn), ReviewOn: de.Date(p.ReviewOn)}
	for _, k := range planPrintLabels {
		page.Label[k] = label(k)
	}
	for i, g := range p.Goals {
		pg := printGoal{Goal: label("goal_n", "n", strconv.Itoa(i+1)), Area: label("area." + g.Area), Title: g.Title}
		if g.Outcome != "" {
			pg.Outcome = label("outcome." + g.Outcome)
		}
		for _, m := range g.Measures {
			pg.Measures = append(pg.Measures, printMeasure{Description: m.Description,
				Responsible: label("responsible." + m.Responsible), Status: label("status." + m.Status),
				DueOn: de.Date(m.DueOn), ReviewOn: de.Date(m.ReviewOn)})
		}
		page.Goals = append(page.Goals, pg)
	}
	h.Render(w, r, http.StatusOK, "cases_plan_print", page)
}

// planOf reads the plan of file f for cw, answering the error page itself
// when it cannot; ok says whether to go on.
func (h *Handler) planOf(w http.ResponseWriter, r *http.Request, cw caseWork, f *casework.File) (*casework.Plan, bool) {
	p, err := h.Cases.Plan(r.Context(), cw.Viewer, f.ID)
	if err != nil {
		h.caseOutcome(w, r, err)
		return nil, false
	}
	return p, true
}
