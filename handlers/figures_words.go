package handlers

// savedWord is the flash after a save: what happened ("Anskaffelsen er
// opprettet") when something was created, else "the changes are saved".
func savedWord(created bool, kind string) string {
	if created {
		return kind + "_created"
	}
	return "1"
}
