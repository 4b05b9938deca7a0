package demo

import (
	"slices"

	"github.com/kmn-niedersachsen/kmn/internal/network"
)

// hannoverAppointment is the appointment text of the demo accounts'
// office. It has Arabic, Farsi, Ukrainian and English versions but no
// Russian or Turkish one, so the demo shows both a translated text and
// the marked German fallback on the same office page.
const hannoverAppointment = "Rufen Sie uns an oder schreiben Sie eine E-Mail; wir vereinbaren dann einen Termin mit Ihnen. " +
	"Bitte bringen Sie Ihren Pass, Ihren Aufenthaltstitel und Briefe von Behörden mit."

// closedAppointment is the text of temporarily closed offices.
const closedAppointment = "Vorübergehend geschlossen; bitte wenden Sie sich an die Beratungsstellen in der Nähe."

// appointmentTranslations are the versions of every German appointment
// text the generator uses, by language.
var appointmentTranslations = map[string]map[string]string{
	"Termine nach Vereinbarung, auch außerhalb der Sprechzeiten.": {
		"en": "Appointments by arrangement, also outside our opening hours.",
		"ar": "المواعيد بالاتفاق، حتى خارج أوقات الدوام.",
		"fa": "وقت ملاقات با هماهنگی قبلی، حتی خارج از ساعات کاری.",
		"uk": "Зустрічі за домовленістю, також поза годинами прийому.",
		"ru": "Встречи по договорённости, в том числе вне часов приёма.",
		"tr": "Randevular, görüşme saatleri dışında da anlaşmaya göre verilir.",
	},
	"Offene Sprechstunde ohne Termin; sonst bitte vorher anrufen.": {
		"en": "Open consultation hours without an appointment; otherwise please call ahead.",
		"ar": "ساعات استشارة مفتوحة دون موعد مسبق؛ وفي غير ذلك يرجى الاتصال بنا مسبقًا.",
		"fa": "ساعات مشاوره آزاد بدون وقت قبلی؛ در غیر این صورت لطفاً از قبل تماس بگیرید.",
		"uk": "Відкриті години консультацій без запису; в інший час, будь ласка, зателефонуйте заздалегідь.",
		"ru": "Открытые часы консультаций без записи; в остальное время, пожалуйста, позвоните заранее.",
		"tr": "Randevusuz açık danışma saatleri; bunun dışında lütfen önceden arayın.",
	},
	"Beratung auch per Video oder Telefon möglich.": {
		"en": "Counselling is also possible by video call or phone.",
		"ar": "الاستشارة ممكنة أيضًا عبر مكالمة فيديو أو الهاتف.",
		"fa": "مشاوره از طریق تماس تصویری یا تلفن نیز امکان‌پذیر است.",
		"uk": "Консультація можлива також по відеозв’язку або телефону.",
		"ru": "Консультация возможна также по видеосвязи или по телефону.",
		"tr": "Danışmanlık görüntülü görüşme veya telefonla da yapılabilir.",
	},
	"Dolmetscher:innen können auf Wunsch vermittelt werden.": {
		"en": "We can arrange an interpreter on request.",
		"ar": "يمكننا توفير مترجم فوري عند الطلب.",
		"fa": "در صورت درخواست، می‌توانیم برای شما مترجم شفاهی هماهنگ کنیم.",
		"uk": "За бажанням ми можемо залучити перекладача.",
		"ru": "По желанию мы можем пригласить переводчика.",
		"tr": "İsteğiniz üzerine tercüman ayarlayabiliriz.",
	},
	closedAppointment: {
		"en": "Temporarily closed; please contact one of the counselling offices nearby.",
		"ar": "مغلق مؤقتًا؛ يرجى التوجه إلى مراكز الاستشارة القريبة.",
		"fa": "موقتاً تعطیل است؛ لطفاً به مراکز مشاوره نزدیک مراجعه کنید.",
		"uk": "Тимчасово зачинено; будь ласка, зверніться до консультаційних центрів поблизу.",
		"ru": "Временно закрыто; пожалуйста, обратитесь в ближайшие консультационные центры.",
		"tr": "Geçici olarak kapalı; lütfen yakındaki danışma merkezlerine başvurun.",
	},
	hannoverAppointment: {
		"en": "Call us or send an e-mail and we will arrange an appointment with you. " +
			"Please bring your passport, your residence permit and letters from the authorities.",
		"ar": "اتصلوا بنا أو أرسلوا إلينا بريدًا إلكترونيًا، وسنحدد معكم موعدًا. " +
			"يرجى إحضار جواز السفر وتصريح الإقامة والرسائل الواردة من الدوائر الرسمية.",
		"fa": "با ما تماس بگیرید یا ایمیل بفرستید تا با شما وقت ملاقات هماهنگ کنیم. " +
			"لطفاً گذرنامه، اجازه اقامت و نامه‌های اداری خود را همراه بیاورید.",
		"uk": "Зателефонуйте нам або напишіть електронного листа, і ми домовимося з вами про зустріч. " +
			"Будь ласка, візьміть із собою паспорт, посвідку на проживання та листи від установ.",
	},
}

// planTexts translates the appointment texts of a realistic share of the
// offices: about two in five keep German only; the others have versions
// in the public languages their staff speak (most of them) and sometimes
// English. It draws from its own stream, so the rest of the plan stays
// as it was.
func (pl *planner) planTexts() {
	r := newRandom(pl.o.Seed, streamTexts)
	for i := range pl.p.offices {
		in := &pl.p.offices[i].in
		if in.ExternalID == HannoverOfficeID {
			in.AppointmentInfo = hannoverAppointment
			in.Translations = officeTexts(hannoverAppointment, network.TextLanguages)
			continue
		}
		versions := appointmentTranslations[in.AppointmentInfo]
		if len(versions) == 0 || !r.chance(0.6) {
			continue
		}
		var langs []string
		for _, l := range network.TextLanguages {
			if slices.Contains(in.Languages, l) && r.chance(0.8) || l == "en" && r.chance(0.3) {
				langs = append(langs, l)
			}
		}
		in.Translations = officeTexts(in.AppointmentInfo, langs)
	}
}

// officeTexts returns the versions of german in langs that exist.
func officeTexts(german string, langs []string) map[string]network.OfficeText {
	out := map[string]network.OfficeText{}
	for _, l := range langs {
		if t := appointmentTranslations[german][l]; t != "" {
			out[l] = network.OfficeText{AppointmentInfo: t}
		}
	}
	return out
}
