package public

import (
	"container/list"
	"sync"
	"time"
)

// pageCache keeps recently rendered public pages. Searches repeat a lot (a
// few hundred postcodes cover Lower Saxony), and a results page depends
// only on the canonical query, the language and the registry snapshot (all
// in the key) and on the time, through the opening states it shows: each
// page is kept until the first of those changes (finder.Results.ValidUntil).
// The cache is bounded by entries and bytes, so memory stays flat under any
// mix of queries. Pages for signed-in users or with errors are never stored.
type pageCache struct {
	mu       sync.Mutex
	maxPages int
	maxBytes int
	bytes    int
	ll       *list.List
	m        map[string]*list.Element
}

type cachedPage struct {
	key   string
	body  []byte
	until time.Time // zero: until the key changes
}

func newPageCache(maxPages, maxBytes int) *pageCache {
	return &pageCache{maxPages: maxPages, maxBytes: maxBytes, ll: list.New(), m: map[string]*list.Element{}}
}

// get returns the page stored under key if it is still valid at now.
func (c *pageCache) get(key string, now time.Time) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok {
		return nil, false
	}
	p := e.Value.(*cachedPage)
	if !p.until.IsZero() && !now.Before(p.until) {
		c.remove(e)
		return nil, false
	}
	c.ll.MoveToFront(e)
	return p.body, true
}

// put stores body under key until the instant until (zero: no expiry).
func (c *pageCache) put(key string, body []byte, until time.Time) {
	if len(body) > c.maxBytes {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[key]; ok {
		c.remove(e)
	}
	c.m[key] = c.ll.PushFront(&cachedPage{key: key, body: body, until: until})
	c.bytes += len(body)
	for c.ll.Len() > c.maxPages || c.bytes > c.maxBytes {
		c.remove(c.ll.Back())
	}
}

func (c *pageCache) remove(e *list.Element) {
	p := e.Value.(*cachedPage)
	c.ll.Remove(e)
	delete(c.m, p.key)
	c.bytes -= len(p.body)
}
