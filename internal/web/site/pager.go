package site

import (
	"net/url"
	"strconv"
)

// Pager describes one page of a long list and links to its neighbours.
type Pager struct {
	Page, Pages, Total int
	From, To           int
	Prev, Next         string
}

// NewPager describes page (1-based, size rows each) of total rows on path,
// its links keeping the non-empty values of q.
func NewPager(page, size, total int, path string, q url.Values) Pager {
	pages := (total + size - 1) / size
	if pages < 1 {
		pages = 1
	}
	p := Pager{Page: page, Pages: pages, Total: total, From: (page-1)*size + 1, To: min(page*size, total)}
	if total == 0 {
		p.From = 0
	}
	link := func(n int) string {
		v := url.Values{}
		for k, vals := range q {
			if len(vals) > 0 && vals[0] != "" {
				v.Set(k, vals[0])
			}
		}
		v.Set("page", strconv.Itoa(n))
		return path + "?" + v.Encode()
	}
	if page > 1 {
		p.Prev = link(page - 1)
	}
	if page < pages {
		p.Next = link(page + 1)
	}
	return p
}
