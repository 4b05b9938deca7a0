package pdfdoc

import "golang.org/x/text/unicode/bidi"

// fpdf writes every line left to right. Visual puts one line of text into
// display order with the Unicode Bidirectional Algorithm (UAX #9) for a
// single line without explicit embeddings: rules W1–W7, N1–N2, I1–I2,
// L1–L2 and mirroring of paired brackets (L4). Combining marks are dropped
// before (fonts.go), so rule L3 is not needed.
// Character classes come from golang.org/x/text/unicode/bidi, whose own
// Ordering gives runs in logical order only, without their levels.

// IsRTL reports whether the first strong character of s is right to left
// (rule P2); text without strong characters counts as left to right.
func IsRTL(s string) bool {
	for _, c := range s {
		switch classOf(c) {
		case bidi.L:
			return false
		case bidi.R, bidi.AL:
			return true
		}
	}
	return false
}

// Visual returns one line of s in display order, left to right, for a
// paragraph of base direction rtl (or left to right).
func Visual(s string, rtl bool) string {
	rs := []rune(s)
	if len(rs) == 0 {
		return s
	}
	lv := levels(rs, rtl)
	reorder(rs, lv)
	return string(rs)
}

// classOf is the bidi class of c; explicit embeddings, isolates and
// boundary neutrals are treated as other neutrals.
func classOf(c rune) bidi.Class {
	p, _ := bidi.LookupRune(c)
	switch cl := p.Class(); cl {
	case bidi.L, bidi.R, bidi.AL, bidi.EN, bidi.ES, bidi.ET, bidi.AN, bidi.CS, bidi.NSM, bidi.B, bidi.S, bidi.WS:
		return cl
	}
	return bidi.ON
}

// levels resolves the embedding level of each rune.
func levels(rs []rune, rtl bool) []uint8 {
	base, sos := uint8(0), bidi.L
	if rtl {
		base, sos = 1, bidi.R
	}
	orig := make([]bidi.Class, len(rs))
	for i, c := range rs {
		orig[i] = classOf(c)
	}
	t := append([]bidi.Class(nil), orig...)
	resolveWeak(t, sos)
	resolveNeutral(t, sos)
	lv := make([]uint8, len(t))
	for i, c := range t {
		lv[i] = implicitLevel(base, c)
	}
	// L1: trailing whitespace and segment separators go back to the base.
	for i := len(orig) - 1; i >= 0 && (orig[i] == bidi.WS || orig[i] == bidi.S); i-- {
		lv[i] = base
	}
	for i, c := range orig {
		if c == bidi.S {
			lv[i] = base
			for j := i - 1; j >= 0 && orig[j] == bidi.WS; j-- {
				lv[j] = base
			}
		}
	}
	return lv
}

// resolveWeak applies rules W1–W7.
func resolveWeak(t []bidi.Class, sos bidi.Class) {
	n := len(t)
	for i := range t { // W1
		if t[i] == bidi.NSM {
			t[i] = sos
			if i > 0 {
				t[i] = t[i-1]
			}
		}
	}
	last := sos
	for i, c := range t { // W2, W3
		switch c {
		case bidi.L, bidi.R:
			last = c
		case bidi.AL:
			last, t[i] = bidi.AL, bidi.R
		case bidi.EN:
			if last == bidi.AL {
				t[i] = bidi.AN
			}
		}
	}
	for i := 1; i+1 < n; i++ { // W4
		if t[i-1] == t[i+1] && (t[i] == bidi.CS && (t[i-1] == bidi.EN || t[i-1] == bidi.AN) ||
			t[i] == bidi.ES && t[i-1] == bidi.EN) {
			t[i] = t[i-1]
		}
	}
	for i := 0; i < n; i++ { // W5
		if t[i] != bidi.ET {
			continue
		}
		j := i
		for j < n && t[j] == bidi.ET {
			j++
		}
		if (i > 0 && t[i-1] == bidi.EN) || (j < n && t[j] == bidi.EN) {
			fill(t[i:j], bidi.EN)
		}
		i = j - 1
	}
	last = sos
	for i, c := range t { // W6, W7
		switch c {
		case bidi.ES, bidi.ET, bidi.CS:
			t[i] = bidi.ON
		case bidi.L, bidi.R:
			last = c
		case bidi.EN:
			if last == bidi.L {
				t[i] = bidi.L
			}
		}
	}
}

// resolveNeutral applies rules N1 and N2: a run of neutrals takes the
// direction of the text on both sides when they agree (numbers count as
// right to left), else the base direction.
func resolveNeutral(t []bidi.Class, sos bidi.Class) {
	n := len(t)
	for i := 0; i < n; i++ {
		if !isNeutral(t[i]) {
			continue
		}
		j := i
		for j < n && isNeutral(t[j]) {
			j++
		}
		before, after := sos, sos
		if i > 0 {
			before = strongDir(t[i-1])
		}
		if j < n {
			after = strongDir(t[j])
		}
		dir := sos
		if before == after {
			dir = before
		}
		fill(t[i:j], dir)
		i = j - 1
	}
}

func isNeutral(c bidi.Class) bool {
	return c == bidi.ON || c == bidi.WS || c == bidi.S || c == bidi.B
}

// strongDir is the direction a resolved class counts as for N1.
func strongDir(c bidi.Class) bidi.Class {
	if c == bidi.L {
		return bidi.L
	}
	return bidi.R
}

// implicitLevel applies rules I1 and I2.
func implicitLevel(base uint8, c bidi.Class) uint8 {
	if base%2 == 0 {
		switch c {
		case bidi.R:
			return base + 1
		case bidi.AN, bidi.EN:
			return base + 2
		}
		return base
	}
	if c == bidi.L || c == bidi.EN || c == bidi.AN {
		return base + 1
	}
	return base
}

func fill(t []bidi.Class, c bidi.Class) {
	for i := range t {
		t[i] = c
	}
}

// reorder applies rule L2 (reverse every run at or above each level, from
// the highest down to the lowest odd one), then mirrors brackets in
// right-to-left runs.
func reorder(rs []rune, lv []uint8) {
	var hi, lowOdd uint8 = 0, 255
	for _, l := range lv {
		hi = max(hi, l)
		if l%2 == 1 {
			lowOdd = min(lowOdd, l)
		}
	}
	for l := hi; l >= lowOdd && l > 0; l-- {
		for i := 0; i < len(rs); i++ {
			if lv[i] < l {
				continue
			}
			j := i
			for j < len(rs) && lv[j] >= l {
				j++
			}
			reverse(rs[i:j], lv[i:j])
			i = j
		}
	}
	for i, c := range rs {
		if m, ok := mirrors[c]; ok && lv[i]%2 == 1 {
			rs[i] = m
		}
	}
}

func reverse(rs []rune, lv []uint8) {
	for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
		rs[i], rs[j] = rs[j], rs[i]
		lv[i], lv[j] = lv[j], lv[i]
	}
}

// mirrors are the paired characters drawn mirrored in right-to-left text.
var mirrors = map[rune]rune{'(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<',
	'«': '»', '»': '«', '‹': '›', '›': '‹'}
