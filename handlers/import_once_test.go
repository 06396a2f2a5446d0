package handlers

import (
	"testing"

	"samla/models"
)

// One import at a time per user: a second is refused with a conflict that
// says why, another user is not held up, and the slot is free again after.
func TestOneImportPerUser(t *testing.T) {
	s := &Server{}
	release, err := s.startImport(7)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.startImport(7); models.ErrorCode(err) != models.ECONFLICT || err.Error() == "" {
		t.Fatalf("second import of the same user: %v", err)
	}
	other, err := s.startImport(8)
	if err != nil {
		t.Fatalf("another user: %v", err)
	}
	other()
	if _, err := (&Server{}).startImport(7); err != nil {
		t.Fatalf("the same user on another server: %v", err)
	}
	release()
	again, err := s.startImport(7)
	if err != nil {
		t.Fatalf("after the first finished: %v", err)
	}
	again()
}
