package casework

// minCodeSearch is the shortest part of a code the staff search looks
// for: one symbol would match most of a caseload.
const minCodeSearch = 2

// codeSymbols is the number of symbols of a code without its "KMN"
// prefix and hyphens ("KMN-7F3Q-9XKD": 8).
const codeSymbols = 8

// CodeSearch says what a text typed into the staff search box is as a
// pseudonym code: part reports whether it can be part of a code at all
// (after NormalizeCode at least two symbols, all from the code alphabet),
// whole whether it is as long as a whole code. The staff search asks the
// caseload only for such text, so other words (a name, a town) are never
// looked for among client files and leave no "case.list" entry.
func CodeSearch(text string) (part, whole bool) {
	code := NormalizeCode(text)
	part = len(code) >= minCodeSearch && onlyCodeSymbols(code) == code
	return part, part && len(code) == codeSymbols
}

// SameCode reports whether two texts name the same code (case, spaces,
// hyphens and the prefix ignored).
func SameCode(a, b string) bool {
	na := NormalizeCode(a)
	return na != "" && na == NormalizeCode(b)
}
