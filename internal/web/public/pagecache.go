package public

import (
	"container/list"
	"sync"
)

// pageCache keeps recently rendered public pages. Searches repeat a lot (a
// few hundred postcodes cover Lower Saxony), and a results page depends only
// on its URL, the registry snapshot and the minute (opening status), which
// are all part of the key. Pages for signed-in users or with errors are
// never stored.
type pageCache struct {
	mu  sync.Mutex
	max int
	ll  *list.List
	m   map[string]*list.Element
}

type cachedPage struct {
	key  string
	body []byte
}

func newPageCache(max int) *pageCache {
	return &pageCache{max: max, ll: list.New(), m: map[string]*list.Element{}}
}

func (c *pageCache) get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[key]; ok {
		c.ll.MoveToFront(e)
		return e.Value.(*cachedPage).body, true
	}
	return nil, false
}

func (c *pageCache) put(key string, body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[key]; ok {
		c.ll.MoveToFront(e)
		e.Value.(*cachedPage).body = body
		return
	}
	c.m[key] = c.ll.PushFront(&cachedPage{key: key, body: body})
	for c.ll.Len() > c.max {
		last := c.ll.Back()
		c.ll.Remove(last)
		delete(c.m, last.Value.(*cachedPage).key)
	}
}
