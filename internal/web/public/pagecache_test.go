package public

import (
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)

func TestPageCacheEvictsLeastRecentlyUsed(t *testing.T) {
	c := newPageCache(2, 1<<20)
	c.put("a", []byte("A"), time.Time{})
	c.put("b", []byte("B"), time.Time{})
	if _, ok := c.get("a", t0); !ok { // a is now the most recent
		t.Fatal("a missing")
	}
	c.put("c", []byte("C"), time.Time{})
	if _, ok := c.get("b", t0); ok {
		t.Error("b should have been evicted")
	}
	for _, k := range []string{"a", "c"} {
		if _, ok := c.get(k, t0); !ok {
			t.Errorf("%s missing", k)
		}
	}
}

func TestPageCacheKeepsPagesUntilTheyExpire(t *testing.T) {
	c := newPageCache(10, 1<<20)
	c.put("p", []byte("P"), t0.Add(time.Hour))
	if _, ok := c.get("p", t0.Add(59*time.Minute)); !ok {
		t.Fatal("valid page missing")
	}
	if _, ok := c.get("p", t0.Add(time.Hour)); ok {
		t.Fatal("expired page served")
	}
	if c.bytes != 0 || len(c.m) != 0 {
		t.Fatalf("expired page still counted: %d bytes, %d entries", c.bytes, len(c.m))
	}
}

func TestPageCacheStaysWithinItsBytes(t *testing.T) {
	c := newPageCache(100, 10)
	c.put("big", []byte(strings.Repeat("x", 11)), time.Time{})
	if _, ok := c.get("big", t0); ok {
		t.Fatal("page larger than the cache stored")
	}
	for _, k := range []string{"a", "b", "c"} {
		c.put(k, []byte("1234"), time.Time{})
	}
	if c.bytes > 10 || len(c.m) != 2 {
		t.Fatalf("%d bytes in %d pages, want ≤ 10 in 2", c.bytes, len(c.m))
	}
	c.put("c", []byte("12"), time.Time{}) // replacing counts the new size only
	if c.bytes != 6 {
		t.Fatalf("%d bytes after replacing, want 6", c.bytes)
	}
}
