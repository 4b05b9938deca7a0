package demo

// clientNames are invented first and last names by the client's first
// language, so that a generated client's name fits their country of origin
// (a Polish name with Somalia as the country looked wrong to every tester).
var clientNames = map[string]struct{ first, last []string }{
	"ar": {[]string{"Rania", "Omar", "Layla", "Yusuf", "Nour", "Khaled", "Samira", "Tarek", "Huda", "Bilal"},
		[]string{"Haddad", "Al-Hassan", "Khalil", "Nasser", "Saleh", "Mansour", "Darwish", "Haidar", "Youssef", "Aziz"}},
	"uk": {[]string{"Olena", "Iryna", "Oksana", "Andriy", "Taras", "Natalia", "Dmytro", "Svitlana"},
		[]string{"Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Melnyk", "Kravchenko", "Oliynyk", "Lysenko"}},
	"ru": {[]string{"Sergej", "Tatjana", "Alexej", "Irina", "Dmitrij", "Olga", "Nikolaj", "Jelena"},
		[]string{"Iwanow", "Petrowa", "Smirnow", "Kusnezowa", "Popow", "Wassiljewa", "Sokolow", "Morosowa"}},
	"fa": {[]string{"Maryam", "Reza", "Shirin", "Farid", "Parisa", "Ahmad", "Zahra", "Navid"},
		[]string{"Ahmadi", "Karimi", "Hosseini", "Rahimi", "Mohammadi", "Sadeghi", "Rezaei", "Amiri"}},
	"tr": {[]string{"Ayşe", "Mehmet", "Elif", "Emre", "Zeynep", "Murat", "Fatma", "Serkan", "Derya", "Burak"},
		[]string{"Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Arslan", "Doğan", "Koç"}},
	"ti": {[]string{"Amanuel", "Selam", "Yonas", "Helen", "Filmon", "Saba"},
		[]string{"Tesfay", "Haile", "Gebremedhin", "Kidane", "Berhane", "Tekle"}},
	"so": {[]string{"Abdi", "Fatuma", "Hodan", "Ahmed", "Ayaan", "Mahad"},
		[]string{"Warsame", "Farah", "Hassan", "Abdullahi", "Jama", "Osman"}},
	"pl": {[]string{"Agnieszka", "Katarzyna", "Piotr", "Tomasz", "Magdalena", "Paweł"},
		[]string{"Nowak", "Wójcik", "Kaczmarek", "Mazur", "Krawczyk", "Zając"}},
	"ro": {[]string{"Elena", "Ionuț", "Mihaela", "Radu", "Andreea", "Cristian"},
		[]string{"Popescu", "Ionescu", "Munteanu", "Stoica", "Constantin", "Marin"}},
	"bg": {[]string{"Georgi", "Desislava", "Ivan", "Maria", "Nikolay", "Elitsa"},
		[]string{"Ivanov", "Petrova", "Dimitrov", "Georgieva", "Stoyanov", "Nikolova"}},
	"en": {[]string{"Chinedu", "Ngozi", "Emeka", "Adaeze", "Tunde", "Funmilayo"},
		[]string{"Okafor", "Adeyemi", "Okonkwo", "Eze", "Balogun", "Nwosu"}},
	"vi": {[]string{"Linh", "Minh", "Thu", "Hoa", "Tuan", "Lan"},
		[]string{"Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu"}},
}

// clientName draws a name fitting the first language (any group's when
// the language has none).
func clientName(r random, lang string) string {
	names, ok := clientNames[lang]
	if !ok {
		first, last := personName(r)
		return first + " " + last
	}
	return pick(r, names.first) + " " + pick(r, names.last)
}
