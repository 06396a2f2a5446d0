package keep

import (
	"testing"
	"time"
)

// A kept value is good for its generation and time to live only, and the
// cache stays within its bounds, dropping the one used longest ago.
func TestCache(t *testing.T) {
	c := New[string](time.Hour, 100, 2)
	c.Put("a", 1, "A", 10)
	if v, ok := c.Get("a", 1); !ok || v != "A" {
		t.Fatalf("a: %q %v", v, ok)
	}
	if _, ok := c.Get("a", 2); ok {
		t.Fatal("a value of an older generation was served")
	}
	c.Put("a", 2, "A", 10)
	c.Put("b", 2, "B", 10)
	c.Get("a", 2) // a is used last: b goes first
	c.Put("c", 2, "C", 10)
	if _, ok := c.Get("b", 2); ok {
		t.Error("more entries than the bound")
	}
	if _, ok := c.Get("a", 2); !ok {
		t.Error("the value used last was dropped")
	}
	c.Put("big", 2, "X", 13) // over an eighth of 100 bytes
	if _, ok := c.Get("big", 2); ok {
		t.Error("a value over an eighth of the cache was kept")
	}
	old := New[string](time.Nanosecond, 100, 2)
	old.Put("a", 1, "A", 1)
	time.Sleep(time.Millisecond)
	if _, ok := old.Get("a", 1); ok {
		t.Error("a value past its time to live was served")
	}
}
